import type { ErrorBand } from './types';

/**
 * The band of several counts taken together (the selections of one editor): each count's band
 * weighted by its tokens, as a script-class estimate weighs its classes. `undefined` when none of
 * them has a band (exact and near-exact counts).
 */
export function combinedBand(parts: readonly { readonly tokens: number; readonly band?: ErrorBand }[]): ErrorBand | undefined {
  const banded = parts.filter((part) => part.band !== undefined);
  if (banded.length === 0) return undefined;
  if (banded.length === 1) return banded[0]!.band;
  const total = banded.reduce((sum, part) => sum + part.tokens, 0);
  if (total === 0) return banded[0]!.band;
  let low = 0;
  let high = 0;
  for (const part of banded) {
    low += part.tokens * part.band!.low;
    high += part.tokens * part.band!.high;
  }
  return { low: low / total, high: high / total };
}

/** The likely range of a count under a band, in whole tokens: [low, high]. */
export function bandRange(count: number, band: ErrorBand): [number, number] {
  return [Math.max(0, Math.round(count * (1 + band.low))), Math.round(count * (1 + band.high))];
}
