import * as z from 'zod';

/**
 * The MCP tools' input and output schemas. The outputs are the CLI's `--json` contract
 * (src/cli/jsonReport.ts, documented in the README): server.ts assigns each result to the type
 * inferred here, so the compiler holds the two together, and the SDK checks every result against
 * the schema before it is sent.
 */

/** Most models one call may name (a guard against runaway input, far above any real need). */
const MAX_MODELS = 50;

const exactness = z.enum(['exact', 'near-exact', 'estimate']).describe('exact: the vendor’s tokenizer; near-exact: its published local tokenizer (text only); estimate: another tokenizer adjusted');
const band = z
  .object({ low: z.number(), high: z.number() })
  .nullable()
  .describe('For estimates: the relative error band, e.g. {"low": -0.1, "high": 0.12}; null otherwise');

const source = {
  text: z.string().optional().describe('The text to count. Give either text or path.'),
  path: z
    .string()
    .optional()
    .describe('A file to count: relative to a root (the client’s roots, else the server’s working directory), absolute inside one, or a file: URI.'),
  raw: z.boolean().optional().describe('Count a prompt file’s text instead of the request it sends (default false).'),
};

/** `count_tokens`' arguments. */
export const countInput = {
  ...source,
  models: z
    .array(z.string().min(1))
    .max(MAX_MODELS)
    .optional()
    .describe('Model ids or aliases, e.g. ["gpt-5-mini", "claude-sonnet-4-5"]; default: the model a prompt file names, else openai/gpt-5-mini. list_models gives the ids.'),
};

/** `compare_models`' arguments. */
export const compareInput = {
  ...source,
  models: z.array(z.string().min(1)).max(MAX_MODELS).optional().describe('Models to add to the featured ones.'),
};

/** `list_models`' arguments. */
export const listInput = {
  models: z.array(z.string().min(1)).max(MAX_MODELS).optional().describe('Only these ids or aliases (an unknown one is an error).'),
  featured: z.boolean().optional().describe('Only the featured models (those compare_models uses).'),
};

const request = z.object({
  format: z.string(),
  model: z.string().nullable(),
  variables: z.enum(['sample', 'placeholders', 'none']),
  alwaysOn: z.boolean(),
  exactness,
  parts: z.array(z.object({ kind: z.string(), role: z.string().optional(), label: z.string().optional(), tokens: z.number(), exactness })),
  notIncluded: z.array(z.string()),
});

const result = z.object({
  model: z.string(),
  name: z.string(),
  tokenizer: z.string(),
  exact: z.boolean(),
  exactness,
  method: z.string(),
  band,
  tokens: z.number().describe('Input tokens billed per call: the request’s for a prompt file, else the text’s'),
  fileTokens: z.number().describe('The text counted as text'),
  request: request.nullable().describe('The request a prompt file sends; null for other inputs'),
  contextWindow: z.number().nullable(),
  maxInput: z.number().nullable(),
  fractionOfContext: z.number().nullable().describe('tokens ÷ context window'),
  overLimit: z.boolean().describe('true when the input alone does not fit the model’s input limit'),
  cost: z
    .object({
      currency: z.string(),
      input: z.string(),
      output: z.string(),
      total: z.string().describe('Cost of one call, exact decimal'),
      per1000Calls: z.string(),
      perDay: z.string().nullable(),
      perMonth: z.string().nullable(),
      longContextAbove: z.number().nullable(),
      batchApplied: z.boolean(),
    })
    .nullable()
    .describe('null for a model without a known price (never a silent zero)'),
  price: z
    .object({
      input: z.string(),
      output: z.string(),
      cachedInput: z.string().nullable(),
      per: z.literal(1000000),
      currency: z.string(),
      source: z.string(),
      asOf: z.string(),
    })
    .nullable(),
});

/** `count_tokens` and `compare_models` results: one entry of `token-cost --json`'s `files`. */
export const fileOutput = {
  path: z.string().describe('The file’s real path, or <text>'),
  characters: z.number(),
  parseError: z.object({ line: z.number(), column: z.number(), message: z.string() }).nullable(),
  results: z.array(result),
};

/** A rate per 1,000,000 tokens, an exact decimal string. */
const rate = z.string();
const cacheRates = { cachedInput: rate.optional(), cacheWrite5m: rate.optional(), cacheWrite1h: rate.optional() };
/** A model's list prices as src/core/pricing/types.ts's PriceSheet holds them. */
const priceSheet = z.object({
  currency: z.enum(['USD', 'CNY']),
  input: rate,
  output: rate,
  ...cacheRates,
  reasoningOutput: rate.optional(),
  batchInput: rate.optional(),
  batchOutput: rate.optional(),
  longContext: z.array(z.object({ above: z.number(), input: rate, output: rate, ...cacheRates })).readonly().optional(),
  keptBundled: z
    .array(z.object({ kind: z.enum(['longContext', 'batch']), field: z.enum(['input', 'output']), bundled: rate, override: rate, above: z.number().optional() }))
    .readonly()
    .optional(),
  source: z.string(),
  asOf: z.string(),
});

/** `list_models` results: `token-cost --list-models --json` in an object. */
export const listOutput = {
  models: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      vendor: z.string(),
      tier: z.string().nullable(),
      featured: z.boolean(),
      region: z.string().nullable(),
      tokenizer: z.string(),
      exactness,
      method: z.string().nullable(),
      band,
      contextWindow: z.number().nullable(),
      maxInput: z.number().nullable(),
      maxOutput: z.number().nullable(),
      aliases: z.array(z.string()),
      price: priceSheet.nullable().describe('Rates per 1M tokens, exact decimals; null when unpriced'),
    }),
  ),
};

/** A result of `count_tokens` or `compare_models` as its schema types it. */
export type FileOutput = z.infer<z.ZodObject<typeof fileOutput>>;
/** A result of `list_models` as its schema types it. */
export type ListOutput = z.infer<z.ZodObject<typeof listOutput>>;
