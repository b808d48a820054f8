import { Decimal } from './decimal';

/**
 * Significant digits beyond which a float's shortest form is treated as binary noise
 * (0.0000006000000000000001 is 6e-7 that went through a float multiplication somewhere).
 * No list price has more than 12 significant digits; the snapshots' noisy values have 16 or 17.
 */
const MAX_SIGNIFICANT_DIGITS = 12;

/** Exact decimal string of a number or numeric string, taken from its shortest form, never via float arithmetic. */
function exactDecimal(value: number | string): Decimal {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`Not a finite rate: ${value}`);
  const text = typeof value === 'number' ? String(value) : value.trim();
  const mantissa = text.replace(/^[+-]/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
  const significant = mantissa.replace(/0+$/, '').length;
  if (significant > MAX_SIGNIFICANT_DIGITS) {
    // Float noise: round to 12 significant digits, then read that (shortest) form exactly.
    return Decimal.from(Number(Number(text).toPrecision(MAX_SIGNIFICANT_DIGITS)));
  }
  return Decimal.from(text);
}

/**
 * A per-token rate as an exact per-1,000,000-token decimal string: 2.5e-7 → "0.25",
 * 0.00000125 → "1.25", "0.0000006000000000000001" → "0.6". Throws on negative or non-numeric input.
 */
export function perTokenToPerMillion(value: number | string): string {
  const rate = exactDecimal(value);
  if (rate.isNegative()) throw new RangeError(`Negative rate: ${value}`);
  return rate.times(1_000_000n).toString();
}

/** A per-million rate given as a number (ai-sdk-cost-calculator, genai-prices) as an exact decimal string. */
export function perMillionToString(value: number | string): string {
  const rate = exactDecimal(value);
  if (rate.isNegative()) throw new RangeError(`Negative rate: ${value}`);
  return rate.toString();
}

/** Exactly half of a decimal rate string (Anthropic's Batch API is 50% off list prices). */
export function halfOf(rate: string): string {
  // Halving a finite decimal adds at most one digit, so 20 places is always exact.
  return Decimal.from(rate).dividedBy(2, 20).toString();
}

/** True when two decimal strings denote the same number ("0.50" equals "0.5"). */
export function sameRate(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Decimal.from(a).compare(b) === 0;
}
