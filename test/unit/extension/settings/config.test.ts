import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { CONFIG_SECTION, DEFAULT_CONFIG, parseConfig, PROFILE_SETTING_KEYS, RESTRICTED_SETTINGS, SETTING_KEYS } from '../../../../src/extension/settings/config';
import { DEFAULT_PROFILE, PROFILE_LIMITS, type NumericProfileField } from '../../../../src/core/pricing/profile';
import { englishOnly } from '../../../../src/extension/ui/l10n';
import { bundledCatalog } from '../../../../src/core/pricing/bundled';
import { catalogProblemMessage } from '../../../../src/extension/ui/priceNotes';
import { LONG_CONTEXT_RATE_FIELDS, RATE_FIELDS } from '../../../../src/core/pricing/overrides';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
/** The parts of a setting's JSON schema the tests walk. */
interface Schema {
  readonly default?: unknown;
  readonly properties?: Record<string, Schema>;
  readonly items?: Schema;
  readonly additionalProperties?: Schema;
  readonly required?: string[];
}
const properties: Record<string, Schema> = manifest.contributes.configuration.properties;

function read(values: Record<string, unknown>) {
  return parseConfig((key) => values[key], englishOnly);
}

describe('extension configuration', () => {
  it('mirrors package.json: the same keys and the same defaults', () => {
    const contributed = Object.keys(properties).sort();
    const typed = [...Object.values(SETTING_KEYS), ...Object.values(PROFILE_SETTING_KEYS)].map((key) => `${CONFIG_SECTION}.${key}`).sort();
    assert.deepEqual(typed, contributed);
    for (const [field, key] of Object.entries(SETTING_KEYS)) {
      const fromManifest = properties[`${CONFIG_SECTION}.${key}`]!.default;
      const fromCode = DEFAULT_CONFIG[field as keyof typeof SETTING_KEYS];
      // cnyPerUsd is a decimal string in code and a number in the manifest.
      assert.deepEqual(typeof fromCode === 'string' && typeof fromManifest === 'number' ? Number(fromCode) : fromCode, fromManifest, key);
    }
  });

  it('takes the call profile\'s defaults and limits from the one CallProfile definition', () => {
    for (const [field, key] of Object.entries(PROFILE_SETTING_KEYS) as [keyof typeof PROFILE_SETTING_KEYS, string][]) {
      const schema = properties[`${CONFIG_SECTION}.${key}`] as Schema & { minimum?: number; maximum?: number; type?: string };
      assert.deepEqual(schema.default, DEFAULT_PROFILE[field], key);
      if (field in PROFILE_LIMITS) {
        const limit = PROFILE_LIMITS[field as NumericProfileField];
        assert.equal(schema.minimum, limit.min, `${key} minimum`);
        assert.equal(schema.maximum, limit.max, `${key} maximum`);
        assert.equal(schema.type, limit.integer ? 'integer' : 'number', `${key} type`);
      }
    }
  });

  it('restricts the same settings in untrusted workspaces as the manifest', () => {
    assert.deepEqual(
      manifest.capabilities.untrustedWorkspaces.restrictedConfigurations,
      RESTRICTED_SETTINGS.map((field) => `${CONFIG_SECTION}.${SETTING_KEYS[field]}`),
    );
  });

  it('describes in package.json every price field the parser reads, long-context tiers included', () => {
    const schemas = {
      priceOverrides: properties['tokenCost.priceOverrides']!.additionalProperties!.properties!,
      customModels: properties['tokenCost.customModels']!.items!.properties!,
    };
    for (const [setting, schema] of Object.entries(schemas)) {
      for (const field of [...RATE_FIELDS, 'longContext', 'currency', 'source', 'asOf']) assert.ok(schema[field], `${setting}.${field}`);
      const tier = schema.longContext!.items!;
      assert.deepEqual(Object.keys(tier.properties!).sort(), ['above', ...LONG_CONTEXT_RATE_FIELDS].sort(), setting);
      assert.deepEqual(tier.required, ['above', 'input', 'output'], setting);
    }
  });

  it('uses the defaults when nothing is set', () => {
    const { config, problems } = read({});
    assert.deepEqual(config, DEFAULT_CONFIG);
    assert.deepEqual(problems, []);
  });

  it('names the setting and uses the default for each bad value', () => {
    const { config, problems } = read({
      callsPerDay: -5,
      reasoningMultiplier: 0.5,
      currency: 'EUR',
      expectedOutputTokens: 1.5,
      cnyPerUsd: 'seven',
      statusBar: undefined,
      'statusBar.models': 'gpt-5-mini',
    });
    assert.equal(config.profile.callsPerDay, DEFAULT_PROFILE.callsPerDay);
    assert.equal(config.profile.reasoningMultiplier, 1);
    assert.equal(config.profile.currency, 'USD');
    assert.equal(config.profile.outputTokens, 500);
    assert.equal(config.cnyPerUsd, DEFAULT_CONFIG.cnyPerUsd);
    assert.deepEqual(config.statusBarModels, []);
    assert.equal(problems.length, 6);
    assert.ok(problems.some((p) => p.includes('"tokenCost.callsPerDay" must be a number ≥ 0; using the default (100)')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('"tokenCost.statusBar.models"')));
  });

  it('accepts good values', () => {
    const { config, problems } = read({ callsPerDay: 2500, currency: 'CNY', cnyPerUsd: 7.25, cacheHitShare: 0.5, batch: true });
    assert.deepEqual(problems, []);
    assert.equal(config.profile.callsPerDay, 2500);
    assert.equal(config.profile.currency, 'CNY');
    assert.equal(config.cnyPerUsd, '7.25');
    assert.equal(config.profile.cacheHitShare, 0.5);
    assert.equal(config.profile.batch, true);
  });

  it('reads the prompt-file switches: the file’s model and the per-message hints, on unless turned off', () => {
    assert.equal(read({}).config.useModelFromFile, true);
    assert.equal(read({}).config.requestHints, true);
    const off = read({ useModelFromFile: false, requestHints: false });
    assert.deepEqual(off.problems, []);
    assert.equal(off.config.useModelFromFile, false);
    assert.equal(off.config.requestHints, false);
    const bad = read({ useModelFromFile: 'no', requestHints: 0 });
    assert.equal(bad.config.useModelFromFile, true);
    assert.equal(bad.config.requestHints, true);
    assert.deepEqual(bad.problems, [
      'Setting "tokenCost.useModelFromFile" must be true or false; using the default (true).',
      'Setting "tokenCost.requestHints" must be true or false; using the default (true).',
    ]);
  });

  it('reads price overrides field by field and reports bad fields', () => {
    const { config, problems } = read({
      priceOverrides: { 'gpt-5-mini': { input: 0.2, output: 'cheap', asOf: '2026-12-01' }, broken: 3 },
    });
    assert.deepEqual(config.priceOverrides['gpt-5-mini'], { input: '0.2', asOf: '2026-12-01', source: 'tokenCost.priceOverrides' });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /tokenCost\.priceOverrides: gpt-5-mini: "output" must be a price/);
    assert.match(problems[1]!, /broken: must be an object of prices/);
  });

  it('reads custom models; without prices they stay unpriced, never free', () => {
    const { config, problems } = read({
      customModels: [
        { id: 'local/llama-3.1-8b', tokenizer: 'o200k_base', contextWindow: 128000 },
        { id: 'corp/assistant', name: 'Corp', input: '0.5', output: 1.5, currency: 'CNY', tier: 'mid' },
        { id: 'bad/tok', tokenizer: 'nonsense' },
        { name: 'no id' },
        { id: 'half/priced', input: 1 },
      ],
    });
    assert.equal(config.customModels.length, 3);
    const [llama, corp, half] = config.customModels;
    assert.equal(llama!.price, undefined);
    assert.equal(llama!.vendor, 'local');
    assert.equal(llama!.contextWindow, 128000);
    assert.deepEqual(corp!.price, { input: '0.5', output: '1.5', currency: 'CNY', source: 'tokenCost.customModels', asOf: 'user' });
    assert.equal(corp!.tier, 'mid');
    assert.equal(corp!.tokenizer, 'estimate:generic');
    assert.equal(half!.price, undefined);
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /bad\/tok: unknown tokenizer "nonsense"/);
    assert.match(problems.join('\n'), /#4: each custom model needs an "id"/);
    assert.match(problems.join('\n'), /half\/priced: needs both "input" and "output"/);
  });

  it('reads long-context tiers in overrides and custom models, sorted; one bad tier drops the whole list', () => {
    const tiers = [
      { above: 272000, input: 5, output: 22.5 },
      { above: 128000, input: '2.5', output: 15, cachedInput: 0.25 },
    ];
    const { config, problems } = read({
      priceOverrides: {
        'gemini-2.5-pro': { input: 0.5, longContext: tiers },
        'gpt-5': { longContext: [{ above: -1, input: 1, output: 2 }] },
        'gpt-5-mini': { longContext: [{ above: 1000, input: 1, output: 2, cachedInput: '1e400' }] },
        'gpt-5-nano': { longContext: [{ above: 1000, input: 1 }] },
      },
      customModels: [{ id: 'corp/long', input: 1, output: 2, longContext: [{ above: 100000, input: 2, output: 4 }] }],
    });
    assert.deepEqual(config.priceOverrides['gemini-2.5-pro']!.longContext, [
      { above: 128000, input: '2.5', output: '15', cachedInput: '0.25' },
      { above: 272000, input: '5', output: '22.5' },
    ]);
    assert.equal(config.priceOverrides['gpt-5']!.longContext, undefined);
    assert.deepEqual(config.customModels[0]!.price?.longContext, [{ above: 100000, input: '2', output: '4' }]);
    assert.equal(config.priceOverrides['gpt-5-mini']!.longContext, undefined);
    assert.deepEqual(problems, [
      'tokenCost.priceOverrides: gpt-5: "longContext[0].above" must be a whole number of tokens ≥ 1. "longContext" ignored.',
      'tokenCost.priceOverrides: gpt-5-mini: "longContext[0].cachedInput" must be a price per 1M tokens from 0 to 1,000,000 with at most 12 decimals, ignored. "longContext" ignored.',
      'tokenCost.priceOverrides: gpt-5-nano: "longContext[0]" needs "input" and "output" prices per 1M tokens. "longContext" ignored.',
    ]);
  });

  it('refuses rates no price list has, naming the setting and the field', () => {
    const { config, problems } = read({
      priceOverrides: { 'gpt-5-mini': { input: '1e400', output: '1e-400', cachedInput: 2_000_000, batchInput: '0.125' } },
      cnyPerUsd: '1e400',
    });
    assert.deepEqual(config.priceOverrides['gpt-5-mini'], { batchInput: '0.125', source: 'tokenCost.priceOverrides' });
    assert.equal(config.cnyPerUsd, DEFAULT_CONFIG.cnyPerUsd);
    assert.equal(problems.length, 4);
    for (const field of ['input', 'output', 'cachedInput']) {
      assert.ok(
        problems.includes(`tokenCost.priceOverrides: gpt-5-mini: "${field}" must be a price per 1M tokens from 0 to 1,000,000 with at most 12 decimals, ignored.`),
        problems.join('\n'),
      );
    }
    assert.match(problems.join('\n'), /"tokenCost\.cnyPerUsd" must be a positive number up to 1,000,000/);
  });

  it('keeps a "__proto__" override key as a key, so it is reported as an unknown model', () => {
    const { config, problems } = read({ priceOverrides: JSON.parse('{"__proto__": {"input": 1, "output": 2}}') });
    assert.deepEqual(problems, []);
    assert.deepEqual(Object.keys(config.priceOverrides), ['__proto__']);
    const { problems: catalogProblems } = bundledCatalog().withUserModels(config.priceOverrides, []);
    assert.deepEqual(
      catalogProblems.map((problem) => catalogProblemMessage(problem, englishOnly)),
      ['tokenCost.priceOverrides: __proto__: unknown model, ignored.'],
    );
  });

  it('reports duplicate custom ids, bad token limits and tiers by name', () => {
    const { config, problems } = read({
      customModels: [
        { id: 'corp/a', contextWindow: -5, maxInput: 1.5, maxOutput: 4096, tier: 'huge' },
        { id: 'CORP/A', contextWindow: 1000 },
      ],
    });
    assert.equal(config.customModels.length, 1);
    const [model] = config.customModels;
    assert.deepEqual([model!.contextWindow, model!.maxInput, model!.maxOutput, model!.tier], [undefined, undefined, 4096, undefined]);
    assert.deepEqual(problems, [
      'tokenCost.customModels: corp/a: "tier" must be one of nano, mini, mid, top, ignored.',
      'tokenCost.customModels: corp/a: "contextWindow" must be a whole number of tokens ≥ 1, ignored.',
      'tokenCost.customModels: corp/a: "maxInput" must be a whole number of tokens ≥ 1, ignored.',
      'tokenCost.customModels: CORP/A: custom model #1 has the same id; this one (#2) is ignored.',
    ]);
  });

  it('words each catalog problem with the setting it comes from', () => {
    const { config } = read({
      priceOverrides: { 'openai/gpt-5-mini': { currency: 'CNY', input: 2 } },
      customModels: [{ id: 'openai/gpt-5-mini', input: 1, output: 2 }],
    });
    const { problems } = bundledCatalog().withUserModels(config.priceOverrides, config.customModels);
    assert.deepEqual(
      problems.map((problem) => catalogProblemMessage(problem, englishOnly)),
      [
        'tokenCost.customModels: openai/gpt-5-mini: a bundled model has this id; the custom model replaces it (tokenizer estimate:generic instead of o200k_base, and only the prices and limits given here). To change a bundled model’s prices, use tokenCost.priceOverrides.',
        'tokenCost.priceOverrides: openai/gpt-5-mini: the override is in CNY and the bundled price in USD; bundled rates are never read as CNY, so these now have no price: output. Without both "input" and "output" in CNY, the model is unpriced.',
      ],
    );
  });
});
