import ts from 'typescript';
import * as v from 'valibot';
import { describeIssue } from '../../src/core/pricing/tableSchema';
import { TIERS } from '../../src/core/pricing/types';
import { SNAPSHOT_KINDS } from './snapshots';

const date = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/));
const rate = v.pipe(v.string(), v.regex(/^\d+(\.\d+)?$/));
const snapshotKind = v.picklist(SNAPSHOT_KINDS);
const limit = v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1)));

/** Fields every curated model has, featured from the snapshots or priced by hand. */
const curatedFields = {
  id: v.pipe(v.string(), v.regex(/^[a-z]+\/\S+$/)),
  name: v.pipe(v.string(), v.minLength(1)),
  vendor: v.pipe(v.string(), v.minLength(1)),
  tier: v.picklist(TIERS),
  tokenizer: v.pipe(v.string(), v.minLength(1)),
  contextWindow: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  maxInput: limit,
  maxOutput: limit,
  aliases: v.pipe(v.array(v.string()), v.minLength(1)),
};

const snapshot = v.strictObject({ file: v.string(), name: v.string(), asOf: date, license: v.string(), pricesInForceOn: v.optional(date) });
const key = v.optional(v.pipe(v.string(), v.minLength(1)));

const curationSchema = v.strictObject({
  snapshots: v.strictObject({ litellm: snapshot, openrouter: snapshot, genai: snapshot, aiSdk: snapshot }),
  models: v.array(
    v.strictObject({
      ...curatedFields,
      keys: v.strictObject({ litellm: key, openrouter: key, genai: key, aiSdk: key }),
      exception: v.optional(v.strictObject({ use: snapshotKind, reason: v.pipe(v.string(), v.minLength(40)) })),
    }),
  ),
  regional: v.array(
    v.strictObject({
      ...curatedFields,
      region: v.literal('cn'),
      price: v.strictObject({
        currency: v.literal('CNY'),
        input: rate,
        output: rate,
        cachedInput: v.optional(rate),
        source: v.pipe(v.string(), v.url(), v.startsWith('https://')),
        asOf: date,
      }),
      note: v.pipe(v.string(), v.minLength(20)),
    }),
  ),
});

/** The featured curation, as src/core/data/featured.jsonc states it. */
export type Curation = v.InferOutput<typeof curationSchema>;
/** One featured model whose rates come from the snapshots. */
export type CuratedModel = Curation['models'][number];
/** One featured model priced by hand from its vendor's page (a regional, non-dollar price). */
export type RegionalModel = Curation['regional'][number];

/** Parses featured.jsonc (JSON with comments) and checks its shape; throws naming the first problem. */
export function parseCuration(text: string, fileName: string): Curation {
  const { config, error } = ts.parseConfigFileTextToJson(fileName, text);
  if (error) throw new Error(`${fileName}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const result = v.safeParse(curationSchema, config);
  if (!result.success) throw new Error(`${fileName}: ${describeIssue(result.issues[0])}`);
  const ids = [...result.output.models, ...result.output.regional].map((model) => model.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new Error(`${fileName}: ${duplicate} is curated twice.`);
  return result.output;
}
