import { RATE_FIELDS, type RateField } from './overrides';
import type { Currency, ModelInfo, PriceSheet } from './types';
import { sameRate } from './rates';
import type { HeldBackPrice, PriceTable } from './table';

/** One rate of one model that a refresh changed; `from`/`to` undefined: the rate appeared or went. */
export interface RateChange {
  readonly id: string;
  /** A flat rate, or `longContext` for the long-context tiers as a whole. */
  readonly field: RateField | 'longContext';
  readonly from?: string;
  readonly to?: string;
  readonly currency: Currency;
}

/** What a refresh changed, for the short report shown after it. */
export interface PriceChangeReport {
  /** Date of the new figures. */
  readonly asOf: string;
  /** Models in the new table. */
  readonly models: number;
  /** Changed rates, by model id, then in RATE_FIELDS order. */
  readonly changed: readonly RateChange[];
  /** Ids new in this table, sorted. */
  readonly added: readonly string[];
  /** Ids gone from this table, sorted. */
  readonly removed: readonly string[];
  /** Featured prices not applied, each with the rate changes it would make. */
  readonly heldBack: readonly { readonly held: HeldBackPrice; readonly changes: readonly RateChange[] }[];
}

/** The rate changes between two prices of one model (a price that appears or goes: input and output). */
function priceChanges(id: string, before: PriceSheet | undefined, after: PriceSheet | undefined): RateChange[] {
  if (!before && !after) return [];
  const currency = (after ?? before)!.currency;
  if (before && after && before.currency !== after.currency) {
    // Rates in two currencies are never compared as numbers: report input and output as replaced.
    return (['input', 'output'] as const).map((field) => ({ id, field, from: before[field], to: after[field], currency: after.currency }));
  }
  const changes: RateChange[] = [];
  for (const field of RATE_FIELDS) {
    const from = before?.[field];
    const to = after?.[field];
    if (from === undefined && to === undefined) continue;
    if (from !== undefined && to !== undefined && sameRate(from, to)) continue;
    changes.push(compact({ id, field, from, to, currency }));
  }
  if (!sameTiers(before?.longContext, after?.longContext)) changes.push({ id, field: 'longContext', currency });
  return changes;
}

function sameTiers(a: PriceSheet['longContext'], b: PriceSheet['longContext']): boolean {
  const left = a ?? [];
  const right = b ?? [];
  if (left.length !== right.length) return false;
  return left.every((tier, index) => {
    const other = right[index]!;
    return (
      tier.above === other.above &&
      (['input', 'output', 'cachedInput', 'cacheWrite5m', 'cacheWrite1h'] as const).every((field) => sameRate(tier[field], other[field]))
    );
  });
}

/** True when two prices state the same rates (source and date apart). */
export function samePrice(a: PriceSheet | undefined, b: PriceSheet | undefined): boolean {
  return priceChanges('', a, b).length === 0;
}

/** Compares the table in use with a new one. */
export function compareTables(before: PriceTable, after: PriceTable): PriceChangeReport {
  const old = new Map(before.models.map((model) => [model.id, model]));
  const next = new Map(after.models.map((model) => [model.id, model]));
  const changed: RateChange[] = [];
  for (const model of sortById(after.models)) {
    const previous = old.get(model.id);
    if (previous) changed.push(...priceChanges(model.id, previous.price, model.price));
  }
  const heldBack = (after.heldBack ?? []).map((held) => ({ held, changes: priceChanges(held.id, next.get(held.id)?.price, held.price) }));
  return {
    asOf: after.generatedAt,
    models: after.models.length,
    changed,
    added: sortById(after.models.filter((model) => !old.has(model.id))).map((model) => model.id),
    removed: sortById(before.models.filter((model) => !next.has(model.id))).map((model) => model.id),
    heldBack,
  };
}

function sortById(models: readonly ModelInfo[]): ModelInfo[] {
  return [...models].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
