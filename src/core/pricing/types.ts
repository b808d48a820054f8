import type { TokenizerId } from '../tokenizers/types';

/** Currencies a price can be stated in. CNY is used for mainland-China list prices. */
export type Currency = 'USD' | 'CNY';

/**
 * Price tiers, cheapest first: `nano`; `mini` (mini / flash / haiku / turbo);
 * `mid` (Sonnet, plus); `top` (pro, opus, max).
 */
export type Tier = 'nano' | 'mini' | 'mid' | 'top';

/** All tiers in display order. */
export const TIERS: readonly Tier[] = ['nano', 'mini', 'mid', 'top'];

/** Rates that switch on when a request's prompt exceeds `above` tokens; they apply to the whole request. */
export interface LongContextRates {
  /** Prompt size in tokens beyond which these rates apply (128k, 200k, 272k …). */
  readonly above: number;
  readonly input: string;
  readonly output: string;
  readonly cachedInput?: string;
  readonly cacheWrite5m?: string;
  readonly cacheWrite1h?: string;
}

/**
 * A bundled long-context or batch rate kept beside an override of the rate it goes with, e.g. the
 * bundled long-context input rate 2.50/M above 200K kept while the override sets input to 0.50/M.
 */
export interface KeptBundledRate {
  /** Which kind of bundled rate was kept. */
  readonly kind: 'longContext' | 'batch';
  /** The overridden rate it goes with. */
  readonly field: 'input' | 'output';
  /** The kept bundled rate, per 1M tokens. */
  readonly bundled: string;
  /** The override's rate for `field`, per 1M tokens. */
  readonly override: string;
  /** For a long-context rate: the prompt size above which it applies. */
  readonly above?: number;
}

/**
 * A model's list prices. Every rate is a decimal string in `currency` per 1,000,000 tokens,
 * kept as a string so that arithmetic on it stays exact.
 */
export interface PriceSheet {
  readonly currency: Currency;
  readonly input: string;
  readonly output: string;
  /** Cache read (cache hit) rate for input tokens. */
  readonly cachedInput?: string;
  /** Cache write rate, 5-minute TTL (Anthropic's default). */
  readonly cacheWrite5m?: string;
  /** Cache write rate, 1-hour TTL. */
  readonly cacheWrite1h?: string;
  /** Rate for reasoning ("thinking") output when it differs from `output`. */
  readonly reasoningOutput?: string;
  readonly batchInput?: string;
  readonly batchOutput?: string;
  /** Ordered by `above`, ascending. */
  readonly longContext?: readonly LongContextRates[];
  /**
   * Bundled rates a user's override left in force although the override changed the rate they
   * go with (set only on overridden prices); the tooltip, the panel and the log name each one.
   */
  readonly keptBundled?: readonly KeptBundledRate[];
  /** Where the figures come from, e.g. "LiteLLM 2026-07-24" or a vendor's pricing page. */
  readonly source: string;
  /** ISO date (YYYY-MM-DD) the figures were last checked. */
  readonly asOf: string;
}

/** A model the meter knows. `price` undefined means *unpriced*: costs are `null`, never $0. */
export interface ModelInfo {
  /** Canonical id `provider/model`, e.g. `openai/gpt-5-mini`. */
  readonly id: string;
  /** Display name, e.g. "GPT-5 mini". */
  readonly name: string;
  /** Vendor key, e.g. `openai`, `anthropic`, `google`. */
  readonly vendor: string;
  readonly tier?: Tier;
  readonly tokenizer: TokenizerId;
  /** Advertised context window (input + output) in tokens. */
  readonly contextWindow?: number;
  /** Usable input limit in tokens, when below the window. */
  readonly maxInput?: number;
  readonly maxOutput?: number;
  /** Shown in the comparison and `--compare`. */
  readonly featured?: boolean;
  /** Other ids that resolve to this model (bare ids, dated snapshots, vendor spellings). */
  readonly aliases?: readonly string[];
  /** Regional variant, e.g. `cn` for mainland-China list prices. */
  readonly region?: string;
  readonly price?: PriceSheet;
}
