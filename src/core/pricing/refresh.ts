import { DEFAULT_DOWNLOAD_LIMITS, downloadText, type DownloadLimits, type HttpFetch } from './download';
import type { PriceRefreshFailure } from './failures';
import { FEATURED_REFRESH_RULES } from './featured';
import { LITELLM_PRICES_URL } from './litellm';
import { readLiteLlmFile } from './litellmFile';
import type { PriceChangeReport } from './priceChanges';
import { saveTable, type PriceStorage, type StoredTable } from './priceStore';
import { tableFromLiteLlm } from './refreshedTable';
import type { FeaturedRefreshRules, PriceTable } from './table';


/** What a refresh needs; network, storage and clock are injected so any runtime (and a test) can supply them. */
export interface RefreshOptions {
  readonly fetch: HttpFetch;
  /** Where the new table is stored; without one nothing is stored (a dry run). */
  readonly storage?: PriceStorage;
  readonly now: () => Date;
  /** The price file's address; default LITELLM_PRICES_URL. */
  readonly url?: string;
  /** The table in use: it stays in use on any failure, and the report compares with it. */
  readonly currentTable: PriceTable;
  /** Default: the bundled featured rules (each featured model's LiteLLM key, its exception). */
  readonly rules?: FeaturedRefreshRules;
  /** Default DEFAULT_DOWNLOAD_LIMITS. */
  readonly limits?: Partial<DownloadLimits>;
  /** Fewest priced models accepted; default MIN_PRICED_MODELS (tests lower it). */
  readonly minModels?: number;
}

/** A new table in force with what changed, or the one reason the current table stays. */
export type RefreshResult =
  | { readonly ok: true; readonly table: PriceTable; readonly report: PriceChangeReport; readonly stored?: StoredTable }
  | { readonly ok: false; readonly reason: PriceRefreshFailure };

/**
 * Downloads LiteLLM's price file, checks it (see readLiteLlmFile, tableFromLiteLlm), builds the new
 * table under the current featured curation and stores it atomically. Never worse than before: a
 * failed, slow, redirected elsewhere, oversized, truncated or implausible download changes nothing
 * and returns one reason. Never throws. The figures are dated with the day of the download.
 */
export async function refreshPrices(options: RefreshOptions): Promise<RefreshResult> {
  const url = options.url ?? LITELLM_PRICES_URL;
  const limits = { ...DEFAULT_DOWNLOAD_LIMITS, ...options.limits };
  const download = await downloadText(url, options.fetch, limits);
  if (!download.ok) return { ok: false, reason: download.failure };
  const now = options.now();
  const built = pricesFromText(download.text, {
    asOf: now.toISOString().slice(0, 10),
    origin: download.url,
    currentTable: options.currentTable,
    rules: options.rules,
    minModels: options.minModels,
  });
  if (!built.ok) return built;
  if (!options.storage) return built;
  const stored: StoredTable = { table: built.table, fetchedAt: now.toISOString(), origin: download.url };
  try {
    await saveTable(options.storage, stored);
  } catch (error) {
    return { ok: false, reason: { kind: 'storage', message: error instanceof Error ? error.message : String(error) } };
  }
  return { ...built, stored };
}

/** How to read a price file already in hand. */
export interface PriceTextOptions {
  /**
   * Date (YYYY-MM-DD) the file was fetched or last modified; a file that states an earlier
   * `last_updated` is dated with that day instead, since its figures are no fresher.
   */
  readonly asOf: string;
  /** Where they come from: a URL or a file name. */
  readonly origin: string;
  readonly currentTable: PriceTable;
  readonly rules?: FeaturedRefreshRules;
  readonly minModels?: number;
}

/**
 * The table a LiteLLM-format price file gives, checked exactly as a download is: the CLI's
 * `--prices FILE` and the refresh share it. Never throws.
 */
export function pricesFromText(text: string, options: PriceTextOptions): RefreshResult {
  const file = readLiteLlmFile(text);
  if (!file.ok) return { ok: false, reason: file.failure };
  const built = tableFromLiteLlm(file.entries, {
    asOf: file.updated && file.updated < options.asOf ? file.updated : options.asOf,
    origin: options.origin,
    current: options.currentTable,
    rules: options.rules ?? FEATURED_REFRESH_RULES,
    ...(options.minModels !== undefined ? { minModels: options.minModels } : {}),
  });
  return built.ok ? { ok: true, table: built.table, report: built.report } : { ok: false, reason: built.failure };
}
