import * as vscode from 'vscode';
import { bundledTable } from '../../core/pricing/bundled';
import { describeFailure, describeReport } from '../../core/pricing/describeRefresh';
import type { HttpFetch } from '../../core/pricing/download';
import { loadTable, saveTable } from '../../core/pricing/priceStore';
import { refreshPrices } from '../../core/pricing/refresh';
import { acceptHeldBack, preferNewer, type PriceTable } from '../../core/pricing/table';
import type { SettingsService } from '../settings/service';
import type { Translate } from '../ui/l10n';
import { consentToDownload, isDue, reportDocument } from './view';
import { GlobalPriceStorage } from './storage';

/** Where the answer to "may Token Cost download prices from <url>?" is kept, per address. */
const CONSENT_KEY = 'tokenCost.pricesConsent';

/**
 * Fresh prices on request: *Refresh Prices* (and, when the user opts in, a weekly refresh) downloads
 * LiteLLM's price file — or the company mirror set in `tokenCost.prices.url` — checks it, and
 * stores it in the extension's global storage; the bundled table stays the fallback. Nothing is
 * fetched before the user has agreed once for that address. A failed, slow, oversized or
 * implausible download keeps the prices in use and says why in one message; a featured price that
 * moved more than 5× is held back until *Accept Held-Back Prices*.
 */
export class PriceRefresher implements vscode.Disposable {
  private readonly storage: GlobalPriceStorage;
  private table: PriceTable = bundledTable();
  private fetchedAt: string | undefined;
  private running: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    storageFolder: vscode.Uri,
    private readonly globalState: vscode.Memento,
    private readonly settings: SettingsService,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
    /** `fetch` as the platform has it (Node 18+ and browsers); injected for tests. */
    private readonly fetch: HttpFetch = (url, init) => globalThis.fetch(url, init),
  ) {
    this.storage = new GlobalPriceStorage(storageFolder);
    this.disposables.push(settings.onDidChange(() => void this.refreshIfDue()));
  }

  /** Loads the stored table (if any, valid and newer than the bundled one), then refreshes if due. */
  async start(): Promise<void> {
    const loaded = await loadTable(this.storage);
    if (loaded.status === 'damaged') this.log.warn(`Stored prices are damaged (${loaded.problem}); using the bundled prices.`);
    if (loaded.status === 'ok') {
      this.table = preferNewer(loaded.stored.table, bundledTable());
      this.fetchedAt = loaded.stored.fetchedAt;
      if (this.table !== bundledTable()) {
        this.settings.usePriceTable(this.table);
        this.log.info(`Using prices refreshed on ${loaded.stored.fetchedAt} from ${loaded.stored.origin}.`);
      }
    }
    await this.refreshIfDue();
  }

  /** The command: asks once per address, then downloads, with progress; says what changed. */
  async refresh(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.run(true).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Applies the featured prices a refresh held back because they moved more than 5×. */
  async acceptHeld(): Promise<void> {
    const held = this.table.heldBack ?? [];
    if (!held.length) {
      void vscode.window.showInformationMessage(this.t('Token Cost: no held-back prices to accept.'));
      return;
    }
    const accepted = acceptHeldBack(this.table);
    try {
      await saveTable(this.storage, { table: accepted, fetchedAt: this.fetchedAt ?? new Date().toISOString(), origin: accepted.sources[0]?.url ?? 'accepted held-back prices' });
    } catch (error) {
      void vscode.window.showErrorMessage(this.t('Token Cost: the accepted prices could not be saved: {0}', String(error)));
      return;
    }
    this.use(accepted);
    void vscode.window.showInformationMessage(this.t('Token Cost: applied the held-back prices of {0}.', held.map((entry) => entry.id).join(', ')));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** The weekly refresh: only when opted in, already agreed for this address, and a week has passed. */
  private async refreshIfDue(): Promise<void> {
    const { config } = this.settings.get();
    if (config.priceRefresh !== 'weekly' || this.running) return;
    if (!this.agreed(config.priceUrl) || !isDue(this.fetchedAt ?? this.table.generatedAt, new Date())) return;
    this.running = this.run(false).finally(() => (this.running = undefined));
    await this.running;
  }

  private agreed(url: string): boolean {
    return (this.globalState.get<string[]>(CONSENT_KEY) ?? []).includes(url);
  }

  private async run(interactive: boolean): Promise<void> {
    const { config } = this.settings.get();
    const url = config.priceUrl;
    if (!this.agreed(url)) {
      if (!interactive) return;
      const download = this.t('Download');
      const answer = await vscode.window.showInformationMessage(consentToDownload(url, this.t), { modal: true }, download);
      if (answer !== download) return;
      await this.globalState.update(CONSENT_KEY, [...(this.globalState.get<string[]>(CONSENT_KEY) ?? []), url]);
    }
    const result = await vscode.window.withProgress(
      { location: interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: this.t('Token Cost: downloading prices…') },
      () => refreshPrices({ fetch: this.fetch, storage: this.storage, now: () => new Date(), url, currentTable: this.table }),
    );
    if (!result.ok) {
      const message = describeFailure(result.reason, this.t);
      this.log.warn(`Price refresh failed: ${message}`);
      if (interactive) void vscode.window.showWarningMessage(this.t('Token Cost: {0}', message));
      return;
    }
    this.fetchedAt = result.stored?.fetchedAt ?? new Date().toISOString();
    this.use(result.table);
    const lines = describeReport(result.report, this.t);
    this.log.info(`Prices refreshed from ${url}:\n${lines.join('\n')}`);
    if (!interactive) return;
    const show = this.t('Show changes');
    const accept = this.t('Accept held-back prices');
    const held = result.table.heldBack?.length ?? 0;
    const answer = await vscode.window.showInformationMessage(
      held ? this.t('Token Cost: {0} {1} held back (moved more than 5×).', lines[0] ?? '', held) : this.t('Token Cost: {0}', lines[0] ?? ''),
      show,
      ...(held ? [accept] : []),
    );
    if (answer === show) {
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: reportDocument(lines, url, this.t) });
      await vscode.window.showTextDocument(document, { preview: true });
    } else if (answer === accept) {
      await this.acceptHeld();
    }
  }

  private use(table: PriceTable): void {
    this.table = table;
    this.settings.usePriceTable(table);
  }
}
