import type { PriceOverride } from '../../core/pricing/catalog';
import { isRecord } from '../../core/util/isRecord';
import { LONG_CONTEXT_RATE_FIELDS, RATE_FIELDS, type RateField } from '../../core/pricing/overrides';
import { normalizeId } from '../../core/pricing/modelIds';
import type { Currency, LongContextRates, ModelInfo, PriceSheet, Tier } from '../../core/pricing/types';
import { TIERS } from '../../core/pricing/types';
import { describeTokenizer } from '../../core/tokenizers/registry';
import { DEFAULT_CNY_PER_USD } from '../../core/pricing/currency';
import { MAX_RATE, MAX_RATE_DECIMALS, parseRate } from '../../core/pricing/rateInput';
import { formatInteger } from '../../core/pricing/format';
import { DEFAULT_MODEL_ID } from '../../core/pricing/catalog';
import { LITELLM_PRICES_URL } from '../../core/pricing/litellm';
import { DEFAULT_PROFILE, isCurrency, PROFILE_LIMITS, withinLimit, type CallProfile, type NumericProfileField } from '../../core/pricing/profile';
import type { Translate } from '../ui/l10n';
import { parseBudgetRules, type BudgetProblem, type BudgetRule } from '../../core/budgets/rules';

/** The configuration section; every key below lives under it. */
export const CONFIG_SECTION = 'tokenCost';

/** Settings whose workspace values are ignored in untrusted workspaces (package.json restrictedConfigurations). */
export const RESTRICTED_SETTINGS = ['priceOverrides', 'customModels', 'priceUrl'] as const;

/** Typed mirror of `contributes.configuration` (a unit test checks keys and defaults against package.json). */
export interface TokenCostConfig {
  readonly model: string;
  readonly statusBarModels: readonly string[];
  readonly comparisonModels: readonly string[];
  /** A prompt file's own model replaces `model` in the status bar for that file. */
  readonly useModelFromFile: boolean;
  /** Per-message token counts beside the messages of prompt files (inlay hints). */
  readonly requestHints: boolean;
  /** The call every figure is priced for (six settings; see PROFILE_SETTING_KEYS). */
  readonly profile: CallProfile;
  /** Yuan per dollar, decimal string. */
  readonly cnyPerUsd: string;
  readonly contextWarningThreshold: number;
  readonly priceStaleDays: number;
  readonly maxCharacters: number;
  /** Download fresh prices weekly (off unless the user opts in; the first download asks first). */
  readonly priceRefresh: 'off' | 'weekly';
  /** Where fresh prices come from: LiteLLM's price file, or a company's mirror of it. */
  readonly priceUrl: string;
  readonly priceOverrides: Readonly<Record<string, PriceOverride>>;
  readonly customModels: readonly ModelInfo[];
  /** Globs left out when folders are counted for the Context view, beside `files.exclude`. */
  readonly contextExclude: readonly string[];
  /** Token budgets by glob (the CLI's `--budgets` reads the same setting from .vscode/settings.json). */
  readonly budgets: readonly BudgetRule[];
  /** Each section's tokens, share and cost as a CodeLens at its start. */
  readonly sectionsCodeLens: boolean;
}

/** The call profile's fields people set, and the setting (below `tokenCost.`) holding each. */
export const PROFILE_SETTING_KEYS = {
  outputTokens: 'expectedOutputTokens',
  reasoningMultiplier: 'reasoningMultiplier',
  callsPerDay: 'callsPerDay',
  cacheHitShare: 'cacheHitShare',
  batch: 'batch',
  currency: 'currency',
} as const satisfies Partial<Record<keyof CallProfile, string>>;

/** Setting key (below `tokenCost.`) for each config field but the profile (see PROFILE_SETTING_KEYS). */
export const SETTING_KEYS: Readonly<Record<Exclude<keyof TokenCostConfig, 'profile'>, string>> = {
  model: 'model',
  statusBarModels: 'statusBar.models',
  comparisonModels: 'comparison.models',
  useModelFromFile: 'useModelFromFile',
  requestHints: 'requestHints',
  cnyPerUsd: 'cnyPerUsd',
  contextWarningThreshold: 'contextWarningThreshold',
  priceStaleDays: 'priceStaleDays',
  maxCharacters: 'maxCharacters',
  priceRefresh: 'prices.autoRefresh',
  priceUrl: 'prices.url',
  priceOverrides: 'priceOverrides',
  customModels: 'customModels',
  contextExclude: 'context.exclude',
  budgets: 'budgets',
  sectionsCodeLens: 'sections.codeLens',
};

/** Defaults, identical to package.json's. */
export const DEFAULT_CONFIG: TokenCostConfig = {
  model: DEFAULT_MODEL_ID,
  statusBarModels: [],
  comparisonModels: [],
  useModelFromFile: true,
  requestHints: true,
  profile: DEFAULT_PROFILE,
  cnyPerUsd: DEFAULT_CNY_PER_USD,
  contextWarningThreshold: 0.8,
  priceStaleDays: 90,
  maxCharacters: 20_000_000,
  priceRefresh: 'off',
  priceUrl: LITELLM_PRICES_URL,
  priceOverrides: {},
  customModels: [],
  contextExclude: [],
  budgets: [],
  sectionsCodeLens: true,
};

/** A validated configuration plus one readable message per bad setting (the default was used). */
export interface ConfigReading {
  readonly config: TokenCostConfig;
  readonly problems: readonly string[];
}

/**
 * Reads and validates every setting through `get` (which returns the effective value or
 * `undefined`). Never throws: a bad value yields a message naming `tokenCost.<key>` and the default.
 */
export function parseConfig(get: (key: string) => unknown, t: Translate): ConfigReading {
  const problems: string[] = [];
  const name = (field: keyof typeof SETTING_KEYS): string => `${CONFIG_SECTION}.${SETTING_KEYS[field]}`;
  /** The setting `tokenCost.<key>` checked, or `fallback` with a message naming it. */
  function readKey<T>(key: string, fallback: T, check: (value: unknown) => T | undefined, expectation: string): T {
    const raw = get(key);
    if (raw === undefined || raw === null) return fallback;
    const value = check(raw);
    if (value === undefined) {
      problems.push(t('Setting "{0}" {1}; using the default ({2}).', `${CONFIG_SECTION}.${key}`, expectation, JSON.stringify(fallback)));
      return fallback;
    }
    return value;
  }
  const read = <K extends Exclude<keyof TokenCostConfig, 'profile'>>(
    field: K,
    check: (value: unknown) => TokenCostConfig[K] | undefined,
    expectation: string,
  ): TokenCostConfig[K] => readKey(SETTING_KEYS[field], DEFAULT_CONFIG[field], check, expectation);
  const readProfile = <K extends keyof typeof PROFILE_SETTING_KEYS>(field: K, check: (value: unknown) => CallProfile[K] | undefined, expectation: string): CallProfile[K] =>
    readKey(PROFILE_SETTING_KEYS[field], DEFAULT_PROFILE[field], check, expectation);

  const number = (field: NumericProfileField) => (value: unknown) => (withinLimit(value, PROFILE_LIMITS[field]) ? value : undefined);
  const ids = (value: unknown): readonly string[] | undefined =>
    Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '')
      ? value.map((item: string) => item.trim())
      : undefined;
  const boolean = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
  const inRange = (min: number, max: number, integer: boolean) => (value: unknown) => (withinLimit(value, { min, max, integer }) ? value : undefined);

  const config: TokenCostConfig = {
    model: read('model', (value) => (typeof value === 'string' && value.trim() ? value.trim() : undefined), t('must be a model id such as "openai/gpt-5-mini"')),
    statusBarModels: read('statusBarModels', ids, t('must be a list of model ids')),
    comparisonModels: read('comparisonModels', ids, t('must be a list of model ids')),
    useModelFromFile: read('useModelFromFile', boolean, t('must be true or false')),
    requestHints: read('requestHints', boolean, t('must be true or false')),
    profile: {
      outputTokens: readProfile('outputTokens', number('outputTokens'), t('must be a whole number ≥ 0')),
      reasoningMultiplier: readProfile('reasoningMultiplier', number('reasoningMultiplier'), t('must be a number ≥ 1')),
      callsPerDay: readProfile('callsPerDay', number('callsPerDay'), t('must be a number ≥ 0')),
      cacheHitShare: readProfile('cacheHitShare', number('cacheHitShare'), t('must be a number from 0 to 1')),
      batch: readProfile('batch', boolean, t('must be true or false')),
      currency: readProfile('currency', (value) => (isCurrency(value) ? value : undefined), t('must be "USD" or "CNY"')),
    },
    cnyPerUsd: read('cnyPerUsd', (value) => parseRate(value, false), t('must be a positive number up to {0} with at most {1} decimals', formatInteger(MAX_RATE), MAX_RATE_DECIMALS)),
    contextWarningThreshold: read('contextWarningThreshold', inRange(0.01, 1, false), t('must be a number from 0.01 to 1')),
    priceStaleDays: read('priceStaleDays', inRange(1, 100_000, true), t('must be a whole number ≥ 1')),
    maxCharacters: read('maxCharacters', inRange(1000, 1e9, true), t('must be a whole number ≥ 1000')),
    priceRefresh: read('priceRefresh', (value) => (value === 'off' || value === 'weekly' ? value : undefined), t('must be "off" or "weekly"')),
    priceUrl: read('priceUrl', (value) => (typeof value === 'string' && /^https?:\/\/\S+$/.test(value.trim()) ? value.trim() : undefined), t('must be an http(s) address of a price file')),
    priceOverrides: read(
      'priceOverrides',
      (value) => parseOverrides(value, (message) => problems.push(`${name('priceOverrides')}: ${message}`), t),
      t('must be an object mapping model ids to prices'),
    ),
    customModels: read(
      'customModels',
      (value) => parseCustomModels(value, (message) => problems.push(`${name('customModels')}: ${message}`), t),
      t('must be a list of models'),
    ),
    contextExclude: read('contextExclude', (value) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined), t('must be a list of glob patterns')),
    budgets: read(
      'budgets',
      (value) => parseBudgetRules(value, (problem) => problems.push(budgetProblem(problem, name('budgets'), t))),
      t('must be a list like {0}', '[{ "glob": "prompts/**/*.md", "tokens": 2000 }]'),
    ),
    sectionsCodeLens: read('sectionsCodeLens', (value) => (typeof value === 'boolean' ? value : undefined), t('must be true or false')),
  };
  return { config, problems };
}

/** A bad `tokenCost.budgets` entry, named by its index; the entry is ignored. */
function budgetProblem(problem: BudgetProblem, setting: string, t: Translate): string {
  if (problem.kind === 'notAList') return t('{0} must be a list like {1}; ignored.', setting, '[{ "glob": "prompts/**/*.md", "tokens": 2000 }]');
  const entry = `${setting}[${problem.index}]`;
  switch (problem.field) {
    case 'entry':
      return t('{0} must be an object like {1}; ignored.', entry, '{ "glob": "prompts/**/*.md", "tokens": 2000 }');
    case 'glob':
      return t('{0}: "glob" must be a glob such as {1}; ignored.', entry, '"prompts/**/*.md"');
    case 'tokens':
      return t('{0}: "tokens" must be a whole number of tokens ≥ 1; ignored.', entry);
    case 'model':
      return t('{0}: "model" must be a model id such as {1}; ignored.', entry, '"openai/gpt-5-mini"');
  }
}

/** Reads the given rate fields of `entry`, reporting each bad one (as `prefix` + field) and skipping it. */
function readRateFields<F extends string>(
  entry: Record<string, unknown>,
  fields: readonly F[],
  label: string,
  prefix: string,
  report: (message: string) => void,
  t: Translate,
): Partial<Record<F, string>> {
  const rates: Partial<Record<F, string>> = {};
  for (const field of fields) {
    if (entry[field] === undefined) continue;
    const rate = parseRate(entry[field], true);
    if (rate === undefined) {
      report(
        t('{0}: "{1}" must be a price per 1M tokens from 0 to {2} with at most {3} decimals, ignored.', label, `${prefix}${field}`, formatInteger(MAX_RATE), MAX_RATE_DECIMALS),
      );
    } else {
      rates[field] = rate;
    }
  }
  return rates;
}

/**
 * Reads `longContext`: every tier valid, or none taken (a half-read list would silently drop
 * bundled tiers); tiers sorted by `above`.
 */
function readLongContext(value: unknown, label: string, report: (message: string) => void, t: Translate): LongContextRates[] | undefined {
  const ignored = (message: string): undefined => {
    report(`${message} ${t('"longContext" ignored.')}`);
    return undefined;
  };
  if (!Array.isArray(value)) return ignored(t('{0}: "longContext" must be a list of tiers like {1}.', label, '{ "above": 200000, "input": 2.5, "output": 15 }'));
  const tiers: LongContextRates[] = [];
  for (const [index, entry] of value.entries()) {
    const where = `longContext[${index}].`;
    const above = isRecord(entry) ? entry.above : undefined;
    if (!isRecord(entry) || typeof above !== 'number' || !Number.isSafeInteger(above) || above < 1) {
      return ignored(t('{0}: "{1}" must be a whole number of tokens ≥ 1.', label, `${where}above`));
    }
    let badRate: string | undefined;
    const rates = readRateFields(entry, LONG_CONTEXT_RATE_FIELDS, label, where, (message) => (badRate ??= message), t);
    if (badRate) return ignored(badRate);
    if (rates.input === undefined || rates.output === undefined) {
      return ignored(t('{0}: "{1}" needs "input" and "output" prices per 1M tokens.', label, `longContext[${index}]`));
    }
    if (tiers.some((tier) => tier.above === above)) return ignored(t('{0}: two "longContext" tiers start above {1} tokens.', label, formatInteger(above)));
    tiers.push({ ...rates, above, input: rates.input, output: rates.output });
  }
  return tiers.sort((a, b) => a.above - b.above);
}

/** Reads the price fields of one override or custom model, reporting each bad one and skipping it. */
function readRates(entry: Record<string, unknown>, label: string, report: (message: string) => void, t: Translate) {
  const rates: Partial<Record<RateField, string>> = readRateFields(entry, RATE_FIELDS, label, '', report, t);
  const longContext = entry.longContext === undefined ? undefined : readLongContext(entry.longContext, label, report, t);
  let currency: Currency | undefined;
  if (entry.currency !== undefined) {
    if (entry.currency === 'USD' || entry.currency === 'CNY') currency = entry.currency;
    else report(t('{0}: "currency" must be "USD" or "CNY", ignored.', label));
  }
  let asOf: string | undefined;
  if (entry.asOf !== undefined) {
    if (typeof entry.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(entry.asOf)) asOf = entry.asOf;
    else report(t('{0}: "asOf" must be a date like 2026-01-31, ignored.', label));
  }
  const source = typeof entry.source === 'string' && entry.source.trim() ? entry.source.trim() : undefined;
  return { rates, longContext, currency, asOf, source };
}

function parseOverrides(
  value: unknown,
  report: (message: string) => void,
  t: Translate,
): Readonly<Record<string, PriceOverride>> | undefined {
  if (!isRecord(value)) return undefined;
  const overrides: [string, PriceOverride][] = [];
  for (const [id, entry] of Object.entries(value)) {
    if (!isRecord(entry)) {
      report(t('{0}: must be an object of prices, ignored.', id));
      continue;
    }
    const { rates, longContext, currency, asOf, source } = readRates(entry, id, report, t);
    overrides.push([
      id,
      { ...rates, ...(longContext && { longContext }), ...(currency && { currency }), ...(asOf && { asOf }), source: source ?? 'tokenCost.priceOverrides' },
    ]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays a key (and is then
  // reported as an unknown model) instead of replacing the object's prototype and vanishing.
  return Object.fromEntries(overrides);
}

/** A whole number ≥ 1 of tokens; reports any other value given for `field` and returns undefined. */
function tokenLimit(entry: Record<string, unknown>, field: string, label: string, report: (message: string) => void, t: Translate): number | undefined {
  const value = entry[field];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  report(t('{0}: "{1}" must be a whole number of tokens ≥ 1, ignored.', label, field));
  return undefined;
}

function parseCustomModels(value: unknown, report: (message: string) => void, t: Translate): readonly ModelInfo[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const models: ModelInfo[] = [];
  const firstIndex = new Map<string, number>();
  value.forEach((entry: unknown, index) => {
    const label = isRecord(entry) && typeof entry.id === 'string' ? entry.id : `#${index + 1}`;
    if (!isRecord(entry) || typeof entry.id !== 'string' || !entry.id.trim()) {
      report(t('{0}: each custom model needs an "id", ignored.', label));
      return;
    }
    const id = entry.id.trim();
    const first = firstIndex.get(normalizeId(id));
    if (first !== undefined) {
      report(t('{0}: custom model #{1} has the same id; this one (#{2}) is ignored.', id, first + 1, index + 1));
      return;
    }
    const tokenizer = entry.tokenizer === undefined ? 'estimate:generic' : String(entry.tokenizer);
    if (!describeTokenizer(tokenizer)) {
      report(t('{0}: unknown tokenizer "{1}", ignored.', id, tokenizer));
      return;
    }
    firstIndex.set(normalizeId(id), index);
    const { rates, longContext, currency, asOf, source } = readRates(entry, id, report, t);
    let price: PriceSheet | undefined;
    if (rates.input !== undefined && rates.output !== undefined) {
      price = {
        ...rates,
        ...(longContext?.length ? { longContext } : {}),
        input: rates.input,
        output: rates.output,
        currency: currency ?? 'USD',
        source: source ?? 'tokenCost.customModels',
        asOf: asOf ?? 'user',
      };
    } else if (rates.input !== undefined || rates.output !== undefined) {
      report(t('{0}: needs both "input" and "output" prices to be priced; shown as unpriced.', id));
    }
    let tier: Tier | undefined;
    if (entry.tier !== undefined) {
      if (TIERS.includes(entry.tier as Tier)) tier = entry.tier as Tier;
      else report(t('{0}: "tier" must be one of {1}, ignored.', id, TIERS.join(', ')));
    }
    const slash = id.indexOf('/');
    models.push({
      id,
      name: typeof entry.name === 'string' && entry.name.trim() ? entry.name.trim() : id,
      vendor: typeof entry.vendor === 'string' && entry.vendor.trim() ? entry.vendor.trim() : slash > 0 ? id.slice(0, slash) : 'custom',
      tier,
      tokenizer,
      contextWindow: tokenLimit(entry, 'contextWindow', id, report, t),
      maxInput: tokenLimit(entry, 'maxInput', id, report, t),
      maxOutput: tokenLimit(entry, 'maxOutput', id, report, t),
      featured: entry.featured === true,
      price,
    });
  });
  return models;
}
