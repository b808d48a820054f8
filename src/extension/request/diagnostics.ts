import * as vscode from 'vscode';
import type { Translate } from '../ui/l10n';
import type { RequestController } from './controller';
import { diagnosticMessage } from './view';

/** Edits are batched: the diagnostic follows typing after this pause (the parse is shared with the status bar). */
const EDIT_DELAY_MS = 250;

/** Documents whose diagnostics would mislead: views of other versions (git, compare) and tool output. */
const SKIPPED_SCHEMES = new Set(['git', 'output', 'debug', 'vscode-scm', 'comment', 'walkThroughSnippet', 'vscode-notebook-cell']);

/** The text documents shown in editor tabs, by URI. */
function tabbedUris(): Set<string> {
  const uris = new Set<string>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText) uris.add(tab.input.uri.toString());
  }
  return uris;
}

/**
 * One Problems-panel entry per broken prompt file open in an editor tab: the YAML or JSON error,
 * or the image that cannot be read, at its place. Updated as the file is edited, removed when it
 * parses again or its last tab closes (VS Code may keep a closed editor's document, and report its
 * closing, much later).
 */
export class RequestDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('tokenCost');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly requests: RequestController,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
  ) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length) this.schedule(event.document, EDIT_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        const shown = tabbedUris();
        for (const tab of event.closed) {
          if (tab.input instanceof vscode.TabInputText && !shown.has(tab.input.uri.toString())) this.clear(tab.input.uri);
        }
        // A file opened again may be the same document (no open event): check it again.
        for (const tab of event.opened) {
          if (!(tab.input instanceof vscode.TabInputText)) continue;
          const uri = tab.input.uri.toString();
          const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
          if (document) this.schedule(document, 0);
        }
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private clear(uri: vscode.Uri): void {
    this.cancel(uri);
    this.collection.delete(uri);
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (SKIPPED_SCHEMES.has(document.uri.scheme)) return;
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(document);
      }, delay),
    );
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    const version = document.version;
    try {
      const state = await this.requests.stateOf(document);
      // A newer edit scheduled its own update.
      if (document.version !== version) return;
      // Closed meanwhile (or never shown, e.g. opened by another extension): no diagnostic.
      if (state.kind !== 'raw' || document.isClosed || !tabbedUris().has(document.uri.toString())) {
        this.collection.delete(document.uri);
        return;
      }
      const { line, character } = state.problem.position;
      const start = document.validatePosition(new vscode.Position(line, character));
      const end = document.lineAt(start.line).range.end;
      // The rest of the line from the problem, or one character where the line ends there.
      const range = end.isAfter(start) ? new vscode.Range(start, end) : new vscode.Range(start, start.translate(0, 1));
      const diagnostic = new vscode.Diagnostic(document.validateRange(range), diagnosticMessage(state.format, state.problem, this.t), vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'Token Cost';
      this.collection.set(document.uri, [diagnostic]);
    } catch (error) {
      this.log.error(`Prompt-file diagnostics for ${document.uri.toString(true)} failed`, error);
    }
  }
}
