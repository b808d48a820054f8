import * as vscode from 'vscode';
import { SerialUpdates } from '../serialUpdates';
import { countWithTokenizers, type TextCounter } from '../../core/context/countText';
import { JobCancelledError } from '../../core/counting/types';
import { priceModel } from '../../core/pricing/analyze';
import { formatInteger, formatMoney } from '../../core/pricing/format';
import type { TokenizerId } from '../../core/tokenizers/types';
import { comparisonModels } from '../comparison/view';
import { selectedModel, type SettingsService } from '../settings/service';
import type { Translate } from '../ui/l10n';
import { modelDisplayName } from '../ui/modelName';
import type { ContextController } from './controller';
import { currentText, openDocument } from './texts';

/** The open text editors' total on one tokenizer. */
export interface OpenEditorsFigure {
  /** Text editors counted (binary and over-limit ones are left out). */
  readonly files: number;
  readonly tokens: number;
}

/** Recounts are batched: tab switches and typing come in bursts. */
const RECOUNT_DELAY_MS = 300;

interface Known {
  /** The document version counted, or `disk` for a tab whose document is not loaded. */
  readonly version: string;
  /** Counts by tokenizer; `undefined` when the text is not counted (binary, too large). */
  readonly counts: Map<TokenizerId, number> | undefined;
}

/**
 * The total of every open text editor (every text tab, in every group, loaded or not), kept up to
 * date as tabs open and close and documents change: each document is recounted on its own, only
 * for the tokenizers someone asked about, in the Context view's count workers.
 */
export class OpenEditorsTotal implements vscode.Disposable {
  private readonly known = new Map<string, Known>();
  private readonly tokenizers = new Set<TokenizerId>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly updates = new SerialUpdates(
    () => () => this.recount(),
    (error) => {
      if (!(error instanceof JobCancelledError)) this.log.error('Counting the open editors failed', error);
    },
  );
  /** Fires when a total changed (the status bar repaints its tooltip). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly counter: TextCounter,
    private readonly maxCharacters: () => number,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.tabGroups.onDidChangeTabs(() => this.schedule()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length && this.known.has(event.document.uri.toString())) this.schedule();
      }),
    );
  }

  /**
   * The total on `tokenizer` for the status bar's tooltip: `undefined` with fewer than two editors
   * (one editor's total is the entry's own figure) and until counted (the count starts now and
   * fires onDidChange).
   */
  total(tokenizer: TokenizerId): OpenEditorsFigure | undefined {
    if (openTextUris().length < 2) return undefined;
    if (!this.tokenizers.has(tokenizer)) {
      this.tokenizers.add(tokenizer);
      this.schedule();
      return undefined;
    }
    return this.sum(tokenizer);
  }

  /** Counts now and returns the totals on `tokenizers` (the command, one editor too), with the editors' URIs. */
  async totals(tokenizers: readonly TokenizerId[]): Promise<{ uris: vscode.Uri[]; totals: Map<TokenizerId, OpenEditorsFigure> }> {
    for (const tokenizer of tokenizers) this.tokenizers.add(tokenizer);
    await this.updates.now();
    const totals = new Map<TokenizerId, OpenEditorsFigure>();
    for (const tokenizer of tokenizers) totals.set(tokenizer, this.sum(tokenizer) ?? { files: 0, tokens: 0 });
    return { uris: openTextUris(), totals };
  }

  /** The known counts summed; `undefined` while an editor is not counted yet. */
  private sum(tokenizer: TokenizerId): OpenEditorsFigure | undefined {
    let files = 0;
    let tokens = 0;
    for (const uri of openTextUris()) {
      const known = this.known.get(uri.toString());
      if (!known) return undefined;
      const count = known.counts?.get(tokenizer);
      if (known.counts && count === undefined) return undefined;
      if (count === undefined) continue;
      files++;
      tokens += count;
    }
    return { files, tokens };
  }

  /** Resolves when pending recounts are done (tests). */
  whenIdle(): Promise<void> {
    return this.updates.whenIdle();
  }

  dispose(): void {
    this.updates.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private schedule(): void {
    this.updates.debounce(RECOUNT_DELAY_MS);
  }

  private async recount(): Promise<void> {
    const uris = openTextUris();
    const open = new Set(uris.map((uri) => uri.toString()));
    let changed = false;
    for (const key of this.known.keys()) {
      if (!open.has(key)) {
        this.known.delete(key);
        changed = true;
      }
    }
    const wanted = [...this.tokenizers];
    for (const uri of uris) {
      const key = uri.toString();
      const document = openDocument(uri);
      const version = document ? String(document.version) : 'disk';
      const known = this.known.get(key);
      if (known && known.version === version && (!known.counts || wanted.every((id) => known.counts!.has(id)))) continue;
      const read = await currentText(uri, this.maxCharacters());
      const counts = read.kind === 'text' ? new Map([...(await countWithTokenizers(read.text, wanted, this.counter))].map(([id, counted]) => [id, counted.tokens])) : undefined;
      this.known.set(key, { version, counts });
      changed = true;
    }
    if (changed) this.changed.fire();
  }
}

/** The URIs of every text tab, once each, in tab order. */
export function openTextUris(): vscode.Uri[] {
  const seen = new Map<string, vscode.Uri>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputText && !seen.has(tab.input.uri.toString())) seen.set(tab.input.uri.toString(), tab.input.uri);
    }
  }
  return [...seen.values()];
}

/**
 * *Count Open Editors*: the total of every open text editor on the status bar's model, its cost
 * per call and how many compared models it fits, with a button that adds them to the Context view.
 * Returns the totals by tokenizer (the integration tests read them).
 */
export async function showOpenEditorsTotal(
  openEditors: OpenEditorsTotal,
  settings: SettingsService,
  context: ContextController,
  t: Translate,
): Promise<{ files: number; tokens: Record<TokenizerId, number> }> {
  const current = settings.get();
  const primary = selectedModel(current);
  const models = comparisonModels(current.config, current.catalog);
  const tokenizers = [...new Set([...(primary ? [primary.tokenizer] : []), ...models.map((model) => model.tokenizer)])];
  const { uris, totals } = await openEditors.totals(tokenizers);
  const tokens = Object.fromEntries([...totals].map(([id, figure]) => [id, figure.tokens]));
  const files = primary ? (totals.get(primary.tokenizer)?.files ?? 0) : uris.length;
  if (!primary || uris.length === 0) {
    void vscode.window.showInformationMessage(t('Token Cost: no text editor is open.'));
    return { files, tokens };
  }
  const profile = { profile: current.config.profile, cnyPerUsd: current.config.cnyPerUsd };
  const result = priceModel(primary, tokens[primary.tokenizer] ?? 0, profile);
  const fits = models.filter((model) => !priceModel(model, tokens[model.tokenizer] ?? 0, profile).overLimit).length;
  const cost = result.cost ? formatMoney(result.cost.total, result.cost.currency) : t('unpriced');
  const add = t('Add to Context View');
  const figures = [formatInteger(result.tokens), modelDisplayName(primary, t), cost, fits, models.length] as const;
  const message =
    files === 1
      ? t('Open editors: 1 file, {0} tokens on {1} ({2} per call); fits {3} of {4} compared models.', ...figures)
      : t('Open editors: {0} files, {1} tokens on {2} ({3} per call); fits {4} of {5} compared models.', files, ...figures);
  void vscode.window.showInformationMessage(message, add).then((choice) => (choice === add ? context.addOpenEditors(uris) : undefined));
  return { files, tokens };
}
