import { BitFilter, mixHash } from './bitFilter';

/**
 * On bytes, the points between two three-byte characters (U+0800–U+FFFF, most of CJK) where a
 * merge may cross. The two bit tables are exact: a junction sets every point it matches, and no
 * other sets a bit; the pair filter, like any Bloom filter, may say maybe for a pair never told.
 */
interface ThreeByteTables {
  /**
   * One bit a point, by the last two bytes of the character before (its low 12 bits) and the first
   * two of the one after (its top 10), from every junction: the four look-ups of
   * {@link JunctionFilter.mayJoinAt} there in one read, without a hash. 2²² bits, 512 KB.
   */
  readonly all: Int32Array;
  /** The same, from the junctions only whose parts on one side have one or two bytes. */
  readonly short: Int32Array;
  /**
   * The pairs of three-byte characters that merges of parts of three bytes or more join (the last
   * character of one, the first of the other), in a Bloom filter. Their two-byte sides alone match
   * some 400 pairs of CJK characters each: DeepSeek V3's merges of Chinese words left few points
   * of prose where no merge could cross.
   */
  readonly characterPairs: BitFilter;
}

/**
 * A filter for "can a merge ever join a part ending at this point of a piece with a part starting
 * there?", asked of the bytes on either side only, so that a long piece's cut that no merge can
 * cross is known to hold without replaying the two stretches' merges (segmentMerge.ts).
 *
 * Why it is exact: if parts `a` (ending at the point) and `b` (starting there) merge, the pair
 * (a, b) is one of the vocabulary's merging pairs, and the filter was told every such pair's
 * junction: the last one or two bytes of `a` (two when it has two) and the first one or two of `b`.
 * Since `a` ends with the bytes before the point and `b` starts with those after it, its junction
 * is one of the four that {@link JunctionFilter.mayJoinAt} looks up. When none is known, no
 * merge across the point is possible. The set is a Bloom filter ({@link BitFilter}), so it can
 * only answer "maybe" for a junction it was not told, never "no" for one it was.
 *
 * Random CJK text without punctuation is one piece; about 4 in 1,000 of the cuts between its
 * characters have the junction of a merging pair of o200k_base (4 in 100 pass the filter, with
 * its false positives). Looking a cut up costs a few reads of a 512 KB array, where a cut check
 * asked the pair cache about 2.5 pairs a character it had never seen.
 */
export class JunctionFilter {
  private readonly bits = new BitFilter(BITS);
  /** On bytes: the tables of the points between two three-byte characters ({@link ThreeByteTables}). */
  private readonly threeByte: ThreeByteTables | undefined;

  /**
   * @param byteOfSymbol the byte each single-byte symbol id stands for (−1 for other ids), when a
   *   piece's symbols are such ids and junctions are told as bytes; without it, symbols are
   *   characters' token ids and junctions are told as ids (Gemma 3: {@link addJunction})
   */
  constructor(private readonly byteOfSymbol?: Int16Array) {
    if (byteOfSymbol) this.threeByte = { all: new Int32Array(1 << 17), short: new Int32Array(1 << 17), characterPairs: new BitFilter(CHARACTER_PAIR_BITS) };
  }

  /**
   * Tells the filter that the part `bytes[0, at)` can merge with the part `bytes[at, length)`
   * (a byte string, one UTF-16 unit a byte; the three bytes on either side of `at` are read).
   */
  addSplit(bytes: string, at: number): void {
    const short = at < 3 || bytes.length - at < 3;
    this.tell(at >= 2 ? bytes.charCodeAt(at - 2) : -1, bytes.charCodeAt(at - 1), bytes.charCodeAt(at), at + 1 < bytes.length ? bytes.charCodeAt(at + 1) : -1, short);
    if (short || !this.threeByte) return;
    // Parts of three bytes or more meet between two three-byte characters only when those bytes are the characters'.
    const before = threeByteUnit(bytes, at - 3);
    const after = threeByteUnit(bytes, at);
    if (before >= 0 && after >= 0) this.threeByte.characterPairs.add(characterPairHash(before, after));
  }

  /**
   * Tells the filter that a part ending with `beforeLast`, `last` can merge with a part starting
   * with `first`, `second` (bytes or ids; −1 for `beforeLast` or `second` when that part is one long).
   */
  addJunction(beforeLast: number, last: number, first: number, second: number): void {
    this.tell(beforeLast, last, first, second, true);
  }

  /**
   * The junction into the Bloom filter and, on bytes, the tables of points between three-byte
   * characters; `short` when a part may have fewer than three bytes (then it is told by its bytes
   * there too, not by its character).
   */
  private tell(beforeLast: number, last: number, first: number, second: number, short: boolean): void {
    const tail = beforeLast >= 0 ? twoSide(beforeLast, last) : last;
    const head = second >= 0 ? twoSide(first, second) : first;
    this.bits.add(junctionHash(tail, head));
    if (!this.threeByte) return;
    markBetweenThreeByte(this.threeByte.all, beforeLast, last, first, second);
    if (short) markBetweenThreeByte(this.threeByte.short, beforeLast, last, first, second);
  }

  /** Whether {@link mayJoinBetween} can be asked: a filter on bytes. */
  get walksCharacters(): boolean {
    return this.threeByte !== undefined;
  }

  /**
   * False when no merge can join the parts on either side of the point between two three-byte
   * characters, `before` then `after` (UTF-16 units outside the surrogates, U+0800 or above):
   * {@link mayJoinAt} on their bytes in one read where it says no, and sharper where it says
   * maybe, since parts of three bytes are told by their whole characters. Only for a filter on bytes.
   */
  mayJoinBetween(before: number, after: number): boolean {
    const tables = this.threeByte!;
    const bit = ((before & 0xfff) << 10) | (after >>> 6);
    const mask = 1 << (bit & 31);
    // Most points of CJK text are told no by the first read.
    if ((tables.all[bit >>> 5] & mask) === 0) return false;
    return (tables.short[bit >>> 5] & mask) !== 0 || tables.characterPairs.mayHave(characterPairHash(before, after));
  }

  /**
   * False when no part of `symbols[from, at)` ending at `at` can merge with a part of
   * `symbols[at, to)` starting at `at` (from < at < to).
   */
  mayJoinAt(symbols: Int32Array, from: number, at: number, to: number): boolean {
    // On ids, a negative symbol is a character without a token of its own, which never merges
    // (pairCache.ts): a part alone. On bytes, a symbol that is no byte's could be anything.
    const unknownJoins = this.byteOfSymbol !== undefined;
    const last = this.keyOf(symbols[at - 1]);
    const first = this.keyOf(symbols[at]);
    if (last < 0 || first < 0) return unknownJoins;
    if (this.has(last, first)) return true;
    let head2 = -1; // none when the part after `at` is one symbol
    const second = at + 1 < to ? this.keyOf(symbols[at + 1]) : -1;
    if (second < 0 && at + 1 < to && unknownJoins) return true;
    if (second >= 0) {
      head2 = twoSide(first, second);
      if (this.has(last, head2)) return true;
    }
    if (at - 2 < from) return false;
    const beforeLast = this.keyOf(symbols[at - 2]);
    if (beforeLast < 0) return unknownJoins;
    const tail2 = twoSide(beforeLast, last);
    return this.has(tail2, first) || (head2 >= 0 && this.has(tail2, head2));
  }

  /** What a symbol is told as: its byte, or its id; −1 when it can be neither. */
  private keyOf(symbol: number): number {
    const byteOfSymbol = this.byteOfSymbol;
    if (byteOfSymbol === undefined) return symbol;
    const byte = byteOfSymbol[symbol];
    return byte === undefined ? -1 : byte;
  }

  private has(tail: number, head: number): boolean {
    return this.bits.mayHave(junctionHash(tail, head));
  }
}

/**
 * One side of two symbols as one number, positive (a byte or id is below 2¹⁸).
 * Two sides that come out equal only make the filter answer "maybe" more often, never "no" wrongly.
 */
function twoSide(first: number, second: number): number {
  // Two bytes side by side (each pair its own number); ids of a larger vocabulary hashed.
  if ((first | second) < 0x100) return TWO_BYTES | (first << 8) | second;
  return ((Math.imul(first + 1, 0x01000193) ^ second) & (TWO - 1)) | TWO;
}

/** 2²² bits: 512 KB. o200k_base has about 160,000 distinct junctions. */
const BITS = 1 << 22;

/** Set in a two-symbol side of a junction (a one-symbol side is the symbol alone). */
const TWO = 0x40000000;
/** Set in a side of two bytes. */
const TWO_BYTES = 0x10000;

function junctionHash(tail: number, head: number): number {
  const hash = Math.imul(tail, 0x9e3779b1) ^ Math.imul(head + 0x7f4a7c15, 0x85ebca77);
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) ^ (hash >>> 13);
}

/**
 * Sets the bit of every point between two three-byte characters that the junction of bytes
 * (`beforeLast`, `last` | `first`, `second`) matches: its tail must be the end of a character's
 * bytes (continuation bytes) and its head the start of one (a three-byte lead, then a
 * continuation byte). A one-byte side matches each of the 64 values of the byte it leaves open.
 */
function markBetweenThreeByte(table: Int32Array, beforeLast: number, last: number, first: number, second: number): void {
  if (!isContinuation(last) || (beforeLast >= 0 && !isContinuation(beforeLast))) return;
  if (first < 0xe0 || first > 0xef || (second >= 0 && !isContinuation(second))) return;
  // The six payload bits of the byte before `last`, and of the one after `first`: known, or all 64.
  const [fromBefore, toBefore] = beforeLast >= 0 ? [beforeLast & 63, beforeLast & 63] : [0, 63];
  const [fromSecond, toSecond] = second >= 0 ? [second & 63, second & 63] : [0, 63];
  for (let before = fromBefore; before <= toBefore; before++) {
    for (let after = fromSecond; after <= toSecond; after++) {
      const bit = (((before << 6) | (last & 63)) << 10) | ((first & 15) << 6) | after;
      table[bit >>> 5] |= 1 << (bit & 31);
    }
  }
}

/** The UTF-16 unit of the three-byte character whose UTF-8 bytes are `bytes[at, at + 3)`, or −1. */
function threeByteUnit(bytes: string, at: number): number {
  const lead = bytes.charCodeAt(at);
  const middle = bytes.charCodeAt(at + 1);
  const end = bytes.charCodeAt(at + 2);
  if (lead < 0xe0 || lead > 0xef || !isContinuation(middle) || !isContinuation(end)) return -1;
  return ((lead & 15) << 12) | ((middle & 63) << 6) | (end & 63);
}

function characterPairHash(before: number, after: number): number {
  return mixHash((before << 16) | after);
}

/**
 * 2¹⁹ bits, 64 KB: DeepSeek V3's merges join some 28,000 pairs of three-byte characters, Qwen 3's
 * 18,000, o200k_base's tokens 12,000 (about 19 bits a pair or more).
 */
const CHARACTER_PAIR_BITS = 1 << 19;

function isContinuation(byte: number): boolean {
  return byte >= 0x80 && byte <= 0xbf;
}

/** The byte each of `byteIds` (the id of each byte's single-byte token) stands for, by id. */
export function bytesBySymbol(byteIds: Int32Array): Int16Array {
  let largest = 0;
  for (const id of byteIds) largest = Math.max(largest, id);
  const bytes = new Int16Array(largest + 1).fill(-1);
  byteIds.forEach((id, byte) => {
    if (id >= 0) bytes[id] = byte;
  });
  return bytes;
}
