import type { ModelInfo, PriceSheet } from './types';

/** Where a price table's figures come from. */
interface TableSource {
  /** "LiteLLM". */
  readonly name: string;
  /** Date (YYYY-MM-DD) of the source's figures. */
  readonly asOf: string;
  readonly license: string;
  /** Where it was downloaded from, for a refreshed table. */
  readonly url?: string;
}

/**
 * A featured model's refreshed price that was not applied: it moved more than the allowed factor,
 * or the curation says this model's figure must be confirmed by a person. The user may accept it.
 */
export interface HeldBackPrice {
  readonly id: string;
  /** The price the refresh would have set. */
  readonly price: PriceSheet;
  /** `moved`: input or output changed by more than `MAX_FEATURED_MOVE`; `curated`: see `note`. */
  readonly reason: 'moved' | 'curated';
  /** For `curated`: the curation's reason, in English (data, shown as written). */
  readonly note?: string;
}

/**
 * The meter's price table: every model it knows, featured ones flagged, with where the figures come
 * from. The bundled table and a refreshed one have this shape; a refreshed one is stored as is.
 */
export interface PriceTable {
  /** Date (YYYY-MM-DD) of the data, not of the run, so that rebuilding it is byte-stable. */
  readonly generatedAt: string;
  readonly sources: readonly TableSource[];
  readonly models: readonly ModelInfo[];
  /** Featured price changes a refresh held back; empty or absent when there are none. */
  readonly heldBack?: readonly HeldBackPrice[];
}

/**
 * Featured prices may move at most this factor up or down in one refresh before they are held back
 * for the user to accept: a 5× move in a month is a unit error (per token read as per 1K) or a
 * different model behind the same key far more often than a real price change.
 */
export const MAX_FEATURED_MOVE = 5;

/** What the refresh needs to know of each featured model beyond the table itself. */
interface FeaturedRefreshRule {
  /** The model's key in LiteLLM's file; without one the refresh leaves the model's price alone. */
  readonly litellm?: string;
  /**
   * Set when the curation chose another figure than LiteLLM's (a documented exception): a refreshed
   * LiteLLM price is then held back for the user to accept, with this reason.
   */
  readonly holdBack?: string;
}

/** Featured id → its refresh rule. */
export type FeaturedRefreshRules = Readonly<Record<string, FeaturedRefreshRule>>;

/**
 * The table to use of a stored (refreshed) one and the bundled one: the stored table when it is at
 * least as recent as the bundled one, with the bundled curation (names, tiers, aliases, tokenizers,
 * limits) of every featured model and the newer of the two prices; otherwise the bundled table, so
 * an extension update with fresher bundled prices is never hidden behind an old download.
 */
export function preferNewer(stored: PriceTable | undefined, bundled: PriceTable): PriceTable {
  if (!stored || stored.generatedAt < bundled.generatedAt) return bundled;
  const storedById = new Map(stored.models.map((model) => [model.id, model]));
  const curatedIds = new Set(bundled.models.filter((model) => model.featured).map((model) => model.id));
  const featured = bundled.models
    .filter((model) => model.featured)
    .map((curated): ModelInfo => {
      const price = newerPrice(curated.price, storedById.get(curated.id)?.price);
      return price ? { ...curated, price } : curated;
    });
  const rest = stored.models.filter((model) => !model.featured && !curatedIds.has(model.id));
  const heldBack = (stored.heldBack ?? []).filter((held) => curatedIds.has(held.id));
  const table: PriceTable = { generatedAt: stored.generatedAt, sources: stored.sources, models: [...featured, ...rest] };
  return heldBack.length ? { ...table, heldBack } : table;
}

function newerPrice(bundled: PriceSheet | undefined, stored: PriceSheet | undefined): PriceSheet | undefined {
  if (!stored) return bundled;
  if (!bundled) return stored;
  // A refresh never changes a price's currency (LiteLLM is in dollars; yuan entries have no key).
  if (stored.currency !== bundled.currency) return bundled;
  return stored.asOf >= bundled.asOf ? stored : bundled;
}

/** The table with the held-back prices of `ids` applied (all of them without `ids`). */
export function acceptHeldBack(table: PriceTable, ids?: readonly string[]): PriceTable {
  const accepted = (table.heldBack ?? []).filter((held) => !ids || ids.includes(held.id));
  if (!accepted.length) return table;
  const priceOf = new Map(accepted.map((held) => [held.id, held.price]));
  const models = table.models.map((model) => {
    const price = priceOf.get(model.id);
    return price ? { ...model, price } : model;
  });
  const heldBack = (table.heldBack ?? []).filter((held) => !priceOf.has(held.id));
  return { ...table, models, heldBack };
}
