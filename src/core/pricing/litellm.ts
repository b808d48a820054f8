import type { LongContextRates, ModelInfo, PriceSheet } from './types';
import { stripSnapshotSuffix } from './modelIds';
import { tokenizerForModel } from '../tokenizers/modelTokenizer';
import { halfOf, perTokenToPerMillion } from './rates';

/** LiteLLM's price file on GitHub: the generator's source and a refresh's default address (a company may use a mirror). */
export const LITELLM_PRICES_URL = 'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json';

/** One entry of LiteLLM's `model_prices_and_context_window.json`; only the fields we read are typed. */
export interface LiteLlmEntry {
  readonly litellm_provider?: string;
  readonly mode?: string;
  readonly max_input_tokens?: number;
  readonly max_output_tokens?: number;
  readonly tiered_pricing?: readonly LiteLlmTier[];
  readonly [field: string]: unknown;
}

/** A `tiered_pricing` range: rates for requests whose prompt size lies in `range`. */
interface LiteLlmTier {
  readonly range: readonly [number, number];
  readonly input_cost_per_token?: number;
  readonly output_cost_per_token?: number;
  readonly cache_read_input_token_cost?: number;
}

/**
 * LiteLLM providers that are the model makers' own APIs, and our vendor key for each. Resellers
 * and clouds (bedrock, azure, vertex, openrouter, fireworks, together …) are left out on purpose:
 * their prices are someone else's, and the same model would appear ten times.
 */
export const FIRST_PARTY_PROVIDERS: Readonly<Record<string, string>> = {
  openai: 'openai',
  'text-completion-openai': 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  xai: 'xai',
  deepseek: 'deepseek',
  mistral: 'mistral',
  codestral: 'mistral',
  dashscope: 'qwen',
  moonshot: 'moonshot',
  cohere: 'cohere',
  cohere_chat: 'cohere',
  perplexity: 'perplexity',
  zai: 'zai',
  minimax: 'minimax',
};

/** Text-generation modes; image, audio, embedding, rerank, moderation … entries are skipped. */
const TEXT_MODES = new Set(['chat', 'completion', 'responses']);

/**
 * Names of entries that LiteLLM files under a text mode but that are not priced per text token:
 * fine-tune templates (`ft:`), audio/realtime/TTS/live models, image models, music (lyria),
 * OpenAI's code-interpreter container.
 */
const NON_TEXT_NAME = /^ft:|audio|realtime|tts|transcribe|-live|image|embed|moderation|lyria|^container$/;

/** A model maker's own API and a text mode: the entries convertLiteLlm may keep (names are filtered after). */
export function isFirstPartyText(entry: LiteLlmEntry): boolean {
  return FIRST_PARTY_PROVIDERS[entry.litellm_provider ?? ''] !== undefined && TEXT_MODES.has(entry.mode ?? '');
}

/** Prompt-size thresholds (in thousands) that LiteLLM encodes as `*_above_<n>k_tokens` fields. */
const THRESHOLDS_K = [128, 200, 256, 272, 512] as const;

/** What a conversion dropped and why, for the generator's summary. */
export interface ConversionReport {
  readonly kept: number;
  readonly skipped: number;
  readonly foldedSnapshots: number;
  readonly unpriced: number;
}

function rate(value: unknown): string | undefined {
  return typeof value === 'number' ? perTokenToPerMillion(value) : undefined;
}

/** An optional rate: LiteLLM writes 0 where it means "not stated" (e.g. DeepSeek's cache write). */
function optionalRate(value: unknown): string | undefined {
  return typeof value === 'number' && value > 0 ? perTokenToPerMillion(value) : undefined;
}

/** Drops undefined fields so the JSON stays small and key order stays stable. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function longContextTiers(entry: LiteLlmEntry): LongContextRates[] {
  const tiers: LongContextRates[] = [];
  for (const k of THRESHOLDS_K) {
    const input = rate(entry[`input_cost_per_token_above_${k}k_tokens`]);
    const output = rate(entry[`output_cost_per_token_above_${k}k_tokens`]);
    if (input === undefined || output === undefined) continue;
    tiers.push(
      compact({
        above: k * 1000,
        input,
        output,
        cachedInput: optionalRate(entry[`cache_read_input_token_cost_above_${k}k_tokens`]),
        cacheWrite5m: optionalRate(entry[`cache_creation_input_token_cost_above_${k}k_tokens`]),
        cacheWrite1h: optionalRate(entry[`cache_creation_input_token_cost_above_1hr_above_${k}k_tokens`]),
      }),
    );
  }
  return tiers;
}

/** Vendors whose Batch API is half price by rule. */
export const BATCH_HALF_PRICE_VENDORS = new Set(['anthropic', 'openai', 'google']);

/**
 * Converts one entry's rates. `tiered_pricing` (Qwen) lists ranges by prompt size; the range
 * starting at 0 holds the base rates and every later range is a long-context tier, which, like the
 * `_above_` fields, prices the whole request. `undefined` when input or output is missing, or when
 * both are 0 (LiteLLM's placeholder for "unknown" and for free experimental models): such a model
 * is *unpriced*, never $0.
 */
export function convertPrice(entry: LiteLlmEntry, vendor: string, source: string, asOf: string): PriceSheet | undefined {
  const ranges = [...(entry.tiered_pricing ?? [])].sort((a, b) => a.range[0] - b.range[0]);
  const base = ranges.find((tier) => tier.range[0] === 0);
  const inputValue = entry.input_cost_per_token ?? base?.input_cost_per_token;
  const outputValue = entry.output_cost_per_token ?? base?.output_cost_per_token;
  if (typeof inputValue !== 'number' || typeof outputValue !== 'number') return undefined;
  if (inputValue === 0 && outputValue === 0) return undefined;
  const input = perTokenToPerMillion(inputValue);
  const output = perTokenToPerMillion(outputValue);

  const longContext = longContextTiers(entry);
  for (const tier of ranges) {
    if (tier.range[0] === 0 || longContext.some((existing) => existing.above === tier.range[0])) continue;
    const tierInput = rate(tier.input_cost_per_token);
    const tierOutput = rate(tier.output_cost_per_token);
    if (tierInput === undefined || tierOutput === undefined) continue;
    longContext.push(compact({ above: tier.range[0], input: tierInput, output: tierOutput, cachedInput: optionalRate(tier.cache_read_input_token_cost) }));
  }
  longContext.sort((a, b) => a.above - b.above);

  const reasoning = rate(entry.output_cost_per_reasoning_token);
  let batchInput = rate(entry.input_cost_per_token_batches);
  let batchOutput = rate(entry.output_cost_per_token_batches);
  if (BATCH_HALF_PRICE_VENDORS.has(vendor) && batchInput === undefined && batchOutput === undefined) {
    // Anthropic's, OpenAI's and Google's Batch APIs are 50% off list for every model they accept;
    // LiteLLM states batch rates for some OpenAI models only (and those are exactly half).
    batchInput = halfOf(input);
    batchOutput = halfOf(output);
  }
  if (batchInput === undefined || batchOutput === undefined) batchInput = batchOutput = undefined;

  return compact({
    currency: 'USD' as const,
    input,
    output,
    cachedInput: optionalRate(entry.cache_read_input_token_cost ?? entry.input_cost_per_token_cache_hit ?? base?.cache_read_input_token_cost),
    cacheWrite5m: optionalRate(entry.cache_creation_input_token_cost),
    cacheWrite1h: optionalRate(entry.cache_creation_input_token_cost_above_1hr),
    reasoningOutput: reasoning !== undefined && reasoning !== output ? reasoning : undefined,
    batchInput,
    batchOutput,
    longContext: longContext.length ? longContext : undefined,
    source,
    asOf,
  });
}

/** `gemini/gemini-2.5-pro` → `gemini-2.5-pro`; keys with a further slash (resellers inside a provider) → undefined. */
function bareName(key: string, provider: string, vendor: string): string | undefined {
  let name = key;
  for (const prefix of new Set([`${provider}/`, `${vendor}/`, 'gemini/', 'codestral/'])) {
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
      break;
    }
  }
  return name.includes('/') ? undefined : name;
}

/**
 * Ids a dated or preview id may be a snapshot of: `gpt-4o-mini-search-preview-2025-03-11` →
 * `gpt-4o-mini-search-preview` (date only) and `gpt-4o-mini-search` (date and preview).
 */
function snapshotBases(id: string): string[] {
  const dateOnly = id.replace(/-\d{4}-\d{2}-\d{2}$/, '').replace(/-\d{8}$/, '').replace(/-\d{4}$/, '');
  return [...new Set([dateOnly, stripSnapshotSuffix(id)])].filter((base) => base !== id);
}

/** The limits and prices that decide whether a dated snapshot is the same model as its base. */
function fingerprint(model: ModelInfo): string {
  const { price, maxInput, maxOutput } = model;
  return JSON.stringify({ maxInput, maxOutput, price: price && { ...price, source: undefined } });
}

/**
 * Turns LiteLLM's table into our models: first-party text models only, canonical ids
 * `vendor/model`, original keys kept as aliases, dated snapshots folded into their base model when
 * their prices and limits are identical. Sorted by id, so the output is deterministic.
 */
export function convertLiteLlm(
  raw: Readonly<Record<string, LiteLlmEntry>>,
  asOf: string,
): { models: ModelInfo[]; report: ConversionReport } {
  const source = `LiteLLM ${asOf}`;
  const candidates = new Map<string, { model: ModelInfo; keys: string[]; weight: number }>();
  let skipped = 0;
  for (const key of Object.keys(raw).sort()) {
    const entry = raw[key]!;
    const provider = entry.litellm_provider ?? '';
    const vendor = FIRST_PARTY_PROVIDERS[provider];
    const name = vendor ? bareName(key, provider, vendor) : undefined;
    if (!vendor || !name || !TEXT_MODES.has(entry.mode ?? '') || NON_TEXT_NAME.test(name)) {
      skipped++;
      continue;
    }
    const id = `${vendor}/${name}`;
    const maxInput = typeof entry.max_input_tokens === 'number' ? entry.max_input_tokens : undefined;
    const model: ModelInfo = compact({
      id,
      name,
      vendor,
      tokenizer: tokenizerForModel(vendor, name),
      // LiteLLM states the usable input, not the advertised window; we report what it states.
      contextWindow: maxInput,
      maxInput,
      maxOutput: typeof entry.max_output_tokens === 'number' ? entry.max_output_tokens : undefined,
      price: convertPrice(entry, vendor, source, asOf),
    });
    // `deepseek-chat` and `deepseek/deepseek-chat` both map to one id: keep the fuller entry.
    const weight = Object.keys(entry).length;
    const existing = candidates.get(id);
    if (!existing) candidates.set(id, { model, keys: [key], weight });
    else {
      existing.keys.push(key);
      if (weight > existing.weight) Object.assign(existing, { model, weight });
    }
  }

  let foldedSnapshots = 0;
  for (const [id, candidate] of [...candidates].sort(([a], [b]) => a.localeCompare(b))) {
    const base = snapshotBases(id)
      .map((undated) => candidates.get(undated))
      .find((other) => other !== undefined && fingerprint(other.model) === fingerprint(candidate.model));
    if (!base) continue;
    base.keys.push(...candidate.keys, id.slice(id.indexOf('/') + 1));
    candidates.delete(id);
    foldedSnapshots++;
  }

  const models = [...candidates.values()]
    .map(({ model, keys }) => {
      const bare = model.id.slice(model.id.indexOf('/') + 1);
      const aliases = [...new Set(keys)].filter((key) => key !== bare && key !== model.id).sort();
      return aliases.length ? { ...model, aliases } : model;
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const unpriced = models.filter((model) => !model.price).length;
  return { models, report: { kept: models.length, skipped, foldedSnapshots, unpriced } };
}
