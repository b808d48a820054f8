import { ScaledEstimateTokenizer, type ScaledEstimateSpec } from './estimate';
import { OPENAI_ENCODINGS, TiktokenTokenizer, type OpenAiEncodingName } from './tiktoken';
import type { Tokenizer, TokenizerId, TokenizerInfo } from './types';

/**
 * Estimates for vendors whose own tokenizer we do not ship yet. Factors are relative to
 * o200k_base; bands are deliberately wide until measured against vendor counts.
 */
const ESTIMATES: readonly ScaledEstimateSpec[] = [
  {
    id: 'estimate:anthropic',
    label: '≈ Claude',
    exactness: 'estimate',
    method: 'o200k_base count × 1.15; Anthropic publishes no offline tokenizer for Claude 3 and later',
    factor: 1.15,
    band: { low: -0.15, high: 0.3 },
  },
  {
    id: 'estimate:google',
    label: '≈ Gemini',
    exactness: 'estimate',
    method: 'o200k_base count × 1.05; Gemini uses a SentencePiece vocabulary of its own',
    factor: 1.05,
    band: { low: -0.2, high: 0.25 },
  },
  {
    id: 'estimate:generic',
    label: '≈ generic',
    exactness: 'estimate',
    method: 'o200k_base count; the vendor’s tokenizer is not bundled',
    factor: 1,
    band: { low: -0.25, high: 0.35 },
  },
];

const loaded = new Map<TokenizerId, Tokenizer>();

function isOpenAiEncoding(id: string): id is OpenAiEncodingName {
  return Object.prototype.hasOwnProperty.call(OPENAI_ENCODINGS, id);
}

/** Every tokenizer the registry can load, described without loading any table. */
export function listTokenizers(): TokenizerInfo[] {
  return [...Object.values(OPENAI_ENCODINGS), ...ESTIMATES];
}

/** Describes a tokenizer without loading it; `undefined` for an unknown id. */
export function describeTokenizer(id: TokenizerId): TokenizerInfo | undefined {
  return listTokenizers().find((info) => info.id === id);
}

/** Loads (once) and returns a tokenizer. Throws for an unknown id, naming the known ones. */
export function getTokenizer(id: TokenizerId): Tokenizer {
  const cached = loaded.get(id);
  if (cached) return cached;
  let tokenizer: Tokenizer;
  if (isOpenAiEncoding(id)) {
    tokenizer = new TiktokenTokenizer(id);
  } else {
    const spec = ESTIMATES.find((estimate) => estimate.id === id);
    if (!spec) {
      const known = listTokenizers().map((info) => info.id).join(', ');
      throw new Error(`Unknown tokenizer "${id}". Known tokenizers: ${known}.`);
    }
    tokenizer = new ScaledEstimateTokenizer(spec, getTokenizer('o200k_base'));
  }
  loaded.set(id, tokenizer);
  return tokenizer;
}

/** Frees every loaded tokenizer's memory (WASM encoders); they reload on next use. */
export function releaseTokenizers(): void {
  for (const tokenizer of loaded.values()) {
    if (tokenizer instanceof TiktokenTokenizer) tokenizer.dispose();
  }
  loaded.clear();
}

/**
 * The tokenizer a vendor's model is billed with, by vendor and model name. OpenAI models from
 * GPT-4o on use o200k_base; GPT-4 and GPT-3.5 use cl100k_base.
 */
export function tokenizerForModel(vendor: string, model: string): TokenizerId {
  const name = model.toLowerCase();
  switch (vendor) {
    case 'openai':
      if (/^(gpt-4(?!o|\.1|\.5)|gpt-3\.5|text-embedding-(3|ada))/.test(name)) return 'cl100k_base';
      return 'o200k_base';
    case 'anthropic':
      return 'estimate:anthropic';
    case 'google':
      return 'estimate:google';
    default:
      return 'estimate:generic';
  }
}
