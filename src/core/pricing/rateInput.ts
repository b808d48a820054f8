import { Decimal } from './decimal';

/**
 * Largest rate a person may type, per 1M tokens (or yuan per dollar): 1,000 times the dearest
 * list price known (o1-pro output, $600/M), so only a typo or an exponent ("1e400") is refused.
 */
export const MAX_RATE = 1_000_000;

/** Decimals a typed rate may have: a fraction of a cent per 1M tokens, short of "1e-400". */
export const MAX_RATE_DECIMALS = 12;

/**
 * A rate typed in settings or on the command line, as a normalized decimal string: from 0 (above
 * 0 unless `zeroAllowed`) to MAX_RATE with at most MAX_RATE_DECIMALS decimals; `undefined` for
 * anything else. Shared so the settings and the CLI refuse the same values.
 */
export function parseRate(value: unknown, zeroAllowed: boolean): string | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  let decimal: Decimal;
  try {
    decimal = Decimal.from(value);
  } catch {
    return undefined;
  }
  const sign = decimal.compare(0);
  if (sign < 0 || (sign === 0 && !zeroAllowed) || decimal.compare(MAX_RATE) > 0) return undefined;
  const text = decimal.toString();
  return (text.split('.')[1] ?? '').length <= MAX_RATE_DECIMALS ? text : undefined;
}
