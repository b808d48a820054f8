import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelInfo } from '../../src/core/pricing/types';
import { perMillionToString, perTokenToPerMillion } from '../../src/core/pricing/rates';

/** Input, output and cache-read rates of one model as one snapshot states them, per 1M tokens. */
export interface StatedRates {
  /** The model's key in that snapshot. */
  readonly key: string;
  readonly input?: string;
  readonly output?: string;
  readonly cachedInput?: string;
}

/** The committed cross-check file: for each featured id, each snapshot's rates. */
export interface CrosscheckFile {
  /** The snapshots read, named as in the `sources` keys below. */
  readonly snapshots: readonly { readonly name: string; readonly file: string }[];
  readonly models: Readonly<Record<string, Readonly<Record<string, StatedRates>>>>;
}

/** Where a featured model lives in each snapshot; a missing key means the snapshot lacks it. */
export interface SnapshotKeys {
  readonly litellm?: string;
  /** `provider/model` as genai-prices names them, e.g. `x-ai/grok-4-1-fast-reasoning`. */
  readonly genai?: string;
  /** `provider/model` in ai-sdk-cost-calculator's table. */
  readonly aiSdk?: string;
  /** OpenRouter model id. */
  readonly openrouter?: string;
}

/**
 * Each featured model's key in each snapshot. Kept by hand rather than matched by name: the
 * snapshots spell models differently (`claude-haiku-4.5`, `claude-3-5-haiku-latest`,
 * `mistral-small-2603`) and a fuzzy match could silently compare against the wrong model.
 */
export const SNAPSHOT_KEYS: Readonly<Record<string, SnapshotKeys>> = {
  'openai/gpt-5-nano': { litellm: 'gpt-5-nano', genai: 'openai/gpt-5-nano', aiSdk: 'openai/gpt-5-nano', openrouter: 'openai/gpt-5-nano' },
  'openai/gpt-5-mini': { litellm: 'gpt-5-mini', genai: 'openai/gpt-5-mini', aiSdk: 'openai/gpt-5-mini', openrouter: 'openai/gpt-5-mini' },
  'openai/gpt-5': { litellm: 'gpt-5', genai: 'openai/gpt-5', aiSdk: 'openai/gpt-5', openrouter: 'openai/gpt-5' },
  'openai/gpt-4.1-mini': { litellm: 'gpt-4.1-mini', genai: 'openai/gpt-4.1-mini', aiSdk: 'openai/gpt-4.1-mini', openrouter: 'openai/gpt-4.1-mini' },
  'openai/gpt-4o-mini': { litellm: 'gpt-4o-mini', genai: 'openai/gpt-4o-mini', aiSdk: 'openai/gpt-4o-mini', openrouter: 'openai/gpt-4o-mini' },
  'openai/gpt-6-astra': { genai: 'openai/gpt-6-astra', aiSdk: 'openai/gpt-6-astra' },
  'google/gemini-2.5-flash-lite': { litellm: 'gemini/gemini-2.5-flash-lite', genai: 'google/gemini-2.5-flash-lite', aiSdk: 'google/gemini-2.5-flash-lite', openrouter: 'google/gemini-2.5-flash-lite' },
  'google/gemini-2.5-flash': { litellm: 'gemini/gemini-2.5-flash', genai: 'google/gemini-2.5-flash', aiSdk: 'google/gemini-2.5-flash', openrouter: 'google/gemini-2.5-flash' },
  'google/gemini-2.5-pro': { litellm: 'gemini/gemini-2.5-pro', genai: 'google/gemini-2.5-pro', aiSdk: 'google/gemini-2.5-pro', openrouter: 'google/gemini-2.5-pro' },
  'google/gemini-3.8-flash': { genai: 'google/gemini-3.8-flash', aiSdk: 'google/gemini-3.8-flash' },
  'google/gemini-3.1-pro-preview': { litellm: 'gemini/gemini-3.1-pro-preview', genai: 'google/gemini-3.1-pro-preview', aiSdk: 'google/gemini-3.1-pro-preview', openrouter: 'google/gemini-3.1-pro-preview' },
  'anthropic/claude-haiku-4-5': { litellm: 'claude-haiku-4-5', genai: 'anthropic/claude-haiku-4-5', aiSdk: 'anthropic/claude-haiku-4-5', openrouter: 'anthropic/claude-haiku-4.5' },
  'anthropic/claude-3-5-haiku': { genai: 'anthropic/claude-3-5-haiku-latest', aiSdk: 'anthropic/claude-3-5-haiku-latest' },
  'anthropic/claude-sonnet-5': { litellm: 'claude-sonnet-5', genai: 'anthropic/claude-sonnet-5', aiSdk: 'anthropic/claude-sonnet-5', openrouter: 'anthropic/claude-sonnet-5' },
  'anthropic/claude-opus-5-5': { genai: 'anthropic/claude-opus-5-5', aiSdk: 'anthropic/claude-opus-5-5' },
  'xai/grok-4-1-fast-reasoning': { litellm: 'xai/grok-4-1-fast-reasoning', genai: 'x-ai/grok-4-1-fast-reasoning', aiSdk: 'xai/grok-4-1-fast-reasoning' },
  'deepseek/deepseek-v4-flash': { litellm: 'deepseek/deepseek-v4-flash', genai: 'deepseek/deepseek-v4-flash', aiSdk: 'deepseek/deepseek-v4-flash', openrouter: 'deepseek/deepseek-v4-flash' },
  'qwen/qwen-turbo': { litellm: 'dashscope/qwen-turbo', aiSdk: 'qwen/qwen-turbo' },
  'qwen/qwen-flash': { litellm: 'dashscope/qwen-flash', aiSdk: 'qwen/qwen-flash' },
  'qwen/qwen-plus': { litellm: 'dashscope/qwen-plus', aiSdk: 'qwen/qwen-plus', openrouter: 'qwen/qwen-plus' },
  'qwen/qwen3-max': { litellm: 'dashscope/qwen3-max', aiSdk: 'qwen/qwen3-max', openrouter: 'qwen/qwen3-max' },
  'moonshot/kimi-k2.6': { litellm: 'moonshot/kimi-k2.6', genai: 'moonshotai/kimi-k2.6', aiSdk: 'moonshot/kimi-k2.6', openrouter: 'moonshotai/kimi-k2.6' },
  'moonshot/kimi-k3': { genai: 'moonshotai/kimi-k3', aiSdk: 'moonshot/kimi-k3', openrouter: 'moonshotai/kimi-k3' },
  'mistral/mistral-small-latest': { litellm: 'mistral/mistral-small-latest', genai: 'mistral/mistral-small-2603', aiSdk: 'mistral/mistral-small-latest', openrouter: 'mistralai/mistral-small-2603' },
  'mistral/mistral-medium-3-5': { litellm: 'mistral/mistral-medium-3-5', genai: 'mistral/mistral-medium-3-5', aiSdk: 'mistral/mistral-medium-latest', openrouter: 'mistralai/mistral-medium-3-5' },
  'mistral/mistral-large-3': { litellm: 'mistral/mistral-large-3', genai: 'mistral/mistral-large-2512', aiSdk: 'mistral/mistral-large-2512', openrouter: 'mistralai/mistral-large-2512' },
};

/**
 * Date up to which genai-prices' dated price changes are applied. The package dates from about
 * 2026-09; changes it schedules for later (e.g. 2027-01-01) are not in force yet.
 */
export const GENAI_PRICES_AS_OF = '2026-09-30';

type Json = unknown;

function record(value: Json): Record<string, Json> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Json>) : undefined;
}

/** Newest file in `dir` whose name starts with `prefix` (snapshot names carry their date or version). */
export function newestSnapshot(dir: string, prefix: string): string | undefined {
  const names = readdirSync(dir).filter((name) => name.startsWith(prefix) && name.endsWith('.json')).sort();
  const newest = names[names.length - 1];
  return newest === undefined ? undefined : join(dir, newest);
}

function stated(key: string, input: string | undefined, output: string | undefined, cachedInput: string | undefined): StatedRates {
  return Object.fromEntries(Object.entries({ key, input, output, cachedInput }).filter(([, v]) => v !== undefined)) as unknown as StatedRates;
}

function fromLiteLlm(table: Record<string, Json>, key: string): StatedRates | undefined {
  const entry = record(table[key]);
  if (!entry) return undefined;
  const tiers = Array.isArray(entry.tiered_pricing) ? (entry.tiered_pricing as Json[]).map(record) : [];
  const base = tiers.find((tier) => Array.isArray(tier?.range) && (tier.range as Json[])[0] === 0);
  const pick = (field: string): string | undefined => {
    const value = entry[field] ?? base?.[field];
    return typeof value === 'number' ? perTokenToPerMillion(value) : undefined;
  };
  return stated(key, pick('input_cost_per_token'), pick('output_cost_per_token'), pick('cache_read_input_token_cost'));
}

/** genai-prices rate: a number or `{ base, tiers }`; the base applies below the first tier. */
function genaiRate(value: Json): string | undefined {
  if (typeof value === 'number') return perMillionToString(value);
  const base = record(value)?.base;
  return typeof base === 'number' ? perMillionToString(base) : undefined;
}

/**
 * The prices in force at GENAI_PRICES_AS_OF: the unconstrained entry, replaced by the latest
 * `start_date` change not after that date. Time-of-day entries (DeepSeek's peak hours) are
 * surcharges on some hours, not the list price, and are skipped.
 */
function genaiPricesInForce(prices: Json): Record<string, Json> | undefined {
  if (!Array.isArray(prices)) return record(prices);
  let current: Record<string, Json> | undefined;
  let currentStart = '';
  for (const item of prices.map(record)) {
    const constraint = record(item?.constraint);
    const start = typeof constraint?.start_date === 'string' ? constraint.start_date : undefined;
    if (!constraint && !current) current = record(item?.prices);
    else if (start && start <= GENAI_PRICES_AS_OF && start >= currentStart) {
      current = record(item?.prices);
      currentStart = start;
    }
  }
  return current;
}

function fromGenai(providers: Json, key: string): StatedRates | undefined {
  const slash = key.indexOf('/');
  const provider = (Array.isArray(providers) ? providers : []).map(record).find((p) => p?.id === key.slice(0, slash));
  const models = Array.isArray(provider?.models) ? (provider.models as Json[]).map(record) : [];
  const model = models.find((m) => m?.id === key.slice(slash + 1));
  if (!model) return undefined;
  const prices = genaiPricesInForce(model.prices);
  if (!prices) return undefined;
  return stated(key, genaiRate(prices.input_mtok), genaiRate(prices.output_mtok), genaiRate(prices.cache_read_mtok));
}

function fromAiSdk(table: Record<string, Json>, key: string): StatedRates | undefined {
  const slash = key.indexOf('/');
  const entry = record(record(table[key.slice(0, slash)])?.[key.slice(slash + 1)]);
  if (!entry) return undefined;
  const pick = (field: string): string | undefined => {
    const value = entry[field];
    return typeof value === 'number' ? perMillionToString(value) : undefined;
  };
  return stated(key, pick('inputPer1MTokens'), pick('outputPer1MTokens'), pick('cacheReadPer1MTokens'));
}

function fromOpenRouter(response: Json, key: string): StatedRates | undefined {
  const data = record(response)?.data;
  const model = (Array.isArray(data) ? data : []).map(record).find((m) => m?.id === key);
  const pricing = record(model?.pricing);
  if (!pricing) return undefined;
  const pick = (field: string): string | undefined => {
    const value = pricing[field];
    // "-1" marks router entries whose price depends on the routed model.
    return typeof value === 'string' && value !== '-1' ? perTokenToPerMillion(value) : undefined;
  };
  return stated(key, pick('prompt'), pick('completion'), pick('input_cache_read'));
}

/**
 * Reads the four snapshots in `dir` and states, for every featured model, its rates in each.
 * Throws with the missing file's name when a snapshot is absent.
 */
export function buildCrosscheck(dir: string, featured: readonly ModelInfo[]): CrosscheckFile {
  const files = {
    litellm: newestSnapshot(dir, 'litellm-model_prices_and_context_window-'),
    genai: newestSnapshot(dir, 'genai-prices-'),
    aiSdk: newestSnapshot(dir, 'ai-sdk-cost-calculator-'),
    openrouter: newestSnapshot(dir, 'openrouter-models-'),
  };
  for (const [name, file] of Object.entries(files)) {
    if (!file) throw new Error(`No ${name} snapshot in ${dir}.`);
  }
  const load = (file: string | undefined): Json => JSON.parse(readFileSync(file!, 'utf8')) as Json;
  const litellm = record(load(files.litellm)) ?? {};
  const genai = load(files.genai);
  const aiSdk = record(load(files.aiSdk)) ?? {};
  const openrouter = load(files.openrouter);
  const names = {
    litellm: snapshotName(files.litellm!),
    genai: snapshotName(files.genai!),
    aiSdk: snapshotName(files.aiSdk!),
    openrouter: snapshotName(files.openrouter!),
  };

  const models: Record<string, Record<string, StatedRates>> = {};
  for (const model of featured) {
    const keys = SNAPSHOT_KEYS[model.id];
    if (!keys) throw new Error(`Featured model ${model.id} has no entry in SNAPSHOT_KEYS (scripts/prices/crosscheck.ts).`);
    const found: Record<string, StatedRates> = {};
    const add = (name: string, rates: StatedRates | undefined): void => {
      if (rates && (rates.input !== undefined || rates.output !== undefined)) found[name] = rates;
    };
    if (keys.litellm) add(names.litellm, fromLiteLlm(litellm, keys.litellm));
    if (keys.genai) add(names.genai, fromGenai(genai, keys.genai));
    if (keys.aiSdk) add(names.aiSdk, fromAiSdk(aiSdk, keys.aiSdk));
    if (keys.openrouter) add(names.openrouter, fromOpenRouter(openrouter, keys.openrouter));
    const expected = Object.values(keys).length;
    if (Object.keys(found).length !== expected) {
      const seen = new Set(Object.values(found).map((rates) => rates.key));
      const absent = Object.values(keys).filter((key) => !seen.has(key));
      throw new Error(`${model.id}: ${absent.join(', ')} not found (or without prices) in the snapshots; fix SNAPSHOT_KEYS.`);
    }
    models[model.id] = found;
  }
  const snapshots = Object.values(names).map((name, index) => ({
    name,
    file: Object.values(files)[index]!.slice(dir.length).replace(/^[\\/]/, ''),
  }));
  return { snapshots, models };
}

/** A snapshot's display name from its file name: "LiteLLM 2026-07-24", "genai-prices 0.1.8" … */
export function snapshotName(file: string): string {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  const litellm = /^litellm-model_prices_and_context_window-(.+)$/.exec(base);
  if (litellm) return `LiteLLM ${litellm[1]}`;
  const genai = /^genai-prices-([\d.]+)-data$/.exec(base);
  if (genai) return `genai-prices ${genai[1]}`;
  const aiSdk = /^ai-sdk-cost-calculator-([\d.]+)-pricing$/.exec(base);
  if (aiSdk) return `ai-sdk-cost-calculator ${aiSdk[1]}`;
  const openrouter = /^openrouter-models-(.+)$/.exec(base);
  if (openrouter) return `OpenRouter ${openrouter[1]}`;
  return base;
}
