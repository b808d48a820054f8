import type { Currency, ModelInfo } from './types';
import { applyOverride, type PriceOverride } from './overrides';
import { bareId, editDistance, normalizeId, stripSnapshotSuffix } from './modelIds';

export type { PriceOverride } from './overrides';

/** Thrown for an id that matches no model; `suggestions` holds the closest known ids. */
export class UnknownModelError extends Error {
  constructor(
    readonly requested: string,
    readonly suggestions: readonly string[],
  ) {
    super(
      `Unknown model "${requested}".` +
        (suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : ' Run with --list-models to see the known ids.'),
    );
    this.name = 'UnknownModelError';
  }
}

/**
 * A user model or override the catalog applied differently from how it reads, or not at all.
 * Data, not sentences: the extension words each one in the user's language, naming the setting.
 */
export type CatalogProblem =
  /** A price override for an id that matches no model. */
  | { readonly kind: 'unknownOverride'; readonly id: string; readonly suggestions: readonly string[] }
  /** A second price override for the same model under another of its names; the first one applies. */
  | { readonly kind: 'duplicateOverride'; readonly id: string; readonly earlierId: string; readonly modelId: string }
  /** A price override for a model without a bundled price, lacking `input` or `output`. */
  | { readonly kind: 'overrideNeedsInputAndOutput'; readonly id: string }
  /**
   * A price override in another currency than the bundled price: the bundled rates it does not
   * restate (`dropped`) are gone, and without input and output the model is `unpriced`.
   */
  | {
      readonly kind: 'overrideCurrencyChanged';
      readonly id: string;
      readonly currency: Currency;
      readonly bundledCurrency: Currency;
      readonly dropped: readonly string[];
      readonly unpriced: boolean;
    }
  /**
   * A custom model whose id is a bundled model's id (`replaces`: the bundled model is gone) or one
   * of its other names (bare id, alias: that name now means the custom model).
   */
  | {
      readonly kind: 'customReusesBundledId';
      readonly id: string;
      readonly bundledId: string;
      readonly replaces: boolean;
      readonly tokenizer: string;
      readonly bundledTokenizer: string;
    };

/** The model the status bar and the CLI use until one is chosen: the one place it is named. */
export const DEFAULT_MODEL_ID = 'openai/gpt-5-mini';

/**
 * The models the meter knows, with id and alias resolution. Immutable: overrides and custom
 * models produce a new catalog, so a bad setting can never corrupt the bundled one.
 */
export class ModelCatalog {
  private readonly byKey = new Map<string, ModelInfo>();

  constructor(private readonly models: readonly ModelInfo[]) {
    for (const model of models) this.byKey.set(normalizeId(model.id), model);
    // Bare ids and aliases never shadow a canonical id; when several models share one, featured
    // and global (non-regional) models win, then the first listed.
    const ranked = [...models].sort((a, b) => rank(a) - rank(b));
    for (const model of ranked) {
      for (const key of [bareId(model.id), ...(model.aliases ?? [])].map(normalizeId)) {
        if (!this.byKey.has(key)) this.byKey.set(key, model);
      }
    }
  }

  /** Every model, in the order given. */
  all(): readonly ModelInfo[] {
    return this.models;
  }

  /** Featured models (the comparison's rows). */
  /**
   * The model used where the chosen one is unknown or none is chosen: the default, else the first
   * featured, else the first known (custom catalogs may lack the default).
   */
  fallback(): ModelInfo | undefined {
    return this.find(DEFAULT_MODEL_ID) ?? this.featured()[0] ?? this.models[0];
  }

  featured(): ModelInfo[] {
    return this.models.filter((model) => model.featured);
  }

  /** Resolves an id, bare id, alias or dated snapshot id; `undefined` when nothing matches. */
  find(id: string): ModelInfo | undefined {
    const key = normalizeId(id);
    if (!key) return undefined;
    const direct = this.byKey.get(key);
    if (direct) return direct;
    const undated = stripSnapshotSuffix(key);
    if (undated !== key) {
      const snapshot = this.byKey.get(undated) ?? this.byKey.get(bareId(undated));
      if (snapshot) return snapshot;
    }
    // `gemini/gemini-2.5-flash` or `openrouter/openai/gpt-5`: try the last segment.
    const bare = bareId(undated);
    return bare !== key ? this.byKey.get(bare) : undefined;
  }

  /** Like `find`, but throws UnknownModelError naming the closest ids. */
  get(id: string): ModelInfo {
    const model = this.find(id);
    if (!model) throw new UnknownModelError(id, this.suggest(id));
    return model;
  }

  /** Up to `limit` known ids closest to `id`, featured first among equals. */
  suggest(id: string, limit = 3): string[] {
    const wanted = bareId(stripSnapshotSuffix(normalizeId(id)));
    if (!wanted) return [];
    const scored = this.models.map((model) => {
      const names = [bareId(model.id), ...(model.aliases ?? [])].map(normalizeId);
      const containment = names.some((name) => name.includes(wanted) || wanted.includes(name)) ? -2 : 0;
      const distance = Math.min(...names.map((name) => editDistance(wanted, name)));
      return { model, score: distance + containment + (model.featured ? -0.5 : 0) };
    });
    const cutoff = Math.max(3, Math.ceil(wanted.length / 2));
    return scored
      .filter((entry) => entry.score <= cutoff)
      .sort((a, b) => a.score - b.score || a.model.id.localeCompare(b.model.id))
      .slice(0, limit)
      .map((entry) => entry.model.id);
  }

  /**
   * A new catalog with user price overrides applied (see `applyOverride`) and custom models added
   * (a custom model with a known id replaces it). Returns the problems found instead of throwing.
   */
  withUserModels(
    overrides: Readonly<Record<string, PriceOverride>>,
    custom: readonly ModelInfo[],
  ): { catalog: ModelCatalog; problems: CatalogProblem[] } {
    const problems: CatalogProblem[] = [];
    const replaced = new Map<string, ModelInfo>();
    for (const model of custom) {
      const key = normalizeId(model.id);
      replaced.set(key, model);
      // Only the exact key: `local/gpt-5-mini` shadows nothing, since `gpt-5-mini` still means the bundled model.
      const bundled = this.byKey.get(key);
      if (bundled) {
        problems.push({
          kind: 'customReusesBundledId',
          id: model.id,
          bundledId: bundled.id,
          replaces: normalizeId(bundled.id) === key,
          tokenizer: model.tokenizer,
          bundledTokenizer: bundled.tokenizer,
        });
      }
    }
    const merged: ModelInfo[] = this.models.filter((model) => !replaced.has(normalizeId(model.id)));
    merged.push(...custom);
    const catalog = new ModelCatalog(merged);
    const result = merged.slice();
    const overriddenBy = new Map<ModelInfo, string>();
    for (const [id, override] of Object.entries(overrides)) {
      const model = catalog.find(id);
      if (!model) {
        problems.push({ kind: 'unknownOverride', id, suggestions: catalog.suggest(id) });
        continue;
      }
      const earlier = overriddenBy.get(model);
      if (earlier !== undefined) {
        problems.push({ kind: 'duplicateOverride', id, earlierId: earlier, modelId: model.id });
        continue;
      }
      overriddenBy.set(model, id);
      const { price, currencyChanged, dropped } = applyOverride(model.price, override);
      if (currencyChanged && model.price) {
        // A price in the other currency replaces the bundled one even when it is incomplete:
        // unpriced (costs unknown) is true, bundled dollars read as yuan are not.
        if (dropped.length) {
          problems.push({
            kind: 'overrideCurrencyChanged',
            id,
            currency: override.currency ?? model.price.currency,
            bundledCurrency: model.price.currency,
            dropped,
            unpriced: !price,
          });
        }
      } else if (!price) {
        problems.push({ kind: 'overrideNeedsInputAndOutput', id });
        continue;
      }
      result[result.indexOf(model)] = { ...model, price };
    }
    return { catalog: new ModelCatalog(result), problems };
  }
}

function rank(model: ModelInfo): number {
  return (model.featured ? 0 : 2) + (model.region ? 1 : 0);
}
