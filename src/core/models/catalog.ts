import type { ModelInfo, PriceSheet } from './types';
import { bareId, editDistance, normalizeId, stripSnapshotSuffix } from './resolve';

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

/** Per-model price fields a user overrides; each one replaces the bundled value. */
export type PriceOverride = Partial<Omit<PriceSheet, 'longContext'>>;

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
   * A new catalog with user price overrides applied (field by field over the bundled price; a
   * model with no bundled price needs at least `input` and `output`) and custom models added
   * (a custom model with a known id replaces it). Returns the problems found instead of throwing.
   */
  withUserModels(
    overrides: Readonly<Record<string, PriceOverride>>,
    custom: readonly ModelInfo[],
  ): { catalog: ModelCatalog; problems: string[] } {
    const problems: string[] = [];
    const replaced = new Map<string, ModelInfo>();
    for (const model of custom) replaced.set(normalizeId(model.id), model);
    const merged: ModelInfo[] = this.models.filter((model) => !replaced.has(normalizeId(model.id)));
    merged.push(...custom);
    const catalog = new ModelCatalog(merged);
    const result = merged.slice();
    for (const [id, override] of Object.entries(overrides)) {
      const model = catalog.find(id);
      if (!model) {
        problems.push(new UnknownModelError(id, catalog.suggest(id)).message);
        continue;
      }
      const price = mergePrice(model.price, override);
      if (!price) {
        problems.push(`Price override for "${id}" needs both "input" and "output": the model has no bundled price.`);
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

function mergePrice(base: PriceSheet | undefined, override: PriceOverride): PriceSheet | undefined {
  const merged = { ...base, ...stripUndefined(override) };
  if (merged.input === undefined || merged.output === undefined) return undefined;
  return {
    ...merged,
    currency: merged.currency ?? 'USD',
    input: merged.input,
    output: merged.output,
    source: override.source ?? 'user override',
    asOf: override.asOf ?? base?.asOf ?? 'user',
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
