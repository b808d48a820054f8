import { BytePairCounter, type RankTable } from './bytePairCounter';
import { shippedFiles } from './shippedFiles';
import type { Tokenizer, TokenizerInfo } from './types';

/** The OpenAI byte-pair encodings we ship; both are exact for the models that use them. */
export type OpenAiEncodingName = 'o200k_base' | 'cl100k_base';

type LiteEncoder = InstanceType<ReturnType<typeof shippedFiles.tiktokenLite>>;

/**
 * What tiktoken's encoder needs besides the ranks, as its own rank files give them. Only
 * `encode_ordinary` is used, so the special tokens never match; the encoder still wants them.
 */
const ENCODER_SETUP: Readonly<Record<OpenAiEncodingName, { readonly pattern: string; readonly special: Readonly<Record<string, number>> }>> = {
  o200k_base: {
    pattern:
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    special: { '<|endoftext|>': 199999, '<|endofprompt|>': 200018 },
  },
  cl100k_base: {
    pattern: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    special: { '<|endoftext|>': 100257, '<|fim_prefix|>': 100258, '<|fim_middle|>': 100259, '<|fim_suffix|>': 100260, '<|endofprompt|>': 100276 },
  },
};

/**
 * tiktoken's rank text ("! 0" then every token in base64, rank after rank, space-separated: the
 * format of its own `encoders/*.json`) made from gpt-tokenizer's table, so that each vocabulary
 * ships once. test/unit/core/tokenizers/tiktokenRanks.test.ts checks it equals tiktoken's file byte for byte.
 */
export function tiktokenRankText(ranks: RankTable): string {
  const parts = new Array<string>(ranks.length + 2);
  parts[0] = '!';
  parts[1] = '0';
  const utf8 = new TextEncoder();
  for (let i = 0; i < ranks.length; i++) {
    const token = ranks[i]!;
    // btoa takes one character per byte; tokens are at most a few hundred bytes, so the spread is safe.
    parts[i + 2] = btoa(String.fromCharCode(...(typeof token === 'string' ? utf8.encode(token) : token)));
  }
  return parts.join(' ');
}

/** The setup {@link loadEncoder} passes to tiktoken (exported for the equality test). */
export function encoderSetup(name: OpenAiEncodingName): { readonly pattern: string; readonly special: Readonly<Record<string, number>> } {
  return ENCODER_SETUP[name];
}

/**
 * tiktoken's "lite" build (1 MB WASM, no embedded vocabularies) on the ranks of gpt-tokenizer's
 * table, built on first use (≈ 0.1–0.2 s): the full build embeds every vocabulary (5 MB), and
 * shipping tiktoken's rank files too would carry each vocabulary twice.
 */
function loadEncoder(name: OpenAiEncodingName): LiteEncoder {
  const setup = ENCODER_SETUP[name];
  const Tiktoken = shippedFiles.tiktokenLite();
  return new Tiktoken(tiktokenRankText(loadRankTable(name)), { ...setup.special }, setup.pattern);
}

/**
 * gpt-tokenizer's rank table (its `bpeRanks`, equal to tiktoken's rank file), from its own shipped
 * file (`dist/tokenizers/gpt-tokenizer-*.js`, see shippedFiles.ts) so that activation does not
 * parse 3.6 MB of ranks.
 */
function loadRankTable(name: OpenAiEncodingName): RankTable {
  return shippedFiles.rankTable(name);
}

/** Descriptions of the two exact OpenAI encodings. */
export const OPENAI_ENCODINGS: Readonly<Record<OpenAiEncodingName, TokenizerInfo>> = {
  o200k_base: {
    id: 'o200k_base',
    label: 'o200k_base',
    exactness: 'exact',
    method: 'tiktoken o200k_base (GPT-4o, GPT-4.1, GPT-5, o-series); special-token text counted as text',
  },
  cl100k_base: {
    id: 'cl100k_base',
    label: 'cl100k_base',
    exactness: 'exact',
    method: 'tiktoken cl100k_base (GPT-4, GPT-3.5); special-token text counted as text',
  },
};

/**
 * An exact OpenAI tokenizer. Special-token strings such as `<|endoftext|>` count as the ordinary
 * text an API bills them as (`encode_ordinary`), and nothing throws. `count` is our own
 * {@link BytePairCounter} on the same ranks (identical counts, O(n log n) on pieces of any
 * length, faster than the WASM on every kind of text measured); `encode` is tiktoken, the
 * reference the tests compare against.
 */
export class TiktokenTokenizer implements Tokenizer {
  readonly id: string;
  readonly label: string;
  readonly exactness = 'exact' as const;
  readonly method: string;
  private encoder: LiteEncoder | undefined;
  private counter: BytePairCounter | undefined;

  constructor(private readonly encoding: OpenAiEncodingName) {
    const info = OPENAI_ENCODINGS[encoding];
    this.id = info.id;
    this.label = info.label;
    this.method = info.method;
  }

  count(text: string): number {
    if (text.length === 0) return 0;
    return this.bytePairs().count(text);
  }

  /**
   * Token ids with their bytes, from our counter (no WASM): what the token view shows. Equal to
   * {@link encode}'s ids (test/unit/core/tokenizers/tokenPieces.test.ts).
   */
  tokenize(text: string): { ids: number[]; bytes: Uint8Array[] } {
    const counter = this.bytePairs();
    const ids = counter.encode(text);
    return { ids, bytes: ids.map((id) => counter.bytesOf(id)) };
  }

  private bytePairs(): BytePairCounter {
    this.counter ??= new BytePairCounter(loadRankTable(this.encoding), ENCODER_SETUP[this.encoding].pattern);
    return this.counter;
  }

  /** Forgets remembered merges, so that a benchmark's next count is a first count. */
  clearMergeMemo(): void {
    this.counter?.clearMemo();
  }

  /** Token ids, for highlighting and tests. */
  encode(text: string): Uint32Array {
    this.encoder ??= loadEncoder(this.encoding);
    return this.encoder.encode_ordinary(text);
  }

  /** Frees the WASM memory; the next call loads the table again. */
  dispose(): void {
    this.encoder?.free();
    this.encoder = undefined;
    this.counter = undefined;
  }
}
