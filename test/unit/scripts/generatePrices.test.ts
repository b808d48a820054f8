import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Decimal } from '../../../src/core/pricing/decimal';
import type { LongContextRates, ModelInfo, PriceSheet } from '../../../src/core/pricing/types';
import { describeTokenizer } from '../../../src/core/tokenizers/registry';
import generated from '../../../src/core/data/models.generated.json';
import { readExtracts } from '../../../scripts/prices/featuredFiles';
import { newestSnapshot } from '../../../scripts/prices/snapshots';
import { convertLiteLlm, type LiteLlmEntry } from '../../../src/core/pricing/litellm';
import { halfOf, perMillionToString, perTokenToPerMillion } from '../../../src/core/pricing/rates';
import { REPO_ROOT } from '../../support/paths';

const SNAPSHOTS = join(REPO_ROOT, '..', 'shared', 'data', 'prices');

interface Table {
  generatedAt: string;
  sources: { name: string; asOf: string; license: string }[];
  models: ModelInfo[];
}
const table = generated as unknown as Table;

describe('per-token → per-million conversion', () => {
  it('shifts the decimal point of the shortest form, without float noise', () => {
    assert.equal(perTokenToPerMillion(2.5e-7), '0.25');
    assert.equal(perTokenToPerMillion(0.00000125), '1.25');
    assert.equal(perTokenToPerMillion(1e-7), '0.1');
    assert.equal(perTokenToPerMillion(3.625e-9), '0.003625');
    assert.equal(perTokenToPerMillion(1.5625e-9), '0.0015625');
    assert.equal(perTokenToPerMillion(0.000015), '15');
    assert.equal(perTokenToPerMillion(0.00006), '60');
    assert.equal(perTokenToPerMillion(0), '0');
    // 0.07 * 1e6 in floats is 70000.00000000001; 7e-8 * 1e6 is 0.06999999999999999.
    assert.equal(perTokenToPerMillion(7e-8), '0.07');
    assert.equal(perTokenToPerMillion(0.07), '70000');
  });

  it('reads numeric strings and drops binary noise (OpenRouter writes "0.0000006000000000000001")', () => {
    assert.equal(perTokenToPerMillion('0.00000125'), '1.25');
    assert.equal(perTokenToPerMillion('0.0000006000000000000001'), '0.6');
    assert.equal(perTokenToPerMillion('0.00000100000000000000015'), '1');
    assert.equal(perTokenToPerMillion(3.0001999999999996e-7), '0.30002');
  });

  it('rejects negative, infinite and non-numeric rates', () => {
    assert.throws(() => perTokenToPerMillion(-1e-7), /Negative rate/);
    assert.throws(() => perTokenToPerMillion(Number.NaN), /finite/);
    assert.throws(() => perTokenToPerMillion(Number.POSITIVE_INFINITY), /finite/);
    assert.throws(() => perTokenToPerMillion('abc'), /Not a decimal/);
  });

  it('equals the exact decimal for any rate with up to 9 significant digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 15 }), (units, exponent) => {
        const perToken = Number(`${units}e-${exponent}`);
        const expected = Decimal.from(`${units}e${6 - exponent}`).toString();
        assert.equal(perTokenToPerMillion(perToken), expected);
      }),
    );
  });

  it('reads per-million numbers and halves exactly', () => {
    assert.equal(perMillionToString(0.075), '0.075');
    assert.equal(perMillionToString(15.625), '15.625');
    assert.equal(halfOf('0.8'), '0.4');
    assert.equal(halfOf('1.25'), '0.625');
    assert.equal(halfOf('3'), '1.5');
    assert.equal(halfOf('0.003625'), '0.0018125');
  });
});

describe('LiteLLM conversion', () => {
  const raw: Record<string, LiteLlmEntry> = {
    'gpt-test': {
      litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 2.5e-7, output_cost_per_token: 0.000002,
      cache_read_input_token_cost: 2.5e-8, input_cost_per_token_batches: 1.25e-7, output_cost_per_token_batches: 0.000001,
      input_cost_per_token_above_272k_tokens: 5e-7, output_cost_per_token_above_272k_tokens: 0.000003,
      cache_read_input_token_cost_above_272k_tokens: 5e-8, output_cost_per_reasoning_token: 0.000002,
      max_input_tokens: 272000, max_output_tokens: 128000,
    },
    'gpt-test-2025-08-07': {
      litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 2.5e-7, output_cost_per_token: 0.000002,
      cache_read_input_token_cost: 2.5e-8, input_cost_per_token_batches: 1.25e-7, output_cost_per_token_batches: 0.000001,
      input_cost_per_token_above_272k_tokens: 5e-7, output_cost_per_token_above_272k_tokens: 0.000003,
      cache_read_input_token_cost_above_272k_tokens: 5e-8, output_cost_per_reasoning_token: 0.000002,
      max_input_tokens: 272000, max_output_tokens: 128000,
    },
    'gpt-test-2024-01-01': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 0.000001, output_cost_per_token: 0.000004 },
    'ft:gpt-test': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
    'gpt-test-audio': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
    'dall-e-9': { litellm_provider: 'openai', mode: 'image_generation', input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
    'azure/gpt-test': { litellm_provider: 'azure', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
    'claude-test': {
      litellm_provider: 'anthropic', mode: 'chat', input_cost_per_token: 8e-7, output_cost_per_token: 0.000004,
      cache_creation_input_token_cost: 0.000001, cache_creation_input_token_cost_above_1hr: 0.0000016,
      cache_read_input_token_cost: 8e-8, max_input_tokens: 200000, max_output_tokens: 8192,
    },
    'gemini/gemini-test-pro': {
      litellm_provider: 'gemini', mode: 'chat', input_cost_per_token: 0.00000125, output_cost_per_token: 0.00001,
      input_cost_per_token_above_200k_tokens: 0.0000025, output_cost_per_token_above_200k_tokens: 0.000015,
      output_cost_per_reasoning_token: 0.000012,
    },
    'gemini/gemini-free-exp': { litellm_provider: 'gemini', mode: 'chat', input_cost_per_token: 0, output_cost_per_token: 0 },
    'dashscope/qwen-test': {
      litellm_provider: 'dashscope', mode: 'chat', max_input_tokens: 997952,
      tiered_pricing: [
        { range: [256000, 1000000], input_cost_per_token: 2.5e-7, output_cost_per_token: 0.000002 },
        { range: [0, 256000], input_cost_per_token: 5e-8, output_cost_per_token: 4e-7, cache_read_input_token_cost: 1e-8 },
      ],
    },
    'deepseek-test': { litellm_provider: 'deepseek', mode: 'chat', input_cost_per_token: 2.8e-7, output_cost_per_token: 4.2e-7 },
    'deepseek/deepseek-test': {
      litellm_provider: 'deepseek', mode: 'chat', input_cost_per_token: 2.8e-7, output_cost_per_token: 4.2e-7,
      cache_read_input_token_cost: 2.8e-8, cache_creation_input_token_cost: 0,
    },
    'moonshot/kimi-unpriced': { litellm_provider: 'moonshot', mode: 'chat', max_input_tokens: 131072 },
    'perplexity/openai/gpt-test': { litellm_provider: 'perplexity', mode: 'responses', input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
  };
  const { models, report } = convertLiteLlm(raw, '2026-07-24');
  const byId = new Map(models.map((model) => [model.id, model]));

  it('keeps first-party text models under canonical vendor/model ids, sorted', () => {
    assert.deepEqual(
      models.map((model) => model.id),
      [
        'anthropic/claude-test',
        'deepseek/deepseek-test',
        'google/gemini-free-exp',
        'google/gemini-test-pro',
        'moonshot/kimi-unpriced',
        'openai/gpt-test',
        'openai/gpt-test-2024-01-01',
        'qwen/qwen-test',
      ],
    );
    assert.equal(report.kept, 8);
  });

  it('converts every rate field exactly', () => {
    const gpt = byId.get('openai/gpt-test')!;
    const expected: PriceSheet = {
      currency: 'USD', input: '0.25', output: '2', cachedInput: '0.025', batchInput: '0.125', batchOutput: '1',
      longContext: [{ above: 272000, input: '0.5', output: '3', cachedInput: '0.05' }],
      source: 'LiteLLM 2026-07-24', asOf: '2026-07-24',
    };
    assert.deepEqual(gpt.price, expected, 'a reasoning rate equal to output is left out');
    assert.equal(gpt.tokenizer, 'o200k_base');
    assert.equal(gpt.maxInput, 272000);
    assert.equal(gpt.maxOutput, 128000);
    assert.equal(byId.get('google/gemini-test-pro')!.price?.reasoningOutput, '12');
    assert.deepEqual(byId.get('google/gemini-test-pro')!.price?.longContext, [{ above: 200000, input: '2.5', output: '15' }]);
  });

  it('gives Anthropic batch rates at exactly half of list, with both cache-write rates', () => {
    const claude = byId.get('anthropic/claude-test')!.price!;
    assert.equal(claude.batchInput, '0.4');
    assert.equal(claude.batchOutput, '2');
    assert.equal(claude.cacheWrite5m, '1');
    assert.equal(claude.cacheWrite1h, '1.6');
    assert.equal(claude.cachedInput, '0.08');
  });

  it('gives Google models without stated batch rates half of list, and keeps stated ones', () => {
    const gemini = byId.get('google/gemini-test-pro')!.price!;
    assert.equal(gemini.batchInput, halfOf(gemini.input));
    assert.equal(gemini.batchOutput, halfOf(gemini.output));
    assert.equal(byId.get('openai/gpt-test')!.price!.batchInput, '0.125');
  });

  it('reads tiered_pricing as base rates plus whole-request long-context tiers', () => {
    const qwen = byId.get('qwen/qwen-test')!.price!;
    assert.equal(qwen.input, '0.05');
    assert.equal(qwen.output, '0.4');
    assert.equal(qwen.cachedInput, '0.01');
    assert.deepEqual(qwen.longContext, [{ above: 256000, input: '0.25', output: '2' }]);
  });

  it('leaves a model without prices, or with $0/$0 placeholders, unpriced (no price object)', () => {
    assert.equal('price' in byId.get('moonshot/kimi-unpriced')!, false);
    assert.equal('price' in byId.get('google/gemini-free-exp')!, false);
    assert.equal(report.unpriced, 2);
  });

  it('folds identical dated snapshots into aliases and keeps differing ones apart', () => {
    assert.deepEqual(byId.get('openai/gpt-test')!.aliases, ['gpt-test-2025-08-07']);
    assert.equal(byId.get('openai/gpt-test-2024-01-01')!.price?.input, '1');
    assert.equal(report.foldedSnapshots, 1);
  });

  it('merges provider-prefixed duplicates into one model, keeping other keys as aliases', () => {
    const deepseek = byId.get('deepseek/deepseek-test')!;
    assert.equal(deepseek.aliases, undefined, 'both keys already resolve: one is the bare id, the other the canonical id');
    assert.equal(deepseek.price?.cachedInput, '0.028');
    assert.equal(deepseek.price?.cacheWrite5m, undefined, 'a 0 cache-write rate means "not stated"');
    assert.deepEqual(byId.get('google/gemini-test-pro')!.aliases, ['gemini/gemini-test-pro']);
  });
});

function assertRate(value: unknown, where: string): void {
  assert.equal(typeof value, 'string', `${where} is not a string`);
  assert.match(value as string, /^\d+(\.\d+)?$/, `${where} = ${String(value)} is not a plain non-negative decimal`);
  assert.ok(!Decimal.from(value as string).isNegative(), `${where} is negative`);
}

function assertPriceSheet(price: PriceSheet, where: string): void {
  assert.ok(price.currency === 'USD' || price.currency === 'CNY', `${where}: currency ${price.currency}`);
  for (const field of ['input', 'output', 'cachedInput', 'cacheWrite5m', 'cacheWrite1h', 'reasoningOutput', 'batchInput', 'batchOutput'] as const) {
    if (field === 'input' || field === 'output' || price[field] !== undefined) assertRate(price[field], `${where}.${field}`);
  }
  assert.ok(!(Decimal.from(price.input).isZero() && Decimal.from(price.output).isZero()), `${where}: $0/$0 must be unpriced instead`);
  assert.equal(price.batchInput === undefined, price.batchOutput === undefined, `${where}: batch rates come in pairs`);
  let previous = 0;
  for (const tier of price.longContext ?? ([] as LongContextRates[])) {
    assert.ok(Number.isInteger(tier.above) && tier.above > previous, `${where}: long-context tiers ascending`);
    previous = tier.above;
    for (const field of ['input', 'output', 'cachedInput', 'cacheWrite5m', 'cacheWrite1h'] as const) {
      if (field === 'input' || field === 'output' || tier[field] !== undefined) assertRate(tier[field], `${where}.longContext[${tier.above}].${field}`);
    }
  }
  assert.match(price.asOf, /^\d{4}-\d{2}-\d{2}$/, `${where}: asOf`);
  assert.ok(price.source.length > 0, `${where}: source`);
}

describe('the generated price table', () => {
  it('has its source, date and licence', () => {
    assert.match(table.generatedAt, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(table.sources.length, 1);
    assert.equal(table.sources[0]!.name, 'LiteLLM');
    assert.match(table.sources[0]!.license, /MIT.*Berri AI/);
    assert.ok(table.models.length > 100, `only ${table.models.length} models`);
  });

  it('has unique, sorted, canonical ids and known tokenizers', () => {
    const ids = table.models.map((model) => model.id);
    assert.equal(new Set(ids.map((id) => id.toLowerCase())).size, ids.length, 'duplicate ids');
    assert.deepEqual(ids, [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'ids are not sorted');
    for (const model of table.models) {
      assert.match(model.id, /^[a-z]+\/[^/\s]+$/, `${model.id} is not vendor/model`);
      assert.ok(model.id.startsWith(`${model.vendor}/`), `${model.id}: vendor ${model.vendor}`);
      assert.ok(describeTokenizer(model.tokenizer), `${model.id}: unknown tokenizer ${model.tokenizer}`);
      for (const limit of [model.contextWindow, model.maxInput, model.maxOutput]) {
        if (limit !== undefined) assert.ok(Number.isInteger(limit) && limit > 0, `${model.id}: limit ${limit}`);
      }
    }
  });

  it('states every rate as a non-negative decimal string; unpriced models carry no price object', () => {
    let unpriced = 0;
    for (const model of table.models) {
      if (model.price === undefined) {
        assert.equal('price' in model, false, `${model.id}: price key present but empty`);
        unpriced++;
        continue;
      }
      assertPriceSheet(model.price, model.id);
      assert.equal(model.price.currency, 'USD');
      assert.equal(model.price.asOf, table.sources[0]!.asOf);
    }
    assert.ok(unpriced < table.models.length / 10, `${unpriced} unpriced models`);
  });

  it('gives every Anthropic model batch rates at exactly half of list', () => {
    for (const model of table.models.filter((m) => m.vendor === 'anthropic' && m.price)) {
      assert.equal(model.price!.batchInput, halfOf(model.price!.input), model.id);
      assert.equal(model.price!.batchOutput, halfOf(model.price!.output), model.id);
    }
  });

  it('states what the committed LiteLLM extract states for every model both have', () => {
    // The extract holds the featured models' LiteLLM entries: converting them alone must give the
    // prices and limits the committed table has for the same ids (without the snapshot, in CI too).
    const entries = readExtracts(REPO_ROOT).litellm.data as Record<string, LiteLlmEntry>;
    const { models } = convertLiteLlm(entries, table.generatedAt);
    const byId = new Map(table.models.map((model) => [model.id, model]));
    assert.ok(models.length >= 15, `only ${models.length} models in the extract`);
    for (const model of models) {
      const committed = byId.get(model.id);
      assert.ok(committed, `${model.id} is in the extract but not in the table`);
      assert.deepEqual(
        { price: committed.price, maxInput: committed.maxInput, maxOutput: committed.maxOutput },
        { price: model.price, maxInput: model.maxInput, maxOutput: model.maxOutput },
        `${model.id}: the committed table is stale or edited by hand`,
      );
    }
  });

  it('is what the generator makes of the newest LiteLLM snapshot (when the snapshots are present)', function () {
    const file = existsSync(SNAPSHOTS) ? newestSnapshot(SNAPSHOTS, 'litellm-model_prices_and_context_window-') : undefined;
    if (!file) this.skip();
    const asOf = /(\d{4}-\d{2}-\d{2})/.exec(file!)![1]!;
    if (asOf !== table.generatedAt) this.skip(); // a table regenerated from a newer download
    const { models } = convertLiteLlm(JSON.parse(readFileSync(file!, 'utf8')) as Record<string, LiteLlmEntry>, asOf);
    assert.deepEqual(models, table.models, 'the committed table is stale: run npm run generate:prices');
  });
});
