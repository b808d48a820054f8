import * as vscode from 'vscode';
import { budgetsFor } from '../../core/budgets/rules';
import { JobCancelledError } from '../../core/counting/types';
import { KeyedDebounce } from '../keyedDebounce';
import type { ModelInfo } from '../../core/pricing/types';
import type { LiveCounts } from '../liveCounts';
import { selectedModel, type SettingsService } from '../settings/service';
import type { Translate } from '../ui/l10n';
import { budgetDiagnostic, budgetStatusLines, type BudgetCheck } from './view';

/** Edits are checked after a pause in typing. */
const TYPING_DELAY_MS = 400;
/** Front matter is looked for in the first lines only: a document's start is all `tokenBudget:` can be in. */
const FRONT_MATTER_LINES = 200;

/** The budgets of one document as last checked. */
interface Checked {
  readonly version: number;
  readonly checks: readonly BudgetCheck[];
}

/**
 * Holds open documents to their token budgets (`tokenCost.budgets` by glob, `tokenBudget:` in the
 * front matter): counts each on the budget's model, puts a warning in the Problems panel for each
 * budget exceeded, and tells the status bar (warning colour, tooltip lines) through `notesFor`.
 */
export class BudgetController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** A document's budget state changed. */
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('tokenCost.budgets');
  private readonly disposables: vscode.Disposable[] = [this.changed, this.diagnostics];
  private readonly checked = new Map<string, Checked>();
  private readonly checksWaiting = new KeyedDebounce();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly settings: SettingsService,
    private readonly live: LiveCounts,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      live.onDidEdit((event) => this.schedule(event.document, TYPING_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)),
      settings.onDidChange(() => this.checkAll()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.checkAll()),
    );
    this.checkAll();
  }

  /** The budgets of a document as last checked (the status bar shows them for the active one). */
  checksFor(document: vscode.TextDocument): readonly BudgetCheck[] {
    return this.checked.get(document.uri.toString())?.checks ?? [];
  }

  /** Tooltip lines and whether the document is over a budget, for the status bar. */
  notesFor(document: vscode.TextDocument): { readonly lines: readonly string[]; readonly overBudget: boolean } {
    const checks = this.checksFor(document);
    return { lines: budgetStatusLines(checks, this.t), overBudget: checks.some((check) => check.kind === 'counted' && check.tokens > check.budget.tokens) };
  }

  /** Resolves when pending checks are done (tests). */
  async whenIdle(): Promise<void> {
    while (this.checksWaiting.waiting > 0 || this.running.size > 0) {
      await Promise.all([...this.running]);
      if (this.checksWaiting.waiting > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  dispose(): void {
    this.checksWaiting.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private checkAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.uri.scheme === 'output' || document.uri.scheme === 'vscode-notebook-cell') return;
    const uri = document.uri.toString();
    this.checksWaiting.schedule(uri, delay, () => {
      const run = this.check(document)
        .catch((error: unknown) => this.log.error(`Checking the token budgets of ${uri} failed`, error))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    });
  }

  /** The document's path relative to its workspace folder (what globs match), or `undefined` outside one. */
  private relativePath(document: vscode.TextDocument): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return undefined;
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
    return document.uri.path.startsWith(base) ? document.uri.path.slice(base.length) : undefined;
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const settings = this.settings.get();
    const version = document.version;
    const head = document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, FRONT_MATTER_LINES), 0));
    const { budgets, invalidFrontMatter } = await budgetsFor(this.relativePath(document), head, settings.config.budgets);
    const checks: BudgetCheck[] = [];
    if (invalidFrontMatter !== undefined) checks.push({ kind: 'invalidFrontMatter', line: invalidFrontMatter });
    const counts = new Map<string, number | undefined>();
    for (const budget of budgets) {
      const model: ModelInfo | undefined = budget.model ? settings.catalog.find(budget.model) : selectedModel(settings);
      if (!model) {
        checks.push({ kind: 'unknownModel', budget, model: budget.model ?? settings.config.model });
        continue;
      }
      if (!counts.has(model.tokenizer)) counts.set(model.tokenizer, await this.count(document, model));
      if (document.version !== version) return; // a newer edit is scheduled
      const tokens = counts.get(model.tokenizer);
      if (tokens !== undefined) checks.push({ kind: 'counted', budget, model, tokens });
    }
    this.publish(document, version, checks);
  }

  private async count(document: vscode.TextDocument, model: ModelInfo): Promise<number | undefined> {
    try {
      const count = await this.live.counter.count(document, [], model.tokenizer);
      return count.kind === 'counted' ? count.file?.tokens : undefined;
    } catch (error) {
      if (!(error instanceof JobCancelledError)) this.log.error(`Counting ${document.uri.toString()} for its token budget failed`, error);
      return undefined;
    }
  }

  /** The budget warnings shown for a document (test API). */
  diagnosticsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.diagnostics.get(uri) ?? [];
  }

  private publish(document: vscode.TextDocument, version: number, checks: readonly BudgetCheck[]): void {
    const uri = document.uri.toString();
    const before = this.checked.get(uri);
    this.checked.set(uri, { version, checks });
    const diagnostics = checks.flatMap((check) => {
      const found = budgetDiagnostic(check, this.t);
      if (!found) return [];
      const line = Math.min(found.line, document.lineCount - 1);
      const diagnostic = new vscode.Diagnostic(document.lineAt(line).range, found.message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'Token Cost';
      diagnostic.code = found.code;
      return [diagnostic];
    });
    this.diagnostics.set(document.uri, diagnostics);
    if (before === undefined ? checks.length > 0 : JSON.stringify(before.checks) !== JSON.stringify(checks)) this.changed.fire();
  }

  private clear(uri: vscode.Uri): void {
    this.checked.delete(uri.toString());
    this.diagnostics.delete(uri);
  }
}
