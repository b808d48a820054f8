import { strict as assert } from 'node:assert';
import { PROMPT_ONLY } from '../../../../src/core/pricing/profile';
import { ModelCatalog, UnknownModelError } from '../../../../src/core/pricing/catalog';
import type { ModelInfo } from '../../../../src/core/pricing/types';
import { analyzeText, sortByCost } from '../../../../src/core/pricing/analyze';
import { calculateCost } from '../../../../src/core/pricing/cost';

const price = (input: string, output: string) => ({ currency: 'USD' as const, input, output, source: 'test', asOf: '2026-01-01' });

const MODELS: ModelInfo[] = [
  { id: 'openai/gpt-5-mini', name: 'GPT-5 mini', vendor: 'openai', tokenizer: 'o200k_base', featured: true, tier: 'mini', contextWindow: 400000, maxInput: 272000, aliases: ['gpt-5-mini-2025-08-07'], price: price('0.25', '2') },
  { id: 'openai/gpt-5', name: 'GPT-5', vendor: 'openai', tokenizer: 'o200k_base', featured: true, tier: 'top', contextWindow: 400000, price: price('1.25', '10') },
  { id: 'anthropic/claude-haiku-4-5', name: 'Claude Haiku 4.5', vendor: 'anthropic', tokenizer: 'estimate:anthropic', featured: true, tier: 'mini', contextWindow: 200000, price: price('1', '5') },
  { id: 'qwen/qwen-plus', name: 'Qwen Plus', vendor: 'qwen', tokenizer: 'estimate:generic', featured: true, price: price('0.4', '1.2') },
  { id: 'qwen/qwen-plus-cn', name: 'Qwen Plus (mainland)', vendor: 'qwen', region: 'cn', tokenizer: 'estimate:generic', aliases: ['qwen-plus'], price: { ...price('0.8', '2'), currency: 'CNY' } },
  { id: 'mistral/mystery-model', name: 'Mystery', vendor: 'mistral', tokenizer: 'estimate:generic', contextWindow: 10 },
];

/** A price with every kind of rate an override can leave bundled: cache, batch, long context. */
const GEMINI_PRO: ModelInfo = {
  id: 'google/gemini-2.5-pro',
  name: 'Gemini 2.5 Pro',
  vendor: 'google',
  tokenizer: 'gemma3',
  aliases: ['gemini/gemini-2.5-pro'],
  price: {
    ...price('1.25', '10'),
    cachedInput: '0.125',
    batchInput: '0.625',
    batchOutput: '5',
    longContext: [{ above: 200000, input: '2.5', output: '15', cachedInput: '0.25' }],
  },
};

describe('ModelCatalog', () => {
  const catalog = new ModelCatalog([...MODELS, GEMINI_PRO]);

  it('resolves canonical ids, bare ids, case and aliases', () => {
    assert.equal(catalog.get('openai/gpt-5-mini').id, 'openai/gpt-5-mini');
    assert.equal(catalog.get('gpt-5-mini').id, 'openai/gpt-5-mini');
    assert.equal(catalog.get('GPT-5-Mini').id, 'openai/gpt-5-mini');
    assert.equal(catalog.get('gpt-5-mini-2025-08-07').id, 'openai/gpt-5-mini');
  });

  it('resolves dated snapshot ids and provider-prefixed spellings', () => {
    assert.equal(catalog.get('gpt-5-2025-08-07').id, 'openai/gpt-5');
    assert.equal(catalog.get('claude-haiku-4-5-20251001').id, 'anthropic/claude-haiku-4-5');
    assert.equal(catalog.get('claude-haiku-4-5@20251001').id, 'anthropic/claude-haiku-4-5');
    assert.equal(catalog.get('openrouter/openai/gpt-5').id, 'openai/gpt-5');
  });

  it('prefers the global model over a regional one for a shared bare id', () => {
    assert.equal(catalog.get('qwen-plus').id, 'qwen/qwen-plus');
    assert.equal(catalog.get('qwen/qwen-plus-cn').price?.currency, 'CNY');
  });

  it('throws UnknownModelError naming the closest ids', () => {
    assert.throws(
      () => catalog.get('gpt-5-mni'),
      (error: unknown) => error instanceof UnknownModelError && error.suggestions[0] === 'openai/gpt-5-mini' && /Did you mean/.test(error.message),
    );
    assert.equal(catalog.find(''), undefined);
    assert.deepEqual(catalog.suggest('zzzzzzzzzzzzzzzzzzzz'), []);
  });

  it('lists featured models', () => {
    assert.deepEqual(catalog.featured().map((model) => model.id), ['openai/gpt-5-mini', 'openai/gpt-5', 'anthropic/claude-haiku-4-5', 'qwen/qwen-plus']);
  });

  it('applies user overrides field by field and reports bad ones', () => {
    const { catalog: custom, problems } = catalog.withUserModels(
      {
        'gpt-5-mini': { input: '0.2' },
        'mistral/mystery-model': { input: '1' },
        'gpt-5-mni': { input: '1', output: '2' },
      },
      [{ id: 'local/my-llama', name: 'My Llama', vendor: 'local', tokenizer: 'estimate:generic', price: price('0', '0') }],
    );
    assert.equal(custom.get('gpt-5-mini').price?.input, '0.2');
    assert.equal(custom.get('gpt-5-mini').price?.output, '2');
    assert.equal(custom.get('gpt-5-mini').price?.source, 'user override');
    assert.equal(custom.get('my-llama').vendor, 'local');
    assert.deepEqual(problems, [
      { kind: 'overrideNeedsInputAndOutput', id: 'mistral/mystery-model' },
      { kind: 'unknownOverride', id: 'gpt-5-mni', suggestions: ['openai/gpt-5-mini', 'openai/gpt-5'] },
    ]);
    // The original catalog is untouched.
    assert.equal(catalog.get('gpt-5-mini').price?.input, '0.25');
  });

  it('never reads a bundled rate in another currency: an incomplete CNY override leaves the model unpriced', () => {
    const { catalog: custom, problems } = catalog.withUserModels({ 'openai/gpt-5-mini': { currency: 'CNY', input: '2' } }, []);
    // Before: output stayed the bundled 2 (dollars) and was read as ¥2/M, a 7.1× understatement.
    assert.equal(custom.get('gpt-5-mini').price, undefined);
    assert.deepEqual(problems, [
      { kind: 'overrideCurrencyChanged', id: 'openai/gpt-5-mini', currency: 'CNY', bundledCurrency: 'USD', dropped: ['output'], unpriced: true },
    ]);
  });

  it('drops every bundled rate a currency-changing override does not restate, naming each', () => {
    const { catalog: custom, problems } = catalog.withUserModels({ 'gemini-2.5-pro': { currency: 'CNY', input: '9', output: '70' } }, []);
    const sheet = custom.get('gemini-2.5-pro').price!;
    assert.deepEqual([sheet.currency, sheet.input, sheet.output], ['CNY', '9', '70']);
    assert.equal(sheet.cachedInput, undefined);
    assert.equal(sheet.batchInput, undefined);
    assert.equal(sheet.longContext, undefined);
    assert.deepEqual(problems, [
      {
        kind: 'overrideCurrencyChanged',
        id: 'gemini-2.5-pro',
        currency: 'CNY',
        bundledCurrency: 'USD',
        dropped: ['cachedInput', 'batchInput', 'batchOutput', 'longContext'],
        unpriced: false,
      },
    ]);
    // A 300K-token prompt is billed at the user's CNY rate, not at a dollar tier read as yuan.
    assert.equal(calculateCost(300_000, sheet).input.toString(), '2.7');
  });

  it('names the bundled long-context and batch rates an input override leaves in force', () => {
    const { catalog: custom, problems } = catalog.withUserModels({ 'gemini-2.5-pro': { input: '0.5' } }, []);
    const sheet = custom.get('gemini-2.5-pro').price!;
    assert.deepEqual(problems, []);
    assert.deepEqual(sheet.keptBundled, [
      { kind: 'longContext', field: 'input', bundled: '2.5', override: '0.5', above: 200000 },
      { kind: 'batch', field: 'input', bundled: '0.625', override: '0.5' },
    ]);
    assert.equal(calculateCost(300_000, sheet).input.toString(), '0.75');
    // An override equal to the bundled rate contradicts nothing.
    assert.equal(catalog.withUserModels({ 'gemini-2.5-pro': { input: '1.250' } }, []).catalog.get('gemini-2.5-pro').price?.keptBundled, undefined);
  });

  it('lets an override set long-context and batch rates, replacing the bundled ones', () => {
    const longContext = [{ above: 200000, input: '1', output: '12' }];
    const { catalog: custom } = catalog.withUserModels({ 'gemini-2.5-pro': { input: '0.5', batchInput: '0.25', longContext } }, []);
    const sheet = custom.get('gemini-2.5-pro').price!;
    assert.equal(sheet.keptBundled, undefined);
    assert.equal(calculateCost(300_000, sheet).input.toString(), '0.3');
    assert.equal(calculateCost(100_000, sheet, { ...PROMPT_ONLY, batch: true }).input.toString(), '0.025');
    // `[]` removes the bundled tiers: the base rate for every prompt size.
    const flat = catalog.withUserModels({ 'gemini-2.5-pro': { longContext: [] } }, []).catalog.get('gemini-2.5-pro').price!;
    assert.equal(calculateCost(300_000, flat).input.toString(), '0.375');
  });

  it('reports a second override of the same model under another name; the first applies', () => {
    const { catalog: custom, problems } = catalog.withUserModels({ 'gpt-5-mini': { input: '0.2' }, 'openai/gpt-5-mini': { input: '0.3' } }, []);
    assert.equal(custom.get('gpt-5-mini').price?.input, '0.2');
    assert.deepEqual(problems, [{ kind: 'duplicateOverride', id: 'openai/gpt-5-mini', earlierId: 'gpt-5-mini', modelId: 'openai/gpt-5-mini' }]);
  });

  it('reports a custom model that reuses a bundled id or another name of a bundled model', () => {
    const custom = (id: string): ModelInfo => ({ id, name: id, vendor: 'custom', tokenizer: 'estimate:generic' });
    const { catalog: merged, problems } = catalog.withUserModels({}, [custom('openai/gpt-5-mini'), custom('gemini/gemini-2.5-pro'), custom('local/gpt-5')]);
    assert.equal(merged.get('openai/gpt-5-mini').tokenizer, 'estimate:generic');
    assert.deepEqual(problems, [
      { kind: 'customReusesBundledId', id: 'openai/gpt-5-mini', bundledId: 'openai/gpt-5-mini', replaces: true, tokenizer: 'estimate:generic', bundledTokenizer: 'o200k_base' },
      { kind: 'customReusesBundledId', id: 'gemini/gemini-2.5-pro', bundledId: 'google/gemini-2.5-pro', replaces: false, tokenizer: 'estimate:generic', bundledTokenizer: 'gemma3' },
    ]);
    // `local/gpt-5` takes no name from the bundled GPT-5.
    assert.equal(merged.get('gpt-5').id, 'openai/gpt-5');
  });
});

describe('analyzeText', () => {
  const catalog = new ModelCatalog(MODELS);

  it('gives an unpriced model a null cost, never zero', () => {
    const [result] = analyzeText('hello world', [catalog.get('mistral/mystery-model')]);
    assert.equal(result!.cost, null);
    assert.equal(result!.price, null);
    assert.ok(result!.tokens > 0);
  });

  it('marks a text over the input limit', () => {
    const [result] = analyzeText('one two three four five six seven eight nine ten eleven twelve', [catalog.get('mistral/mystery-model')]);
    assert.equal(result!.overLimit, true);
    assert.ok(result!.fractionOfInput! > 1);
  });

  it('counts once per tokenizer and sorts cheapest first, unpriced last', () => {
    let calls = 0;
    const results = analyzeText('hello', catalog.all(), {}, (_tokenizer, text) => {
      calls++;
      return text.length * 1000;
    });
    assert.equal(calls, 3);
    const sorted = sortByCost(results).map((result) => result.model.id);
    // Every cost is in the profile's currency (USD), the CNY-priced model converted at the default rate.
    assert.deepEqual(sorted, ['qwen/qwen-plus-cn', 'openai/gpt-5-mini', 'qwen/qwen-plus', 'anthropic/claude-haiku-4-5', 'openai/gpt-5', 'mistral/mystery-model']);
  });

  it('converts every cost to the profile\'s currency', () => {
    const [result] = analyzeText('x', [catalog.get('qwen/qwen-plus-cn')], { profile: PROMPT_ONLY, cnyPerUsd: '8' }, () => 1_000_000);
    assert.equal(result!.cost?.currency, 'USD');
    assert.equal(result!.cost?.total.toString(), '0.1');
    assert.equal(result!.price?.currency, 'CNY');
  });
});
