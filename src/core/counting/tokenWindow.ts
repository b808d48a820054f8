import { CutAnswer, cutRuleFor, inlineCutAt, lineCutAt, type CutRule } from './cutRules';
import { boundaryTokenizer, tokenPieces, type PlacedTokens } from '../tokenizers/tokenPieces';
import type { Tokenizer, TokenizerId } from '../tokenizers/types';
import { concatBytes } from '../util/bytes';

/** Where a window's text sits in its document: whether it starts or ends with it. */
export interface WindowEdges {
  /** `text` starts where the document starts (offset 0 is then a cut). */
  readonly atDocumentStart: boolean;
  /** `text` ends where the document ends. */
  readonly atDocumentEnd: boolean;
}

/** The tokens of a window of a document (the token view's visible range), placed in the window's text. */
export interface TokenWindow extends PlacedTokens {
  /** Whose boundaries these are (an estimate shows its reference encoding's). */
  readonly tokenizer: TokenizerId;
  /** The span tokenized, in the window's text: from a safe cut before `from` to one after `to`. */
  readonly start: number;
  readonly end: number;
  /**
   * False when no safe cut was found before `from` in the text given (one enormous line): the
   * first tokens may then differ from the document's.
   */
  readonly exactStart: boolean;
  /** Likewise at the end. */
  readonly exactEnd: boolean;
  /** False when the tokenizer's normalizer changed the text and the later tokens could not be placed. */
  readonly allPlaced: boolean;
}

/** True when position `p` (0 < p < text.length) is a safe cut for `rule` (see cutRules.ts). */
function isCut(text: string, p: number, rule: CutRule, final: boolean): boolean {
  if (text.charCodeAt(p - 1) === 0x0a) return lineCutAt(text, p, rule, final) === CutAnswer.Yes;
  return inlineCutAt(text, p, rule);
}

/** The last safe cut at or before `position`; 0 when the text starts the document, else `undefined`. */
function safeCutBefore(text: string, position: number, rule: CutRule, edges: WindowEdges): number | undefined {
  for (let p = Math.min(position, text.length - 1); p > 0; p--) if (isCut(text, p, rule, edges.atDocumentEnd)) return p;
  return edges.atDocumentStart ? 0 : undefined;
}

/** The first safe cut at or after `position`; the text's end when it ends the document, else `undefined`. */
function safeCutAfter(text: string, position: number, rule: CutRule, edges: WindowEdges): number | undefined {
  for (let p = Math.max(1, position); p < text.length; p++) if (isCut(text, p, rule, edges.atDocumentEnd)) return p;
  return edges.atDocumentEnd ? text.length : undefined;
}

/**
 * Tokenizes `text[from, to)` as it is tokenized inside the whole document: the span is widened to
 * safe cuts (where the document's token sequence is the parts' sequences joined), tokenized, and
 * the tokens overlapping `[from, to)` are kept. The caller sends some text around the window so
 * that the cuts can be found.
 */
export function tokenWindow(tokenizer: Tokenizer, text: string, from: number, to: number, edges: WindowEdges): TokenWindow {
  if (!(0 <= from && from <= to && to <= text.length)) throw new RangeError(`Window ${from}–${to} is outside a text of ${text.length} characters.`);
  const boundaries = boundaryTokenizer(tokenizer);
  const rule = cutRuleFor(boundaries.id);
  if (!rule) throw new Error(`${boundaries.id} has no cut rule.`);
  const before = safeCutBefore(text, from, rule, edges);
  const after = safeCutAfter(text, Math.max(to, before ?? 0), rule, edges);
  const start = before ?? 0;
  const end = after ?? text.length;
  const placed = tokenPieces(boundaries, text.slice(start, end));
  // Keep the placed tokens overlapping the window, shifted to the window text's offsets.
  const keep: number[] = [];
  for (let i = 0; i < placed.placed; i++) {
    const tokenStart = placed.starts[i]! + start;
    const tokenEnd = placed.ends[i]! + start;
    if (tokenEnd > from && tokenStart < to) keep.push(i);
  }
  const pick = <T extends Uint32Array | Uint8Array>(source: T, make: (n: number) => T, shift = 0): T => {
    const out = make(keep.length);
    keep.forEach((index, k) => (out[k] = source[index]! + shift));
    return out;
  };
  const byteEnds = new Uint32Array(keep.length);
  const slices: Uint8Array[] = [];
  let size = 0;
  keep.forEach((index, k) => {
    const piece = placed.bytes.subarray(index === 0 ? 0 : placed.byteEnds[index - 1]!, placed.byteEnds[index]!);
    slices.push(piece);
    size += piece.length;
    byteEnds[k] = size;
  });
  const bytes = concatBytes(slices, size);
  return {
    tokenizer: boundaries.id,
    start,
    end,
    exactStart: before !== undefined,
    exactEnd: after !== undefined,
    allPlaced: placed.placed === placed.ids.length,
    ids: pick(placed.ids, (n) => new Uint32Array(n)),
    starts: pick(placed.starts, (n) => new Uint32Array(n), start),
    ends: pick(placed.ends, (n) => new Uint32Array(n), start),
    fragments: pick(placed.fragments, (n) => new Uint8Array(n)),
    bytes,
    byteEnds,
    placed: keep.length,
  };
}
