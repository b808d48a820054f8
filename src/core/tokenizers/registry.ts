import { CLAUDE_ESTIMATES } from './claude';
import { ScaledEstimateTokenizer, type ScaledEstimateSpec } from './estimate';
import { rankFileName, vocabularyFileName } from './files';
import { ScriptEstimateTokenizer, type ScriptEstimateSpec } from './scriptEstimate';
import { OPENAI_ENCODINGS, TiktokenTokenizer, type OpenAiEncodingName } from './tiktoken';
import type { Tokenizer, TokenizerId, TokenizerInfo } from './types';
import { VENDOR_VOCABULARIES, VocabularyTokenizer } from './vendor';
import { KIMI_ESTIMATE, SUCCESSOR_ESTIMATES } from './vendorEstimates';
import type { VocabularyName } from './vocabulary';

/** Estimates that scale by script class (prose, code, CJK, other scripts). */
const SCRIPT_ESTIMATES: readonly ScriptEstimateSpec[] = [CLAUDE_ESTIMATES['claude-3'], CLAUDE_ESTIMATES['claude-4.7'], KIMI_ESTIMATE];

/**
 * Ids of earlier releases, kept so that settings and custom models naming them still resolve:
 * `estimate:anthropic` is now the Claude 3–4.6 estimate, `estimate:google` the Gemma 3 vocabulary.
 */
const ALIASES: Readonly<Record<string, TokenizerId>> = {
  'estimate:anthropic': CLAUDE_ESTIMATES['claude-3'].id,
  'estimate:google': 'gemma3',
};

/** One-factor estimates: a vendor whose vocabulary we cannot ship, or nothing better known. */
const ESTIMATES: readonly ScaledEstimateSpec[] = [
  ...SUCCESSOR_ESTIMATES,
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

/** True for the ids of the two exact OpenAI encodings (small tables, the fast worker's). */
export function isOpenAiEncoding(id: string): id is OpenAiEncodingName {
  return Object.prototype.hasOwnProperty.call(OPENAI_ENCODINGS, id);
}

function isVocabulary(id: string): id is VocabularyName {
  return Object.prototype.hasOwnProperty.call(VENDOR_VOCABULARIES, id);
}

/** The canonical id for `id` (earlier releases' ids map to their successors). */
function canonicalTokenizerId(id: TokenizerId): TokenizerId {
  return Object.prototype.hasOwnProperty.call(ALIASES, id) ? ALIASES[id] : id;
}

/** Every tokenizer the registry can load, described without loading any table. */
export function listTokenizers(): TokenizerInfo[] {
  return [...Object.values(OPENAI_ENCODINGS), ...Object.values(VENDOR_VOCABULARIES), ...SCRIPT_ESTIMATES, ...ESTIMATES];
}

/** Describes a tokenizer without loading it; `undefined` for an unknown id. Accepts old ids. */
export function describeTokenizer(id: TokenizerId): TokenizerInfo | undefined {
  const canonical = canonicalTokenizerId(id);
  return listTokenizers().find((info) => info.id === canonical);
}

/** Loads (once) and returns a tokenizer. Throws for an unknown id, naming the known ones. */
export function getTokenizer(requested: TokenizerId): Tokenizer {
  const id = canonicalTokenizerId(requested);
  const cached = loaded.get(id);
  if (cached) return cached;
  let tokenizer: Tokenizer;
  const scriptSpec = SCRIPT_ESTIMATES.find((estimate) => estimate.id === id);
  if (isOpenAiEncoding(id)) {
    tokenizer = new TiktokenTokenizer(id);
  } else if (isVocabulary(id)) {
    // Construction is free; the vocabulary loads on the first count.
    tokenizer = new VocabularyTokenizer(VENDOR_VOCABULARIES[id]);
  } else if (scriptSpec) {
    tokenizer = new ScriptEstimateTokenizer(scriptSpec, getTokenizer('o200k_base'));
  } else {
    const spec = ESTIMATES.find((estimate) => estimate.id === id);
    if (!spec) {
      const known = listTokenizers().map((info) => info.id).join(', ');
      throw new Error(`Unknown tokenizer "${requested}". Known tokenizers: ${known}.`);
    }
    tokenizer = new ScaledEstimateTokenizer(spec, getTokenizer(spec.reference ?? 'o200k_base'));
  }
  loaded.set(id, tokenizer);
  return tokenizer;
}

/**
 * The shipped files (`dist/tokenizers/`) a tokenizer's counts read, its reference encoding's
 * included; none for an unknown id. The web build sends these to its count worker before a
 * request that names the tokenizer, since a nested worker cannot read the extension's files.
 */
export function filesForTokenizer(requested: TokenizerId): string[] {
  const id = canonicalTokenizerId(requested);
  if (isOpenAiEncoding(id)) return [rankFileName(id)];
  if (isVocabulary(id)) return [vocabularyFileName(id)];
  if (SCRIPT_ESTIMATES.some((estimate) => estimate.id === id)) return filesForTokenizer('o200k_base');
  const spec = ESTIMATES.find((estimate) => estimate.id === id);
  return spec ? filesForTokenizer(spec.reference ?? 'o200k_base') : [];
}

/** Frees every loaded tokenizer's memory (WASM encoders, vocabularies); they reload on next use. */
export function releaseTokenizers(): void {
  for (const tokenizer of loaded.values()) {
    if (tokenizer instanceof TiktokenTokenizer || tokenizer instanceof VocabularyTokenizer) tokenizer.dispose();
  }
  loaded.clear();
}

/**
 * The tokenizer a vendor's model is billed with; it lives in its own module, free of vocabulary
 * loading, so the price-table conversion can use it in any runtime.
 */
export { tokenizerForModel } from './modelTokenizer';
