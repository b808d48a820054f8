import { byteString } from './bytePairCounter';
import { ScaledEstimateTokenizer } from './estimate';
import { ScriptEstimateTokenizer } from './scriptEstimate';
import { TiktokenTokenizer } from './tiktoken';
import type { Tokenizer } from './types';
import { VocabularyTokenizer } from './vendor';

/** A tokenizer that can say which tokens a text is made of (not only how many). */
type Tokenizing = TiktokenTokenizer | VocabularyTokenizer;

/**
 * Whose token boundaries the token view shows for `tokenizer`: its own where we have its
 * vocabulary, else the encoding an estimate counts with (Claude's and others' tokenizers are not
 * public: their boundaries cannot be shown, only the reference's).
 */
export function boundaryTokenizer(tokenizer: Tokenizer): Tokenizing {
  if (tokenizer instanceof TiktokenTokenizer || tokenizer instanceof VocabularyTokenizer) return tokenizer;
  if (tokenizer instanceof ScaledEstimateTokenizer || tokenizer instanceof ScriptEstimateTokenizer) return boundaryTokenizer(tokenizer.reference);
  throw new Error(`${tokenizer.id} has no token boundaries to show.`);
}

/**
 * The tokens of a text placed in it. Parallel arrays (they cross to the extension host as
 * transferred buffers): token `i` has id `ids[i]`, covers UTF-16 offsets `[starts[i], ends[i])`
 * and its bytes are `bytes[byteEnds[i - 1] … byteEnds[i])`.
 */
export interface PlacedTokens {
  readonly ids: Uint32Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  /**
   * 1 when the token is part of a character (its bytes start or end inside one: an emoji or a
   * rare CJK character split into byte tokens); its offsets then cover the whole character.
   */
  readonly fragments: Uint8Array;
  readonly bytes: Uint8Array;
  readonly byteEnds: Uint32Array;
  /**
   * Tokens placed. Where a tokenizer's normalizer changed the text (Qwen's NFC on decomposed
   * accents) the bytes stop matching; the tokens from there on are not placed.
   */
  readonly placed: number;
}

/** A text's UTF-8 bytes as the tokenizers see them (a lone surrogate as U+FFFD), with each byte's character. */
function utf8WithOffsets(text: string): { bytes: Uint8Array; offsets: Uint32Array; charEnds: Uint32Array } {
  const bytes = new Uint8Array(text.length * 3);
  // offsets[b]: where the character holding byte b starts; charEnds[b]: where it ends.
  const offsets = new Uint32Array(text.length * 3 + 1);
  const charEnds = new Uint32Array(text.length * 3 + 1);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const end = i + (pair ? 2 : 1);
    // The counters' own encoding, one character at a time (the window is a screen of text).
    const encoded = unit < 0x80 ? String.fromCharCode(unit) : byteString(text.slice(i, end));
    for (let k = 0; k < encoded.length; k++) {
      bytes[n] = encoded.charCodeAt(k);
      offsets[n] = i;
      charEnds[n] = end;
      n++;
    }
    i = end;
  }
  offsets[n] = text.length;
  charEnds[n] = text.length;
  return { bytes: bytes.subarray(0, n), offsets: offsets.subarray(0, n + 1), charEnds: charEnds.subarray(0, n + 1) };
}

/** Places tokens (ids and bytes, in order) in the text they were made from. */
export function placeTokens(text: string, ids: readonly number[], tokenBytes: readonly Uint8Array[]): PlacedTokens {
  const { bytes: textBytes, offsets, charEnds } = utf8WithOffsets(text);
  const count = ids.length;
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  const fragments = new Uint8Array(count);
  const byteEnds = new Uint32Array(count);
  let total = 0;
  for (const piece of tokenBytes) total += piece.length;
  const bytes = new Uint8Array(total);
  let cursor = 0;
  let placed = 0;
  let matching = true;
  for (let i = 0; i < count; i++) {
    const piece = tokenBytes[i]!;
    bytes.set(piece, cursor);
    const from = cursor;
    cursor += piece.length;
    byteEnds[i] = cursor;
    if (!matching) continue;
    if (cursor > textBytes.length || piece.some((byte, k) => textBytes[from + k] !== byte) || piece.length === 0) {
      matching = false;
      continue;
    }
    starts[i] = offsets[from]!;
    ends[i] = charEnds[cursor - 1]!;
    // Inside a character when the byte before `from` (or after the last) belongs to the same one.
    const cutsStart = from > 0 && offsets[from - 1] === offsets[from];
    const cutsEnd = cursor < textBytes.length && offsets[cursor] === offsets[cursor - 1];
    fragments[i] = cutsStart || cutsEnd ? 1 : 0;
    placed = i + 1;
  }
  return { ids: Uint32Array.from(ids), starts, ends, fragments, bytes, byteEnds, placed };
}

/** Tokenizes `text` with the boundaries the token view shows for `tokenizer` and places the tokens in it. */
export function tokenPieces(tokenizer: Tokenizing, text: string): PlacedTokens {
  const { ids, bytes } = tokenizer.tokenize(text);
  return placeTokens(text, ids, bytes);
}
