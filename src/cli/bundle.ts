import { isAbsolute, relative, resolve } from 'node:path';
import { bundleTotals, largestFiles } from '../core/context/bundle';
import { countFiles, type CountedFile as CountedPath, type FilesProgress } from '../core/context/countFiles';
import { inProcessCounter, type TextCounter } from '../core/context/countText';
import { nodeFileSystem } from '../core/context/nodeFileSystem';
import { describeSkipReason, type SkippedPath } from '../core/context/skip';
import { DEFAULT_MAX_AUTO_COUNT_CHARS } from '../core/counting/filePolicy';
import { priceModel, sortByCost, type PricingOptions } from '../core/pricing/analyze';
import { formatInteger } from '../core/pricing/format';
import type { ModelInfo } from '../core/pricing/types';
import { EXIT_OVER_BUDGET, EXIT_USAGE, UsageError, type CliOptions } from './args';
import { toJsonResult, type JsonFile, type JsonResult } from './jsonReport';
import { renderModelTable } from './modelTable';
import type { CountedResult } from './request';
import { maxOf } from '../core/util/arrays';

/** A bundle's counter: worker threads on every core (main.ts), or in-process (tests). */
interface BundleCounter extends TextCounter {
  /** Files to have in flight at once (CountPool's `folderLanes`). */
  readonly folderLanes: number;
  dispose(): void;
}

/** What a bundle run needs beyond the CLI's output streams. */
export interface BundleIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Starts the workers; absent: count in-process. */
  readonly counter?: () => BundleCounter;
  /** Rewrites the progress line (a terminal only); '' clears it. */
  readonly progress?: (line: string) => void;
}

/** Files over this are skipped unread in a bundle: the extension's default `tokenCost.maxCharacters`. */
const BUNDLE_MAX_FILE_BYTES = DEFAULT_MAX_AUTO_COUNT_CHARS;
/** Files listed by default when a folder is counted. */
const DEFAULT_TOP = 10;
/** Skipped paths listed on the terminal; `--json` lists all. */
const SKIPPED_SHOWN = 20;
/** The progress line is rewritten at most this often. */
const PROGRESS_MS = 100;

/** `--json`'s `skipped` entries: the path, the reason in words, and a stable code. */
export interface JsonSkipped {
  path: string;
  reason: string;
  code: string;
}

/** A path as the user sees it: relative to the working folder when inside it, `/`-separated. */
function shownPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return (inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path).replace(/\\/g, '/');
}

/** `skipped` for `--json`. */
export function toJsonSkipped(skipped: readonly SkippedPath[]): JsonSkipped[] {
  return skipped.map(({ path, reason }) => ({ path, reason: describeSkipReason(reason), code: reason.kind }));
}

/** "Largest files" lines: tokens on the first model, right-aligned, then the path. */
export function renderLargest(files: readonly { path: string; tokens: number }[], modelId: string): string {
  const width = maxOf(files.map((file) => formatInteger(file.tokens).length), 0);
  return [`Largest files (tokens on ${modelId}):`, ...files.map((file) => `  ${formatInteger(file.tokens).padStart(width)}  ${file.path}`)].join('\n');
}

/**
 * `token-cost src docs/guide.md`: the inputs as one bundle. Folders are walked (`.gitignore`
 * respected unless `--no-ignore`), every file is counted as its text in worker threads, and the
 * total — the sum of the files' counts — is priced as one prompt on each model. Prints the totals,
 * the largest files and what was skipped, or `--json` with `files`, `total` and `skipped`.
 */
export async function runBundle(options: CliOptions, models: readonly ModelInfo[], pricing: PricingOptions, io: BundleIO): Promise<number> {
  if (options.files.includes('-')) throw new UsageError("'-' (standard input) cannot be counted with folders; name the files instead.");
  const roots = options.files.map((file) => resolve(file).replace(/\\/g, '/'));
  const tokenizers = [...new Set(models.map((model) => model.tokenizer))];
  const pool = io.counter?.();
  let lastProgress = 0;
  const onProgress = (progress: FilesProgress): void => {
    if (!io.progress || Date.now() - lastProgress < PROGRESS_MS) return;
    lastProgress = Date.now();
    const of = progress.walking ? `${formatInteger(progress.found)}+` : formatInteger(progress.found);
    io.progress(`token-cost: counting ${formatInteger(progress.done)} of ${of} files (${(progress.bytes / 1e6).toFixed(1)} MB)`);
  };
  let result;
  try {
    result = await countFiles(
      nodeFileSystem,
      roots.map((path) => ({ path })),
      { gitignore: !options.noIgnore },
      {
        counter: pool ?? inProcessCounter,
        tokenizers,
        maxFileBytes: BUNDLE_MAX_FILE_BYTES,
        // In-process: one file counted while the next is read.
        concurrency: pool?.folderLanes ?? 2,
        onProgress,
      },
    );
  } finally {
    io.progress?.('');
    pool?.dispose();
  }
  for (const warning of result.warnings) io.stderr(`token-cost: ${warning}\n`);
  // A named path that is not there is the user's mistake, reported as for single files.
  const missing = result.skipped.filter((entry) => roots.includes(entry.path) && entry.reason.kind === 'unreadable');
  for (const entry of missing) io.stderr(`token-cost: ${shownPath(entry.path)}: ${describeSkipReason(entry.reason)}.\n`);
  const skipped = result.skipped.map((entry) => ({ ...entry, path: shownPath(entry.path) }));
  const files = result.files.map((file) => ({ ...file, path: shownPath(file.path) }));

  const totals = bundleTotals(files, tokenizers);
  let total: CountedResult[] = models.map((model) => {
    const tokens = totals.get(model.tokenizer)?.tokens ?? 0;
    const priced = priceModel(model, tokens, pricing);
    return { result: priced, fileTokens: tokens, exactness: priced.tokenizer.exactness };
  });
  if (options.compare) {
    const order = sortByCost(total.map((entry) => entry.result));
    total = [...total].sort((a, b) => order.indexOf(a.result) - order.indexOf(b.result));
  }

  if (options.json) {
    const json: { files: JsonFile[]; total: JsonResult[]; skipped: JsonSkipped[]; ignored: number } = {
      files: files.map((file) => jsonFile(file, models, pricing)),
      total: total.map((entry) => toJsonResult(entry.result, entry.fileTokens)),
      skipped: toJsonSkipped(skipped),
      ignored: result.ignored,
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout(`${renderBundle(files, skipped, result.ignored, total, options)}\n`);
  }
  if (missing.length) return EXIT_USAGE;
  return checkBundleBudget(total, files.length, options, io);
}

function jsonFile(file: CountedPath, models: readonly ModelInfo[], pricing: PricingOptions): JsonFile {
  return {
    path: file.path,
    characters: file.characters,
    parseError: null,
    results: models.map((model) => toJsonResult(priceModel(model, file.counts.get(model.tokenizer)?.tokens ?? 0, pricing))),
  };
}

function renderBundle(files: readonly CountedPath[], skipped: readonly SkippedPath[], ignored: number, total: readonly CountedResult[], options: CliOptions): string {
  const characters = files.reduce((sum, file) => sum + file.characters, 0);
  const parts = [`${formatInteger(files.length)} file${files.length === 1 ? '' : 's'}, ${formatInteger(characters)} characters`];
  if (skipped.length) parts.push(`${formatInteger(skipped.length)} skipped`);
  if (ignored) parts.push(`${formatInteger(ignored)} ignored by .gitignore`);
  const header = `${options.files.join(', ')}: ${parts.join(', ')} · total as one prompt`;
  const table = renderModelTable(total, options, false);
  const lines = [header, table.table, ...table.notes.map((note) => `  ${note}`)];
  const first = total[0]?.result.model;
  const top = options.top ?? DEFAULT_TOP;
  if (first && top > 0 && files.length) {
    const largest = largestFiles(files, first.tokenizer, top).map((file) => ({ path: file.path, tokens: file.counts.get(first.tokenizer)?.tokens ?? 0 }));
    lines.push('', renderLargest(largest, first.id));
  }
  if (skipped.length) {
    lines.push('', `Skipped (${formatInteger(skipped.length)}):`);
    for (const entry of skipped.slice(0, SKIPPED_SHOWN)) lines.push(`  ${entry.path}: ${describeSkipReason(entry.reason)}`);
    if (skipped.length > SKIPPED_SHOWN) lines.push(`  … and ${formatInteger(skipped.length - SKIPPED_SHOWN)} more (--json lists them all)`);
  }
  return lines.join('\n');
}

function checkBundleBudget(total: readonly CountedResult[], counted: number, options: CliOptions, io: Pick<BundleIO, 'stderr'>): number {
  if (options.budget === undefined) return 0;
  if (counted === 0) {
    io.stderr(`token-cost: no file was counted, so the budget of ${formatInteger(options.budget)} tokens was not checked.\n`);
    return EXIT_USAGE;
  }
  const over = total.filter(({ result }) => result.tokens > options.budget!).map(({ result }) => `the bundle: ${formatInteger(result.tokens)} tokens on ${result.model.id}`);
  if (over.length === 0) return 0;
  io.stderr(`token-cost: over the budget of ${formatInteger(options.budget)} tokens:\n  ${over.join('\n  ')}\n`);
  return EXIT_OVER_BUDGET;
}
