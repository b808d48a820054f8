import { calculateCost, type CostBreakdown } from './cost';
import { PROMPT_ONLY, type CallProfile } from './profile';
import { convertCost, DEFAULT_CNY_PER_USD } from './currency';
import type { ModelInfo, PriceSheet } from './types';
import { describeTokenizer, getTokenizer } from '../tokenizers/registry';
import type { TokenizerId, TokenizerInfo } from '../tokenizers/types';

/** How to price: the call profile (its currency included) and the rate for conversions. */
export interface PricingOptions {
  readonly profile?: CallProfile;
  /** Yuan per dollar for conversions, decimal string. */
  readonly cnyPerUsd?: string;
}

/** One model's figures for one text. */
export interface ModelResult {
  readonly model: ModelInfo;
  readonly tokenizer: TokenizerInfo;
  readonly tokens: number;
  /** tokens ÷ context window; undefined when the window is unknown. */
  readonly fractionOfContext?: number;
  /** tokens ÷ usable input limit (max input, else the window). */
  readonly fractionOfInput?: number;
  /** The text alone exceeds the usable input limit. */
  readonly overLimit: boolean;
  /** `null` when the model is unpriced — never a silent zero. */
  readonly cost: CostBreakdown | null;
  readonly price: PriceSheet | null;
}

/** Counts text with a tokenizer; the extension passes its incremental counter, others use the default. */
export type TokenCounter = (tokenizer: TokenizerId, text: string) => number;

/** Counts with the registry's tokenizer, from scratch. */
export const countWithRegistry: TokenCounter = (tokenizer, text) => getTokenizer(tokenizer).count(text);

/** The usable input limit of a model: its max input when known, else its context window. */
function inputLimit(model: ModelInfo): number | undefined {
  return model.maxInput ?? model.contextWindow;
}

/** Prices an already-known token count on one model. */
export function priceModel(model: ModelInfo, tokens: number, options: PricingOptions = {}): ModelResult {
  const tokenizer = describeTokenizer(model.tokenizer) ?? {
    id: model.tokenizer,
    label: model.tokenizer,
    exactness: 'estimate' as const,
    method: 'unknown tokenizer',
  };
  const limit = inputLimit(model);
  let cost: CostBreakdown | null = null;
  if (model.price) {
    const profile = options.profile ?? PROMPT_ONLY;
    cost = convertCost(calculateCost(tokens, model.price, profile), profile.currency, options.cnyPerUsd ?? DEFAULT_CNY_PER_USD);
  }
  return {
    model,
    tokenizer,
    tokens,
    fractionOfContext: model.contextWindow ? tokens / model.contextWindow : undefined,
    fractionOfInput: limit ? tokens / limit : undefined,
    overLimit: limit !== undefined && tokens > limit,
    cost,
    price: model.price ?? null,
  };
}

/**
 * Counts `text` once per distinct tokenizer and prices it on every model. Models that share a
 * tokenizer share its count.
 */
export function analyzeText(
  text: string,
  models: readonly ModelInfo[],
  options: PricingOptions = {},
  count: TokenCounter = countWithRegistry,
): ModelResult[] {
  const counts = new Map<TokenizerId, number>();
  return models.map((model) => {
    let tokens = counts.get(model.tokenizer);
    if (tokens === undefined) {
      tokens = count(model.tokenizer, text);
      counts.set(model.tokenizer, tokens);
    }
    return priceModel(model, tokens, options);
  });
}

/** Cheapest first by cost per call (every cost is in the profile's currency); unpriced models last. */
export function sortByCost(results: readonly ModelResult[]): ModelResult[] {
  return [...results].sort((a, b) => {
    if (!a.cost || !b.cost) return a.cost ? -1 : b.cost ? 1 : 0;
    return a.cost.total.compare(b.cost.total) || a.tokens - b.tokens;
  });
}
