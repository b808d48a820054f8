import { Decimal } from './decimal';
import { PROMPT_ONLY, type CallProfile } from './profile';
import type { Currency, LongContextRates, PriceSheet } from './types';

/** Days in the "per month" figure. */
const DAYS_PER_MONTH = 30;

/** The cost of a call and its multiples, every figure exact in `currency`. */
export interface CostBreakdown {
  readonly currency: Currency;
  readonly inputTokens: number;
  readonly cachedTokens: number;
  readonly cacheWriteTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  /** Prompt cost (fresh + cached + cache-write tokens). */
  readonly input: Decimal;
  /** Output cost (visible + reasoning tokens). */
  readonly output: Decimal;
  readonly total: Decimal;
  readonly per1000Calls: Decimal;
  readonly perDay: Decimal;
  readonly perMonth: Decimal;
  /** The long-context threshold whose rates applied, if any. */
  readonly longContextAbove?: number;
  /** Batch rates were asked for and applied. */
  readonly batchApplied: boolean;
  /** Batch rates were asked for but the model has none; list rates were used. */
  readonly batchUnavailable: boolean;
  /** A cache share was asked for but the model has no cached rate; the input rate was used. */
  readonly cacheUnavailable: boolean;
}

/** The rates in force for one request size. */
interface EffectiveRates {
  input: string;
  output: string;
  cachedInput?: string;
  cacheWrite5m?: string;
  cacheWrite1h?: string;
  reasoningOutput?: string;
  longContextAbove?: number;
}

/** Picks the highest long-context tier whose threshold the prompt exceeds; it prices the whole request. */
function ratesFor(price: PriceSheet, promptTokens: number): EffectiveRates {
  let tier: LongContextRates | undefined;
  for (const candidate of price.longContext ?? []) {
    if (promptTokens > candidate.above && (!tier || candidate.above > tier.above)) tier = candidate;
  }
  if (!tier) return { ...price };
  return {
    input: tier.input,
    output: tier.output,
    cachedInput: tier.cachedInput ?? price.cachedInput,
    cacheWrite5m: tier.cacheWrite5m ?? price.cacheWrite5m,
    cacheWrite1h: tier.cacheWrite1h ?? price.cacheWrite1h,
    // A separate reasoning rate is not tiered in any source; reasoning follows the tier's output rate.
    reasoningOutput: undefined,
    longContextAbove: tier.above,
  };
}

/** Cost of `tokens` at a per-million `rate`. */
function atRate(tokens: number, rate: string): Decimal {
  return Decimal.from(rate).times(BigInt(tokens)).shiftLeft(6);
}

function clampShare(share: number | undefined): number {
  if (share === undefined || !Number.isFinite(share)) return 0;
  return Math.min(1, Math.max(0, share));
}

/** Validates a profile, throwing a RangeError that names the bad field. */
function checkProfile(profile: CallProfile): void {
  const { outputTokens, reasoningMultiplier, callsPerDay } = profile;
  if (!Number.isInteger(outputTokens) || outputTokens < 0) {
    throw new RangeError(`Expected output tokens must be a whole number ≥ 0, got ${outputTokens}.`);
  }
  if (!Number.isFinite(reasoningMultiplier) || reasoningMultiplier < 1) {
    throw new RangeError(`The reasoning multiplier must be a number ≥ 1, got ${reasoningMultiplier}.`);
  }
  if (!Number.isFinite(callsPerDay) || callsPerDay < 0) {
    throw new RangeError(`Calls per day must be a number ≥ 0, got ${callsPerDay}.`);
  }
}

/**
 * Prices one call of `inputTokens` prompt tokens on a model. Token splits (cached share, reasoning)
 * are rounded to whole tokens first, then every amount is an exact decimal.
 */
export function calculateCost(inputTokens: number, price: PriceSheet, profile: CallProfile = PROMPT_ONLY): CostBreakdown {
  checkProfile(profile);
  const rates = ratesFor(price, inputTokens);

  const wantsCache = clampShare(profile.cacheHitShare) > 0;
  const cacheUnavailable = wantsCache && rates.cachedInput === undefined;
  const cachedTokens = cacheUnavailable ? 0 : Math.round(inputTokens * clampShare(profile.cacheHitShare));
  const writeRate = profile.cacheTtl === '1h' ? rates.cacheWrite1h : rates.cacheWrite5m;
  const writeShare = Math.min(clampShare(profile.cacheWriteShare), 1 - clampShare(profile.cacheHitShare));
  const cacheWriteTokens = writeRate === undefined ? 0 : Math.round(inputTokens * writeShare);
  const freshTokens = inputTokens - cachedTokens - cacheWriteTokens;

  const batchApplied = profile.batch && price.batchInput !== undefined && price.batchOutput !== undefined;
  const inputRate = batchApplied && !rates.longContextAbove ? price.batchInput! : rates.input;
  const outputRate = batchApplied && !rates.longContextAbove ? price.batchOutput! : rates.output;
  // Batch discounts on long-context requests are not listed by any source; we stay at list rates there.

  const totalOutput = Math.round(profile.outputTokens * profile.reasoningMultiplier);
  const reasoningTokens = totalOutput - profile.outputTokens;
  const reasoningRate = batchApplied ? outputRate : (rates.reasoningOutput ?? outputRate);

  let input = atRate(freshTokens, inputRate);
  if (cachedTokens > 0 && rates.cachedInput !== undefined) input = input.plus(atRate(cachedTokens, rates.cachedInput));
  if (cacheWriteTokens > 0 && writeRate !== undefined) input = input.plus(atRate(cacheWriteTokens, writeRate));
  const output = atRate(profile.outputTokens, outputRate).plus(atRate(reasoningTokens, reasoningRate));
  const total = input.plus(output);

  const perDay = total.times(Decimal.from(profile.callsPerDay));
  return {
    currency: price.currency,
    inputTokens,
    cachedTokens,
    cacheWriteTokens,
    outputTokens: profile.outputTokens,
    reasoningTokens,
    input,
    output,
    total,
    per1000Calls: total.times(1000),
    perDay,
    perMonth: perDay.times(DAYS_PER_MONTH),
    longContextAbove: rates.longContextAbove,
    batchApplied,
    batchUnavailable: profile.batch && !batchApplied,
    cacheUnavailable,
  };
}
