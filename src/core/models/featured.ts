import type { ModelInfo } from './types';

/**
 * Hand-checked featured models: the comparison's rows. Each price names its source and date and
 * is cross-checked against the price snapshots by test/unit/featured-prices.test.ts.
 */
export const FEATURED_MODELS: readonly ModelInfo[] = [
  {
    id: 'openai/gpt-5-mini',
    name: 'GPT-5 mini',
    vendor: 'openai',
    tier: 'mini',
    tokenizer: 'o200k_base',
    contextWindow: 400000,
    maxInput: 272000,
    maxOutput: 128000,
    featured: true,
    aliases: ['gpt-5-mini'],
    price: {
      currency: 'USD',
      input: '0.25',
      output: '2',
      cachedInput: '0.025',
      batchInput: '0.125',
      batchOutput: '1',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8',
      asOf: '2026-07-24',
    },
  },
  {
    id: 'anthropic/claude-haiku-4-5',
    name: 'Claude Haiku 4.5',
    vendor: 'anthropic',
    tier: 'mini',
    tokenizer: 'estimate:anthropic',
    contextWindow: 200000,
    maxInput: 200000,
    maxOutput: 64000,
    featured: true,
    aliases: ['claude-haiku-4-5', 'claude-haiku-4.5'],
    price: {
      currency: 'USD',
      input: '1',
      output: '5',
      cachedInput: '0.1',
      cacheWrite5m: '1.25',
      cacheWrite1h: '2',
      batchInput: '0.5',
      batchOutput: '2.5',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8',
      asOf: '2026-07-24',
    },
  },
];
