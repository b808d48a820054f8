import * as vscode from 'vscode';
import type { DocumentCounter } from '../core/counting/documentCounter';

/**
 * The one listener of document changes: each change event goes to the counter first, then to the
 * surfaces (status bar, comparison panel) through `onDidEdit`, so a surface that recounts on an
 * edit always finds the counter already holding it. Closed documents are forgotten.
 */
export class LiveCounts implements vscode.Disposable {
  private readonly edited = new vscode.EventEmitter<vscode.TextDocumentChangeEvent>();
  /** A document changed and the counter has the change. */
  readonly onDidEdit = this.edited.event;
  private readonly disposables: vscode.Disposable[];

  constructor(readonly counter: DocumentCounter) {
    this.disposables = [
      this.edited,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        counter.applyChanges(event.document.uri.toString(), event.document.version, event.contentChanges);
        this.edited.fire(event);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => counter.forget(document.uri.toString())),
    ];
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.counter.dispose();
  }
}
