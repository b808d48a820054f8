import * as vscode from 'vscode';

/** The text the meter is about: the focused text editor's document and its selections. */
export interface ActiveText {
  readonly document: vscode.TextDocument;
  readonly selections: readonly vscode.Selection[];
  /** Base name, "Untitled-1", or "notebook.ipynb, cell 3". */
  readonly label: string;
  readonly isNotebookCell: boolean;
}

/** Editors that are not the user's text (output, debug console …) never count. */
const IGNORED_SCHEMES = new Set(['output', 'debug', 'vscode-scm', 'comment', 'walkThroughSnippet']);

function baseName(uri: vscode.Uri): string {
  const parts = uri.path.split('/');
  return parts[parts.length - 1] || uri.toString();
}

/** Reads the active text editor (in a notebook, the focused cell), or `undefined`. */
export function activeText(editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor): ActiveText | undefined {
  if (!editor || IGNORED_SCHEMES.has(editor.document.uri.scheme)) return undefined;
  const document = editor.document;
  if (document.uri.scheme === 'vscode-notebook-cell') {
    const notebook = vscode.workspace.notebookDocuments.find((candidate) =>
      candidate.getCells().some((cell) => cell.document === document),
    );
    const index = notebook?.getCells().findIndex((cell) => cell.document === document) ?? -1;
    const name = notebook ? baseName(notebook.uri) : baseName(document.uri);
    return {
      document,
      selections: editor.selections,
      label: index >= 0 ? vscode.l10n.t('{0}, cell {1}', name, index + 1) : name,
      isNotebookCell: true,
    };
  }
  return { document, selections: editor.selections, label: baseName(document.uri), isNotebookCell: false };
}

/**
 * A notebook editor's selected cell, for when the notebook is the active editor but no cell has
 * the keyboard (just switched to, or a cell's output clicked): no selection, the cell whole.
 */
export function notebookSelectedCell(editor: vscode.NotebookEditor): ActiveText | undefined {
  const notebook = editor.notebook;
  // The selection can be missing while the notebook's view is still being made (seen in the
  // workbench right after its tab was clicked): then there is no cell to show yet.
  const selections: readonly vscode.NotebookRange[] | undefined = editor.selections;
  const index = selections?.[0]?.start ?? -1;
  if (index < 0 || index >= notebook.cellCount) return undefined;
  return {
    document: notebook.cellAt(index).document,
    selections: [],
    label: vscode.l10n.t('{0}, cell {1}', baseName(notebook.uri), index + 1),
    isNotebookCell: true,
  };
}

/** Characters in a document, without building its text (a large file is never copied to measure it). */
export function documentLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}
