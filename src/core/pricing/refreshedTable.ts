import { Decimal } from './decimal';
import type { ModelInfo, PriceSheet } from './types';
import type { PriceRefreshFailure } from './failures';
import { convertLiteLlm, convertPrice, FIRST_PARTY_PROVIDERS, isFirstPartyText, type LiteLlmEntry } from './litellm';
import { compareTables, samePrice, type PriceChangeReport } from './priceChanges';
import { sameRate } from './rates';
import { MAX_FEATURED_MOVE, type FeaturedRefreshRules, type HeldBackPrice, type PriceTable } from './table';

/** LiteLLM's licence, as the generated table states it. */
export const LITELLM_LICENSE = 'MIT, Copyright (c) 2023 Berri AI';

/**
 * Fewest priced models a new table may have. LiteLLM's file gave 278 priced first-party text models
 * on 2026-07-24; a file with fewer than 100 is partial, whatever it says.
 */
const MIN_PRICED_MODELS = 100;

/** How to build a new table from a LiteLLM file. */
export interface TableBuildOptions {
  /** Date (YYYY-MM-DD) of the new figures. */
  readonly asOf: string;
  /** Where the file came from (a URL, or a file name), for the table's sources. */
  readonly origin?: string;
  /** The table in use: its featured models keep their curation, and it is what the report compares with. */
  readonly current: PriceTable;
  readonly rules: FeaturedRefreshRules;
  /** Fewest priced models accepted; default MIN_PRICED_MODELS. Half of the current table's count also applies. */
  readonly minModels?: number;
}

/** A new table with what changed, or why the file was refused. */
export type TableBuildResult =
  | { readonly ok: true; readonly table: PriceTable; readonly report: PriceChangeReport }
  | { readonly ok: false; readonly failure: PriceRefreshFailure };

/**
 * The table a checked LiteLLM file gives: its first-party text models, converted exactly as the
 * generator converts them, under the current featured models. A featured model takes its refreshed
 * LiteLLM price unless that price moved more than MAX_FEATURED_MOVE× or the curation holds it back;
 * those are listed in `heldBack` and the current price stays. A featured model LiteLLM no longer
 * lists keeps its price.
 */
export function tableFromLiteLlm(entries: Readonly<Record<string, LiteLlmEntry>>, options: TableBuildOptions): TableBuildResult {
  const { current, rules, asOf } = options;
  const featured = current.models.filter((model) => model.featured);
  const featuredIds = new Set(featured.map((model) => model.id));
  const { models: converted } = convertLiteLlm(entries, asOf);
  const rest = converted.filter((model) => !featuredIds.has(model.id));

  const priced = converted.filter((model) => model.price).length;
  const currentPriced = current.models.filter((model) => !model.featured && model.price).length;
  const needed = Math.max(options.minModels ?? MIN_PRICED_MODELS, Math.ceil(currentPriced / 2));
  if (priced < needed) return { ok: false, failure: { kind: 'tooFewModels', found: priced, needed } };

  const heldBack: HeldBackPrice[] = [];
  const source = `LiteLLM ${asOf}`;
  const refreshedFeatured = featured.map((model): ModelInfo => {
    const rule = rules[model.id];
    const entry = rule?.litellm ? entries[rule.litellm] : undefined;
    const vendor = entry && isFirstPartyText(entry) ? FIRST_PARTY_PROVIDERS[entry.litellm_provider!] : undefined;
    const fresh = entry && vendor ? convertPrice(entry, vendor, source, asOf) : undefined;
    if (!fresh || (model.price && model.price.currency !== fresh.currency)) return model;
    if (!model.price) return { ...model, price: fresh };
    const proposed = mergeRefreshed(model.price, fresh);
    // Rates confirmed as they were: the price stays, with the new date and source.
    if (samePrice(model.price, proposed)) return { ...model, price: proposed };
    if (rule?.holdBack) {
      heldBack.push({ id: model.id, price: proposed, reason: 'curated', note: rule.holdBack });
      return model;
    }
    if (movedTooFar(model.price, fresh)) {
      heldBack.push({ id: model.id, price: proposed, reason: 'moved' });
      return model;
    }
    return { ...model, price: proposed };
  });

  const table: PriceTable = {
    generatedAt: asOf,
    sources: [{ name: 'LiteLLM', asOf, license: LITELLM_LICENSE, ...(options.origin ? { url: options.origin } : {}) }],
    models: [...refreshedFeatured, ...rest],
    ...(heldBack.length ? { heldBack } : {}),
  };
  return { ok: true, table, report: compareTables(current, table) };
}

/**
 * A refreshed LiteLLM price over the current one. When input and output are unchanged, rates the
 * file does not state (e.g. Qwen's cache reads, which only another snapshot gave) are kept; when
 * they changed, the file's price stands alone, since the kept rates belonged to the old price.
 */
function mergeRefreshed(current: PriceSheet, fresh: PriceSheet): PriceSheet {
  if (!sameRate(current.input, fresh.input) || !sameRate(current.output, fresh.output)) return fresh;
  const kept = { ...current, ...withoutUndefined(fresh) };
  const others = current.source
    .split(/;\s*/)
    .filter((part) => part && !part.startsWith('LiteLLM '))
    .join('; ');
  return { ...kept, source: others ? `${fresh.source}; ${others}` : fresh.source, asOf: fresh.asOf };
}

/** Input or output moved more than MAX_FEATURED_MOVE× either way (or from or to zero). */
function movedTooFar(before: PriceSheet, after: PriceSheet): boolean {
  return (['input', 'output'] as const).some((field) => {
    const from = Decimal.from(before[field]);
    const to = Decimal.from(after[field]);
    if (from.isZero() || to.isZero()) return !(from.isZero() && to.isZero());
    return to.compare(from.times(MAX_FEATURED_MOVE)) > 0 || from.compare(to.times(MAX_FEATURED_MOVE)) > 0;
  });
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
