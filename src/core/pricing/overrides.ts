import { Decimal } from './decimal';
import type { KeptBundledRate, PriceSheet } from './types';

/**
 * Per-model price fields a user overrides; each one replaces the bundled value, and `longContext`
 * replaces every bundled long-context tier (`[]` removes them).
 */
export type PriceOverride = Partial<Omit<PriceSheet, 'keptBundled'>>;

/** The flat per-1M rate fields of a price sheet (long-context tiers apart), as settings name them. */
export const RATE_FIELDS = [
  'input',
  'output',
  'cachedInput',
  'cacheWrite5m',
  'cacheWrite1h',
  'reasoningOutput',
  'batchInput',
  'batchOutput',
] as const;

/** The per-1M rate fields a long-context tier may set (besides its `above`). */
export const LONG_CONTEXT_RATE_FIELDS = ['input', 'output', 'cachedInput', 'cacheWrite5m', 'cacheWrite1h'] as const;

/** One of {@link RATE_FIELDS}. */
export type RateField = (typeof RATE_FIELDS)[number];

/** What applying one override to a model's bundled price gave. */
export interface OverriddenPrice {
  /** `undefined`: unpriced, for want of an input and an output rate in the price's currency. */
  readonly price: PriceSheet | undefined;
  /** The override states its rates in another currency than the bundled price's. */
  readonly currencyChanged: boolean;
  /**
   * Bundled rates dropped because they are in the other currency and the override does not
   * restate them: rate field names, and `longContext` for the bundled tiers.
   */
  readonly dropped: readonly string[];
}

/**
 * Applies an override field by field over a bundled price. Rates in two currencies are never
 * mixed: an override in another currency than the bundled price keeps none of the bundled rates
 * (a USD rate read as yuan would understate the cost about 7×), so it must give every rate it
 * uses. Long-context and batch rates kept beside an overridden input or output rate are listed
 * in `keptBundled`, since they were priced against the bundled rate, not the user's.
 */
export function applyOverride(base: PriceSheet | undefined, override: PriceOverride): OverriddenPrice {
  const given = withoutUndefined(override);
  const currency = given.currency ?? base?.currency ?? 'USD';
  const currencyChanged = base !== undefined && currency !== base.currency;
  const kept = currencyChanged ? undefined : base;
  const dropped = base && currencyChanged ? droppedRates(base, given) : [];
  const merged = { ...kept, ...given };
  if (merged.input === undefined || merged.output === undefined) return { price: undefined, currencyChanged, dropped };
  const keptBundled = kept ? keptBundledRates(kept, given) : [];
  const price: PriceSheet = {
    ...merged,
    currency,
    input: merged.input,
    output: merged.output,
    source: given.source ?? 'user override',
    asOf: given.asOf ?? base?.asOf ?? 'user',
    ...(keptBundled.length ? { keptBundled } : {}),
  };
  return { price, currencyChanged, dropped };
}

function droppedRates(base: PriceSheet, given: PriceOverride): string[] {
  const dropped: string[] = RATE_FIELDS.filter((field) => base[field] !== undefined && given[field] === undefined);
  if (base.longContext?.length && given.longContext === undefined) dropped.push('longContext');
  return dropped;
}

function keptBundledRates(base: PriceSheet, given: PriceOverride): KeptBundledRate[] {
  const kept: KeptBundledRate[] = [];
  for (const field of ['input', 'output'] as const) {
    const rate = given[field];
    if (rate === undefined || Decimal.from(rate).compare(base[field]) === 0) continue;
    if (given.longContext === undefined) {
      for (const tier of base.longContext ?? []) {
        kept.push({ kind: 'longContext', field, bundled: tier[field], override: rate, above: tier.above });
      }
    }
    const batchField = field === 'input' ? 'batchInput' : 'batchOutput';
    const batch = base[batchField];
    if (batch !== undefined && given[batchField] === undefined) kept.push({ kind: 'batch', field, bundled: batch, override: rate });
  }
  return kept;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
