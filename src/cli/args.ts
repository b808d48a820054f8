import { parseArgs } from 'node:util';
import type { Currency } from '../core/models/types';

/** Exit code for bad usage (unknown option, bad value, unknown model). */
export const EXIT_USAGE = 2;
/** Exit code when an input exceeds `--budget`. */
export const EXIT_OVER_BUDGET = 1;

/** Thrown for bad command-line usage; the message is shown as is, then exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What the command line asked for, validated. */
export interface CliOptions {
  readonly files: string[];
  readonly models: string[];
  readonly compare: boolean;
  readonly outputTokens: number;
  readonly reasoning: number;
  readonly cacheHit: number;
  readonly batch: boolean;
  readonly callsPerDay?: number;
  readonly currency?: Currency;
  readonly cnyRate?: string;
  readonly budget?: number;
  readonly json: boolean;
  readonly listModels: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/** The model used when none is named. */
export const DEFAULT_MODEL = 'gpt-5-mini';

export const USAGE = `Usage: token-cost [options] [file ...]

Counts the tokens in each file (or stdin when no file or '-') and prices them.

Options:
  -m, --model <id>          model id or alias; repeatable (default: ${DEFAULT_MODEL})
      --compare             every featured model, cheapest first
      --output-tokens <n>   expected output tokens per call (default 0)
      --reasoning <x>       reasoning multiplier on output, >= 1 (default 1)
      --cache-hit <share>   share of the prompt read from cache, 0-1 (default 0)
      --batch               use batch rates where the model has them
      --calls-per-day <n>   add per-day and per-month (30 days) cost
      --currency USD|CNY    show costs in this currency
      --cny-rate <rate>     yuan per US dollar for conversions (default 7.10, set 2026-11-28)
      --budget <tokens>     exit 1 if any input exceeds this many tokens on any model
      --json                machine-readable output
      --list-models         list model ids, tiers, prices and as-of dates
  -h, --help                show this help
  -v, --version             show the version

Exit codes: 0 ok, 1 over budget, 2 bad usage (e.g. unknown model id).`;

function wholeNumber(name: string, text: string | undefined, fallback?: number): number | undefined {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${name} takes a whole number ≥ 0, got "${text}".`);
  return Number(text);
}

function decimalNumber(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} takes a number from ${min} to ${max === Infinity ? 'any' : max}, got "${text}".`);
  }
  return value;
}

/** Parses argv (without node and script), throwing UsageError on anything unclear. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
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
        json: { type: 'boolean' },
        'list-models': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const currencyText = values.currency?.toUpperCase();
  if (currencyText !== undefined && currencyText !== 'USD' && currencyText !== 'CNY') {
    throw new UsageError(`--currency takes USD or CNY, got "${values.currency}".`);
  }
  const cnyRate = values['cny-rate'];
  if (cnyRate !== undefined) decimalNumber('cny-rate', cnyRate, Number.MIN_VALUE, Infinity);
  return {
    files: positionals,
    models: values.model ?? [],
    compare: values.compare ?? false,
    outputTokens: wholeNumber('output-tokens', values['output-tokens'], 0)!,
    reasoning: decimalNumber('reasoning', values.reasoning, 1, Infinity) ?? 1,
    cacheHit: decimalNumber('cache-hit', values['cache-hit'], 0, 1) ?? 0,
    batch: values.batch ?? false,
    callsPerDay: wholeNumber('calls-per-day', values['calls-per-day']),
    currency: currencyText as Currency | undefined,
    cnyRate: cnyRate?.trim(),
    budget: wholeNumber('budget', values.budget),
    json: values.json ?? false,
    listModels: values['list-models'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
