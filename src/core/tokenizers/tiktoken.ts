import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tokenizer, TokenizerInfo } from './types';

/** The OpenAI byte-pair encodings we ship; both are exact for the models that use them. */
export type OpenAiEncodingName = 'o200k_base' | 'cl100k_base';

interface RankFile {
  bpe_ranks: string;
  special_tokens: Record<string, number>;
  pat_str: string;
}

interface LiteEncoder {
  encode_ordinary(text: string): Uint32Array;
  free(): void;
}

/**
 * Finds a rank table: beside the bundle (`dist/tokenizers/`, copied by esbuild.mjs) or, when
 * running from source (tests, tsx), inside the tiktoken package.
 */
function locateRanks(name: OpenAiEncodingName): string {
  const bundled = join(__dirname, 'tokenizers', `${name}.json`);
  if (existsSync(bundled)) return bundled;
  return require.resolve(`tiktoken/encoders/${name}.json`);
}

/**
 * tiktoken's "lite" build (1 MB WASM, no embedded vocabularies) plus the rank table read on first
 * use: the full build embeds every vocabulary (5 MB) and would load them all at activation.
 */
function loadEncoder(name: OpenAiEncodingName): LiteEncoder {
  const ranks = JSON.parse(readFileSync(locateRanks(name), 'utf8')) as RankFile;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Tiktoken } = require('tiktoken/lite') as {
    Tiktoken: new (bpe: string, special: Record<string, number>, pattern: string) => LiteEncoder;
  };
  return new Tiktoken(ranks.bpe_ranks, ranks.special_tokens, ranks.pat_str);
}

interface FastCounter {
  countTokens(text: string, options: { disallowedSpecial: Set<string> }): number;
}

/** An empty disallow list: gpt-tokenizer then counts special-token text as ordinary text. */
const SPECIAL_AS_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * U+0085 is whitespace for tiktoken's Rust regex but not for JavaScript's `\s`; U+FEFF the other way
 * round. gpt-tokenizer runs the same pattern with JavaScript's classes, so texts holding either
 * go to tiktoken. Everything else was checked identical (test/unit/tokenizer-fast-path.test.ts).
 */
const WHITESPACE_CLASS_DIFFERS = /[\u0085\ufeff]/;

/**
 * gpt-tokenizer: the same vocabularies and pattern in plain JavaScript, about 2× faster than the
 * WASM build on a first count (`npm run bench`). Built bundles load it from its own file beside
 * them (`dist/tokenizers/`, made by esbuild.mjs) so that activation does not parse 3.6 MB of rank
 * tables; from source (tests, tsx) it comes from the package.
 */
function loadFastCounter(name: OpenAiEncodingName): FastCounter {
  const bundled = join(__dirname, 'tokenizers', `gpt-tokenizer-${name}.js`);
  const path = existsSync(bundled) ? bundled : require.resolve(`gpt-tokenizer/encoding/${name}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as FastCounter;
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
 * text an API bills them as (`encode_ordinary`), and nothing throws. `count` uses gpt-tokenizer
 * (faster, identical counts) except on the two characters whose whitespace class differs;
 * `encode` is always tiktoken, the reference the tests compare against.
 */
export class TiktokenTokenizer implements Tokenizer {
  readonly id: string;
  readonly label: string;
  readonly exactness = 'exact' as const;
  readonly method: string;
  private encoder: LiteEncoder | undefined;
  private fast: FastCounter | undefined;

  constructor(private readonly encoding: OpenAiEncodingName) {
    const info = OPENAI_ENCODINGS[encoding];
    this.id = info.id;
    this.label = info.label;
    this.method = info.method;
  }

  count(text: string): number {
    if (text.length === 0) return 0;
    if (!WHITESPACE_CLASS_DIFFERS.test(text)) {
      this.fast ??= loadFastCounter(this.encoding);
      return this.fast.countTokens(text, SPECIAL_AS_TEXT);
    }
    this.encoder ??= loadEncoder(this.encoding);
    return this.encoder.encode_ordinary(text).length;
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
    this.fast = undefined;
  }
}
