import { CLAUDE_ESTIMATES, claudeGeneration } from './claude';
import { ScaledEstimateTokenizer, type ScaledEstimateSpec } from './estimate';
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

/** Frees every loaded tokenizer's memory (WASM encoders, vocabularies); they reload on next use. */
export function releaseTokenizers(): void {
  for (const tokenizer of loaded.values()) {
    if (tokenizer instanceof TiktokenTokenizer || tokenizer instanceof VocabularyTokenizer) tokenizer.dispose();
  }
  loaded.clear();
}

/** The first `major.minor` after `prefix` in a model name (`gemini-2.5-flash` → [2, 5]). */
function versionAfter(prefix: RegExp, name: string): [number, number] | undefined {
  const match = new RegExp(`${prefix.source}[-_]?v?(\\d+)(?:[.-](\\d)(?!\\d))?`).exec(name);
  return match ? [Number(match[1]), match[2] === undefined ? 0 : Number(match[2])] : undefined;
}

function atLeast(version: [number, number] | undefined, major: number, minor: number): boolean {
  return version !== undefined && (version[0] > major || (version[0] === major && version[1] >= minor));
}

/**
 * The tokenizer a vendor's model is billed with, by vendor and model name. OpenAI models from
 * GPT-4o on use o200k_base; GPT-4 and GPT-3.5 use cl100k_base. Gemini up to 3.0 uses the Gemma 3
 * vocabulary (the mapping of Google's own local tokenizer in the google-genai SDK), as does Gemma 3
 * itself; Qwen 2.5–3 share one vocabulary; DeepSeek V3, R1, V3.1 and V3.2 share another. Later
 * generations whose vocabulary no package carries get an estimate on their predecessor's.
 */
export function tokenizerForModel(vendor: string, model: string): TokenizerId {
  const name = model.toLowerCase().replace(/^.*\//, '');
  switch (vendor) {
    case 'openai':
      if (/^(gpt-4(?!o|\.1|\.5)|gpt-3\.5|text-embedding-(3|ada))/.test(name)) return 'cl100k_base';
      return 'o200k_base';
    case 'anthropic':
      return CLAUDE_ESTIMATES[claudeGeneration(name)].id;
    case 'google':
    case 'gemini':
    case 'vertex_ai':
      if (/^gemma-?3/.test(name)) return 'gemma3';
      if (!name.includes('gemini')) return 'estimate:generic';
      return atLeast(versionAfter(/gemini/, name), 3, 1) ? 'estimate:gemini-3.1' : 'gemma3';
    case 'qwen':
    case 'dashscope':
    case 'alibaba':
      return atLeast(versionAfter(/qwen/, name), 3, 5) ? 'estimate:qwen-3.5' : 'qwen3';
    case 'deepseek':
      return atLeast(versionAfter(/deepseek-v/, name), 4, 0) ? 'estimate:deepseek-v4' : 'deepseek_v3';
    case 'moonshot':
    case 'moonshotai':
    case 'kimi':
      return KIMI_ESTIMATE.id;
    default:
      return 'estimate:generic';
  }
}
