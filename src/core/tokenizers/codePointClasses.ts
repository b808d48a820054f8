import { UNICODE_CLASSES } from './unicode16';

/**
 * One byte per code point (U+0000…U+10FFFF, 1.1 MB) with the Unicode 16 classes that tiktoken's
 * split patterns and the vendors' (Qwen, DeepSeek) ask about, for the scanners of
 * pieceScanner.ts. Built once per process (≈ 5 ms) from the generated ranges of unicode16.ts, so
 * the scan follows tiktoken's tables, and Oniguruma's (Hugging Face's Rust tokenizers, the
 * vendors' reference: Unicode 16.0 too since onig_sys 69.9), whatever the runtime's version.
 */
export const UPPER = 1; // Lu, Lt
export const LOWER = 2; // Ll
export const OTHER_LETTER = 4; // Lm, Lo: both "upper-like" and "lower-like" for o200k's words
export const MARK = 8; // M
export const NUMBER = 16; // N
export const WHITE_SPACE = 32; // White_Space: Rust's \s (with U+0085, without U+FEFF), Oniguruma's too
export const PUNCTUATION = 64; // P
export const SYMBOL = 128; // S
export const LETTER = UPPER | LOWER | OTHER_LETTER;

const CLASS_BITS: readonly [keyof typeof UNICODE_CLASSES, number][] = [
  ['Lu', UPPER],
  ['Lt', UPPER],
  ['Ll', LOWER],
  ['Lm', OTHER_LETTER],
  ['Lo', OTHER_LETTER],
  ['M', MARK],
  ['N', NUMBER],
  ['White_Space', WHITE_SPACE],
  ['P', PUNCTUATION],
  ['S', SYMBOL],
];

let table: Uint8Array | undefined;

/** The class bits of every code point; surrogate code points (lone surrogates) have none. */
export function codePointClasses(): Uint8Array {
  if (table) return table;
  const classes = new Uint8Array(0x110000);
  for (const [name, bit] of CLASS_BITS) {
    for (const match of UNICODE_CLASSES[name].matchAll(/\\u\{([0-9A-F]+)\}(?:-\\u\{([0-9A-F]+)\})?/g)) {
      const from = parseInt(match[1], 16);
      const to = match[2] === undefined ? from : parseInt(match[2], 16);
      for (let c = from; c <= to; c++) classes[c] |= bit;
    }
  }
  table = classes;
  return classes;
}
