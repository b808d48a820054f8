/**
 * How closely a tokenizer's count matches what the vendor bills.
 * - `exact`: same algorithm and vocabulary as the vendor.
 * - `near-exact`: the vendor's published local tokenizer (text only; chat framing may differ).
 * - `estimate`: another tokenizer's count adjusted by a documented method; see `band`.
 */
export type Exactness = 'exact' | 'near-exact' | 'estimate';

/** Identifier of a tokenizer in the registry, e.g. `o200k_base` or `estimate:anthropic`. */
export type TokenizerId = string;

/** Relative error band of an estimate: the true count lies within `count × (1 + low … 1 + high)`. */
export interface ErrorBand {
  readonly low: number;
  readonly high: number;
}

/** What a tokenizer is, without loading it (for menus, tooltips and JSON output). */
export interface TokenizerInfo {
  readonly id: TokenizerId;
  /** Short name for people, e.g. "o200k_base". */
  readonly label: string;
  readonly exactness: Exactness;
  /** One sentence on how counts are made, e.g. "tiktoken o200k_base, special tokens as text". */
  readonly method: string;
  /** Present for estimates only. */
  readonly band?: ErrorBand;
}

/** A loaded tokenizer. `count` never throws on any string, special-token text included. */
export interface Tokenizer extends TokenizerInfo {
  count(text: string): number;
}
