import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { convertPrice, FIRST_PARTY_PROVIDERS, type LiteLlmEntry } from '../../src/core/pricing/litellm';
import { perMillionToString, perTokenToPerMillion } from '../../src/core/pricing/rates';
import type { PriceSheet } from '../../src/core/pricing/types';

/**
 * The four price snapshots the featured rates come from, in the order a price's `source` names
 * them: LiteLLM's price map, pydantic's genai-prices data, ai-sdk-cost-calculator's table,
 * OpenRouter's models API (their dates, in the curation, decide which is freshest). Each is
 * read in the shape its publisher gives it; an extract (test/fixtures/prices/) has the same shape
 * with only the featured models' entries, so every reader here works on both.
 */
export const SNAPSHOT_KINDS = ['litellm', 'genai', 'aiSdk', 'openrouter'] as const;

/** One of SNAPSHOT_KINDS. */
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/** A model's rates as one snapshot states them (any of them may be missing), per 1M tokens, in dollars. */
export type StatedPrice = Partial<Omit<PriceSheet, 'currency' | 'source' | 'asOf' | 'keptBundled'>> & {
  /** The model's key in that snapshot. */
  readonly key: string;
};

type Json = unknown;

/** Newest file in `dir` whose name starts with `prefix` (snapshot names carry their date or version). */
export function newestSnapshot(dir: string, prefix: string): string | undefined {
  const names = readdirSync(dir).filter((name) => name.startsWith(prefix) && name.endsWith('.json')).sort();
  const newest = names[names.length - 1];
  return newest === undefined ? undefined : join(dir, newest);
}

function record(value: Json): Record<string, Json> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Json>) : undefined;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** The model's entry in a snapshot (or extract) of `kind`, or `undefined`. */
export function snapshotEntry(kind: SnapshotKind, data: Json, key: string): Json {
  const slash = key.indexOf('/');
  switch (kind) {
    case 'litellm':
      return record(record(data)?.[key]);
    case 'openrouter': {
      const models = record(data)?.data;
      return (Array.isArray(models) ? models : []).map(record).find((model) => model?.id === key);
    }
    case 'genai': {
      const provider = (Array.isArray(data) ? data : []).map(record).find((p) => p?.id === key.slice(0, slash));
      const models = Array.isArray(provider?.models) ? provider.models : [];
      return models.map(record).find((model) => model?.id === key.slice(slash + 1));
    }
    case 'aiSdk':
      return record(record(record(data)?.[key.slice(0, slash)])?.[key.slice(slash + 1)]);
  }
}

/**
 * What an extract keeps of an entry: LiteLLM's and ai-sdk-cost-calculator's entries whole (rates
 * and limits only), genai-prices' and OpenRouter's without their prose (descriptions, comments).
 */
function trimmed(kind: SnapshotKind, entry: Json): Json {
  const fields = record(entry)!;
  if (kind === 'genai') return { id: fields.id, prices: fields.prices };
  if (kind === 'openrouter') return { id: fields.id, context_length: fields.context_length, pricing: fields.pricing };
  return entry;
}

/**
 * The snapshot reduced to the entries of `keys`, in its own shape (keys it lacks are left out),
 * sorted by key: what test/fixtures/prices/ commits, so the cross-check runs without the snapshots.
 */
export function extractEntries(kind: SnapshotKind, data: Json, keys: readonly string[]): Json {
  const wanted = [...new Set(keys)].sort();
  const found = wanted.flatMap((key) => {
    const entry = snapshotEntry(kind, data, key);
    return entry ? [[key, trimmed(kind, entry)] as const] : [];
  });
  switch (kind) {
    case 'litellm':
      return Object.fromEntries(found);
    case 'openrouter':
      return { data: found.map(([, entry]) => entry) };
    case 'genai': {
      const providers = new Map<string, Json[]>();
      for (const [key, model] of found) {
        const provider = key.slice(0, key.indexOf('/'));
        providers.set(provider, [...(providers.get(provider) ?? []), model]);
      }
      return [...providers].map(([id, models]) => ({ id, models }));
    }
    case 'aiSdk': {
      const out: Record<string, Record<string, Json>> = {};
      for (const [key, entry] of found) {
        const slash = key.indexOf('/');
        (out[key.slice(0, slash)] ??= {})[key.slice(slash + 1)] = entry;
      }
      return out;
    }
  }
}

/** The rates the snapshot states for `key`, or `undefined` when it lacks the model or its prices. */
export function statedPrice(kind: SnapshotKind, data: Json, key: string, pricesInForceOn: string): StatedPrice | undefined {
  const entry = record(snapshotEntry(kind, data, key));
  if (!entry) return undefined;
  const stated = (() => {
    switch (kind) {
      case 'litellm':
        return fromLiteLlm(entry as LiteLlmEntry);
      case 'openrouter':
        return fromOpenRouter(entry);
      case 'genai':
        return fromGenai(entry, pricesInForceOn);
      case 'aiSdk':
        return fromAiSdk(entry);
    }
  })();
  return stated && (stated.input !== undefined || stated.output !== undefined) ? compact({ key, ...stated }) : undefined;
}

type Rates = Omit<StatedPrice, 'key'>;

/** LiteLLM: exactly as the generated table converts it (batch at half price by rule included). */
function fromLiteLlm(entry: LiteLlmEntry): Rates | undefined {
  const vendor = FIRST_PARTY_PROVIDERS[entry.litellm_provider ?? ''] ?? 'other';
  const price = convertPrice(entry, vendor, '', '');
  if (!price) return undefined;
  const { currency: _currency, source: _source, asOf: _asOf, ...rates } = price;
  return rates;
}

function perToken(value: Json): string | undefined {
  // "-1" marks OpenRouter's router entries, whose price depends on the routed model.
  return (typeof value === 'string' && value !== '-1') || typeof value === 'number' ? perTokenToPerMillion(value) : undefined;
}

/** OpenRouter resells: only its input, output and cache-read rates are read, not its cache-write or tiers. */
function fromOpenRouter(entry: Record<string, Json>): Rates | undefined {
  const pricing = record(entry.pricing);
  if (!pricing) return undefined;
  return { input: perToken(pricing.prompt), output: perToken(pricing.completion), cachedInput: perToken(pricing.input_cache_read) };
}

/** genai-prices rate: a number, or `{ base, tiers: [{ start, price }] }` (a tier applies above `start`). */
function genaiBase(value: Json): string | undefined {
  if (typeof value === 'number') return perMillionToString(value);
  const base = record(value)?.base;
  return typeof base === 'number' ? perMillionToString(base) : undefined;
}

function genaiTiers(value: Json): Map<number, string> {
  const tiers = record(value)?.tiers;
  const out = new Map<number, string>();
  for (const tier of (Array.isArray(tiers) ? tiers : []).map(record)) {
    if (typeof tier?.start === 'number' && typeof tier.price === 'number') out.set(tier.start, perMillionToString(tier.price));
  }
  return out;
}

/**
 * The prices in force on `date`: the unconstrained entry, replaced by the latest `start_date` change
 * not after that date. Time-of-day entries (DeepSeek's peak hours) are surcharges on some hours,
 * not the list price, and are skipped.
 */
function genaiPricesInForce(prices: Json, date: string): Record<string, Json> | undefined {
  if (!Array.isArray(prices)) return record(prices);
  let current: Record<string, Json> | undefined;
  let currentStart = '';
  for (const item of prices.map(record)) {
    const constraint = record(item?.constraint);
    const start = typeof constraint?.start_date === 'string' ? constraint.start_date : undefined;
    if (!constraint && !current) current = record(item?.prices);
    else if (start && start <= date && start >= currentStart) {
      current = record(item?.prices);
      currentStart = start;
    }
  }
  return current;
}

function fromGenai(entry: Record<string, Json>, date: string): Rates | undefined {
  const prices = genaiPricesInForce(entry.prices, date);
  if (!prices) return undefined;
  const input = genaiTiers(prices.input_mtok);
  const output = genaiTiers(prices.output_mtok);
  const cached = genaiTiers(prices.cache_read_mtok);
  const write = genaiTiers(prices.cache_write_mtok);
  const longContext = [...input.keys()]
    .filter((start) => output.has(start))
    .sort((a, b) => a - b)
    .map((above) => compact({ above, input: input.get(above)!, output: output.get(above)!, cachedInput: cached.get(above), cacheWrite5m: write.get(above) }));
  return {
    input: genaiBase(prices.input_mtok),
    output: genaiBase(prices.output_mtok),
    cachedInput: genaiBase(prices.cache_read_mtok),
    cacheWrite5m: genaiBase(prices.cache_write_mtok),
    cacheWrite1h: genaiBase(prices.cache_write_1h_mtok),
    longContext: longContext.length ? longContext : undefined,
  };
}

function fromAiSdk(entry: Record<string, Json>): Rates | undefined {
  const pick = (field: string): string | undefined => {
    const value = entry[field];
    return typeof value === 'number' ? perMillionToString(value) : undefined;
  };
  const output = pick('outputPer1MTokens');
  const reasoning = pick('reasoningPer1MTokens');
  const threshold = entry.longContextThreshold;
  const longInput = pick('longContextInputPer1MTokens');
  const longOutput = pick('longContextOutputPer1MTokens');
  // An inclusive threshold starts at the threshold itself; `above` counts from the token before it.
  const above = typeof threshold === 'number' ? (entry.longContextThresholdInclusive === true ? threshold - 1 : threshold) : undefined;
  return {
    input: pick('inputPer1MTokens'),
    output,
    cachedInput: pick('cacheReadPer1MTokens'),
    cacheWrite5m: pick('cacheWritePer1MTokens'),
    reasoningOutput: reasoning !== undefined && reasoning !== output ? reasoning : undefined,
    longContext:
      above !== undefined && longInput !== undefined && longOutput !== undefined
        ? [
            compact({
              above,
              input: longInput,
              output: longOutput,
              cachedInput: pick('longContextCacheReadPer1MTokens'),
              cacheWrite5m: pick('longContextCacheWritePer1MTokens'),
            }),
          ]
        : undefined,
  };
}
