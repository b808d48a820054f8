import type { Decimal } from '../../core/pricing/decimal';
import { priceModel } from '../../core/pricing/analyze';
import { formatInteger, formatMoney } from '../../core/pricing/format';
import type { CallProfile } from '../../core/pricing/profile';
import type { Currency, ModelInfo } from '../../core/pricing/types';
import type { Translate } from '../ui/l10n';

/** What an edit changed against a baseline (the saved file, or git HEAD), in tokens and money. */
export interface TokenDelta {
  /** Current minus baseline: negative when the cut saved tokens. */
  readonly tokens: number;
  readonly baseline: number;
  /** The change in cost per month at the profile's calls per day; absent for an unpriced model. */
  readonly perMonth?: { readonly amount: Decimal; readonly currency: Currency };
  readonly callsPerDay: number;
}

/** The change from `baseline` to `current` tokens on a model, priced with the call profile (long-context tiers included). */
export function tokenDelta(model: ModelInfo, current: number, baseline: number, profile: CallProfile, cnyPerUsd: string): TokenDelta {
  const now = priceModel(model, current, { profile, cnyPerUsd }).cost;
  const before = priceModel(model, baseline, { profile, cnyPerUsd }).cost;
  const perMonth = now && before ? { amount: now.perMonth.minus(before.perMonth), currency: now.currency } : undefined;
  return { tokens: current - baseline, baseline, callsPerDay: profile.callsPerDay, ...(perMonth ? { perMonth } : {}) };
}

/** `−` or `+` (a real minus sign), nothing for zero. */
function sign(value: number): string {
  return value < 0 ? '\u2212' : value > 0 ? '+' : '';
}

/** `−120 tok (−9 %)`: the change in tokens and, against a non-empty baseline, in percent. */
export function formatTokenChange(delta: TokenDelta, t: Translate): string {
  const tokens = t({ message: '{0} tok', comment: 'a number of tokens, abbreviated as in the status bar, e.g. "−120 tok"' }, `${sign(delta.tokens)}${formatInteger(Math.abs(delta.tokens))}`);
  if (delta.baseline === 0 || delta.tokens === 0) return tokens;
  const percent = Math.round((Math.abs(delta.tokens) / delta.baseline) * 100);
  return t('{0} ({1} %)', tokens, `${sign(delta.tokens)}${percent === 0 ? '<1' : percent}`);
}

/** `−120 tok (−9 %) · −$3.60 / month at 1,000 calls/day`. */
export function formatDelta(delta: TokenDelta, t: Translate): string {
  const parts = [formatTokenChange(delta, t)];
  if (delta.perMonth && delta.tokens !== 0) {
    const { amount, currency } = delta.perMonth;
    const magnitude = amount.isNegative() ? amount.times(-1) : amount;
    const money = `${amount.isNegative() ? '\u2212' : amount.isZero() ? '' : '+'}${formatMoney(magnitude, currency)}`;
    parts.push(t('{0} / month at {1} calls/day', money, formatInteger(delta.callsPerDay)));
  }
  return parts.join(' · ');
}
