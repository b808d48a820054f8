import type { CallProfile } from '../../core/pricing/profile';
import * as vscode from 'vscode';
import { SerialUpdates } from '../serialUpdates';
import type { ModelInfo } from '../../core/pricing/types';
import { combinedBand } from '../../core/tokenizers/band';
import type { ErrorBand, TokenizerId } from '../../core/tokenizers/types';
import { parsePersistedState, parseWebviewMessage, type ComparisonState, type HostMessage } from '../../shared/protocol';
import { DEFAULT_SORT, sortRows } from '../../shared/sorting';
import { toCsv, toMarkdownTable } from '../../core/report/table';
import { JobCancelledError } from '../../core/counting/types';
import { activeText, type ActiveText } from '../ui/activeText';
import { COMPARISON_VIEW_TYPE } from '../commandIds';
import { buildRows, comparisonModels, comparisonTable, priceNote, webviewStrings } from './view';
import type { DocumentCounter } from '../../core/counting/documentCounter';
import type { LiveCounts } from '../liveCounts';
import type { ExactCounts } from '../exactCount/controller';
import type { Translate } from '../ui/l10n';
import type { SettingsService } from '../settings/service';
import { createNonce, webviewHtml } from './html';
import type { RequestController, RequestFigures } from '../request/controller';
import { requestSummary } from '../request/view';

/** The panel follows typing and selection at most this often. */
const FOLLOW_THROTTLE_MS = 300;

/** Counts of one text for several tokenizers, or why there are none. */
export type TextCounts =
  | {
      readonly status: 'counted';
      readonly counts: ReadonlyMap<TokenizerId, number>;
      /** Each estimating tokenizer's error band for this very text, made with its count. */
      readonly bands: ReadonlyMap<TokenizerId, ErrorBand>;
      /** The one compared text (the file or its one selection) that an API count may be cached for. */
      readonly single?: () => string;
      readonly label: string;
      /** Tokenizers that threw; their models are left out. */
      readonly failed: readonly TokenizerId[];
    }
  | { readonly status: 'empty' | 'binary' | 'tooLarge' | 'noEditor' | 'failed'; readonly label: string };

/** Counts the active text (selections when there are any, else the file) once per distinct tokenizer. */
export async function countText(
  counter: DocumentCounter,
  text: ActiveText | undefined,
  models: readonly ModelInfo[],
  t: Translate,
  onError: (tokenizer: TokenizerId, error: unknown) => void,
): Promise<TextCounts> {
  if (!text) return { status: 'noEditor', label: '' };
  const ranges = text.selections.filter((selection) => !selection.isEmpty);
  const label = ranges.length
    ? ranges.length === 1
      ? t('{0} — selection', text.label)
      : t('{0} — {1} selections', text.label, ranges.length)
    : text.label;
  const counts = new Map<TokenizerId, number>();
  const bands = new Map<TokenizerId, ErrorBand>();
  const failed: TokenizerId[] = [];
  for (const tokenizer of new Set(models.map((model) => model.tokenizer))) {
    let count;
    try {
      count = await counter.count(text.document, ranges, tokenizer);
    } catch (error) {
      // Overtaken by a newer edit: the recount that edit scheduled shows the newer text.
      if (error instanceof JobCancelledError) throw error;
      // One broken tokenizer (a missing table, say) must not blank the whole comparison.
      onError(tokenizer, error);
      failed.push(tokenizer);
      continue;
    }
    if (count.kind !== 'counted') return { status: count.kind, label };
    const parts = ranges.length ? count.ranges : count.file ? [count.file] : undefined;
    if (!parts) return { status: 'tooLarge', label };
    counts.set(tokenizer, parts.reduce((sum, part) => sum + part.tokens, 0));
    const band = combinedBand(parts);
    if (band) bands.set(tokenizer, band);
  }
  if (!counts.size) return { status: 'failed', label };
  const document = text.document;
  const single = ranges.length <= 1 ? (): string => (ranges.length ? document.getText(ranges[0]) : document.getText()) : undefined;
  return { status: 'counted', counts, bands, single, label, failed };
}

/**
 * Hosts the single comparison panel: creates or reveals it, restores it through the serializer,
 * follows the active editor (throttled), re-prices on control changes with the last counts, and
 * answers copy / save-as-default requests.
 */
export class ComparisonPanelHost implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private controls: CallProfile | undefined;
  private ready = false;
  private lastText: ActiveText | undefined;
  private lastCounts: TextCounts | undefined;
  /** The shown text as a prompt file on the compared models, when it is one. */
  private lastRequest: RequestFigures | undefined;
  private state: ComparisonState | undefined;
  private lastRun = 0;
  private readonly updates = new SerialUpdates(
    () => {
      this.lastRun = Date.now();
      return () => this.recount();
    },
    (error) => this.log.error('Comparison update failed', error),
  );

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly settings: SettingsService,
    private readonly live: LiveCounts,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
    /** The vendor's API counts ("Count exactly…"), shown in place of ours for the text they were made for. */
    private readonly exact?: ExactCounts,
    /** The "Count now" command's work for one text (the panel holds focus, so no active editor). */
    private readonly countNow?: (text: ActiveText) => Promise<void>,
    /** Prompt files priced as the requests they send; without it every file is priced as text. */
    private readonly requests?: RequestController,
    /** What a cut saved since the last save or HEAD, as one line under the source. */
    private readonly deltaLine?: { line(document: vscode.TextDocument): string | undefined; onDidChangePanelLine(listener: () => void): vscode.Disposable },
  ) {
    if (exact) this.disposables.push(exact.onDidChange(() => this.post()));
    if (deltaLine) this.disposables.push(deltaLine.onDidChangePanelLine(() => this.post()));
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focusing the panel itself clears the active editor; keep showing the last text then.
        if (editor && activeText(editor)) this.follow(true);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.follow(false);
      }),
      live.onDidEdit((event) => {
        if (event.document === this.lastText?.document) this.follow(false);
      }),
      settings.onDidChange(() => {
        this.follow(true);
      }),
    );
  }

  /** The state last sent to the webview (test API). */
  currentState(): ComparisonState | undefined {
    return this.state;
  }

  /** Whether the panel exists (test API). */
  isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Resolves once pending recounts have been posted. */
  whenIdle(): Promise<void> {
    return this.updates.whenIdle();
  }

  /** The text the panel shows (it may hold focus, leaving no active editor). */
  shownText(): ActiveText | undefined {
    return this.panel && this.lastText && !this.lastText.document.isClosed ? this.lastText : undefined;
  }

  /** Counts the shown text again (after a failure). */
  refresh(): void {
    this.follow(true);
  }

  /** Opens the panel beside the editor, or reveals the existing one. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      this.follow(true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      COMPARISON_VIEW_TYPE,
      this.t('Token Cost: Compare Models'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.webviewOptions(),
    );
    this.attach(panel, undefined);
  }

  /** WebviewPanelSerializer: restores the panel after a reload with the webview's saved controls. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (this.panel) {
      // Only one comparison panel: a second restored one is closed.
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel, state);
  }

  dispose(): void {
    this.updates.cancel();
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Restore from state (serializer + setState) rather than keeping a hidden webview alive.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, persisted: unknown): void {
    this.panel = panel;
    this.ready = false;
    this.controls = parsePersistedState(persisted).controls;
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'compare-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'compare-dark.svg'),
    };
    const webview = panel.webview;
    const nonce = createNonce();
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'comparison.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'comparison.css')).toString(),
      language: vscode.env.language,
      title: this.t('Model comparison'),
    });
    this.panelDisposables.push(
      webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => {
        for (const disposable of this.panelDisposables) disposable.dispose();
        this.panelDisposables = [];
        this.panel = undefined;
        this.state = undefined;
        this.ready = false;
      }),
    );
    this.lastText = activeText() ?? this.lastVisibleText();
    this.follow(true);
  }

  /** With the panel focused there is no active editor; fall back to a visible one. */
  private lastVisibleText(): ActiveText | undefined {
    for (const editor of vscode.window.visibleTextEditors) {
      const text = activeText(editor);
      if (text) return text;
    }
    return undefined;
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn('Ignored a malformed message from the comparison panel.');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.follow(true);
        break;
      case 'controls':
        this.controls = message.controls;
        // Re-price with the counts we have: no recount, so the answer is immediate.
        this.post();
        break;
      case 'saveDefaults':
        this.controls = message.controls;
        void this.settings.saveProfile(message.controls).then(
          () => vscode.window.showInformationMessage(this.t('Token Cost: saved the comparison settings as your defaults.')),
          (error: unknown) => {
            this.log.error('Saving defaults failed', error);
            void vscode.window.showErrorMessage(this.t('Token Cost: could not save the settings: {0}', String(error)));
          },
        );
        break;
      case 'copy':
        void this.copy(message.format);
        break;
      case 'countNow': {
        const text = this.lastText;
        if (!text || text.document.isClosed || !this.countNow) break;
        void this.countNow(text).then(
          () => this.follow(true),
          (error: unknown) => this.log.error('Count now failed', error),
        );
        break;
      }
    }
  }

  private async copy(format: 'markdown' | 'csv'): Promise<void> {
    const state = this.state;
    if (!state || state.status !== 'counted') return;
    const table = comparisonTable(sortRows(state.rows, DEFAULT_SORT, true), state.strings);
    await vscode.env.clipboard.writeText(format === 'markdown' ? toMarkdownTable(table) : toCsv(table));
    void vscode.window.showInformationMessage(
      format === 'markdown' ? this.t('Token Cost: copied the comparison as a Markdown table.') : this.t('Token Cost: copied the comparison as CSV.'),
    );
  }

  /** Schedules a recount: immediately for editor switches, throttled while typing or selecting. */
  private follow(immediate: boolean): void {
    if (!this.panel) return;
    const text = activeText();
    if (text) this.lastText = text;
    this.updates.throttle(immediate ? 0 : Math.max(0, FOLLOW_THROTTLE_MS - (Date.now() - this.lastRun)));
  }

  private async recount(): Promise<void> {
    if (!this.panel) return;
    const { config, catalog } = this.settings.get();
    const text = this.lastText && !this.lastText.document.isClosed ? this.refreshed(this.lastText) : undefined;
    const models = comparisonModels(config, catalog);
    try {
      const counts = await countText(this.live.counter, text, models, this.t, (tokenizer, error) => this.log.error(`Counting with ${tokenizer} failed`, error));
      // Both or neither: a request shown beside an older text's counts would be stale.
      this.lastRequest = counts.status === 'counted' && text && this.requests ? await this.requests.figuresFor(text, models) : undefined;
      this.lastCounts = counts;
    } catch (error) {
      // A newer edit overtook this count and scheduled its own recount; keep showing the last state.
      if (error instanceof JobCancelledError) return;
      throw error;
    }
    this.post();
  }

  /** The latest selections of the document's visible editor (the panel may hold focus). */
  private refreshed(text: ActiveText): ActiveText {
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === text.document);
    return editor ? (activeText(editor) ?? text) : text;
  }

  /** API counts cached for exactly this text, by model id. */
  private apiCounts(single: (() => string) | undefined, models: readonly ModelInfo[]): Map<string, number> {
    const found = new Map<string, number>();
    if (!this.exact || !single) return found;
    let text: string | undefined;
    for (const model of models) {
      const result = this.exact.lookup(model, () => (text ??= single()));
      if (result) found.set(model.id, result.tokens);
    }
    return found;
  }

  private post(): void {
    if (!this.panel || !this.lastCounts) return;
    const { config, catalog } = this.settings.get();
    const controls = this.controls ?? config.profile;
    const counts = this.lastCounts;
    const strings = webviewStrings(this.t, controls.callsPerDay);
    const request = this.lastRequest;
    const requests = request?.state.kind === 'request' ? request.counts : undefined;
    if (requests) strings.estimateNote = this.t('≈ marks an estimated count: the tokenizer is an estimate, or a part of the request follows no published rule (see the row’s details).');
    const messages: Record<Exclude<TextCounts['status'], 'counted'>, string> = {
      noEditor: strings.nothing,
      empty: strings.nothing,
      binary: this.t('{0} looks like a binary file; nothing to count.', counts.label),
      failed: this.t('Counting failed; see the log (Token Cost: Show Log).'),
      tooLarge: this.t('{0} is longer than {1} characters (setting {2}); select a part of it to compare, or count it all now.', counts.label, config.maxCharacters, 'tokenCost.maxCharacters'),
    };
    const models = comparisonModels(config, catalog);
    const rows =
      counts.status === 'counted'
        ? buildRows(
            {
              counts: counts.counts,
              models,
              controls,
              cnyPerUsd: config.cnyPerUsd,
              priceStaleDays: config.priceStaleDays,
              now: new Date(),
              bands: counts.bands,
              exactCounts: this.apiCounts(counts.single, models),
              ...(requests ? { requests, inputOnly: request?.state.kind === 'request' && request.state.request.alwaysOn } : {}),
            },
            this.t,
          )
        : [];
    this.state = {
      sourceLabel: counts.label,
      status: counts.status,
      message:
        counts.status !== 'counted'
          ? messages[counts.status]
          : counts.failed.length
            ? this.t('Not counted (tokenizer failed, see the log): {0}', counts.failed.join(', '))
            : request?.state.kind === 'raw'
              ? requestSummary(request.state, this.t)
              : undefined,
      ...(request && request.state.kind !== 'raw' ? { request: requestSummary(request.state, this.t) } : {}),
      priceNote: priceNote(models, rows, controls.currency, config.cnyPerUsd, this.t),
      controls,
      rows,
      strings,
      ...(counts.status === 'counted' && this.lastText && this.deltaLine ? { delta: this.deltaLine.line(this.lastText.document) } : {}),
    };
    if (this.ready) {
      const message: HostMessage = { type: 'state', state: this.state };
      void this.panel.webview.postMessage(message);
    }
  }
}
