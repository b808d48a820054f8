import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { bundledTable } from '../core/pricing/bundled';
import { ModelCatalog } from '../core/pricing/catalog';
import { describeFailure, describeReport } from '../core/pricing/describeRefresh';
import { DEFAULT_DOWNLOAD_LIMITS, type HttpFetch } from '../core/pricing/download';
import { readUpTo } from './readBounded';
import { loadTable, saveTable, type PriceStorage } from '../core/pricing/priceStore';
import { pricesFromText, refreshPrices } from '../core/pricing/refresh';
import { acceptHeldBack, preferNewer, type PriceTable } from '../core/pricing/table';
import { EXIT_PRICES_KEPT, EXIT_USAGE, type CliOptions } from './args';

/**
 * Where refreshed prices are kept between runs: the platform's per-user cache folder, which holds
 * data that can be fetched again (XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS,
 * %LOCALAPPDATA% on Windows).
 */
export function defaultPriceCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'token-cost-meter', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'token-cost-meter');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'token-cost-meter');
}

/** The refreshed table's files in a folder, created on the first write. */
class DirectoryStorage implements PriceStorage {
  constructor(private readonly dir: string) {}

  async read(name: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async write(name: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, name), text);
  }

  /** fs.rename replaces the target in one step on every platform Node supports. */
  async rename(from: string, to: string): Promise<void> {
    await rename(join(this.dir, from), join(this.dir, to));
  }

  async remove(name: string): Promise<void> {
    await rm(join(this.dir, name), { force: true });
  }
}

/** What the CLI's price options need from the world. */
export interface PriceDeps {
  readonly stderr: (text: string) => void;
  readonly stdout: (text: string) => void;
  readonly fetch: HttpFetch;
  readonly now: () => Date;
  /** Default: defaultPriceCacheDir(). */
  readonly cacheDir?: string;
}

/** The catalog to count with, and an exit code when the run must stop here or end with one. */
export interface PreparedPrices {
  readonly catalog: ModelCatalog;
  /** Set: the run ends with this code (after counting, unless `stop`). */
  readonly code?: number;
  /** The price options were the whole job (a refresh without files), or they failed: count nothing. */
  readonly stop: boolean;
}

/**
 * Chooses the prices of a run: the bundled table, or the refreshed one kept in the cache folder
 * when it is valid and newer; `--refresh-prices` downloads a new one first, `--prices FILE` uses
 * a file for this run only, `--accept-held-prices` applies held-back featured prices. Every file
 * is checked exactly as the extension checks a download; a bad one changes nothing.
 */
export async function preparePrices(options: CliOptions, deps: PriceDeps): Promise<PreparedPrices> {
  const dir = options.pricesCache ?? deps.cacheDir ?? defaultPriceCacheDir();
  const storage = new DirectoryStorage(dir);
  const loaded = await loadTable(storage);
  if (loaded.status === 'damaged') {
    deps.stderr(`token-cost: the refreshed prices in ${dir} are damaged (${loaded.problem}); the bundled prices are used.\n`);
  }
  let table = preferNewer(loaded.status === 'ok' ? loaded.stored.table : undefined, bundledTable());
  const onlyPrices = !options.files.length && !options.listModels;
  // The report goes to stdout when it is the run's whole output, to stderr beside counts.
  const report = (lines: readonly string[]): void => (options.refreshPrices && onlyPrices ? deps.stdout : deps.stderr)(`${lines.join('\n')}\n`);

  if (options.pricesFile !== undefined) {
    const file = await readPriceFile(options.pricesFile);
    if (typeof file === 'string') {
      deps.stderr(`token-cost: ${options.pricesFile}: ${file}.\n`);
      return { catalog: new ModelCatalog(table.models), code: EXIT_USAGE, stop: true };
    }
    const result = pricesFromText(file.text, { asOf: file.date, origin: options.pricesFile, currentTable: table });
    if (!result.ok) {
      deps.stderr(`token-cost: ${options.pricesFile}: ${describeFailure(result.reason)}\n`);
      return { catalog: new ModelCatalog(table.models), code: EXIT_USAGE, stop: true };
    }
    for (const line of describeReport(result.report).filter((text) => text.startsWith('Held back'))) deps.stderr(`token-cost: ${line}\n`);
    table = result.table;
  }

  let code: number | undefined;
  if (options.refreshPrices) {
    const result = await refreshPrices({ fetch: deps.fetch, storage, now: deps.now, currentTable: table, ...(options.pricesUrl ? { url: options.pricesUrl } : {}) });
    if (result.ok) {
      table = result.table;
      report([...describeReport(result.report), `Kept in ${dir} for later runs.`]);
    } else {
      deps.stderr(`token-cost: ${describeFailure(result.reason)}\n`);
      code = EXIT_PRICES_KEPT;
    }
  }

  if (options.acceptHeldPrices) {
    const accepted = await acceptHeld(table, storage, dir, deps);
    if (accepted) table = accepted;
    else code = EXIT_PRICES_KEPT;
  }
  const stop = onlyPrices && (options.refreshPrices || options.acceptHeldPrices);
  return { catalog: new ModelCatalog(table.models), ...(code !== undefined ? { code } : {}), stop };
}

async function acceptHeld(table: PriceTable, storage: PriceStorage, dir: string, deps: PriceDeps): Promise<PriceTable | undefined> {
  const held = table.heldBack ?? [];
  if (!held.length) {
    deps.stderr('token-cost: no held-back prices to accept.\n');
    return table;
  }
  const accepted = acceptHeldBack(table);
  try {
    await saveTable(storage, { table: accepted, fetchedAt: deps.now().toISOString(), origin: table.sources[0]?.url ?? 'accepted held-back prices' });
  } catch (error) {
    deps.stderr(`token-cost: the accepted prices could not be saved in ${dir}: ${error instanceof Error ? error.message : String(error)}.\n`);
    return undefined;
  }
  deps.stderr(`token-cost: accepted the held-back prices of ${held.map((entry) => entry.id).join(', ')}.\n`);
  return accepted;
}

/** The file's text and the date of its figures (its modification day), or why it cannot be read. */
async function readPriceFile(path: string): Promise<{ text: string; date: string } | string> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return 'is a directory';
    // The same cap as a download: a price file is about 1.5 MB.
    // Bounded: a pipe (`--prices <(curl …)`) or a device has no size to refuse it by.
    const read = readUpTo(path, DEFAULT_DOWNLOAD_LIMITS.maxBytes);
    if (read.kind === 'tooLarge') return `larger than ${DEFAULT_DOWNLOAD_LIMITS.maxBytes / 2 ** 20} MB, not a price file`;
    return { text: new TextDecoder().decode(read.bytes), date: info.mtime.toISOString().slice(0, 10) };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
  }
}
