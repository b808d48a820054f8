import * as v from 'valibot';
import type { PriceRefreshFailure } from './failures';
import { isFirstPartyText, type LiteLlmEntry } from './litellm';
import { MAX_TABLE_RATE } from './tableSchema';

/** Largest per-token rate accepted: MAX_TABLE_RATE per 1M tokens. */
const MAX_PER_TOKEN_RATE = MAX_TABLE_RATE / 1_000_000;

/**
 * Per-token rate fields (`input_cost_per_token`, `cache_read_input_token_cost`,
 * `output_cost_per_token_above_200k_tokens`, `input_cost_per_token_batches` …): every one must be
 * a number from 0 to MAX_PER_TOKEN_RATE in the entries the meter keeps.
 */
const RATE_FIELD = /cost_per_(?:\w+_)?token|_token_cost/;

const perTokenRate = v.pipe(
  v.number('not a number'),
  v.finite('not a finite number'),
  v.minValue(0, 'negative'),
  v.maxValue(MAX_PER_TOKEN_RATE, `above ${MAX_TABLE_RATE} per 1M tokens`),
);
const tokenLimit = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

/** The fields the conversion reads, typed; the rest of an entry is kept as it is. */
const keptEntry = v.looseObject({
  litellm_provider: v.string(),
  mode: v.string(),
  max_input_tokens: v.optional(tokenLimit),
  max_output_tokens: v.optional(tokenLimit),
  tiered_pricing: v.optional(
    v.array(v.looseObject({ range: v.tuple([v.pipe(v.number(), v.minValue(0)), v.number()]) })),
  ),
});

/** A parsed and checked LiteLLM file, or why it is refused. */
export type LiteLlmFileResult =
  | {
      readonly ok: true;
      readonly entries: Readonly<Record<string, LiteLlmEntry>>;
      /** The day the file says it was updated (`last_updated`, which mirrors of it add), if it says so. */
      readonly updated?: string;
    }
  | { readonly ok: false; readonly failure: PriceRefreshFailure };

/**
 * Reads LiteLLM's `model_prices_and_context_window.json` as text: JSON, an object of model
 * entries, and in every entry the conversion keeps (first-party text models) limits that are
 * whole numbers and per-token rates that are numbers from 0 to MAX_PER_TOKEN_RATE. Entries that are
 * not objects (LiteLLM keeps e.g. a `last_updated` string at the top) are dropped; any other
 * problem refuses the whole file, since a file with one impossible rate cannot be trusted for the
 * others. Never throws.
 */
export function readLiteLlmFile(text: string): LiteLlmFileResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, failure: { kind: 'notJson', detail: error instanceof Error ? error.message : String(error) } };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const found = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    return { ok: false, failure: { kind: 'wrongShape', detail: `expected an object of model entries, found ${found}` } };
  }
  const entries: Record<string, LiteLlmEntry> = {};
  const stamp = (parsed as Record<string, unknown>).last_updated;
  const updated = typeof stamp === 'string' && /^\d{4}-\d{2}-\d{2}/.test(stamp) ? stamp.slice(0, 10) : undefined;
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const entry = value as LiteLlmEntry;
    if (isFirstPartyText(entry)) {
      const problem = checkEntry(key, entry);
      if (problem) return { ok: false, failure: problem };
    }
    entries[key] = entry;
  }
  return updated ? { ok: true, entries, updated } : { ok: true, entries };
}

function checkEntry(key: string, entry: LiteLlmEntry): PriceRefreshFailure | undefined {
  const shape = v.safeParse(keptEntry, entry);
  if (!shape.success) {
    const issue = shape.issues[0];
    return { kind: 'wrongShape', detail: `${key}: ${v.getDotPath(issue) ?? ''} ${issue.message}`.replace(/\s+/g, ' ') };
  }
  const rateFields: [string, unknown][] = Object.entries(entry).filter(([field]) => RATE_FIELD.test(field));
  for (const [index, tier] of (entry.tiered_pricing ?? []).entries()) {
    for (const [field, value] of Object.entries(tier)) {
      if (RATE_FIELD.test(field)) rateFields.push([`tiered_pricing[${index}].${field}`, value]);
    }
  }
  for (const [field, value] of rateFields) {
    const rate = v.safeParse(perTokenRate, value);
    if (!rate.success) return { kind: 'badRate', model: key, field, value: `${typeof value === 'number' ? String(value) : JSON.stringify(value)} (${rate.issues[0].message})` };
  }
  return undefined;
}
