import { isRecord } from '../util/isRecord';
import type { Currency } from './types';

/**
 * How one call is made and what its figures are shown in: the one description of a call that the
 * status bar, the comparison panel, the report and the CLI all price with. Settings, the panel's
 * controls and command-line options are three ways to fill it in; the defaults and limits below
 * are the only ones (package.json's schema is checked against them).
 */
export interface CallProfile {
  /** Expected visible output tokens per call. */
  readonly outputTokens: number;
  /**
   * Reasoning multiplier on output (≥ 1): billed output = outputTokens × multiplier, the part above
   * `outputTokens` being reasoning ("thinking") tokens, billed at the reasoning rate if one exists.
   */
  readonly reasoningMultiplier: number;
  /** Calls per day, for per-day and per-month figures. */
  readonly callsPerDay: number;
  /** Share of the prompt (0…1) read from the prompt cache, billed at the cached-input rate. */
  readonly cacheHitShare: number;
  /** Use batch rates (about half price, answers within 24 h). */
  readonly batch: boolean;
  /** The currency figures are shown in (a price in the other one is converted at the user's rate). */
  readonly currency: Currency;
  /** Share of the prompt (0…1) written to the cache on this call, billed at the cache-write rate. */
  readonly cacheWriteShare?: number;
  /** Cache lifetime for cache writes. */
  readonly cacheTtl?: '5m' | '1h';
}

/** The profile everyone starts from: 500 output tokens, 100 calls a day, no cache, no batch, USD. */
export const DEFAULT_PROFILE: CallProfile = {
  outputTokens: 500,
  reasoningMultiplier: 1,
  callsPerDay: 100,
  cacheHitShare: 0,
  batch: false,
  currency: 'USD',
};

/** The prompt alone: what an input-only price (the CLI's `--raw` figures, tests) is made with. */
export const PROMPT_ONLY: CallProfile = { ...DEFAULT_PROFILE, outputTokens: 0, callsPerDay: 0 };

/** Range of a numeric profile field. */
export interface FieldLimit {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/** The numeric fields people set (settings, panel controls, command-line options). */
export type NumericProfileField = 'outputTokens' | 'reasoningMultiplier' | 'callsPerDay' | 'cacheHitShare';

/**
 * Limits of every numeric field; the upper bounds keep a hostile or corrupted value from asking
 * for absurd work (and keep every product of them an exact safe integer in the cost arithmetic).
 */
export const PROFILE_LIMITS: Readonly<Record<NumericProfileField, FieldLimit>> = {
  outputTokens: { min: 0, max: 10_000_000, integer: true },
  reasoningMultiplier: { min: 1, max: 1000, integer: false },
  callsPerDay: { min: 0, max: 1e12, integer: false },
  cacheHitShare: { min: 0, max: 1, integer: false },
};

/** Whether `value` is a number a profile field may hold. */
export function withinLimit(value: unknown, limit: FieldLimit): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= limit.min && value <= limit.max && (!limit.integer || Number.isInteger(value));
}

/** True when `value` is one of the two currencies. */
export function isCurrency(value: unknown): value is Currency {
  return value === 'USD' || value === 'CNY';
}

/**
 * Narrows a profile arriving as plain data (a webview message, saved panel state): `undefined`
 * unless every field people set is present and in range.
 */
export function parseProfile(value: unknown): CallProfile | undefined {
  if (!isRecord(value)) return undefined;
  const { outputTokens, reasoningMultiplier, callsPerDay, cacheHitShare, batch, currency } = value;
  if (!withinLimit(outputTokens, PROFILE_LIMITS.outputTokens)) return undefined;
  if (!withinLimit(reasoningMultiplier, PROFILE_LIMITS.reasoningMultiplier)) return undefined;
  if (!withinLimit(callsPerDay, PROFILE_LIMITS.callsPerDay)) return undefined;
  if (!withinLimit(cacheHitShare, PROFILE_LIMITS.cacheHitShare)) return undefined;
  if (typeof batch !== 'boolean' || !isCurrency(currency)) return undefined;
  return { outputTokens, reasoningMultiplier, callsPerDay, cacheHitShare, batch, currency };
}
