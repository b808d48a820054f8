import type { Exactness } from './types';

/**
 * The one vocabulary of exactness every surface uses: the status bar, its tooltip, the model
 * picker, the comparison panel and its copies, and the CLI. Words and sentences here are English;
 * the extension shows them through its translations (extension/ui/exactnessText.ts, checked against
 * these by a unit test) and the CLI, which is not localized, prints them as they are.
 *
 * Only an estimate carries `≈` on the number. A near-exact count comes from the vendor's own
 * published tokenizer and differs from the bill by a few framing tokens at most, the same caveat
 * as an exact count of text alone; `≈` on it would read as "estimated", which it is not, so it
 * has no mark and says *near-exact* wherever the tokenizer is named.
 */

/** Every level, most exact first. */
export const EXACTNESS_LEVELS: readonly Exactness[] = ['exact', 'near-exact', 'estimate'];

/** The mark put before an estimated count, and only before one. */
export const ESTIMATE_MARK = '≈';

/** The word for each level. */
export const EXACTNESS_WORDS: Readonly<Record<Exactness, string>> = {
  exact: 'exact',
  'near-exact': 'near-exact',
  estimate: 'estimate',
};

/** What each word means, for legends. */
export const EXACTNESS_MEANINGS: Readonly<Record<Exactness, string>> = {
  exact: 'the vendor’s own tokenizer',
  'near-exact': 'the vendor’s published local tokenizer; text only, API framing may add a few tokens',
  estimate: 'another tokenizer’s count, adjusted, since the vendor’s is not available offline',
};

/** The mark before a count of this level: `≈` for an estimate, nothing otherwise. */
export function countMark(exactness: Exactness): string {
  return exactness === 'estimate' ? ESTIMATE_MARK : '';
}
