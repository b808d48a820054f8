import type { ModelInfo } from '../../src/core/pricing/types';
import { DEFAULT_CONFIG, type TokenCostConfig } from '../../src/extension/settings/config';
import type { StatusInput } from '../../src/extension/statusBar/view';

/** Test models with fixed prices, independent of the bundled table (which other work changes). */
export const MINI: ModelInfo = {
  id: 'openai/gpt-5-mini',
  name: 'GPT-5 mini',
  vendor: 'openai',
  tier: 'mini',
  tokenizer: 'o200k_base',
  contextWindow: 400000,
  maxInput: 272000,
  featured: true,
  price: { currency: 'USD', input: '0.25', output: '2', cachedInput: '0.025', batchInput: '0.125', batchOutput: '1', source: 'test sheet', asOf: '2026-07-24' },
};

export const HAIKU: ModelInfo = {
  id: 'anthropic/claude-haiku-4-5',
  name: 'Claude Haiku 4.5',
  vendor: 'anthropic',
  tier: 'mini',
  tokenizer: 'estimate:anthropic',
  contextWindow: 200000,
  featured: true,
  price: { currency: 'USD', input: '1', output: '5', source: 'test sheet', asOf: '2026-07-24' },
};

export const NANO: ModelInfo = {
  id: 'openai/gpt-5-nano',
  name: 'GPT-5 nano',
  vendor: 'openai',
  tier: 'nano',
  tokenizer: 'o200k_base',
  contextWindow: 400000,
  maxInput: 272000,
  featured: true,
  price: { currency: 'USD', input: '0.05', output: '0.4', source: 'test sheet', asOf: '2026-07-24' },
};

export const TINY_CONTEXT: ModelInfo = {
  id: 'test/tiny',
  name: 'Tiny',
  vendor: 'test',
  tier: 'top',
  tokenizer: 'o200k_base',
  contextWindow: 1000,
  featured: true,
  price: { currency: 'USD', input: '0.01', output: '0.01', source: 'test sheet', asOf: '2026-07-24' },
};

/** Gemini 2.5 Pro's bundled sheet shape: batch rates and a long-context tier above 200K. */
export const LONG_CONTEXT: ModelInfo = {
  id: 'google/gemini-2.5-pro',
  name: 'Gemini 2.5 Pro',
  vendor: 'google',
  tier: 'top',
  tokenizer: 'gemma3',
  contextWindow: 1048576,
  featured: true,
  price: {
    currency: 'USD',
    input: '1.25',
    output: '10',
    batchInput: '0.625',
    batchOutput: '5',
    longContext: [{ above: 200000, input: '2.5', output: '15' }],
    source: 'test sheet',
    asOf: '2026-07-24',
  },
};

/** The sentence the tooltip, the panel and the log give for LONG_CONTEXT with `input` overridden to 0.50/M. */
export const KEPT_LONG_CONTEXT_NOTE =
  'The bundled long-context input rate $2.50/M above 200K tokens still applies; your override sets input $0.50/M (set "longContext" to change it).';

export const UNPRICED: ModelInfo = { id: 'local/llama', name: 'Llama local', vendor: 'local', tier: 'mid', tokenizer: 'estimate:generic', contextWindow: 8192 };

export const XSS = '<img src=x onerror=alert(1)>';

export function config(overrides: Partial<TokenCostConfig> = {}): TokenCostConfig {
  return { ...DEFAULT_CONFIG, ...overrides };
}

/** A status bar input for prompt.md (1,234 tokens, no selection) on `model`, at a fixed date. */
export function statusInput(model: ModelInfo, overrides: Partial<StatusInput> = {}): StatusInput {
  return {
    fileName: 'prompt.md',
    isNotebookCell: false,
    fileTokens: 1234,
    selections: [],
    model,
    config: config(),
    now: new Date('2026-08-01T12:00:00Z'),
    ...overrides,
  };
}
