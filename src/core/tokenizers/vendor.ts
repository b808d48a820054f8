import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { vendorCounter, type VendorCounter } from './vendorCount';
import type { Exactness, Tokenizer, TokenizerInfo } from './types';
import { byteLevelAlphabetOf, installFastMerge } from './vendorMerge';
import { installOwnSplits } from './vendorPreTokenizer';
import { loadVocabulary, type LoadedVocabulary, type VocabularyName } from './vocabulary';

/** A vendor tokenizer backed by one shipped vocabulary. */
export interface VocabularyTokenizerInfo extends TokenizerInfo {
  readonly id: VocabularyName;
  readonly exactness: Exactness;
}

/**
 * The vendor vocabularies. Each was checked against the reference implementation (Hugging Face's
 * Rust `tokenizers` 0.23.2 on the same tokenizer.json): test/unit/core/tokenizers/vendor.test.ts holds
 * the reference counts. Qwen 2.5 and Qwen 3 share one vocabulary and merge list (Qwen 3 only adds
 * `<think>`/`</think>`), so one file serves both.
 */
export const VENDOR_VOCABULARIES: Readonly<Record<VocabularyName, VocabularyTokenizerInfo>> = {
  gemma3: {
    id: 'gemma3',
    label: 'Gemma 3 (Gemini)',
    exactness: 'near-exact',
    method:
      'Gemma 3 SentencePiece vocabulary (262,144 entries), the one Google’s local tokenizer uses for Gemini 2.x; ' +
      'text only (images, audio, video and chat framing are not counted); added tokens such as <mask> and <unused0> ' +
      'count as one token each, control tokens such as <start_of_turn> and <bos> as their characters',
  },
  qwen3: {
    id: 'qwen3',
    label: 'Qwen 3',
    exactness: 'exact',
    method:
      'Qwen byte-level BPE (151,643 entries, shared by Qwen 2.5 and Qwen 3); added tokens such as <think> and ' +
      '<tool_call> count as one token each, control tokens such as <|im_end|> and <|endoftext|> as their characters',
  },
  deepseek_v3: {
    id: 'deepseek_v3',
    label: 'DeepSeek V3',
    exactness: 'exact',
    method:
      'DeepSeek V3 byte-level BPE (128,000 entries, also DeepSeek R1); added tokens such as <｜User｜> and ' +
      '<｜Assistant｜> count as one token each, control tokens such as <｜end▁of▁sentence｜> as their characters',
  },
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Lone surrogates cannot reach a vendor (JSON and UTF-8 turn them into U+FFFD); do the same so
 * byte fallback never meets an unencodable code unit. (String#toWellFormed is ES2024.)
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Encoder options: never add BOS/EOS — the count is of the text alone, not of a chat request. */
const NO_SPECIALS = { add_special_tokens: false } as const;

/**
 * Counts with a vendor's own vocabulary through Hugging Face's JavaScript tokenizer (the same
 * pre-tokenizer, normalizer and BPE as the vendor's tokenizer.json). The vocabulary loads on the
 * first count, not before. Tokens marked `special` (control tokens) were left out of the shipped
 * file, so text such as `<|im_end|>` counts as the characters it is; the other added tokens were
 * kept, so `<think>` on Qwen or `<｜User｜>` on DeepSeek is one token, as in the vendor's tokenizer.
 */
export class VocabularyTokenizer implements Tokenizer {
  readonly id: VocabularyName;
  readonly label: string;
  readonly exactness: Exactness;
  readonly method: string;
  private engine: HfTokenizer | undefined;
  /** The count without token strings (vendorCount.ts), when the pipeline has a shape it knows. */
  private counter: VendorCounter | undefined;
  private loadedFrom: LoadedVocabulary | undefined;
  private decoder: ((id: number, piece: string) => Uint8Array) | undefined;

  constructor(
    info: VocabularyTokenizerInfo,
    private readonly file?: string,
  ) {
    this.id = info.id;
    this.label = info.label;
    this.exactness = info.exactness;
    this.method = info.method;
  }

  /** Loads the vocabulary now (idempotent); returns what the load cost. */
  load(): LoadedVocabulary {
    if (!this.loadedFrom || !this.engine) {
      const vocabulary = loadVocabulary(this.id, this.file);
      this.engine = new HfTokenizer(vocabulary.json, {});
      // Same tokens, O(n log n) and without a string key per candidate pair (vendorMerge.ts).
      installFastMerge(this.engine);
      // No stack overflow on long pieces, and the vendor's Unicode 16 tables (vendorPreTokenizer.ts).
      installOwnSplits(this.engine);
      this.counter = vendorCounter(this.engine);
      this.loadedFrom = vocabulary;
    }
    return this.loadedFrom;
  }

  get isLoaded(): boolean {
    return this.engine !== undefined;
  }

  count(text: string): number {
    if (text.length === 0) return 0;
    this.load();
    return this.counter ? this.counter.count(wellFormed(text)) : this.tokens(text).length;
  }

  /** Forgets remembered merges of the count, so that a benchmark's next count is a first count. */
  clearMergeMemo(): void {
    this.counter?.clearMemo();
  }

  /** Token strings (vocabulary pieces), for highlighting and tests. */
  tokens(text: string): string[] {
    this.load();
    return (this.engine as HfTokenizer).tokenize(wellFormed(text), NO_SPECIALS);
  }

  /**
   * Token ids with the bytes each stands for, for the token view: byte-level pieces (Qwen,
   * DeepSeek) decoded through the GPT-2 byte alphabet and their added tokens as their text,
   * SentencePiece pieces (Gemma) with `▁` as the space it replaced and `<0xNN>` as its byte.
   */
  tokenize(text: string): { ids: number[]; bytes: Uint8Array[] } {
    this.load();
    const { ids, tokens } = (this.engine as HfTokenizer).encode(wellFormed(text), NO_SPECIALS);
    const decode = this.pieceDecoder();
    return { ids, bytes: ids.map((id, i) => decode(id, tokens[i] ?? '')) };
  }

  /** Turns one vocabulary piece into its bytes (see {@link tokenize}). */
  private pieceDecoder(): (id: number, piece: string) => Uint8Array {
    if (this.decoder) return this.decoder;
    const json = this.load().json;
    const added = new Set(json.added_tokens.map((token) => token.id));
    const utf8 = new TextEncoder();
    // Byte-level pipelines (Qwen, DeepSeek) carry their byte alphabet in their ByteLevel step.
    const alphabet = byteLevelAlphabetOf(this.engine);
    this.decoder = (id, piece) => {
      if (alphabet) return added.has(id) ? utf8.encode(piece) : Uint8Array.from(Array.from(piece, (char) => alphabet.get(char) ?? 0x3f));
      // SentencePiece: added tokens too are written after normalization (Gemma's runs of spaces are `▁▁`…).
      const fallback = added.has(id) ? null : /^<0x([0-9A-Fa-f]{2})>$/.exec(piece);
      return fallback ? Uint8Array.of(parseInt(fallback[1]!, 16)) : utf8.encode(piece.replace(/\u2581/g, ' '));
    };
    return this.decoder;
  }

  /** Token ids, for tests against reference encodings. */
  encode(text: string): number[] {
    this.load();
    return (this.engine as HfTokenizer).encode(wellFormed(text), NO_SPECIALS).ids;
  }

  /** Drops the loaded vocabulary (about 100–250 MB of heap); the next count loads it again. */
  dispose(): void {
    this.engine = undefined;
    this.counter = undefined;
    this.loadedFrom = undefined;
    this.decoder = undefined;
  }
}
