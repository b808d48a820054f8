import { Decimal } from './decimal';
import type { Currency } from './types';
import type { CostBreakdown } from './cost';

/**
 * Default yuan per US dollar, used only when the user asks for a currency other than a model's
 * own and has not set `tokenCost.cnyPerUsd` / `--cny-rate`. Set on 2026-11-28; change it in settings.
 */
export const DEFAULT_CNY_PER_USD = '7.10';
/** The date DEFAULT_CNY_PER_USD was set. */
export const DEFAULT_CNY_PER_USD_AS_OF = '2026-11-28';

/** Converts an amount between USD and CNY at `cnyPerUsd` (yuan per dollar). */
export function convertAmount(amount: Decimal, from: Currency, to: Currency, cnyPerUsd: Decimal | string): Decimal {
  if (from === to) return amount;
  const rate = Decimal.from(cnyPerUsd);
  if (rate.compare(0) <= 0) throw new RangeError(`The CNY rate must be positive, got ${rate.toString()}.`);
  if (from === 'USD') return amount.times(rate);
  // CNY → USD is a division; 12 decimals keep sub-micro-dollar figures stable before display rounding.
  return amount.dividedBy(rate, 12);
}

/** The same breakdown in another currency; token counts and flags unchanged. */
export function convertCost(cost: CostBreakdown, to: Currency, cnyPerUsd: Decimal | string): CostBreakdown {
  if (cost.currency === to) return cost;
  const convert = (amount: Decimal): Decimal => convertAmount(amount, cost.currency, to, cnyPerUsd);
  return {
    ...cost,
    currency: to,
    input: convert(cost.input),
    output: convert(cost.output),
    total: convert(cost.total),
    per1000Calls: convert(cost.per1000Calls),
    perDay: convert(cost.perDay),
    perMonth: convert(cost.perMonth),
  };
}
