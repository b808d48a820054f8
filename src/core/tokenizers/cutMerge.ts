import type { JunctionFilter } from './junctionFilter';
import type { PairCache } from './pairCache';
import { countMergedRange, mergeLongPiece, type SegmentMemo } from './segmentMerge';
import type { StretchMemo } from './stretchMemo';

/** Stretches of at least this many symbols go to the long-piece merge (segmentMerge.ts). */
const LONG_STRETCH = 128;

/** Longest block whose copies are skipped in a long stretch, in symbols (four astral characters as bytes). */
const MAX_REPEAT_BLOCK = 16;

/**
 * The count of one piece's symbols merged stretch by stretch, cut at the unit boundaries (between
 * characters, or words) where a {@link JunctionFilter} says no merge can join the two sides.
 * Exact: the merges on either side of such a point never meet (segmentMerge.ts), so the piece's
 * parts are its stretches' parts. The rescanning merge then costs the square of a stretch (a
 * word) instead of a piece (a clause of Chinese prose, or for Gemma 3 a whole paragraph, which
 * its pre-tokenizer never splits). Shared by byteMerger.ts and vendorMerge.ts.
 */
export class CutCounter {
  private scratch = new Int32Array(1024);

  /**
   * @param pairs the vocabulary's merge ranks
   * @param segments the long-piece merge's memo, for stretches of {@link LONG_STRETCH} or more
   * @param memo remembered counts of short stretches, when symbols can be keyed (byte-level)
   */
  constructor(
    private readonly pairs: PairCache,
    private readonly segments: SegmentMemo,
    private readonly memo?: StretchMemo,
  ) {}

  /** Forgets the remembered stretches (the benchmark's first counts start cold). */
  clearMemo(): void {
    this.memo?.clear();
  }

  /**
   * Tokens of `symbols[0, length)`; `continues[k]` is 1 where symbol k continues a unit (no cut
   * before it). Merges the stretches in place.
   */
  count(symbols: Int32Array, continues: Uint8Array, length: number, junctions: JunctionFilter): number {
    if (this.scratch.length < length) this.scratch = new Int32Array(length);
    let tokens = 0;
    let from = 0;
    for (let at = 1; at < length; at++) {
      if (continues[at] !== 0) continue;
      // A stretch this long is most likely a run of one character (`中中中…`), whose junctions
      // all may join: its copies are skipped by comparing symbols, and segmentMerge.ts merges the
      // run (a few look-ups, however long) once a cut after it is found.
      if (at - from >= LONG_STRETCH) at = endOfRepeats(symbols, continues, at, length);
      if (at >= length) break;
      if (junctions.mayJoinAt(symbols, from, at, length)) continue;
      // Copies of the stretch that follow it are cut from each other as it is from the first (the
      // filter reads the same symbols on each side): all but the last are counted with it, and
      // the last stays open (what follows it is checked as usual). `中中中…` costs a comparison a copy.
      const copies = copiesAfter(symbols, continues, from, at, length);
      const stretch = this.countStretch(symbols, continues, from, at, junctions);
      if (copies > 1) {
        const size = at - from;
        at += (copies - 1) * size;
        tokens += (copies - 1) * stretch;
      }
      tokens += stretch;
      from = at;
    }
    return tokens + this.countStretch(symbols, continues, from, length, junctions);
  }

  /** Tokens of `symbols[from, to)` merged on its own; a long stretch (a run of one character) goes to segmentMerge.ts. */
  private countStretch(symbols: Int32Array, continues: Uint8Array, from: number, to: number, junctions: JunctionFilter): number {
    const { memo, pairs, scratch } = this;
    const known = memo ? memo.get(symbols, from, to) : -1;
    if (known > 0) return known;
    if (known === 0) {
      const tokens = countMergedRange(symbols, from, to, pairs, scratch);
      memo!.remember(tokens);
      return tokens;
    }
    if (to - from < LONG_STRETCH) return countMergedRange(symbols, from, to, pairs, scratch);
    return mergeLongPiece(symbols.subarray(from, to), to - from, continues.subarray(from, to), pairs, this.segments, junctions).count;
  }
}

/**
 * Where the copies of the block before `at` that follow from `at` on end (`at` when none does):
 * a unit boundary. The block is the shortest of the last units (up to 16 symbols) that repeats.
 */
function endOfRepeats(symbols: Int32Array, continues: Uint8Array, at: number, length: number): number {
  for (let start = at - 1; start >= 0 && at - start <= MAX_REPEAT_BLOCK; start--) {
    if (continues[start] !== 0) continue;
    const size = at - start;
    let end = at;
    copies: while (end + size <= length && (end + size === length || continues[end + size] === 0)) {
      for (let i = 0; i < size; i++) if (symbols[end + i] !== symbols[start + i]) break copies;
      end += size;
    }
    if (end > at) return end;
  }
  return at;
}

/** How many copies of `symbols[from, at)` (not yet merged) follow it from `at` on, each ending at a unit boundary. */
function copiesAfter(symbols: Int32Array, continues: Uint8Array, from: number, at: number, length: number): number {
  const size = at - from;
  let copies = 0;
  copies: for (let end = at + size; end <= length && (end === length || continues[end] === 0); end += size) {
    const start = end - size;
    for (let i = 0; i < size; i++) if (symbols[start + i] !== symbols[from + i]) break copies;
    copies++;
  }
  return copies;
}
