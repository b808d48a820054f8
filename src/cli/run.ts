import { constants } from 'node:buffer';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { priceModel, type PricingOptions } from '../core/pricing/analyze';
import { formatContext, formatInteger, formatRate, formatTokens } from '../core/pricing/format';
import { bundledCatalog } from '../core/pricing/bundled';
import { DEFAULT_MODEL_ID, UnknownModelError, type ModelCatalog } from '../core/pricing/catalog';
import type { ModelInfo } from '../core/pricing/types';
import { ESTIMATE_MARK, EXACTNESS_WORDS } from '../core/tokenizers/exactness';
import { looksBinary } from '../core/counting/filePolicy';
import { decodeUtf8 } from '../core/counting/decode';
import type { SkippedPath } from '../core/context/skip';
import { describeOmission, FORMAT_NAMES, VARIABLE_WORDS } from '../core/request';
import { describeTokenizer } from '../core/tokenizers/registry';
import { EXIT_OVER_BUDGET, EXIT_USAGE, UsageError, USAGE, type CliOptions } from './args';
import { checkBudgets, loadWorkspaceBudgets, type BudgetCheck } from './budgets';
import { renderLargest, runBundle, toJsonSkipped, type BundleIO, type JsonSkipped } from './bundle';
import { featuredFirst, toJsonFile, toJsonModel, toJsonResult, type JsonFile, type JsonResult } from './jsonReport';
import { renderModelTable } from './modelTable';
import { countFile, sortCheapestFirst, type CountedFile, type Input } from './request';
import { renderSections, sectionsOf } from './sections';
import { renderTable } from './table';
import { readUpTo, type BoundedRead } from './readBounded';

/**
 * Where the CLI writes, and the worker threads a folder is counted in; injected so tests can
 * capture output without spawning a process (and count in-process).
 */
export interface CliIO extends BundleIO {
  /** Standard input read to its end, or stopped past `limit` bytes ({@link readUpTo} on descriptor 0). */
  readonly readStdin: (limit: number) => BoundedRead;
  readonly version: string;
  /**
   * Counts a whole text with a tokenizer (main.ts spreads long texts over worker threads);
   * on the calling thread when absent.
   */
  readonly countText?: (tokenizer: string, text: string) => Promise<number>;
  /** The folder relative paths start from (`--budgets` looks for the workspace from here); the process's by default. */
  readonly cwd?: string;
}

/**
 * Largest input read, in bytes: V8's longest string (2^29 − 24 characters on 64-bit Node, about
 * 512 MiB). UTF-8 never decodes to more characters than it has bytes, so anything smaller decodes.
 */
export const MAX_INPUT_BYTES = constants.MAX_STRING_LENGTH;

/** The inputs read, and those skipped (binary, unreadable: reported as met; the run still counts the rest). */
interface ReadResult {
  readonly inputs: Input[];
  readonly skipped: SkippedPath[];
  readonly unreadable: number;
}

/** Why an input over {@link MAX_INPUT_BYTES} is skipped: its size, or (a pipe or a device) how much was read before stopping. */
function tooLarge(bytes: number, sized: boolean): string {
  const mib = (size: number): string => `${(size / 2 ** 20).toFixed(1)} MiB`;
  const size = sized ? mib(bytes) : `more than ${mib(MAX_INPUT_BYTES)} read, stopped`;
  return `too large (${size}); token-cost reads inputs up to ${formatInteger(MAX_INPUT_BYTES)} bytes (${mib(MAX_INPUT_BYTES)})`;
}

function readError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function readInputs(files: readonly string[], io: CliIO): ReadResult {
  const paths = files.length === 0 ? ['-'] : files;
  const inputs: Input[] = [];
  const skipped: SkippedPath[] = [];
  let unreadable = 0;
  for (const path of paths) {
    const label = path === '-' ? '<stdin>' : path;
    const fail = (reason: string, size?: { bytes: number; sized: boolean }): void => {
      io.stderr(`token-cost: ${label}: ${reason}.\n`);
      const limit = MAX_INPUT_BYTES;
      skipped.push({ path: label, reason: size === undefined ? { kind: 'unreadable', message: reason } : { kind: 'tooLarge', bytes: size.bytes, limit, ...(size.sized ? {} : { unsized: true }) } });
      unreadable++;
    };
    let read: BoundedRead;
    try {
      if (path === '-') {
        read = io.readStdin(MAX_INPUT_BYTES);
      } else {
        const file = resolve(io.cwd ?? process.cwd(), path);
        if (statSync(file).isDirectory()) {
          io.stderr(`token-cost: ${path}: is a directory, skipped.\n`);
          continue;
        }
        // Bounded: a larger file is refused from its size (decoding it throws deep inside V8), and
        // a device or pipe without end (/dev/zero, a stream that never closes) is read no further.
        read = readUpTo(file, MAX_INPUT_BYTES);
      }
    } catch (error) {
      fail(readError(error));
      continue;
    }
    if (read.kind === 'tooLarge') {
      fail(tooLarge(read.bytes, read.sized), read);
      continue;
    }
    const bytes = read.bytes;
    const text = decodeUtf8(bytes);
    if (looksBinary(text)) {
      io.stderr(`token-cost: ${label}: binary content, skipped.\n`);
      skipped.push({ path: label, reason: { kind: 'binary' } });
      continue;
    }
    inputs.push({ path: label, text });
  }
  return { inputs, skipped, unreadable };
}

/** The models named with -m or --compare; empty when none are (then a file's own model, or the default, is used). */
function chosenModels(options: CliOptions, catalog: ModelCatalog): ModelInfo[] {
  return options.models.length || options.compare ? selectModels(options, catalog) : [];
}

function selectModels(options: CliOptions, catalog: ModelCatalog): ModelInfo[] {
  const named = options.models.map((id) => {
    try {
      return catalog.get(id);
    } catch (error) {
      if (error instanceof UnknownModelError) throw new UsageError(error.message);
      throw error;
    }
  });
  const models = options.compare ? [...catalog.featured(), ...named] : named.length ? named : [catalog.get(DEFAULT_MODEL_ID)];
  return [...new Map(models.map((model) => [model.id, model])).values()];
}


/** "3 msgs, 2 tools, 1 image": what a request holds. */
function requestSize(file: CountedFile): string {
  if (file.outcome.kind !== 'request') return '';
  const { messages, tools, images } = file.outcome.request;
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [plural(messages.length, 'msg'), ...(tools.length ? [plural(tools.length, 'tool')] : []), ...(images.length ? [plural(images.length, 'image')] : [])].join(', ');
}

/** The line above a file's table: its path, size, and what was counted. */
function fileHeader(file: CountedFile): string {
  const header = `${file.input.path}  (${file.input.text.length.toLocaleString('en-US')} characters)`;
  const { outcome } = file;
  if (outcome.kind === 'error') {
    return `${header} · raw text — could not parse line ${outcome.error.position.line + 1}: ${outcome.error.message}`;
  }
  if (outcome.kind === 'plain') return header;
  const { request } = outcome;
  const every = request.alwaysOn ? ' · sent with every request' : '';
  const variables = request.variableSource === 'none' ? '' : ` · ${VARIABLE_WORDS[request.variableSource]}`;
  return `${header} · request: ${requestSize(file)} · ${FORMAT_NAMES[request.format]}${every}${variables}`;
}

/** Notes under a request's table: the file's own count, the first model's parts, and what is not included. */
function requestNotes(file: CountedFile): string[] {
  if (file.outcome.kind !== 'request') return [];
  const { request } = file.outcome;
  const notes: string[] = [];
  const fileCounts = file.results.map(({ result, fileTokens }) => `${formatInteger(fileTokens)} on ${result.model.id}`);
  notes.push(`tokens: the request the file sends, not its text (file text: ${fileCounts.join(', ')}); --raw counts the text.`);
  const [first] = file.results;
  if (first?.request) {
    const parts = first.request.parts.map((part) => {
      const name = part.kind === 'message' ? part.role : part.kind === 'tools' ? `tool ${part.label}` : part.kind;
      return `${name} ${formatTokens(part.tokens, part.exactness)}`;
    });
    notes.push(`Parts on ${first.result.model.id}: ${parts.join(' · ')}.`);
  }
  const omitted = [...new Set(file.results.flatMap(({ request: count }) => count?.omissions.map(describeOmission) ?? []))];
  if (omitted.length) notes.push(`${ESTIMATE_MARK} not included: ${omitted.join('; ')}.`);
  const unfilled = request.variables.filter((variable) => !variable.filled).map((variable) => variable.name);
  if (request.variableSource === 'sample' && unfilled.length) notes.push(`No sample value for ${unfilled.join(', ')}; counted as written.`);
  for (const warning of request.warnings) notes.push(`line ${warning.position.line + 1}: ${warning.message}; counted as written.`);
  return notes;
}

function renderResults(file: CountedFile, options: CliOptions): string {
  const notes: string[] = [];
  if (file.modelNote) notes.push(file.modelNote.charAt(0).toUpperCase() + file.modelNote.slice(1));
  notes.push(...requestNotes(file));
  const table = renderModelTable(file.results, options, file.outcome.kind === 'request');
  return [fileHeader(file), table.table, ...[...notes, ...table.notes].map((note) => `  ${note}`)].join('\n');
}

function listModels(listed: readonly ModelInfo[], options: CliOptions, io: CliIO): void {
  const models = featuredFirst(listed);
  if (options.json) {
    io.stdout(`${JSON.stringify(models.map(toJsonModel), null, 2)}\n`);
    return;
  }
  const rows = models.map((model) => {
    const exactness = describeTokenizer(model.tokenizer)?.exactness ?? 'estimate';
    const { price } = model;
    return [
      model.id,
      model.featured ? (model.tier ?? '') : '',
      model.tokenizer,
      EXACTNESS_WORDS[exactness],
      model.contextWindow ? formatContext(model.contextWindow) : '?',
      price ? formatRate(price.input, price.currency) : 'unpriced',
      price ? formatRate(price.output, price.currency) : '',
      price ? price.asOf : '',
    ];
  });
  io.stdout(
    `${renderTable(
      [
        { header: 'id' },
        { header: 'tier' },
        { header: 'tokenizer' },
        { header: 'count' },
        { header: 'context', right: true },
        { header: 'input/1M', right: true },
        { header: 'output/1M', right: true },
        { header: 'as of' },
      ],
      rows,
    )}\n${models.length} models; featured first.\n`,
  );
}

/** Runs the CLI and resolves its exit code. */
export async function runCli(options: CliOptions, io: CliIO, catalog: ModelCatalog = bundledCatalog()): Promise<number> {
  try {
    if (options.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (options.version) {
      io.stdout(`${io.version}\n`);
      return 0;
    }
    if (options.listModels) {
      if (options.files.length) throw new UsageError(`--list-models takes no files, got "${options.files[0]}".`);
      // -m (or --compare) narrows the list; an unknown id is an error here too.
      listModels(options.models.length || options.compare ? selectModels(options, catalog) : catalog.all(), options, io);
      return 0;
    }
    const chosen = chosenModels(options, catalog);
    const defaultModel = catalog.get(DEFAULT_MODEL_ID);
    const cwd = io.cwd ?? process.cwd();
    const pricing = { profile: options.profile, cnyPerUsd: options.cnyRate };
    if (options.files.some((path) => isFolder(path, cwd))) {
      // A bundle's files are counted in workers as bare texts: no front matter or sections to read.
      if (options.budgets || options.sections) {
        throw new UsageError(`${options.budgets ? '--budgets' : '--sections'} reads files named one by one, not folders; name the files (a shell glob such as prompts/*.md works).`);
      }
      return await runBundle(options, chosen.length ? chosen : [defaultModel], pricing, io);
    }
    // Read before counting: a broken settings file is a usage error, found before any work.
    const workspace = options.budgets ? loadWorkspaceBudgets(options.workspace, cwd) : undefined;
    const { inputs, skipped, unreadable } = readInputs(options.files, io);
    const files: CountedFile[] = [];
    for (const input of inputs) {
      const file = await countFile(input, { raw: options.raw, chosen, defaultModel, pricing, countText: io.countText }, catalog);
      if (options.compare) sortCheapestFirst(file);
      files.push(file);
    }
    const sections = new Map(options.sections ? files.map((file) => [file, sectionsOf(file, options.raw)] as const) : []);
    const budgetChecks = workspace ? await checkBudgets(files, workspace, cwd, catalog, io.countText) : new Map<CountedFile, BudgetCheck[]>();
    if (options.json) {
      const json: { files: JsonFile[]; total: JsonResult[]; skipped: JsonSkipped[] } = {
        files: files.map((file) => toJsonFile(file, { sections: sections.get(file), budgets: workspace ? (budgetChecks.get(file) ?? []) : undefined })),
        total: inputsTotal(files, pricing),
        skipped: toJsonSkipped(skipped),
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else if (files.length) {
      const rendered = files.map((file) => {
        const parts = [renderResults(file, options)];
        const fileSections = sections.get(file);
        if (fileSections) parts.push(renderSections(file, fileSections));
        for (const check of budgetChecks.get(file) ?? []) parts.push(`  ${describeCheck(check)}`);
        return parts.join('\n');
      });
      io.stdout(`${rendered.join('\n\n')}\n`);
      if (options.top) io.stdout(`\n${largestInputs(files, options.top)}\n`);
    }
    if (workspace && files.length > 0 && [...budgetChecks.values()].every((checks) => checks.length === 0)) {
      const where = workspace.settingsFile ?? `${workspace.root} (no .vscode/settings.json)`;
      io.stderr(`token-cost: --budgets: no budget applies to ${files.length === 1 ? 'this input' : 'these inputs'} (${where}).\n`);
    }
    const budget = Math.max(checkBudget(files, options, io), reportBudgets(budgetChecks, io));
    if (unreadable) {
      if (options.files.length > 1) io.stderr(`token-cost: ${unreadable} of ${options.files.length} inputs could not be read.\n`);
      return EXIT_USAGE;
    }
    return budget;
  } catch (error) {
    if (error instanceof UsageError || error instanceof RangeError) {
      io.stderr(`token-cost: ${error.message}\n${error instanceof UsageError ? 'Run token-cost --help for usage.\n' : ''}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** "budget 2,000 (tokenCost.budgets "prompts/**"): 2,345 tokens on openai/gpt-5-mini, 345 over". */
function describeCheck(check: BudgetCheck): string {
  const verdict = check.over ? `${formatInteger(check.tokens - check.limit)} over` : `${formatInteger(check.limit - check.tokens)} left`;
  return `Budget ${formatInteger(check.limit)} (${check.source}): ${formatInteger(check.tokens)} tokens on ${check.model}, ${verdict}.`;
}

/** `--budgets`: every file over one of its budgets on stderr; exit 1 if any. */
function reportBudgets(checks: ReadonlyMap<CountedFile, readonly BudgetCheck[]>, io: CliIO): number {
  const over = [...checks].flatMap(([file, list]) => list.filter((check) => check.over).map((check) => `${file.input.path}: ${describeCheck(check)}`));
  if (over.length === 0) return 0;
  io.stderr(`token-cost: over budget:\n  ${over.join('\n  ')}\n`);
  return EXIT_OVER_BUDGET;
}

function isFolder(path: string, cwd: string): boolean {
  if (path === '-') return false;
  try {
    return statSync(resolve(cwd, path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `total` of `--json` for files named one by one: for each model every input was counted on, the
 * sum of the inputs' tokens (a prompt file's: its request's), priced as one call.
 */
function inputsTotal(files: readonly CountedFile[], pricing: PricingOptions): JsonResult[] {
  const [first, ...rest] = files;
  if (!first) return [];
  return first.results.flatMap(({ result }) => {
    const model = result.model;
    const all = [first, ...rest].map((file) => file.results.find((counted) => counted.result.model.id === model.id));
    if (all.some((counted) => counted === undefined)) return [];
    const tokens = all.reduce((sum, counted) => sum + counted!.result.tokens, 0);
    const fileTokens = all.reduce((sum, counted) => sum + counted!.fileTokens, 0);
    return [toJsonResult(priceModel(model, tokens, pricing), fileTokens)];
  });
}

/** `--top N` for files named one by one: the largest by their first model's tokens. */
function largestInputs(files: readonly CountedFile[], top: number): string {
  const model = files[0]!.results[0]!.result.model;
  const sized = files.map((file) => ({ path: file.input.path, tokens: file.results.find((counted) => counted.result.model.id === model.id)?.result.tokens ?? 0 }));
  return renderLargest(sized.sort((a, b) => b.tokens - a.tokens).slice(0, top), model.id);
}

function checkBudget(files: readonly CountedFile[], options: CliOptions, io: CliIO): number {
  if (options.budget === undefined) return 0;
  if (files.length === 0) {
    // Every input skipped (binary, directory) or unreadable: a budget check over nothing proves nothing.
    io.stderr(`token-cost: no input was counted, so the budget of ${options.budget.toLocaleString('en-US')} tokens was not checked.\n`);
    return EXIT_USAGE;
  }
  const over = files.flatMap(({ input, results }) =>
    results
      .filter(({ result }) => result.tokens > options.budget!)
      .map(({ result }) => `${input.path}: ${result.tokens.toLocaleString('en-US')} tokens on ${result.model.id}`),
  );
  if (over.length === 0) return 0;
  io.stderr(`token-cost: over the budget of ${options.budget.toLocaleString('en-US')} tokens:\n  ${over.join('\n  ')}\n`);
  return EXIT_OVER_BUDGET;
}
