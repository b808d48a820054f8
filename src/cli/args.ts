import { parseArgs } from 'node:util';
import { formatInteger } from '../core/pricing/format';
import type { Currency } from '../core/pricing/types';
import { MAX_RATE, MAX_RATE_DECIMALS, parseRate } from '../core/pricing/rateInput';
import { DEFAULT_MODEL_ID } from '../core/pricing/catalog';
import { bareId } from '../core/pricing/modelIds';
import { DEFAULT_CNY_PER_USD, DEFAULT_CNY_PER_USD_AS_OF } from '../core/pricing/currency';
import { DEFAULT_PROFILE, PROFILE_LIMITS, withinLimit, type CallProfile, type FieldLimit } from '../core/pricing/profile';

/** Exit code for bad usage (unknown option, bad value, unknown model) or an input that could not be read. */
export const EXIT_USAGE = 2;
/** Exit code when an input exceeds `--budget`. */
export const EXIT_OVER_BUDGET = 1;
/** Exit code when `--refresh-prices` (or `--accept-held-prices`) failed; the prices in use stay. */
export const EXIT_PRICES_KEPT = 3;

/** Thrown for bad command-line usage; the message is shown as is, then exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What the command line asked for, validated. */
export interface CliOptions {
  readonly files: string[];
  readonly models: string[];
  readonly compare: boolean;
  /** The call priced: the options given, the extension's defaults for the rest. */
  readonly profile: CallProfile;
  readonly cnyRate?: string;
  readonly budget?: number;
  /** `--budgets`: hold each file to the workspace's `tokenCost.budgets` and its front matter's `tokenBudget:`. */
  readonly budgets: boolean;
  /** `--workspace`: the folder whose `.vscode/settings.json` holds the budgets. */
  readonly workspace?: string;
  /** `--sections`: each file's sections with their tokens. */
  readonly sections: boolean;
  readonly json: boolean;
  /** Count a prompt file's text, not the request it sends. */
  readonly raw: boolean;
  readonly listModels: boolean;
  /** `--no-ignore`: walk folders without reading `.gitignore` files. */
  readonly noIgnore: boolean;
  /** `--top N`: list the N files with the most tokens (default: 10 when a folder is counted, else none). */
  readonly top?: number;
  /** `--prices FILE`: price with this LiteLLM-format file instead of the bundled or refreshed table. */
  readonly pricesFile?: string;
  /** `--refresh-prices`: download the prices and keep them for later runs. */
  readonly refreshPrices: boolean;
  /** `--prices-url`: where `--refresh-prices` downloads from. */
  readonly pricesUrl?: string;
  /** `--prices-cache`: where refreshed prices are kept (default: the user's cache folder). */
  readonly pricesCache?: string;
  /** `--accept-held-prices`: apply the featured price changes the last refresh held back. */
  readonly acceptHeldPrices: boolean;
  readonly help: boolean;
  readonly version: boolean;
  /** `token-cost mcp`: serve MCP on stdin/stdout instead of counting files. */
  readonly mcp: boolean;
}

export const USAGE = `Usage: token-cost [options] [file or folder ...]
       token-cost mcp [call options] [--prices <file>] [--prices-cache <dir>]

Counts the tokens in each file (or stdin when no file or '-') and prices them.
A prompt file or saved request body is counted as the request it sends.
With a folder, the inputs are one bundle: folders are walked (.gitignore
respected), every file is counted as its text, and the total is priced as
one prompt; binary files and files over 20 MB are listed as skipped.
'token-cost mcp' serves the same counts to AI agents: an MCP server on stdin and
stdout with the tools count_tokens, compare_models and list_models, reading files
only inside the client's roots (else the working directory). The call options
(--output-tokens to --cny-rate) set the call it prices. A file named mcp: ./mcp.

Options:
  -m, --model <id>          model id or alias; repeatable (default: the model a
                            prompt file names, else ${bareId(DEFAULT_MODEL_ID)})
      --compare             every featured model, cheapest first
      --output-tokens <n>   expected output tokens per call (default ${DEFAULT_PROFILE.outputTokens})
      --reasoning <x>       reasoning multiplier on output, 1-1000 (default ${DEFAULT_PROFILE.reasoningMultiplier})
      --cache-hit <share>   share of the prompt read from cache, 0-1 (default ${DEFAULT_PROFILE.cacheHitShare})
      --batch               use batch rates where the model has them
      --calls-per-day <n>   for the per-day and per-month (30 days) cost (default ${DEFAULT_PROFILE.callsPerDay})
      --currency USD|CNY    show costs in this currency (default ${DEFAULT_PROFILE.currency})
      --cny-rate <rate>     yuan per US dollar for conversions (default ${DEFAULT_CNY_PER_USD}, set ${DEFAULT_CNY_PER_USD_AS_OF})
      --budget <tokens>     exit 1 if any input (a bundle: its total) exceeds this many
                            tokens on any model
      --budgets             exit 1 if a file exceeds a budget the editor holds it to:
                            "tokenCost.budgets" in the workspace's .vscode/settings.json
                            (globs relative to the workspace) or "tokenBudget:" in its
                            front matter
      --workspace <dir>     the workspace for --budgets (default: the nearest folder at
                            or above the current one with a .vscode/settings.json)
      --sections            each file's sections (headings, tag blocks, a prompt file's
                            messages) with their tokens
      --json                machine-readable output
      --raw                 count a prompt file's text, not its request
      --no-ignore           walk folders without reading .gitignore files
      --top <n>             list the n files with the most tokens (default 10 with
                            a folder)
      --list-models         list model ids, tiers, prices and as-of dates (-m: only those)
      --prices <file>       price with this LiteLLM-format price file, checked like a download
      --refresh-prices      download LiteLLM's current prices (the only network use) and keep
                            them for later runs; without files it only refreshes
      --prices-url <url>    where --refresh-prices downloads from (https; default LiteLLM's
                            file on GitHub)
      --prices-cache <dir>  where refreshed prices are kept (default: your cache folder,
                            e.g. ~/.cache/token-cost-meter)
      --accept-held-prices  apply the featured price changes the last refresh held back
  -h, --help                show this help
  -v, --version             show the version

Exit codes: 0 ok, 1 over budget, 2 bad usage (e.g. unknown model id), an input
or a --prices file that could not be read, a bad budget setting, or --budget
with nothing counted, 3 prices could not be refreshed (the prices in use stay).`;

/** Longest `--top` list; more than this is a file listing, which `--json` gives. */
const MAX_TOP = 10_000;

function wholeNumber(name: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  // Above 2^53 a Number is no longer the integer typed, and the money printed would be inexact.
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value > max) {
    throw new UsageError(`--${name} takes a whole number from 0 to ${formatInteger(max)}, got "${text}".`);
  }
  return value;
}

function decimalNumber(name: string, text: string | undefined, limit: FieldLimit): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !withinLimit(value, limit)) {
    throw new UsageError(`--${name} takes a number from ${limit.min} to ${formatInteger(limit.max)}, got "${text}".`);
  }
  return value;
}

/** Options that make no sense for the MCP server: its tools take the inputs and models, and it never downloads. */
const NOT_FOR_MCP = ['model', 'compare', 'budget', 'json', 'raw', 'no-ignore', 'top', 'list-models', 'refresh-prices', 'prices-url', 'accept-held-prices'] as const;

/** Parses argv (without node and script), throwing UsageError on anything unclear. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const mcp = argv[0] === 'mcp';
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(mcp ? 1 : 0),
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string', short: 'm', multiple: true },
        compare: { type: 'boolean' },
        'output-tokens': { type: 'string' },
        reasoning: { type: 'string' },
        'cache-hit': { type: 'string' },
        batch: { type: 'boolean' },
        'calls-per-day': { type: 'string' },
        currency: { type: 'string' },
        'cny-rate': { type: 'string' },
        budget: { type: 'string' },
        budgets: { type: 'boolean' },
        workspace: { type: 'string' },
        sections: { type: 'boolean' },
        json: { type: 'boolean' },
        raw: { type: 'boolean' },
        'list-models': { type: 'boolean' },
        'no-ignore': { type: 'boolean' },
        top: { type: 'string' },
        prices: { type: 'string' },
        'refresh-prices': { type: 'boolean' },
        'prices-url': { type: 'string' },
        'prices-cache': { type: 'string' },
        'accept-held-prices': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (mcp) {
    const misplaced = NOT_FOR_MCP.find((name) => values[name] !== undefined);
    if (misplaced !== undefined || positionals.length) {
      throw new UsageError(
        `token-cost mcp takes no ${misplaced === undefined ? `files (got "${positionals[0]}")` : `--${misplaced}`}: its tools take the text or path and the models; only the call options, --prices and --prices-cache apply.`,
      );
    }
  }
  const currencyText = values.currency?.toUpperCase();
  if (currencyText !== undefined && currencyText !== 'USD' && currencyText !== 'CNY') {
    throw new UsageError(`--currency takes USD or CNY, got "${values.currency}".`);
  }
  const cnyText = values['cny-rate'];
  const cnyRate = cnyText === undefined ? undefined : parseRate(cnyText.trim(), false);
  if (cnyText !== undefined && cnyRate === undefined) {
    throw new UsageError(
      `--cny-rate takes a positive number up to ${formatInteger(MAX_RATE)} with at most ${MAX_RATE_DECIMALS} decimals, got "${cnyText}".`,
    );
  }
  if (values.prices !== undefined && values['refresh-prices']) {
    throw new UsageError('--prices and --refresh-prices exclude each other: price with a file, or download the prices.');
  }
  if (values.workspace !== undefined && !values.budgets) {
    throw new UsageError('--workspace is where --budgets reads the budgets from; add --budgets.');
  }
  if (values['prices-url'] !== undefined && !values['refresh-prices']) {
    throw new UsageError('--prices-url is where --refresh-prices downloads from; add --refresh-prices.');
  }
  return {
    files: positionals,
    models: values.model ?? [],
    compare: values.compare ?? false,
    profile: {
      outputTokens: wholeNumber('output-tokens', values['output-tokens'], PROFILE_LIMITS.outputTokens.max) ?? DEFAULT_PROFILE.outputTokens,
      reasoningMultiplier: decimalNumber('reasoning', values.reasoning, PROFILE_LIMITS.reasoningMultiplier) ?? DEFAULT_PROFILE.reasoningMultiplier,
      cacheHitShare: decimalNumber('cache-hit', values['cache-hit'], PROFILE_LIMITS.cacheHitShare) ?? DEFAULT_PROFILE.cacheHitShare,
      batch: values.batch ?? DEFAULT_PROFILE.batch,
      callsPerDay: wholeNumber('calls-per-day', values['calls-per-day'], PROFILE_LIMITS.callsPerDay.max) ?? DEFAULT_PROFILE.callsPerDay,
      currency: (currencyText as Currency | undefined) ?? DEFAULT_PROFILE.currency,
    },
    cnyRate,
    budget: wholeNumber('budget', values.budget, Number.MAX_SAFE_INTEGER),
    budgets: values.budgets ?? false,
    workspace: values.workspace,
    sections: values.sections ?? false,
    json: values.json ?? false,
    raw: values.raw ?? false,
    listModels: values['list-models'] ?? false,
    noIgnore: values['no-ignore'] ?? false,
    top: wholeNumber('top', values.top, MAX_TOP),
    pricesFile: values.prices,
    refreshPrices: values['refresh-prices'] ?? false,
    pricesUrl: values['prices-url'],
    pricesCache: values['prices-cache'],
    acceptHeldPrices: values['accept-held-prices'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
    mcp,
  };
}
