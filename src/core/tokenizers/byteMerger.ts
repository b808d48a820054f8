import { bytesBySymbol, type JunctionFilter } from './junctionFilter';
import type { PairCache } from './pairCache';
import { CutCounter } from './cutMerge';
import { countMergedParts, mergeLongPiece, mergeSegment, SegmentMemo, type LongPieceParts } from './segmentMerge';
import { ShortPieceMemo } from './shortPieceMemo';
import { StretchMemo } from './stretchMemo';
import { UnitStretchMemo } from './unitStretchMemo';

/** Merged pieces remembered per merger; past this the memo starts over (bounds memory). */
const MEMO_LIMIT = 100_000;

/** Longer pieces are not remembered: they rarely repeat and would pin large strings. */
const MEMO_PIECE_LIMIT = 256;

/** Symbol buffers up to this length are kept for the next piece. */
const KEPT_BUFFER = 1 << 16;

/** Pieces of at least this many bytes are merged stretch by stretch (segmentMerge.ts). */
const LONG_PIECE = 128;

/** Pieces of this many bytes or more, some of them non-ASCII, are cut where no merge can cross. */
const CUT_FROM = 24;

/** Pieces of this many UTF-16 units or more are first cut between their characters in the text. */
const WALK_FROM = 8;

/** At least the UTF-8 length of `text`: a byte an ASCII unit, three any other (a surrogate pair's four in its two units). */
function utf8LengthBound(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) bytes += 2;
  return bytes;
}

/** Whether a UTF-16 unit is a character of three UTF-8 bytes (U+0800–U+FFFF, no surrogate). */
function isThreeByte(unit: number): boolean {
  return unit >= 0x800 && (unit < 0xd800 || unit > 0xdfff);
}

/**
 * Counts the tokens of a byte-level BPE on one pre-tokenized piece: the piece's UTF-8 bytes as
 * the ids of the single-byte tokens, then the rank-ordered merge (segmentMerge.ts) with a vocabulary's
 * {@link PairCache}. Shared by tiktoken's encodings (bytePairCounter.ts) and the byte-level vendor
 * vocabularies (vendorCount.ts), which differ only in where ranks and byte ids come from.
 */
export class ByteMerger {
  private readonly segments = new SegmentMemo();
  private symbols = new Int32Array(1024);
  private continues = new Uint8Array(1024);
  private readonly scratch = new Int32Array(1024);
  private memo = new Map<string, number>();
  /** Counts of short ASCII pieces, without their strings. */
  private readonly shortMemo = new ShortPieceMemo();
  /** Counts of short stretches of long non-ASCII pieces, without their strings. */
  private readonly unitStretches = new UnitStretchMemo();
  private junctions: JunctionFilter | undefined;
  /** The cut-and-count of long non-ASCII pieces, with its memo of short stretches. */
  private cuts: CutCounter | undefined;
  /** Tokens of each three-byte character merged alone, by UTF-16 unit (0: not yet merged). */
  private characterCounts: Uint8Array | undefined;

  /**
   * @param byteIds the id of the token of each single byte (a lone surrogate is U+FFFD's bytes,
   *   as a JavaScript string crosses into UTF-8)
   * @param options.isToken for tiktoken, which takes a piece that is a token as it is without
   *   merging; asked of every piece but the short ASCII ones
   * @param options.isShortAsciiToken the same question for a short ASCII piece, read in place in
   *   `text[start, end)` (most new ones are no token, and no string need be made to say so)
   * @param options.mayBeToken false when the piece whose bytes are `symbols[0, length)` is
   *   certainly no token (a hash filter): `isToken`, which makes the piece's byte string, is then
   *   not asked (a clause of Chinese prose is a new piece of some 60 bytes)
   * @param options.buildJunctions the vocabulary's {@link JunctionFilter}, built on the first long
   *   piece (a few tens of milliseconds that ordinary text never needs); `undefined` when it has none
   */
  constructor(
    private readonly byteIds: Int32Array,
    private readonly pairs: PairCache,
    private readonly options: {
      readonly isToken?: (piece: string) => boolean;
      readonly isShortAsciiToken?: (text: string, start: number, end: number) => boolean;
      readonly mayBeToken?: (symbols: Int32Array, length: number) => boolean;
      readonly buildJunctions?: () => JunctionFilter | undefined;
    } = {},
  ) {}

  /** Tokens in one (non-empty) piece after merging its bytes (remembered for short pieces). */
  count(piece: string): number {
    return this.countRange(piece, 0, piece.length);
  }

  /**
   * {@link count} on `text[start, end)`: a short ASCII piece is looked up and merged in place, and
   * only a longer or non-ASCII one is sliced.
   */
  countRange(text: string, start: number, end: number): number {
    if (end - start <= 3) {
      const tokens = this.countTiny(text, start, end - start);
      if (tokens > 0) return tokens;
    }
    const known = this.shortMemo.get(text, start, end);
    if (known > 0) return known;
    if (known < 0) return this.countSliced(start === 0 && end === text.length ? text : text.slice(start, end));
    const tokens = this.options.isShortAsciiToken?.(text, start, end) ? 1 : this.countAscii(text, start, end);
    this.shortMemo.remember(tokens);
    return tokens;
  }

  /**
   * Tokens of `text[start, start + length)`, one to three ASCII units, merged at once from the
   * pair table (whose answers for two bytes are read directly); 0 when a unit is not ASCII. Random
   * base64 splits into a piece every two characters, most of them new and this short: neither
   * remembered nor looked up, they cost less than a memo's probe would.
   */
  private countTiny(text: string, start: number, length: number): number {
    const first = text.charCodeAt(start);
    if (length === 1) return first < 0x80 ? 1 : 0;
    const second = text.charCodeAt(start + 1);
    const third = length === 3 ? text.charCodeAt(start + 2) : 0;
    if ((first | second | third) >= 0x80) return 0;
    const { byteIds, pairs } = this;
    const a = byteIds[first];
    const b = byteIds[second];
    const left = pairs.rank(a, b);
    if (length === 2) return left >= 0 ? 1 : 2;
    const ab = pairs.merged;
    const c = byteIds[third];
    const right = pairs.rank(b, c);
    let tokens = 3;
    // The lower rank merges first, the left one on a tie; then the merged pair and the third byte.
    if (left >= 0 && (right < 0 || left <= right)) tokens = pairs.rank(ab, c) >= 0 ? 1 : 2;
    else if (right >= 0) tokens = pairs.rank(a, pairs.merged) >= 0 ? 1 : 2;
    // tiktoken takes a piece that is a token whole, whatever the merge would give.
    return tokens > 1 && this.options.isShortAsciiToken?.(text, start, start + 3) ? 1 : tokens;
  }

  private countSliced(piece: string): number {
    const remembered = this.memo.get(piece);
    if (remembered !== undefined) return remembered;
    // Walked when it starts with a three-byte character (after a lead character, as o200k_base
    // splits): a run of `=` or of spaces is millions of units the walk would find no cut in.
    let tokens = piece.length >= WALK_FROM && (isThreeByte(piece.charCodeAt(0)) || isThreeByte(piece.charCodeAt(1))) ? this.countByCharacters(piece) : -1;
    if (tokens < 0) tokens = this.countPiece(piece);
    if (piece.length <= MEMO_PIECE_LIMIT) {
      if (this.memo.size >= MEMO_LIMIT) this.memo = new Map();
      this.memo.set(piece, tokens);
    }
    return tokens;
  }

  /**
   * Tokens of a piece cut, in the text itself, at the points between two three-byte characters
   * (most of CJK) where no merge can cross ({@link JunctionFilter.mayJoinBetween}): each stretch
   * between cuts is counted on its own, a lone character from a table by code point. −1 when the
   * piece has no such cut (or the vocabulary no filter), and is counted whole.
   *
   * Random CJK text is one piece of millions of characters, nearly every point of which is a
   * cut: its bytes as symbols were 50 MB of buffers a count, and each point cost four hashed
   * look-ups. A piece that is a token has no cut (every point inside a token is a junction), so
   * tiktoken's "a token is taken whole" still holds.
   */
  private countByCharacters(piece: string): number {
    const junctions = this.junctionFilter();
    if (!junctions?.walksCharacters) return -1;
    let tokens = 0;
    let from = 0;
    for (let at = 1; at < piece.length; at++) {
      const before = piece.charCodeAt(at - 1);
      const after = piece.charCodeAt(at);
      if (!isThreeByte(before) || !isThreeByte(after) || junctions.mayJoinBetween(before, after)) continue;
      tokens += at - from === 1 ? this.countCharacter(before) : this.countStretchAt(piece, from, at, junctions);
      from = at;
    }
    if (from === 0) return -1;
    return tokens + (piece.length - from === 1 ? this.countCharacter(piece.charCodeAt(from)) : this.countStretchAt(piece, from, piece.length, junctions));
  }

  /** {@link countStretch} on `piece[from, to)`, a short stretch looked up in place first. */
  private countStretchAt(piece: string, from: number, to: number, junctions: JunctionFilter): number {
    const known = this.unitStretches.get(piece, from, to);
    if (known > 0) return known;
    const tokens = this.countStretch(piece.slice(from, to), junctions);
    if (known === 0) this.unitStretches.remember(tokens);
    return tokens;
  }

  /**
   * Tokens of a stretch of a piece between two cuts: its bytes merged, cut again where the filter
   * allows (a stretch may hold characters of other sizes), short stretches remembered (a word of
   * Chinese prose). Not asked whether it is a token: only a whole piece is taken whole.
   */
  private countStretch(stretch: string, junctions: JunctionFilter): number {
    // Converted first: the conversion may replace the buffers.
    const length = this.toSymbols(stretch);
    const tokens = this.cutCounter().count(this.symbols, this.continues, length, junctions);
    this.dropLargeBuffers();
    return tokens;
  }

  /** Tokens of one three-byte character merged on its own, remembered by code point. */
  private countCharacter(unit: number): number {
    const counts = (this.characterCounts ??= new Uint8Array(0x10000));
    if (counts[unit] === 0) {
      const length = this.toSymbols(String.fromCharCode(unit));
      counts[unit] = countMergedParts(this.symbols, length, this.pairs, this.scratch);
    }
    return counts[unit];
  }

  /** Tokens of one piece (or a stretch of one between cuts) from its bytes as symbols: not remembered. */
  private countPiece(piece: string): number {
    let tokens = 1;
    const length = this.toSymbols(piece);
    if (!this.isToken(piece, length)) {
      if (length >= CUT_FROM && length > piece.length && this.junctionFilter()) tokens = this.cutCounter().count(this.symbols, this.continues, length, this.junctions!);
      else if (length >= LONG_PIECE) tokens = this.mergeLong(length).count;
      else tokens = countMergedParts(this.symbols, length, this.pairs, this.scratch);
      this.dropLargeBuffers();
    }
    return tokens;
  }

  /**
   * Tokens after merging the bytes of `text[start, end)`, a short piece (≤ 1024 units, the least
   * the buffers hold) of ASCII units only, one byte each: read in place, neither sliced nor remembered.
   */
  private countAscii(text: string, start: number, end: number): number {
    const { symbols, byteIds } = this;
    for (let i = start; i < end; i++) symbols[i - start] = byteIds[text.charCodeAt(i)];
    return countMergedParts(symbols, end - start, this.pairs, this.scratch);
  }

  /**
   * Where each token of one (non-empty) piece starts, in its UTF-8 bytes: the merge {@link count}
   * counts, with its parts kept (the token view's ids; not remembered, visible text only).
   */
  partStarts(piece: string): Int32Array {
    const length = this.toSymbols(piece);
    if (this.isToken(piece, length)) return Int32Array.of(0);
    const starts = length < LONG_PIECE ? mergeSegment(this.symbols, 0, length, this.pairs).starts : this.mergeLong(length).starts();
    this.dropLargeBuffers();
    return starts;
  }

  /** Whether `piece`, whose bytes are the first `length` {@link symbols}, is taken as one token without merging. */
  private isToken(piece: string, length: number): boolean {
    const { isToken, mayBeToken } = this.options;
    return isToken !== undefined && (mayBeToken === undefined || mayBeToken(this.symbols, length)) && isToken(piece);
  }

  /** The cut-and-count of long non-ASCII pieces (cutMerge.ts), made on the first. */
  private cutCounter(): CutCounter {
    return (this.cuts ??= new CutCounter(this.pairs, this.segments, new StretchMemo(bytesBySymbol(this.byteIds))));
  }

  /** The vocabulary's junction filter, built on first use; `undefined` when it has none. */
  private junctionFilter(): JunctionFilter | undefined {
    if (this.options.buildJunctions) this.junctions ??= this.options.buildJunctions();
    return this.junctions;
  }

  private mergeLong(length: number): LongPieceParts {
    return mergeLongPiece(this.symbols, length, this.continues, this.pairs, this.segments, this.junctionFilter());
  }

  /** Forgets the remembered pieces and merged units (the benchmark's first counts start cold). */
  clearMemo(): void {
    this.memo = new Map();
    this.characterCounts = undefined;
    this.shortMemo.clear();
    this.unitStretches.clear();
    this.cuts?.clearMemo();
    this.segments.clear();
  }

  /** Buffers for a piece of millions of bytes are not kept (they would hold tens of MB). */
  private dropLargeBuffers(): void {
    if (this.symbols.length > KEPT_BUFFER) this.allocate(1024);
  }

  /** Symbol buffers of `length`; the ranks' scratch stays at 1,024 (only pieces below {@link LONG_PIECE} are merged with it). */
  private allocate(length: number): void {
    this.symbols = new Int32Array(length);
    this.continues = new Uint8Array(length);
  }

  /**
   * Writes the id of each UTF-8 byte of `piece` to {@link symbols}, marking continuation bytes in
   * {@link continues}; returns the length.
   */
  private toSymbols(piece: string): number {
    // Sized to the bytes (three a unit only for non-ASCII ones): a run of 2,000,000 dashes asked
    // for 54 MB of zeroed buffers where 10 MB hold it.
    if (this.symbols.length < 3 * piece.length) {
      const bytes = utf8LengthBound(piece);
      if (this.symbols.length < bytes) this.allocate(Math.max(bytes, 1024));
    }
    const { symbols, continues, byteIds } = this;
    let n = 0;
    for (let i = 0; i < piece.length; i++) {
      let c = piece.charCodeAt(i);
      if (c < 0x80) {
        continues[n] = 0;
        symbols[n++] = byteIds[c];
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = i + 1 < piece.length ? piece.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
        } else {
          c = 0xfffd;
        }
      }
      const start = n;
      if (c < 0x800) {
        symbols[n++] = byteIds[0xc0 | (c >> 6)];
      } else if (c < 0x10000) {
        symbols[n++] = byteIds[0xe0 | (c >> 12)];
        symbols[n++] = byteIds[0x80 | ((c >> 6) & 63)];
      } else {
        symbols[n++] = byteIds[0xf0 | (c >> 18)];
        symbols[n++] = byteIds[0x80 | ((c >> 12) & 63)];
        symbols[n++] = byteIds[0x80 | ((c >> 6) & 63)];
      }
      symbols[n++] = byteIds[0x80 | (c & 63)];
      continues[start] = 0;
      for (let k = start + 1; k < n; k++) continues[k] = 1;
    }
    return n;
  }
}
