import * as vscode from 'vscode';
import { SerialUpdates } from '../serialUpdates';
import type { ModelInfo } from '../../core/pricing/types';
import { activeText, notebookSelectedCell, type ActiveText } from '../ui/activeText';
import { COMMANDS } from '../commandIds';
import { combinedBand } from '../../core/tokenizers/band';
import type { LiveCounts } from '../liveCounts';
import type { ExactCounts } from '../exactCount/controller';
import type { OpenEditorsTotal } from '../context/openEditors';
import type { Translate } from '../ui/l10n';
import { selectedModel, type Settings, type SettingsService } from '../settings/service';
import { describeTokenizer } from '../../core/tokenizers/registry';
import { JobCancelledError, type CountProgress } from '../../core/counting/types';
import type { RequestController, RequestState } from '../request/controller';
import { chooseModel, type ModelOrigin, type RequestView } from '../request/view';
import {
  binaryState,
  countingState,
  failedState,
  statusLevel,
  statusText,
  statusTooltip,
  tooLargeState,
  TOOLTIP_COMMANDS,
  type StatusInput,
  type StatusState,
} from './view';

/** Delays before recounting: typing is batched, cursor moves feel instant. */
const TYPING_DELAY_MS = 250;
const SELECTION_DELAY_MS = 60;
/** A count still running after this long shows "counting…" (a keystroke's recount never does). */
const COUNTING_NOTICE_MS = 150;
/** Progress repaints at most this often. */
const PROGRESS_PAINT_MS = 100;

/** Tooltip lines and the warning colour that other features add to the primary entry (what a cut saved, budgets). */
export interface StatusNotes {
  onDidChange(listener: () => void): vscode.Disposable[];
  statusNotes(document: vscode.TextDocument, model: ModelInfo, fileTokens: number | undefined): { readonly lines: readonly string[]; readonly warning: boolean };
}

/** What tests and the copy command can read back. */
export interface StatusSnapshot {
  readonly visible: boolean;
  readonly texts: readonly string[];
  readonly tooltips: readonly string[];
  readonly levels: readonly string[];
  /** The primary entry's input, for "copy count and cost". */
  readonly primary?: StatusInput;
}

/**
 * Owns the status bar entries: the primary one (selected model) plus one per
 * `tokenCost.statusBar.models`. Recounts on editor, selection, text and settings changes, drops
 * results that a newer change has overtaken, and hides without a text editor.
 */
export class StatusBarController implements vscode.Disposable {
  private readonly items: vscode.StatusBarItem[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;
  private readonly updates = new SerialUpdates(
    () => {
      const generation = ++this.generation;
      return () => this.update(generation);
    },
    (error) => this.log.error('Status bar update failed', error),
  );
  /** The last text editor that was active (see shownText). */
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private snapshot: StatusSnapshot = { visible: false, texts: [], tooltips: [], levels: [] };

  constructor(
    private readonly settings: SettingsService,
    private readonly live: LiveCounts,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
    /** Vendor-API counts made on request; shown as exact while the text is unchanged. */
    private readonly exact?: ExactCounts,
    /** Prompt files as the requests they send; without it every file is counted as text. */
    private readonly requests?: RequestController,
    /** The open editors' total, one tooltip line. */
    private readonly openEditors?: OpenEditorsTotal,
    /** What a cut saved since the last save or HEAD, and token budgets: tooltip lines and the warning colour. */
    private readonly notes?: StatusNotes,
  ) {
    if (exact) this.disposables.push(exact.onDidChange(() => this.schedule(0)));
    if (openEditors) this.disposables.push(openEditors.onDidChange(() => this.schedule(0)));
    if (notes) this.disposables.push(...notes.onDidChange(() => this.schedule(0)));
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.lastEditor = editor;
        this.schedule(0);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.schedule(SELECTION_DELAY_MS);
      }),
      live.onDidEdit((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.schedule(TYPING_DELAY_MS);
      }),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.schedule(0)),
      vscode.window.onDidChangeNotebookEditorSelection((event) => {
        if (event.notebookEditor === vscode.window.activeNotebookEditor && !vscode.window.activeTextEditor) this.schedule(SELECTION_DELAY_MS);
      }),
      settings.onDidChange(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  /** The current entries, for tests and commands. */
  current(): StatusSnapshot {
    return this.snapshot;
  }

  /** Resolves once the pending recount (if any) has finished. */
  whenIdle(): Promise<void> {
    return this.updates.whenIdle();
  }

  /** Recounts now (tests, commands). */
  async refresh(): Promise<void> {
    this.schedule(0);
    await this.whenIdle();
  }

  dispose(): void {
    this.updates.cancel();
    for (const disposable of [...this.disposables, ...this.items]) disposable.dispose();
    this.items.length = 0;
  }

  private schedule(delay: number): void {
    this.updates.debounce(delay);
  }

  private modelsFor(settings: Settings, primary: ModelInfo | undefined): ModelInfo[] {
    const models = primary ? [primary] : [];
    for (const id of settings.config.statusBarModels) {
      const model = settings.catalog.find(id);
      if (model && !models.some((known) => known.id === model.id)) models.push(model);
    }
    return models;
  }

  private item(index: number): vscode.StatusBarItem {
    while (this.items.length <= index) {
      const n = this.items.length;
      // Distinct ids let users hide or move each entry; priority keeps them together, in order.
      const item = vscode.window.createStatusBarItem(n === 0 ? 'tokenCost.status' : `tokenCost.status.${n}`, vscode.StatusBarAlignment.Right, 100 - n);
      item.name = n === 0 ? this.t('Token Cost') : this.t('Token Cost (model {0})', n + 1);
      this.items.push(item);
    }
    return this.items[index]!;
  }

  /**
   * The text the entry is about: the active editor's, or — while a panel (the comparison, a
   * preview) has focus and no text editor is active — the last text editor's while it is still
   * visible beside it, so opening the comparison does not blank the count it compares.
   */
  private shownText(): ActiveText | undefined {
    const active = activeText();
    if (active || vscode.window.activeTextEditor) return active;
    // A notebook is the active editor, with no cell focused: its selected cell, never the file
    // beside it (the fallback below is for panels, which are no editor of text).
    const notebook = vscode.window.activeNotebookEditor;
    if (notebook) return notebookSelectedCell(notebook);
    const last = this.lastEditor;
    return last && vscode.window.visibleTextEditors.includes(last) ? activeText(last) : undefined;
  }

  private async update(generation: number): Promise<void> {
    const text = this.shownText();
    if (!text) {
      this.hideAll();
      return;
    }
    const settings = this.settings.get();
    const request: RequestState = this.requests && !text.isNotebookCell ? await this.requests.stateOf(text.document) : { kind: 'plain' };
    if (generation !== this.generation) return;
    // The primary entry shows the model the prompt file names, unless the user turned that off.
    const { model: primary, origin } = chooseModel(request.kind === 'request' ? request.request : undefined, settings.config.useModelFromFile, settings.catalog, selectedModel(settings));
    const models = this.modelsFor(settings, primary);
    const inputs: (StatusInput | StatusState)[] = [];
    for (const [index, model] of models.entries()) {
      const input = await this.inputFor(text, model, settings, index, request, index === 0 ? origin : undefined);
      // A newer edit or editor switch has been scheduled: its run will paint.
      if (input === undefined || generation !== this.generation) return;
      inputs.push(input);
    }
    this.paint(inputs);
  }

  /**
   * A StatusInput, or a state (binary, too large with "Count now", failed). A count that takes
   * longer than a moment paints "counting… 40%" on the entry meanwhile.
   */
  private async inputFor(
    text: ActiveText,
    model: ModelInfo,
    settings: Settings,
    index: number,
    state: RequestState,
    modelOrigin: ModelOrigin | undefined,
  ): Promise<StatusInput | StatusState | undefined> {
    const ranges = text.selections.filter((selection) => !selection.isEmpty);
    const started = Date.now();
    let progress: CountProgress | undefined;
    let lastPaint = 0;
    const showProgress = (): void => {
      // Another editor took over: its own update paints.
      if (this.shownText()?.document !== text.document) return;
      lastPaint = Date.now();
      const label = describeTokenizer(model.tokenizer)?.label ?? model.tokenizer;
      this.paintState(index, countingState(text.label, model, label, progress, this.t));
    };
    const notice = setTimeout(showProgress, COUNTING_NOTICE_MS);
    let count;
    try {
      count = await this.live.counter.count(text.document, ranges, model.tokenizer, {
        onProgress: (reported) => {
          progress = reported;
          if (Date.now() - started >= COUNTING_NOTICE_MS && Date.now() - lastPaint >= PROGRESS_PAINT_MS) showProgress();
        },
      });
    } catch (error) {
      // Overtaken by a newer edit: the update that edit scheduled paints, not this one.
      if (error instanceof JobCancelledError) return undefined;
      this.log.error(`Counting with ${model.tokenizer} failed`, error);
      return failedState(model, error, this.t);
    } finally {
      clearTimeout(notice);
    }
    const elapsed = Date.now() - started;
    if (elapsed > 200) this.log.debug(`Counted ${text.label} with ${model.tokenizer} in ${elapsed} ms`);
    if (count.kind === 'binary') return binaryState(text.label, this.t);
    if (count.kind === 'tooLarge') return tooLargeState(text.label, count.length, count.limit, this.t);
    let request: RequestView | undefined;
    try {
      request = await this.requests?.viewOn(state, model);
    } catch (error) {
      if (error instanceof JobCancelledError) return undefined;
      this.log.error(`Counting the request of ${text.label} on ${model.id} failed`, error);
      return failedState(model, error, this.t);
    }
    // An exact count from the vendor's API replaces the offline one while the text is unchanged
    // (the text's count: a prompt file's request is more than its text).
    let fileTokens = count.file?.tokens;
    let selections = count.ranges.map((counted) => counted.tokens);
    let exactFromVendor = false;
    if (this.exact && ranges.length <= 1 && !(ranges.length === 0 && request?.kind === 'request')) {
      const found = this.exact.lookup(model, () => (ranges.length ? text.document.getText(ranges[0]) : text.document.getText()));
      if (found && ranges.length) selections = [found.tokens];
      else if (found) fileTokens = found.tokens;
      exactFromVendor = found !== undefined;
    }
    // The band came with the count, from the worker that made it: the shown text's own.
    const shown = count.ranges.length ? count.ranges : count.file ? [count.file] : [];
    const band = exactFromVendor ? undefined : combinedBand(shown);
    // Deltas compare our own counts (never a vendor's) of this and the saved or committed text.
    const notes = index === 0 ? this.notes?.statusNotes(text.document, model, count.file?.tokens) : undefined;
    return {
      ...(notes ? { notes: notes.lines, overBudget: notes.warning } : {}),
      fileName: text.label,
      band,
      isNotebookCell: text.isNotebookCell,
      fileTokens,
      selections,
      exactFromVendor,
      model,
      config: settings.config,
      now: new Date(),
      ...(request ? { request } : {}),
      ...(modelOrigin ? { modelOrigin } : {}),
      openEditors: this.openEditors?.total(model.tokenizer),
    };
  }

  /** Paints one entry with a state while the others keep what they show (progress). */
  private paintState(index: number, state: StatusState): void {
    const item = this.item(index);
    this.applyState(item, state);
    item.show();
    const texts = [...this.snapshot.texts];
    const tooltips = [...this.snapshot.tooltips];
    const levels = [...this.snapshot.levels];
    texts[index] = item.text;
    tooltips[index] = state.tooltip;
    levels[index] = 'normal';
    this.snapshot = { ...this.snapshot, visible: true, texts, tooltips, levels };
  }

  private applyState(item: vscode.StatusBarItem, state: StatusState): void {
    item.text = state.text;
    const markdown = new vscode.MarkdownString(state.tooltip, true);
    markdown.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
    item.tooltip = markdown;
    item.backgroundColor = undefined;
    item.command = state.command;
    item.accessibilityInformation = { label: item.text.replace(/\$\([^)]*\)\s*/g, '').replace(/ · /g, ', ') };
  }

  private paint(inputs: readonly (StatusInput | StatusState)[]): void {
    const texts: string[] = [];
    const tooltips: string[] = [];
    const levels: string[] = [];
    inputs.forEach((input, index) => {
      const item = this.item(index);
      if (!('model' in input)) {
        this.applyState(item, input);
        item.command ??= index === 0 ? COMMANDS.selectModel : COMMANDS.compareModels;
        levels.push('normal');
        tooltips.push(input.tooltip);
      } else {
        item.text = `$(symbol-numeric) ${statusText(input, this.t)}`;
        const markdown = new vscode.MarkdownString(statusTooltip(input, this.t), true);
        markdown.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
        item.tooltip = markdown;
        const level = statusLevel(input);
        item.backgroundColor =
          level === 'error'
            ? new vscode.ThemeColor('statusBarItem.errorBackground')
            : level === 'warning'
              ? new vscode.ThemeColor('statusBarItem.warningBackground')
              : undefined;
        levels.push(level);
        tooltips.push(markdown.value);
        item.command = index === 0 ? COMMANDS.selectModel : COMMANDS.compareModels;
        item.accessibilityInformation = { label: item.text.replace(/\$\([^)]*\)\s*/g, '').replace(/ · /g, ', ') };
      }
      texts.push(item.text);
      item.show();
    });
    for (const extra of this.items.splice(inputs.length)) extra.dispose();
    const primary = inputs[0];
    this.snapshot = { visible: true, texts, tooltips, levels, primary: primary && 'model' in primary ? primary : undefined };
  }

  private hideAll(): void {
    for (const item of this.items) item.hide();
    this.snapshot = { visible: false, texts: [], tooltips: [], levels: [] };
  }
}
