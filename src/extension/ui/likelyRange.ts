import { bandRange } from '../../core/tokenizers/band';
import type { ErrorBand } from '../../core/tokenizers/types';
import { formatInteger } from '../../core/pricing/format';
import type { Translate } from './l10n';

/** "1,020–1,560": the likely range of an estimated `tokens` under `band`, as people read it. */
export function formatLikelyRange(tokens: number, band: ErrorBand, t: Translate): string {
  const [low, high] = bandRange(tokens, band);
  return t('{0}–{1}', formatInteger(low), formatInteger(high));
}
