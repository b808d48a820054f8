import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { CONFIG_SECTION, DEFAULT_CONFIG, parseConfig, RESTRICTED_SETTINGS, SETTING_KEYS } from '../../src/extension/config';
import { englishOnly } from '../../src/extension/l10n';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const properties: Record<string, { default: unknown }> = manifest.contributes.configuration.properties;

function read(values: Record<string, unknown>) {
  return parseConfig((key) => values[key], englishOnly);
}

describe('extension configuration', () => {
  it('mirrors package.json: the same keys and the same defaults', () => {
    const contributed = Object.keys(properties).sort();
    const typed = Object.values(SETTING_KEYS).map((key) => `${CONFIG_SECTION}.${key}`).sort();
    assert.deepEqual(typed, contributed);
    for (const [field, key] of Object.entries(SETTING_KEYS)) {
      const fromManifest = properties[`${CONFIG_SECTION}.${key}`]!.default;
      const fromCode = DEFAULT_CONFIG[field as keyof typeof DEFAULT_CONFIG];
      // cnyPerUsd is a decimal string in code and a number in the manifest.
      assert.deepEqual(typeof fromCode === 'string' && typeof fromManifest === 'number' ? Number(fromCode) : fromCode, fromManifest, key);
    }
  });

  it('restricts the same settings in untrusted workspaces as the manifest', () => {
    assert.deepEqual(
      manifest.capabilities.untrustedWorkspaces.restrictedConfigurations,
      RESTRICTED_SETTINGS.map((field) => `${CONFIG_SECTION}.${SETTING_KEYS[field]}`),
    );
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
    assert.equal(config.callsPerDay, DEFAULT_CONFIG.callsPerDay);
    assert.equal(config.reasoningMultiplier, 1);
    assert.equal(config.currency, 'USD');
    assert.equal(config.expectedOutputTokens, 500);
    assert.equal(config.cnyPerUsd, DEFAULT_CONFIG.cnyPerUsd);
    assert.deepEqual(config.statusBarModels, []);
    assert.equal(problems.length, 6);
    assert.ok(problems.some((p) => p.includes('"tokenCost.callsPerDay" must be a number ≥ 0; using the default (100)')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('"tokenCost.statusBar.models"')));
  });

  it('accepts good values', () => {
    const { config, problems } = read({ callsPerDay: 2500, currency: 'CNY', cnyPerUsd: 7.25, cacheHitShare: 0.5, batch: true });
    assert.deepEqual(problems, []);
    assert.equal(config.callsPerDay, 2500);
    assert.equal(config.currency, 'CNY');
    assert.equal(config.cnyPerUsd, '7.25');
    assert.equal(config.cacheHitShare, 0.5);
    assert.equal(config.batch, true);
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
});
