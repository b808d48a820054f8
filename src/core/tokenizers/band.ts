import { ScriptEstimateTokenizer } from './scriptEstimate';
import type { ErrorBand, Tokenizer } from './types';

/**
 * The error band of `tokenizer`'s count of `texts` (the selections, or the whole file): for a
 * script-class estimate each class's band weighted by that class's share of these texts, for any
 * other estimate its fixed band, and `undefined` for exact and near-exact tokenizers.
 */
export function countBand(tokenizer: Tokenizer, texts: readonly string[]): ErrorBand | undefined {
  if (tokenizer.exactness !== 'estimate') return undefined;
  if (!(tokenizer instanceof ScriptEstimateTokenizer)) return tokenizer.band;
  let total = 0;
  let low = 0;
  let high = 0;
  for (const text of texts) {
    const estimate = tokenizer.estimate(text);
    total += estimate.count;
    low += estimate.count * estimate.band.low;
    high += estimate.count * estimate.band.high;
  }
  return total === 0 ? tokenizer.band : { low: low / total, high: high / total };
}

/** The likely range of a count under a band, in whole tokens: [low, high]. */
export function bandRange(count: number, band: ErrorBand): [number, number] {
  return [Math.max(0, Math.round(count * (1 + band.low))), Math.round(count * (1 + band.high))];
}
