import { ScaledEstimateTokenizer } from '../tokenizers/estimate';
import type { Tokenizer } from '../tokenizers/types';
import { cutRuleFor, type CutRule } from './cutRules';

/**
 * How a tokenizer's count of a document can be kept up to date.
 * - `chunked`: the document is chunked with the base encoding's cut rule; the sum of chunk counts
 *   is the base count, and `finish` turns it into this tokenizer's count (identity for the exact
 *   OpenAI encodings, the scaling of a one-factor estimate built on one).
 * - `whole`: no proven cut rule: the whole text is counted again.
 */
export type CountingPlan =
  | {
      readonly kind: 'chunked';
      readonly base: Tokenizer;
      readonly rule: CutRule;
      finish(baseCount: number): number;
    }
  | { readonly kind: 'whole'; readonly tokenizer: Tokenizer };

/** The plan for a loaded tokenizer. */
export function countingPlan(tokenizer: Tokenizer): CountingPlan {
  const rule = cutRuleFor(tokenizer.id);
  // Exact and near-exact (Gemma) vocabularies chunk; an estimate never chunks under its own id.
  if (rule && tokenizer.exactness !== 'estimate') return { kind: 'chunked', base: tokenizer, rule, finish: (n) => n };
  if (tokenizer instanceof ScaledEstimateTokenizer) {
    const referenceRule = cutRuleFor(tokenizer.reference.id);
    if (referenceRule) {
      return { kind: 'chunked', base: tokenizer.reference, rule: referenceRule, finish: (n) => tokenizer.scale(n) };
    }
  }
  return { kind: 'whole', tokenizer };
}
