import { Decimal } from './decimal';
import type { Currency } from './types';
import { countMark } from '../tokenizers/exactness';
import type { Exactness } from '../tokenizers/types';

/** Currency symbols as shown next to amounts. */
export const CURRENCY_SYMBOL: Readonly<Record<Currency, string>> = { USD: '$', CNY: '¥' };

/** 1234567 → "1,234,567". Grouping is fixed (not locale-driven) so output is stable in tests and CLI. */
export function formatInteger(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Token count with its exactness mark: `≈` for an estimate only (see core/tokenizers/exactness). */
export function formatTokens(tokens: number, exactness: Exactness): string {
  return `${countMark(exactness)}${formatInteger(tokens)}`;
}

/**
 * Money for people: two decimals from one unit up; below that, two significant digits so small
 * per-call costs stay visible ($0.00031), never more than 8 decimals. Grouped thousands.
 */
export function formatMoney(amount: Decimal, currency: Currency): string {
  const symbol = CURRENCY_SYMBOL[currency];
  const negative = amount.isNegative();
  const magnitude = negative ? Decimal.ZERO.minus(amount) : amount;
  let text: string;
  if (magnitude.isZero() || magnitude.compare(1) >= 0 || magnitude.round(2).compare('0.1') >= 0) {
    text = magnitude.toString(2);
  } else {
    const digits = magnitude.toString();
    const fraction = digits.split('.')[1] ?? '';
    const leadingZeros = fraction.length - fraction.replace(/^0+/, '').length;
    text = magnitude.toString(Math.min(8, Math.max(2, leadingZeros + 2)));
    if (Decimal.from(text).isZero()) return `<${symbol}0.00000001`;
  }
  const [whole = '0', fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${symbol}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A per-million rate for menus: "$0.25/M". */
export function formatRate(rate: string, currency: Currency): string {
  const value = Decimal.from(rate);
  // At least cents, so "$0.40/M" stands beside "$0.42/M"; finer rates keep every digit ($0.025/M).
  const text = value.compare(1) >= 0 || value.isZero() ? value.toString(2) : atLeastTwoDecimals(value.toString());
  return `${CURRENCY_SYMBOL[currency]}${text}/M`;
}

/** "0.4" → "0.40", "0.025" → "0.025". */
function atLeastTwoDecimals(text: string): string {
  const dot = text.indexOf('.');
  if (dot === -1) return `${text}.00`;
  return text.length - dot - 1 >= 2 ? text : text.padEnd(dot + 3, '0');
}

/** 0.4567 → "45.7%"; below 0.1% → "<0.1%". */
export function formatPercent(fraction: number): string {
  if (fraction > 0 && fraction < 0.001) return '<0.1%';
  return `${(fraction * 100).toFixed(fraction >= 0.1 ? 0 : 1)}%`;
}

/** Context sizes: 400000 → "400K", 1048576 → "1M", 2000000 → "2M". */
export function formatContext(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(tokens % 1_000_000 < 50_000 ? 0 : 1))}M`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}
