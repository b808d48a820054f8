import type { Exactness } from '../../core/tokenizers/types';
import type { Translate } from './l10n';

/**
 * The exactness vocabulary of core/exactness in the user's language. The English source strings
 * are the core's words (a unit test holds them equal), so every surface says the same thing.
 */

/** "exact", "near-exact" or "estimate", translated. */
export function exactnessWord(exactness: Exactness, t: Translate): string {
  switch (exactness) {
    case 'exact':
      return t('exact');
    case 'near-exact':
      return t('near-exact');
    case 'estimate':
      return t('estimate');
  }
}

/** A tokenizer's label with its exactness word: "Gemma 3 (Gemini) (near-exact)". */
export function labelWithExactness(label: string, exactness: Exactness, t: Translate): string {
  return t('{0} ({1})', label, exactnessWord(exactness, t));
}

/** What near-exact means, in one sentence (tooltip and panel alike). */
export function nearExactSentence(t: Translate): string {
  return t('Near-exact: the vendor’s published local tokenizer (text only).');
}
