import type { ModelInfo } from './types';

/*
 * Hand-checked featured models: the comparison's rows. Every price names its sources and date and
 * is cross-checked by test/unit/core/pricing/featured.test.ts against test/fixtures/price-crosscheck.json
 * (each snapshot's rates, written by `npm run generate:prices`): input and output must equal at
 * least two snapshots, unless the model is listed in PRICE_CROSSCHECK_EXCEPTIONS with a reason.
 *
 * Snapshots: LiteLLM 2026-07-24, OpenRouter 2026-08-01, genai-prices 0.1.8 (about 2026-09, dated
 * price changes applied up to 2026-09-30), ai-sdk-cost-calculator 7.1.14 (verified 2026-09-22).
 * Where they disagree the freshest well-sourced figure wins and a comment says so.
 *
 * `source` lists the snapshots that state the input/output price. The other rates come from the
 * snapshots that state them: batch and reasoning rates only LiteLLM has; Qwen's cache rates only
 * ai-sdk-cost-calculator. Batch rates are 50% of list where no snapshot states them: Anthropic's,
 * OpenAI's and Google's Batch APIs are half price by rule (LiteLLM's stated OpenAI batch rates, e.g.
 * gpt-4.1-mini and gpt-4o-mini, are exactly half).
 * A cacheWrite5m on an OpenAI model is that vendor's single cache-write rate.
 */

/** Date of the freshest snapshot that confirms a price (ai-sdk-cost-calculator 7.1.14). */
const CHECKED = '2026-09-22';

/**
 * Featured models whose input/output price is not stated identically by two snapshots, and why
 * the figure used is still the right one.
 */
export const PRICE_CROSSCHECK_EXCEPTIONS: Readonly<Record<string, string>> = {
  'deepseek/deepseek-v4-flash':
    'The snapshots disagree: $0.14/$0.28 (LiteLLM 07-24, OpenRouter 08-01) predates DeepSeek’s 2026-08-17 change; ' +
    'genai-prices records $0.22/$0.66 off-peak and $0.44/$1.32 at peak hours from that date; ai-sdk-cost-calculator ' +
    '(verified 2026-09-22) lists $0.30/$1.20 for every DeepSeek model. We use the freshest.',
};

/** The featured models, by vendor; each replaces the generated entry with the same id. */
export const FEATURED_MODELS: readonly ModelInfo[] = [
  // ── OpenAI ──────────────────────────────────────────────────────────────────────────────────
  {
    id: 'openai/gpt-5-nano',
    name: 'GPT-5 nano',
    vendor: 'openai',
    tier: 'nano',
    tokenizer: 'o200k_base',
    contextWindow: 400000,
    maxInput: 272000,
    maxOutput: 128000,
    featured: true,
    aliases: ['gpt-5-nano', 'gpt-5-nano-2025-08-07'],
    price: {
      currency: 'USD',
      input: '0.05',
      output: '0.4',
      batchInput: '0.025',
      batchOutput: '0.2',
      cachedInput: '0.005',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
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
    aliases: ['gpt-5-mini', 'gpt-5-mini-2025-08-07'],
    price: {
      currency: 'USD',
      input: '0.25',
      output: '2',
      batchInput: '0.125',
      batchOutput: '1',
      cachedInput: '0.025',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    id: 'openai/gpt-5',
    name: 'GPT-5',
    vendor: 'openai',
    tier: 'mid',
    tokenizer: 'o200k_base',
    contextWindow: 400000,
    maxInput: 272000,
    maxOutput: 128000,
    featured: true,
    aliases: ['gpt-5', 'gpt-5-2025-08-07'],
    price: {
      currency: 'USD',
      input: '1.25',
      output: '10',
      batchInput: '0.625',
      batchOutput: '5',
      cachedInput: '0.125',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    id: 'openai/gpt-4.1-mini',
    name: 'GPT-4.1 mini',
    vendor: 'openai',
    tier: 'mini',
    tokenizer: 'o200k_base',
    contextWindow: 1047576,
    maxOutput: 32768,
    featured: true,
    aliases: ['gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14', 'gpt-4-1-mini'],
    price: {
      currency: 'USD',
      input: '0.4',
      output: '1.6',
      cachedInput: '0.1',
      batchInput: '0.2',
      batchOutput: '0.8',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    id: 'openai/gpt-4o-mini',
    name: 'GPT-4o mini',
    vendor: 'openai',
    tier: 'mini',
    tokenizer: 'o200k_base',
    contextWindow: 128000,
    maxOutput: 16384,
    featured: true,
    aliases: ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
    price: {
      currency: 'USD',
      input: '0.15',
      output: '0.6',
      cachedInput: '0.075',
      batchInput: '0.075',
      batchOutput: '0.3',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    // The newest OpenAI flagship in the snapshots; LiteLLM 07-24 and OpenRouter 08-01 predate it.
    // No source states its output limit.
    id: 'openai/gpt-6-astra',
    name: 'GPT-6 Astra',
    vendor: 'openai',
    tier: 'top',
    tokenizer: 'o200k_base',
    contextWindow: 1050000,
    featured: true,
    aliases: ['gpt-6-astra'],
    price: {
      currency: 'USD',
      input: '10',
      output: '50',
      batchInput: '5',
      batchOutput: '25',
      cachedInput: '1',
      cacheWrite5m: '12.5',
      longContext: [{ above: 272000, input: '20', output: '75', cachedInput: '2', cacheWrite5m: '25' }],
      source: 'genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },

  // ── Google ──────────────────────────────────────────────────────────────────────────────────
  {
    id: 'google/gemini-2.5-flash-lite',
    name: 'Gemini 2.5 Flash-Lite',
    vendor: 'google',
    tier: 'nano',
    tokenizer: 'gemma3',
    contextWindow: 1048576,
    maxOutput: 65535,
    featured: true,
    aliases: ['gemini-2.5-flash-lite', 'gemini/gemini-2.5-flash-lite'],
    price: {
      currency: 'USD',
      input: '0.1',
      output: '0.4',
      batchInput: '0.05',
      batchOutput: '0.2',
      cachedInput: '0.01',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    id: 'google/gemini-2.5-flash',
    name: 'Gemini 2.5 Flash',
    vendor: 'google',
    tier: 'mini',
    tokenizer: 'gemma3',
    contextWindow: 1048576,
    maxOutput: 65535,
    featured: true,
    aliases: ['gemini-2.5-flash', 'gemini/gemini-2.5-flash'],
    price: {
      currency: 'USD',
      input: '0.3',
      output: '2.5',
      batchInput: '0.15',
      batchOutput: '1.25',
      cachedInput: '0.03',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    id: 'google/gemini-2.5-pro',
    name: 'Gemini 2.5 Pro',
    vendor: 'google',
    tier: 'top',
    tokenizer: 'gemma3',
    contextWindow: 1048576,
    maxOutput: 65535,
    featured: true,
    aliases: ['gemini-2.5-pro', 'gemini/gemini-2.5-pro'],
    price: {
      currency: 'USD',
      input: '1.25',
      output: '10',
      batchInput: '0.625',
      batchOutput: '5',
      cachedInput: '0.125',
      longContext: [{ above: 200000, input: '2.5', output: '15', cachedInput: '0.25' }],
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    // The newest 3.x Flash in the snapshots (LiteLLM and OpenRouter predate it). These are
    // introductory rates: genai-prices schedules $1.50/$7.50 from 2027-01-01.
    id: 'google/gemini-3.8-flash',
    name: 'Gemini 3.8 Flash',
    vendor: 'google',
    tier: 'mini',
    tokenizer: 'estimate:gemini-3.1',
    contextWindow: 1000000,
    featured: true,
    aliases: ['gemini-3.8-flash', 'gemini/gemini-3.8-flash'],
    price: {
      currency: 'USD',
      input: '0.75',
      output: '3.75',
      batchInput: '0.375',
      batchOutput: '1.875',
      cachedInput: '0.075',
      source: 'genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },
  {
    // The newest 3.x Pro in every snapshot.
    id: 'google/gemini-3.1-pro-preview',
    name: 'Gemini 3.1 Pro (preview)',
    vendor: 'google',
    tier: 'top',
    tokenizer: 'estimate:gemini-3.1',
    contextWindow: 1048576,
    maxOutput: 65536,
    featured: true,
    aliases: ['gemini-3.1-pro-preview', 'gemini-3.1-pro', 'gemini/gemini-3.1-pro-preview'],
    price: {
      currency: 'USD',
      input: '2',
      output: '12',
      cachedInput: '0.2',
      batchInput: '1',
      batchOutput: '6',
      longContext: [{ above: 200000, input: '4', output: '18', cachedInput: '0.4' }],
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },

  // ── Anthropic (batch = 50% of list by Anthropic's rule) ─────────────────────────────────────
  {
    id: 'anthropic/claude-haiku-4-5',
    name: 'Claude Haiku 4.5',
    vendor: 'anthropic',
    tier: 'mini',
    tokenizer: 'estimate:claude-3',
    contextWindow: 200000,
    maxOutput: 64000,
    featured: true,
    aliases: ['claude-haiku-4-5', 'claude-haiku-4.5', 'claude-haiku-4-5-20251001', 'claude-4.5-haiku'],
    price: {
      currency: 'USD',
      input: '1',
      output: '5',
      cachedInput: '0.1',
      cacheWrite5m: '1.25',
      cacheWrite1h: '2',
      batchInput: '0.5',
      batchOutput: '2.5',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    // Not in LiteLLM's first-party Anthropic list any more; limits as LiteLLM's cloud entries state them.
    id: 'anthropic/claude-3-5-haiku',
    name: 'Claude Haiku 3.5',
    vendor: 'anthropic',
    tier: 'mini',
    tokenizer: 'estimate:claude-3',
    contextWindow: 200000,
    maxOutput: 8192,
    featured: true,
    aliases: ['claude-3-5-haiku', 'claude-3-5-haiku-latest', 'claude-3-5-haiku-20241022', 'claude-3.5-haiku'],
    price: {
      currency: 'USD',
      input: '0.8',
      output: '4',
      cachedInput: '0.08',
      cacheWrite5m: '1',
      cacheWrite1h: '1.6',
      batchInput: '0.4',
      batchOutput: '2',
      source: 'genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },
  {
    // Flat over the whole 1M window (no above-200k tier, unlike Sonnet 4.5). An older listing had
    // $3/$15; every snapshot now has $2/$10, which genai-prices notes Anthropic made permanent.
    id: 'anthropic/claude-sonnet-5',
    name: 'Claude Sonnet 5',
    vendor: 'anthropic',
    tier: 'mid',
    tokenizer: 'estimate:claude-4.7',
    contextWindow: 1000000,
    maxOutput: 128000,
    featured: true,
    aliases: ['claude-sonnet-5', 'claude-sonnet-5.0', 'claude-5-sonnet'],
    price: {
      currency: 'USD',
      input: '2',
      output: '10',
      cachedInput: '0.2',
      cacheWrite5m: '2.5',
      cacheWrite1h: '4',
      batchInput: '1',
      batchOutput: '5',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    // The current Opus; newer than LiteLLM 07-24 and OpenRouter 08-01. Cache reads are 0.05× input
    // for this model (genai-prices). No source states its output limit.
    id: 'anthropic/claude-opus-5-5',
    name: 'Claude Opus 5.5',
    vendor: 'anthropic',
    tier: 'top',
    tokenizer: 'estimate:claude-4.7',
    contextWindow: 1000000,
    featured: true,
    aliases: ['claude-opus-5-5', 'claude-opus-5.5'],
    price: {
      currency: 'USD',
      input: '4',
      output: '20',
      cachedInput: '0.2',
      cacheWrite5m: '5',
      cacheWrite1h: '8',
      batchInput: '2',
      batchOutput: '10',
      source: 'genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },

  // ── xAI ─────────────────────────────────────────────────────────────────────────────────────
  {
    // LiteLLM states 2M for both limits; the output figure is its fallback, so it is left out.
    id: 'xai/grok-4-1-fast-reasoning',
    name: 'Grok 4.1 Fast',
    vendor: 'xai',
    tier: 'mini',
    tokenizer: 'estimate:generic',
    contextWindow: 2000000,
    featured: true,
    aliases: ['grok-4-1-fast-reasoning', 'grok-4-1-fast', 'grok-4.1-fast'],
    price: {
      currency: 'USD',
      input: '0.2',
      output: '0.5',
      cachedInput: '0.05',
      longContext: [{ above: 128000, input: '0.4', output: '1' }],
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },

  // ── DeepSeek ────────────────────────────────────────────────────────────────────────────────
  {
    // See PRICE_CROSSCHECK_EXCEPTIONS. DeepSeek's peak-hour pricing cannot be expressed here; the
    // output limit is left out because LiteLLM (8,192) and OpenRouter (393,216) disagree.
    id: 'deepseek/deepseek-v4-flash',
    name: 'DeepSeek V4 Flash',
    vendor: 'deepseek',
    tier: 'mini',
    tokenizer: 'estimate:deepseek-v4',
    contextWindow: 1000000,
    featured: true,
    aliases: ['deepseek-v4-flash', 'deepseek/deepseek-v4-flash'],
    price: {
      currency: 'USD',
      input: '0.3',
      output: '1.2',
      cachedInput: '0.006',
      source: 'ai-sdk-cost-calculator 7.1.14 (older snapshots disagree)',
      asOf: CHECKED,
    },
  },

  // ── Qwen (Alibaba Cloud Model Studio, international, USD) ──────────────────────────────────
  // Mainland-China CNY prices are in none of the snapshots, so no `region: 'cn'` entries yet.
  {
    id: 'qwen/qwen-turbo',
    name: 'Qwen Turbo',
    vendor: 'qwen',
    tier: 'mini',
    tokenizer: 'qwen3',
    contextWindow: 129024,
    maxOutput: 16384,
    featured: true,
    aliases: ['qwen-turbo', 'dashscope/qwen-turbo'],
    price: {
      currency: 'USD',
      input: '0.05',
      output: '0.2',
      cachedInput: '0.025',
      reasoningOutput: '0.5',
      source: 'LiteLLM 2026-07-24; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },
  {
    id: 'qwen/qwen-flash',
    name: 'Qwen Flash',
    vendor: 'qwen',
    tier: 'mini',
    tokenizer: 'qwen3',
    contextWindow: 997952,
    maxOutput: 32768,
    featured: true,
    aliases: ['qwen-flash', 'dashscope/qwen-flash'],
    price: {
      currency: 'USD',
      input: '0.05',
      output: '0.4',
      cachedInput: '0.005',
      longContext: [{ above: 256000, input: '0.25', output: '2' }],
      source: 'LiteLLM 2026-07-24; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },
  {
    // OpenRouter resells it at $0.26/$0.78; the list price on Alibaba's own API is $0.40/$1.20.
    id: 'qwen/qwen-plus',
    name: 'Qwen Plus',
    vendor: 'qwen',
    tier: 'mid',
    tokenizer: 'qwen3',
    contextWindow: 129024,
    maxOutput: 16384,
    featured: true,
    aliases: ['qwen-plus', 'dashscope/qwen-plus'],
    price: {
      currency: 'USD',
      input: '0.4',
      output: '1.2',
      source: 'LiteLLM 2026-07-24; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },
  {
    // Qwen's "max" tier. The legacy qwen-max is $1.60/$6.40 in LiteLLM but $1.04/$4.16 in
    // ai-sdk-cost-calculator, so it is not featured; qwen3-max agrees across sources.
    id: 'qwen/qwen3-max',
    name: 'Qwen3 Max',
    vendor: 'qwen',
    tier: 'top',
    tokenizer: 'qwen3',
    contextWindow: 258048,
    maxOutput: 65536,
    featured: true,
    aliases: ['qwen3-max', 'dashscope/qwen3-max', 'qwen3-max-2026-01-23'],
    price: {
      currency: 'USD',
      input: '1.2',
      output: '6',
      cachedInput: '0.12',
      longContext: [
        { above: 32000, input: '2.4', output: '12' },
        { above: 128000, input: '3', output: '15' },
      ],
      source: 'LiteLLM 2026-07-24; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },

  // ── Moonshot (Kimi) ─────────────────────────────────────────────────────────────────────────
  {
    id: 'moonshot/kimi-k2.6',
    name: 'Kimi K2.6',
    vendor: 'moonshot',
    tier: 'mid',
    tokenizer: 'estimate:kimi',
    contextWindow: 262144,
    maxOutput: 262144,
    featured: true,
    aliases: ['kimi-k2.6', 'moonshot/kimi-k2.6', 'kimi-k2-6'],
    price: {
      currency: 'USD',
      input: '0.95',
      output: '4',
      cachedInput: '0.16',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14',
      asOf: CHECKED,
    },
  },
  {
    id: 'moonshot/kimi-k3',
    name: 'Kimi K3',
    vendor: 'moonshot',
    tier: 'top',
    tokenizer: 'estimate:kimi',
    contextWindow: 1048576,
    featured: true,
    aliases: ['kimi-k3', 'moonshotai/kimi-k3'],
    price: {
      currency: 'USD',
      input: '3',
      output: '15',
      cachedInput: '0.3',
      source: 'genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },

  // ── Mistral (tiers follow the family names; Large 3 is priced below Medium 3.5) ────────────
  {
    // mistral-small-latest now points to Small 2603: LiteLLM's $0.06/$0.18 for that alias is stale.
    id: 'mistral/mistral-small-latest',
    name: 'Mistral Small (2603)',
    vendor: 'mistral',
    tier: 'mini',
    tokenizer: 'estimate:generic',
    contextWindow: 262144,
    featured: true,
    aliases: ['mistral-small-latest', 'mistral-small-2603'],
    price: {
      currency: 'USD',
      input: '0.15',
      output: '0.6',
      cachedInput: '0.015',
      source: 'genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    id: 'mistral/mistral-medium-3-5',
    name: 'Mistral Medium 3.5',
    vendor: 'mistral',
    tier: 'mid',
    tokenizer: 'estimate:generic',
    contextWindow: 262144,
    featured: true,
    aliases: ['mistral-medium-3-5', 'mistral-medium-3.5', 'mistral-medium-latest', 'mistral-medium-2604'],
    price: {
      currency: 'USD',
      input: '1.5',
      output: '7.5',
      cachedInput: '0.15',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
  {
    id: 'mistral/mistral-large-3',
    name: 'Mistral Large 3',
    vendor: 'mistral',
    tier: 'top',
    tokenizer: 'estimate:generic',
    contextWindow: 262144,
    featured: true,
    aliases: ['mistral-large-3', 'mistral-large-latest', 'mistral-large-2512'],
    price: {
      currency: 'USD',
      input: '0.5',
      output: '1.5',
      cachedInput: '0.05',
      source: 'LiteLLM 2026-07-24; genai-prices 0.1.8; ai-sdk-cost-calculator 7.1.14; OpenRouter 2026-08-01',
      asOf: CHECKED,
    },
  },
];
