import { strict as assert } from 'node:assert';
import { ModelCatalog, UnknownModelError } from '../../src/core/models/catalog';
import type { ModelInfo } from '../../src/core/models/types';
import { analyzeText, sortByCost } from '../../src/core/analyze';

const price = (input: string, output: string) => ({ currency: 'USD' as const, input, output, source: 'test', asOf: '2026-01-01' });

const MODELS: ModelInfo[] = [
  { id: 'openai/gpt-5-mini', name: 'GPT-5 mini', vendor: 'openai', tokenizer: 'o200k_base', featured: true, tier: 'mini', contextWindow: 400000, maxInput: 272000, aliases: ['gpt-5-mini-2025-08-07'], price: price('0.25', '2') },
  { id: 'openai/gpt-5', name: 'GPT-5', vendor: 'openai', tokenizer: 'o200k_base', featured: true, tier: 'top', contextWindow: 400000, price: price('1.25', '10') },
  { id: 'anthropic/claude-haiku-4-5', name: 'Claude Haiku 4.5', vendor: 'anthropic', tokenizer: 'estimate:anthropic', featured: true, tier: 'mini', contextWindow: 200000, price: price('1', '5') },
  { id: 'qwen/qwen-plus', name: 'Qwen Plus', vendor: 'qwen', tokenizer: 'estimate:generic', featured: true, price: price('0.4', '1.2') },
  { id: 'qwen/qwen-plus-cn', name: 'Qwen Plus (mainland)', vendor: 'qwen', region: 'cn', tokenizer: 'estimate:generic', aliases: ['qwen-plus'], price: { ...price('0.8', '2'), currency: 'CNY' } },
  { id: 'mistral/mystery-model', name: 'Mystery', vendor: 'mistral', tokenizer: 'estimate:generic', contextWindow: 10 },
];

describe('ModelCatalog', () => {
  const catalog = new ModelCatalog(MODELS);

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
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /needs both "input" and "output"/);
    assert.match(problems[1]!, /Unknown model "gpt-5-mni"/);
    // The original catalog is untouched.
    assert.equal(catalog.get('gpt-5-mini').price?.input, '0.25');
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
    assert.deepEqual(sorted, ['openai/gpt-5-mini', 'qwen/qwen-plus', 'anthropic/claude-haiku-4-5', 'openai/gpt-5', 'qwen/qwen-plus-cn', 'mistral/mystery-model']);
  });

  it('converts to one currency when asked', () => {
    const [result] = analyzeText('x', [catalog.get('qwen/qwen-plus-cn')], { currency: 'USD', cnyPerUsd: '8' }, () => 1_000_000);
    assert.equal(result!.cost?.currency, 'USD');
    assert.equal(result!.cost?.total.toString(), '0.1');
    assert.equal(result!.price?.currency, 'CNY');
  });
});
