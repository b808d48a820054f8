import type { ModelResult } from '../core/pricing/analyze';
import type { ModelInfo, PriceSheet } from '../core/pricing/types';
import { describeOmission, type ParsedRequest, type RequestCount, type SourceProblem, type VariableSource } from '../core/request';
import { describeTokenizer } from '../core/tokenizers/registry';
import type { Exactness } from '../core/tokenizers/types';
import type { CountedFile } from './request';
import type { BudgetCheck } from './budgets';
import type { JsonSection } from './sections';

/** One model's figures in `--json` output (documented in docs/cli.md). */
export interface JsonResult {
  model: string;
  name: string;
  tokenizer: string;
  exact: boolean;
  exactness: Exactness;
  /** How the count was made, in one sentence. */
  method: string;
  /** For estimates: the relative error band, e.g. { low: -0.1, high: 0.12 }. */
  band: { low: number; high: number } | null;
  /** Input tokens as billed: the request's for a prompt file, the file's text count otherwise. */
  tokens: number;
  /** The file's text, counted as text. */
  fileTokens: number;
  /** The request a recognized prompt file sends; null for other files, `--raw`, and broken prompt files. */
  request: JsonRequest | null;
  /** With `--sections`: the file's sections, each counted on this result's model. */
  sections?: JsonSection[];
  contextWindow: number | null;
  maxInput: number | null;
  fractionOfContext: number | null;
  overLimit: boolean;
  cost: {
    currency: string;
    input: string;
    output: string;
    total: string;
    per1000Calls: string;
    perDay: string | null;
    perMonth: string | null;
    longContextAbove: number | null;
    batchApplied: boolean;
  } | null;
  price: {
    input: string;
    output: string;
    cachedInput: string | null;
    per: 1000000;
    currency: string;
    source: string;
    asOf: string;
  } | null;
}

/** A request in `--json` output (documented in docs/cli.md). */
interface JsonRequest {
  format: string;
  /** The model as the file names it, or null. */
  model: string | null;
  variables: VariableSource;
  /** Instruction files: sent with every request. */
  alwaysOn: boolean;
  /** The least exact part; `estimate` when anything is not included. */
  exactness: Exactness;
  parts: { kind: string; role?: string; label?: string; tokens: number; exactness: Exactness }[];
  /** What the request sends that `tokens` does not include. */
  notIncluded: string[];
}

/** One input in `--json` output. */
export interface JsonFile {
  path: string;
  characters: number;
  /** A prompt file that could not be parsed (counted as raw text): where and why, 1-based. */
  parseError: { line: number; column: number; message: string } | null;
  results: JsonResult[];
  /** With `--budgets`: each budget that applies to the file, checked. */
  budgets?: BudgetCheck[];
}

/** A counted input as plain JSON: one entry of `--json`'s `files`, and an MCP tool's result. */
export function toJsonFile(file: CountedFile, extra: { sections?: ReadonlyMap<string, JsonSection[]>; budgets?: readonly BudgetCheck[] } = {}): JsonFile {
  const { input, outcome } = file;
  return {
    path: input.path,
    characters: input.text.length,
    parseError: outcome.kind === 'error' ? toJsonProblem(outcome.error) : null,
    results: file.results.map(({ result, fileTokens, request }) => {
      const json = toJsonResult(result, fileTokens, request && outcome.kind === 'request' ? toJsonRequest(outcome.request, request) : null);
      // `--sections`: counted on each result's own tokenizer.
      const sections = extra.sections?.get(result.model.tokenizer);
      return sections ? { ...json, sections } : json;
    }),
    ...(extra.budgets ? { budgets: [...extra.budgets] } : {}),
  };
}

/** A request as plain JSON. */
function toJsonRequest(request: ParsedRequest, count: RequestCount): JsonRequest {
  return {
    format: request.format,
    model: request.model,
    variables: request.variableSource,
    alwaysOn: request.alwaysOn,
    exactness: count.exactness,
    parts: count.parts.map((part) => ({
      kind: part.kind,
      ...(part.role !== undefined ? { role: part.role } : {}),
      ...(part.label !== undefined ? { label: part.label } : {}),
      tokens: part.tokens,
      exactness: part.exactness,
    })),
    notIncluded: count.omissions.map(describeOmission),
  };
}

/** A parse problem as plain JSON, with 1-based line and column. */
function toJsonProblem(problem: SourceProblem): JsonFile['parseError'] {
  return { line: problem.position.line + 1, column: problem.position.character + 1, message: problem.message };
}

/** A result as plain JSON: amounts are exact decimal strings, never floats. */
export function toJsonResult(result: ModelResult, fileTokens: number = result.tokens, request: JsonRequest | null = null): JsonResult {
  const { model, cost, price } = result;
  return {
    model: model.id,
    name: model.name,
    tokenizer: result.tokenizer.id,
    exact: result.tokenizer.exactness === 'exact',
    exactness: result.tokenizer.exactness,
    method: result.tokenizer.method,
    band: result.tokenizer.band ? { low: result.tokenizer.band.low, high: result.tokenizer.band.high } : null,
    tokens: result.tokens,
    fileTokens,
    request,
    contextWindow: model.contextWindow ?? null,
    maxInput: model.maxInput ?? null,
    fractionOfContext: result.fractionOfContext === undefined ? null : Number(result.fractionOfContext.toFixed(6)),
    overLimit: result.overLimit,
    cost: cost && {
      currency: cost.currency,
      input: cost.input.toString(),
      output: cost.output.toString(),
      total: cost.total.toString(),
      per1000Calls: cost.per1000Calls.toString(),
      perDay: cost.perDay?.toString() ?? null,
      perMonth: cost.perMonth?.toString() ?? null,
      longContextAbove: cost.longContextAbove ?? null,
      batchApplied: cost.batchApplied,
    },
    price: price && {
      input: price.input,
      output: price.output,
      cachedInput: price.cachedInput ?? null,
      per: 1000000,
      currency: price.currency,
      source: price.source,
      asOf: price.asOf,
    },
  };
}

/** A model as listed by `--list-models --json` (documented in docs/cli.md). */
export interface JsonModel {
  id: string;
  name: string;
  vendor: string;
  tier: string | null;
  featured: boolean;
  region: string | null;
  tokenizer: string;
  exactness: Exactness;
  method: string | null;
  band: { low: number; high: number } | null;
  contextWindow: number | null;
  maxInput: number | null;
  maxOutput: number | null;
  aliases: string[];
  price: PriceSheet | null;
}

/** Models in the order `--list-models` and `list_models` give them: featured first, then by id. */
export function featuredFirst(models: readonly ModelInfo[]): ModelInfo[] {
  return [...models].sort((a, b) => Number(b.featured ?? false) - Number(a.featured ?? false) || a.id.localeCompare(b.id));
}

/** A model as listed by `--list-models --json`. */
export function toJsonModel(model: ModelInfo): JsonModel {
  const tokenizer = describeTokenizer(model.tokenizer);
  return {
    id: model.id,
    name: model.name,
    vendor: model.vendor,
    tier: model.tier ?? null,
    featured: model.featured ?? false,
    region: model.region ?? null,
    tokenizer: model.tokenizer,
    exactness: tokenizer?.exactness ?? 'estimate',
    method: tokenizer?.method ?? null,
    band: tokenizer?.band ?? null,
    contextWindow: model.contextWindow ?? null,
    maxInput: model.maxInput ?? null,
    maxOutput: model.maxOutput ?? null,
    aliases: [...(model.aliases ?? [])],
    price: model.price ?? null,
  };
}
