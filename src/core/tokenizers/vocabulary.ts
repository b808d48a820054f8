import { VocabularyError } from './files';
import { shippedFiles } from './shippedFiles';

export { VocabularyError } from './files';

/** The vocabularies shipped with the extension (files `vocab/<name>.json.br`). */
export type VocabularyName = 'gemma3' | 'qwen3' | 'deepseek_v3';

/** An added token as tokenizer.json states it (only non-special ones are shipped). */
interface AddedTokenSpec {
  readonly id: number;
  readonly content: string;
  readonly single_word: boolean;
  readonly lstrip: boolean;
  readonly rstrip: boolean;
  readonly normalized: boolean;
  readonly special: false;
}

/** Where a shipped vocabulary comes from (written by scripts/build-vocab.mjs). */
interface VocabularySource {
  readonly package: string;
  readonly version: string;
  readonly file: string;
  readonly sha256: string;
  readonly integrity: string;
}

/**
 * The compact asset: tokenizer.json minus what counting never uses, with each merge stored as
 * (result id − previous result id, UTF-16 length of the merge's left part).
 */
interface CompactVocabulary {
  readonly format: 1;
  readonly id: string;
  readonly source: VocabularySource;
  readonly normalizer: unknown;
  readonly pre_tokenizer: unknown;
  readonly model: Readonly<Record<string, unknown>>;
  readonly added_tokens: readonly AddedTokenSpec[];
  readonly vocab: readonly string[];
  readonly merges: readonly number[];
}

/** A tokenizer.json object rebuilt from a compact asset, ready for @huggingface/tokenizers. */
export interface TokenizerJson {
  readonly normalizer: unknown;
  readonly pre_tokenizer: unknown;
  readonly post_processor: null;
  readonly decoder: null;
  readonly added_tokens: readonly AddedTokenSpec[];
  readonly model: Readonly<Record<string, unknown>> & {
    readonly vocab: Record<string, number>;
    readonly merges: readonly (readonly [string, string])[];
  };
}

/** A vocabulary read from its shipped file, with what it cost to read (for diagnostics and docs/tokenizers.md). */
export interface LoadedVocabulary {
  readonly json: TokenizerJson;
  readonly source: VocabularySource;
  readonly compressedBytes: number;
  readonly loadMs: number;
}

function isCompact(value: unknown, name: VocabularyName): value is CompactVocabulary {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<CompactVocabulary>;
  return (
    candidate.format === 1 &&
    candidate.id === name &&
    Array.isArray(candidate.vocab) &&
    Array.isArray(candidate.merges) &&
    candidate.merges.length % 2 === 0 &&
    Array.isArray(candidate.added_tokens) &&
    typeof candidate.model === 'object' &&
    candidate.model !== null
  );
}

/** Rebuilds the merge list: result token split at the stored length gives the merged pair. */
function expandMerges(vocab: readonly string[], packed: readonly number[], name: string): [string, string][] {
  const merges: [string, string][] = new Array(packed.length / 2);
  let result = 0;
  for (let i = 0; i < packed.length; i += 2) {
    result += packed[i];
    const token = vocab[result];
    const split = packed[i + 1];
    if (token === undefined || !(split > 0 && split < token.length)) {
      throw new VocabularyError(`The ${name} vocabulary is damaged (merge ${i / 2}). Reinstall the extension.`);
    }
    merges[i / 2] = [token.slice(0, split), token.slice(split)];
  }
  return merges;
}

/**
 * Reads, decompresses and expands one shipped vocabulary (from disk on Node, from the bytes the
 * extension host sent on the web). Synchronous on purpose: `count()` is synchronous and the first
 * count pays the load once (see the figures in docs/tokenizers.md). `file` reads another path (Node only).
 */
export function loadVocabulary(name: VocabularyName, file?: string): LoadedVocabulary {
  const started = performance.now();
  const { bytes: compressed, where } = shippedFiles.vocabulary(name, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(shippedFiles.brotliDecode(compressed)));
  } catch (error) {
    throw new VocabularyError(`The ${name} vocabulary at ${where} cannot be read (${String(error)}). Reinstall the extension.`);
  }
  if (!isCompact(parsed, name)) {
    throw new VocabularyError(`The ${name} vocabulary at ${where} has an unknown format. Reinstall the extension.`);
  }
  // A prototype-less object: tokens such as "__proto__" or "constructor" must be plain keys.
  const vocab: Record<string, number> = Object.create(null) as Record<string, number>;
  parsed.vocab.forEach((token, id) => {
    vocab[token] = id;
  });
  const json: TokenizerJson = {
    normalizer: parsed.normalizer,
    pre_tokenizer: parsed.pre_tokenizer,
    post_processor: null,
    decoder: null,
    added_tokens: parsed.added_tokens,
    model: { ...parsed.model, vocab, merges: expandMerges(parsed.vocab, parsed.merges, name) },
  };
  return { json, source: parsed.source, compressedBytes: compressed.length, loadMs: performance.now() - started };
}
