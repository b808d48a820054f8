import { PROMPT_ONLY, type CallProfile } from '../../../../src/core/pricing/profile';
import { strict as assert } from 'node:assert';
import { calculateCost } from '../../../../src/core/pricing/cost';
import { convertCost } from '../../../../src/core/pricing/currency';
import type { PriceSheet } from '../../../../src/core/pricing/types';

const base: CallProfile = PROMPT_ONLY;

const claudeLike: PriceSheet = {
  currency: 'USD',
  input: '3',
  output: '15',
  cachedInput: '0.3',
  cacheWrite5m: '3.75',
  cacheWrite1h: '6',
  batchInput: '1.5',
  batchOutput: '7.5',
  longContext: [{ above: 200000, input: '6', output: '22.5', cachedInput: '0.6' }],
  source: 'test',
  asOf: '2026-01-01',
};

const reasoningPriced: PriceSheet = {
  currency: 'USD',
  input: '0.3',
  output: '2.5',
  reasoningOutput: '3.5',
  source: 'test',
  asOf: '2026-01-01',
};

describe('calculateCost', () => {
  it('prices input tokens at the per-million rate exactly', () => {
    const cost = calculateCost(1234, claudeLike, base);
    assert.equal(cost.input.toString(), '0.003702');
    assert.equal(cost.output.toString(), '0');
    assert.equal(cost.total.toString(), '0.003702');
    assert.equal(cost.per1000Calls.toString(), '3.702');
  });

  it('adds expected output and reasoning tokens billed as output', () => {
    const cost = calculateCost(1000, claudeLike, { ...base, outputTokens: 200, reasoningMultiplier: 3 });
    assert.equal(cost.reasoningTokens, 400);
    // 1000 × 3/M + 600 × 15/M
    assert.equal(cost.input.toString(), '0.003');
    assert.equal(cost.output.toString(), '0.009');
    assert.equal(cost.total.toString(), '0.012');
  });

  it('bills reasoning at its own rate when the model has one', () => {
    const cost = calculateCost(0, reasoningPriced, { ...base, outputTokens: 100, reasoningMultiplier: 2.5 });
    // 100 × 2.5/M + 150 × 3.5/M
    assert.equal(cost.output.toString(), '0.000775');
  });

  it('splits the prompt into cached, cache-write and fresh tokens', () => {
    const cost = calculateCost(10000, claudeLike, { ...base, cacheHitShare: 0.8, cacheWriteShare: 0.2 });
    assert.equal(cost.cachedTokens, 8000);
    assert.equal(cost.cacheWriteTokens, 2000);
    // 8000 × 0.3/M + 2000 × 3.75/M
    assert.equal(cost.input.toString(), '0.0099');
    const hourly = calculateCost(10000, claudeLike, { ...base, cacheWriteShare: 1, cacheTtl: '1h' });
    assert.equal(hourly.input.toString(), '0.06');
  });

  it('flags a cache share on a model without a cached rate and uses the input rate', () => {
    const cost = calculateCost(1000, reasoningPriced, { ...base, cacheHitShare: 0.5 });
    assert.equal(cost.cacheUnavailable, true);
    assert.equal(cost.cachedTokens, 0);
    assert.equal(cost.input.toString(), '0.0003');
  });

  it('applies batch rates, and says when a model has none', () => {
    const batch = calculateCost(1000, claudeLike, { ...base, outputTokens: 1000, batch: true });
    assert.equal(batch.batchApplied, true);
    assert.equal(batch.total.toString(), '0.009');
    const none = calculateCost(1000, reasoningPriced, { ...base, batch: true });
    assert.equal(none.batchApplied, false);
    assert.equal(none.batchUnavailable, true);
    assert.equal(none.input.toString(), '0.0003');
  });

  it('switches the whole request to long-context rates above the threshold', () => {
    const at = calculateCost(200000, claudeLike, { ...base, outputTokens: 1000 });
    assert.equal(at.longContextAbove, undefined);
    assert.equal(at.total.toString(), '0.615');
    const above = calculateCost(200001, claudeLike, { ...base, outputTokens: 1000 });
    assert.equal(above.longContextAbove, 200000);
    // 200001 × 6/M + 1000 × 22.5/M
    assert.equal(above.input.toString(), '1.200006');
    assert.equal(above.output.toString(), '0.0225');
  });

  it('picks the highest tier the prompt exceeds', () => {
    const tiered: PriceSheet = {
      ...reasoningPriced,
      longContext: [
        { above: 272000, input: '2', output: '20' },
        { above: 128000, input: '1', output: '10' },
      ],
    };
    assert.equal(calculateCost(130000, tiered).input.toString(), '0.13');
    assert.equal(calculateCost(300000, tiered).input.toString(), '0.6');
  });

  it('scales to per day and per 30-day month', () => {
    const cost = calculateCost(1000, claudeLike, { ...base, callsPerDay: 1500 });
    assert.equal(cost.perDay?.toString(), '4.5');
    assert.equal(cost.perMonth?.toString(), '135');
    assert.equal(calculateCost(1000, claudeLike, base).perDay.toString(), '0');
  });

  it('rejects impossible profiles with a message naming the field', () => {
    assert.throws(() => calculateCost(1, claudeLike, { ...base, outputTokens: -1 }), /output tokens/);
    assert.throws(() => calculateCost(1, claudeLike, { ...base, reasoningMultiplier: 0.5 }), /reasoning multiplier/);
    assert.throws(() => calculateCost(1, claudeLike, { ...base, callsPerDay: Number.NaN }), /Calls per day/);
  });

  it('keeps CNY prices in CNY and converts only at the given rate', () => {
    const qwen: PriceSheet = { currency: 'CNY', input: '0.8', output: '2', source: 'test', asOf: '2026-01-01' };
    const cost = calculateCost(1_000_000, qwen, { ...base, outputTokens: 1000 });
    assert.equal(cost.currency, 'CNY');
    assert.equal(cost.total.toString(), '0.802');
    const usd = convertCost(cost, 'USD', '8');
    assert.equal(usd.currency, 'USD');
    assert.equal(usd.total.toString(), '0.10025');
    const back = convertCost(calculateCost(1_000_000, reasoningPriced), 'CNY', '7.1');
    assert.equal(back.total.toString(), '2.13');
    assert.throws(() => convertCost(cost, 'USD', '0'), /positive/);
  });
});
