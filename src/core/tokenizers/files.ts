import type { RankTable } from './bytePairCounter';

/**
 * What the tokenizers read from the files shipped beside the bundles (`dist/tokenizers/`), given
 * by the platform: Node reads them from disk (shippedFiles.ts), the web count worker from bytes the
 * extension host sent it (shippedFiles.web.ts, which esbuild.mjs puts in its place in the web
 * bundles). Synchronous on purpose: `count()` is synchronous and loads its table on first use.
 */
export interface TokenizerFiles {
  /** gpt-tokenizer's rank table of an OpenAI encoding (`o200k_base`, `cl100k_base`). */
  rankTable(encoding: string): RankTable;
  /**
   * A vendor vocabulary's brotli-compressed file and where it was read, for error messages.
   * `file` reads another path instead (Node only; tests of damaged files).
   */
  vocabulary(name: string, file?: string): { readonly bytes: Uint8Array; readonly where: string };
  /** Decompresses a vocabulary file. */
  brotliDecode(bytes: Uint8Array): Uint8Array;
  /** tiktoken's lite WASM encoder: the reference tests compare counts against; never on the web. */
  tiktokenLite(): TiktokenLite;
}

/** tiktoken's lite encoder class, as {@link TokenizerFiles.tiktokenLite} gives it. */
export type TiktokenLite = new (bpe: string, special: Record<string, number>, pattern: string) => {
  encode_ordinary(text: string): Uint32Array;
  free(): void;
};

/** Thrown when a vocabulary file is missing or damaged; the message names the file and the fix. */
export class VocabularyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VocabularyError';
  }
}

/** The shipped file holding an OpenAI encoding's ranks (a CommonJS module made by esbuild.mjs). */
export function rankFileName(encoding: string): string {
  return `gpt-tokenizer-${encoding}.js`;
}

/** The shipped file holding a vendor vocabulary. */
export function vocabularyFileName(name: string): string {
  return `${name}.json.br`;
}
