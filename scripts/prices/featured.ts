import { BATCH_HALF_PRICE_VENDORS } from '../../src/core/pricing/litellm';
import { halfOf, sameRate } from '../../src/core/pricing/rates';
import type { FeaturedRefreshRules } from '../../src/core/pricing/table';
import type { ModelInfo, PriceSheet } from '../../src/core/pricing/types';
import type { CuratedModel, Curation, RegionalModel } from './curation';
import { SNAPSHOT_KINDS, type SnapshotKind, type StatedPrice } from './snapshots';

/**
 * Which snapshot gives a rate other than input and output, among those that state the chosen
 * input/output: LiteLLM first (the only one with batch and reasoning rates, and the table the
 * run-time refresh reads), then ai-sdk-cost-calculator (the freshest), genai-prices, OpenRouter
 * (a reseller: its cache rates are its own).
 */
const RATE_PRIORITY: readonly SnapshotKind[] = ['litellm', 'aiSdk', 'genai', 'openrouter'];

/** Each featured model's rates as each snapshot states them: kind → stated price. */
export type StatedByKind = Partial<Record<SnapshotKind, StatedPrice>>;

/** The generated featured table (src/core/data/featured.generated.json). */
export interface FeaturedTable {
  /** Date of the freshest snapshot read. */
  readonly generatedAt: string;
  readonly snapshots: readonly { readonly name: string; readonly asOf: string; readonly license: string }[];
  /** Featured ids whose input/output price is not stated identically by two snapshots, and why the figure used is right. */
  readonly exceptions: Readonly<Record<string, string>>;
  readonly refresh: FeaturedRefreshRules;
  readonly models: readonly ModelInfo[];
}

/**
 * Fills each curated model's rates from the snapshots. Input and output are the pair the most
 * snapshots state (at least two; the freshest wins a tie), or the exception's snapshot's; every
 * other rate comes from RATE_PRIORITY among the snapshots that state that pair, and batch rates
 * missing everywhere are half of list for the vendors whose Batch API is half price by rule. The
 * price's date is that of the freshest confirming snapshot. Throws naming the model when a key
 * finds nothing or the snapshots do not agree and no exception says which figure wins.
 */
export function buildFeatured(curation: Curation, stated: (model: CuratedModel) => StatedByKind): FeaturedTable {
  const snapshots = curation.snapshots;
  const models: ModelInfo[] = curation.models.map((model) => featuredModel(model, stated(model), curation));
  const regional = curation.regional.map(regionalModel);
  return {
    generatedAt: SNAPSHOT_KINDS.map((kind) => snapshots[kind].asOf).sort().at(-1)!,
    snapshots: SNAPSHOT_KINDS.map((kind) => ({ name: snapshots[kind].name, asOf: snapshots[kind].asOf, license: snapshots[kind].license })),
    exceptions: Object.fromEntries(curation.models.filter((model) => model.exception).map((model) => [model.id, model.exception!.reason])),
    // Models without a LiteLLM key keep their price through a refresh, so they need no rule.
    refresh: Object.fromEntries(
      curation.models
        .filter((model) => model.keys.litellm)
        .map((model) => [model.id, compact({ litellm: model.keys.litellm, holdBack: model.exception?.reason })]),
    ),
    models: [...models, ...regional],
  };
}

function featuredModel(model: CuratedModel, stated: StatedByKind, curation: Curation): ModelInfo {
  const missing = SNAPSHOT_KINDS.filter((kind) => model.keys[kind] !== undefined && stated[kind] === undefined);
  if (missing.length) {
    throw new Error(`${model.id}: ${missing.map((kind) => `${kind} "${model.keys[kind]}"`).join(', ')} not found, or without prices; fix its keys.`);
  }
  const kinds = SNAPSHOT_KINDS.filter((kind) => stated[kind]);
  const agreeWith = (pair: StatedPrice): SnapshotKind[] =>
    kinds.filter((kind) => sameRate(stated[kind]!.input, pair.input) && sameRate(stated[kind]!.output, pair.output));
  let agreeing: SnapshotKind[];
  if (model.exception) {
    const chosen = stated[model.exception.use];
    if (!chosen) throw new Error(`${model.id}: its exception uses ${model.exception.use}, which has no price for it.`);
    agreeing = agreeWith(chosen);
    if (agreeing.length >= 2) throw new Error(`${model.id}: ${agreeing.join(', ')} agree now; drop the exception.`);
  } else {
    // Freshest first, so that of two pairs stated equally often the fresher one wins.
    const byFreshness = [...kinds].sort((a, b) => curation.snapshots[b].asOf.localeCompare(curation.snapshots[a].asOf));
    agreeing = byFreshness.map((kind) => agreeWith(stated[kind]!)).reduce((best, group) => (group.length > best.length ? group : best), []);
    if (agreeing.length < 2) {
      const pairs = kinds.map((kind) => `${curation.snapshots[kind].name}: ${stated[kind]!.input}/${stated[kind]!.output}`);
      throw new Error(`${model.id}: no two snapshots state the same input/output (${pairs.join('; ')}); add an exception saying which wins.`);
    }
  }
  const pick = (field: Exclude<keyof StatedPrice, 'key'>) =>
    RATE_PRIORITY.filter((kind) => agreeing.includes(kind)).map((kind) => stated[kind]![field]).find((value) => value !== undefined);
  const first = stated[agreeing[0]!]!;
  let batchInput = pick('batchInput') as string | undefined;
  let batchOutput = pick('batchOutput') as string | undefined;
  if ((batchInput === undefined || batchOutput === undefined) && BATCH_HALF_PRICE_VENDORS.has(model.vendor)) {
    batchInput = halfOf(first.input!);
    batchOutput = halfOf(first.output!);
  }
  const names = agreeing.map((kind) => curation.snapshots[kind].name);
  const price: PriceSheet = compact({
    currency: 'USD' as const,
    input: first.input!,
    output: first.output!,
    cachedInput: pick('cachedInput') as string | undefined,
    cacheWrite5m: pick('cacheWrite5m') as string | undefined,
    cacheWrite1h: pick('cacheWrite1h') as string | undefined,
    reasoningOutput: pick('reasoningOutput') as string | undefined,
    batchInput,
    batchOutput,
    longContext: pick('longContext') as PriceSheet['longContext'],
    source: model.exception ? `${names.join('; ')} (curation exception: older snapshots disagree)` : names.join('; '),
    asOf: agreeing.map((kind) => curation.snapshots[kind].asOf).sort().at(-1)!,
  });
  return compact({
    id: model.id,
    name: model.name,
    vendor: model.vendor,
    tier: model.tier,
    tokenizer: model.tokenizer,
    contextWindow: model.contextWindow,
    maxInput: model.maxInput,
    maxOutput: model.maxOutput,
    featured: true,
    aliases: model.aliases,
    price,
  });
}

function regionalModel(model: RegionalModel): ModelInfo {
  const { note: _note, price, ...rest } = model;
  return compact({ ...rest, featured: true, price: compact({ ...price }) });
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
