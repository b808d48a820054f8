import * as v from 'valibot';
import { Decimal } from './decimal';
import { TIERS } from './types';
import type { PriceTable } from './table';

/**
 * Largest rate a table may state, per 1M tokens: about 16 times the dearest list price known (o1-pro
 * output, $600/M). Beyond it a figure is a unit error (per token read as per million), not a price.
 */
export const MAX_TABLE_RATE = 10_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const rate = v.pipe(
  v.string(),
  v.regex(/^\d+(\.\d+)?$/, 'not a plain non-negative decimal'),
  v.check((text) => Decimal.from(text).compare(MAX_TABLE_RATE) <= 0, `above ${MAX_TABLE_RATE} per 1M tokens`),
);
const date = v.pipe(v.string(), v.regex(DATE, 'not a date YYYY-MM-DD'));
const tokenLimit = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

const longContextTier = v.object({
  above: tokenLimit,
  input: rate,
  output: rate,
  cachedInput: v.optional(rate),
  cacheWrite5m: v.optional(rate),
  cacheWrite1h: v.optional(rate),
});

const priceSheet = v.object({
  currency: v.picklist(['USD', 'CNY']),
  input: rate,
  output: rate,
  cachedInput: v.optional(rate),
  cacheWrite5m: v.optional(rate),
  cacheWrite1h: v.optional(rate),
  reasoningOutput: v.optional(rate),
  batchInput: v.optional(rate),
  batchOutput: v.optional(rate),
  longContext: v.optional(
    v.pipe(
      v.array(longContextTier),
      v.check((tiers) => tiers.every((tier, index) => index === 0 || tier.above > tiers[index - 1]!.above), 'tiers not in ascending order'),
    ),
  ),
  source: v.pipe(v.string(), v.minLength(1)),
  asOf: date,
});

const model = v.object({
  id: v.pipe(v.string(), v.regex(/^[^/\s]+\/\S+$/, 'not a vendor/model id')),
  name: v.pipe(v.string(), v.minLength(1)),
  vendor: v.pipe(v.string(), v.minLength(1)),
  tier: v.optional(v.picklist(TIERS)),
  tokenizer: v.pipe(v.string(), v.minLength(1)),
  contextWindow: v.optional(tokenLimit),
  maxInput: v.optional(tokenLimit),
  maxOutput: v.optional(tokenLimit),
  featured: v.optional(v.boolean()),
  aliases: v.optional(v.array(v.string())),
  region: v.optional(v.string()),
  price: v.optional(priceSheet),
});

const tableSchema = v.object({
  generatedAt: date,
  sources: v.array(v.object({ name: v.string(), asOf: date, license: v.string(), url: v.optional(v.string()) })),
  models: v.pipe(v.array(model), v.minLength(1, 'no models')),
  heldBack: v.optional(
    v.array(v.object({ id: v.string(), price: priceSheet, reason: v.picklist(['moved', 'curated']), note: v.optional(v.string()) })),
  ),
});

/** A table that passed validation, or where the first problem is. */
export type ParsedTable = { readonly ok: true; readonly table: PriceTable } | { readonly ok: false; readonly problem: string };

/**
 * Validates a price table read from storage or bundled with the build: every rate a plain decimal
 * within MAX_TABLE_RATE, dates, ids, limits. Unknown fields are dropped. Never throws.
 */
export function parsePriceTable(value: unknown): ParsedTable {
  const result = v.safeParse(tableSchema, value);
  if (result.success) return { ok: true, table: result.output };
  return { ok: false, problem: describeIssue(result.issues[0]) };
}

/** "models.12.price.input: not a plain non-negative decimal". */
export function describeIssue(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue) return 'invalid';
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}
