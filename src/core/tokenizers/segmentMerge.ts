import { PairHeap } from './bpeMerge';
import type { PairCache } from './pairCache';

/**
 * The rank-ordered byte-pair merge of one long piece, done stretch by stretch.
 *
 * The merge (tiktoken's, and Hugging Face's BPE: merge the adjacent pair of lowest rank, the
 * leftmost on ties, until none merges) is O(n log n) with a heap, still 0.4 µs a byte in
 * JavaScript: a 2 MB run took 0.6–2.3 s where 2 MB of English takes 90 ms. Here the piece is cut
 * into stretches that are merged on their own (short ones are remembered, so a run of one
 * character costs a few look-ups), and each cut is *checked*; a cut that fails the check is
 * removed (the stretches on both sides are merged together) until every cut passes.
 *
 * Why a passing check makes the parts' merges the piece's merge (for any rank table): while no
 * pair across a cut has merged, the stretches evolve independently, and the whole merge is their
 * interleaving by rank (of two stretches X left of Y, the next merge of X comes before the next
 * of Y when its rank is lower or equal: leftmost on ties). So the first merge across a cut, if
 * any, happens at a moment that the interleaving of X and Y alone also reaches, with the pair
 * across the cut (X's last part, Y's first part) ranked below X's next merge (X's pairs are to its
 * left and win ties) and not above Y's next (it is left of Y's pairs), or merging at all once both
 * are done. {@link cutHolds} replays the interleaving of X and Y from their recorded merges and
 * looks for exactly that; if no cut has such a moment, no merge across a cut ever happens, by
 * induction on the first one, and the parts of the piece are the parts of its stretches.
 *
 * A run of one short unit (`aaaa…`, `中中中…`, spaces, `====`) is a repetition of one block
 * whose cut with itself holds: the block is merged and checked once, whatever the run's length.
 */

/** A stretch of symbols merged on its own, and the history a cut check needs. */
export interface Segment {
  /** Symbols in the stretch. */
  readonly length: number;
  /** Where each part starts, relative to the stretch. */
  readonly starts: Int32Array;
  /**
   * What a cut check reads, in one array (one object to fetch from memory, not three):
   * `[R, rank of each merge in order (R of them), F, the first part's id at the start then
   * (merge count, new id) each time a merge changed it (F numbers), L, the same for the last part]`.
   */
  readonly history: Int32Array;
  /** Whether the cut between two copies of this segment holds, once known. */
  selfCut?: boolean;
}

/** The index of the lowest non-negative rank among the first `count`, the first on ties; −1 when none. */
function leftmostLowest(ranks: ArrayLike<number>, count: number): number {
  let best = -1;
  let bestRank = NONE;
  for (let k = 0; k < count; k++) {
    const rank = ranks[k];
    if (rank >= 0 && rank < bestRank) {
      bestRank = rank;
      best = k;
    }
  }
  return best;
}

/** Stretches up to this many symbols are merged by rescanning (below it a heap costs more). */
const PLAIN_UP_TO = 48;

/** Merges `symbols[from, to)` on its own, recording its history. */
export function mergeSegment(symbols: Int32Array, from: number, to: number, pairs: PairCache): Segment {
  return to - from <= PLAIN_UP_TO ? mergePlainRecorded(symbols, from, to, pairs) : mergeHeapRecorded(symbols, from, to, pairs);
}

function mergePlainRecorded(symbols: Int32Array, from: number, to: number, pairs: PairCache): Segment {
  const n = to - from;
  const starts: number[] = new Array<number>(n);
  const ids: number[] = new Array<number>(n);
  const ranks: number[] = new Array<number>(n);
  const merged: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    starts[i] = i;
    ids[i] = symbols[from + i];
  }
  for (let k = 0; k + 1 < n; k++) {
    ranks[k] = pairs.rank(ids[k], ids[k + 1]);
    merged[k] = pairs.merged;
  }
  ranks[n - 1] = -1;
  const history: number[] = [];
  const first: number[] = [ids[0]];
  const last: number[] = [ids[n - 1]];
  let parts = n;
  while (parts > 1) {
    const best = leftmostLowest(ranks, parts - 1);
    if (best < 0) break;
    history.push(ranks[best]);
    const id = merged[best];
    ids[best] = id;
    if (best === 0) first.push(history.length, id);
    if (best + 2 === parts) last.push(history.length, id);
    starts.splice(best + 1, 1);
    ids.splice(best + 1, 1);
    ranks.splice(best + 1, 1);
    merged.splice(best + 1, 1);
    parts--;
    if (best + 1 < parts) {
      ranks[best] = pairs.rank(id, ids[best + 1]);
      merged[best] = pairs.merged;
    } else {
      ranks[best] = -1;
    }
    if (best > 0) {
      ranks[best - 1] = pairs.rank(ids[best - 1], id);
      merged[best - 1] = pairs.merged;
    }
  }
  return { length: n, starts: Int32Array.from(starts), history: packHistory(history, first, last), selfCut: undefined };
}

/**
 * The rank-ordered merge with a heap (bpeMerge.ts's PairHeap) on ids, recording its history.
 * Parts are named by their start, which never changes; a heap entry (rank, left start, pair end)
 * is outdated, and skipped, when the left part is gone or the pair no longer ends there.
 */
function mergeHeapRecorded(symbols: Int32Array, from: number, to: number, pairs: PairCache): Segment {
  const n = to - from;
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const ids = symbols.slice(from, to);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const heap = new PairHeap(n);
  for (let i = 0; i + 1 < n; i++) {
    const rank = pairs.rank(ids[i], ids[i + 1]);
    if (rank >= 0) heap.push(rank, i, i + 2);
  }
  const GONE = 0; // next[i] === 0 marks a start merged into the part before it (0 is never a next)
  const history: number[] = [];
  const first: number[] = [ids[0]];
  const last: number[] = [ids[n - 1]];
  let parts = n;
  while (heap.size > 0) {
    const rank = heap.topRank();
    const left = heap.topLeft();
    const end = heap.topEnd();
    heap.pop();
    const mid = next[left];
    if (mid === GONE || mid >= n || next[mid] !== end) continue;
    pairs.rank(ids[left], ids[mid]);
    const id = pairs.merged;
    history.push(rank);
    ids[left] = id;
    next[left] = end;
    next[mid] = GONE;
    if (end < n) prev[end] = left;
    parts--;
    if (left === 0) first.push(history.length, id);
    if (end === n) last.push(history.length, id);
    const before = prev[left];
    if (before >= 0) {
      const r = pairs.rank(ids[before], id);
      if (r >= 0) heap.push(r, before, end);
    }
    if (end < n) {
      const r = pairs.rank(id, ids[end]);
      if (r >= 0) heap.push(r, left, next[end]);
    }
  }
  const starts = new Int32Array(parts);
  let k = 0;
  for (let start = 0; start < n; start = next[start]) starts[k++] = start;
  return { length: n, starts, history: packHistory(history, first, last), selfCut: undefined };
}

/**
 * True when no merge across the cut between `left` and `right` (adjacent stretches merged on
 * their own) can happen: the interleaving of their merges by rank (ties to the left one) never
 * reaches a moment where the pair across the cut merges before both, nor ends with a pair that
 * merges. See the module comment.
 */
export function cutHolds(left: Segment, right: Segment, pairs: PairCache): boolean {
  const x = left.history;
  const y = right.history;
  const leftMerges = x[0];
  const leftLast = leftMerges + 2 + x[leftMerges + 1]; // index of L in x
  const leftLastEnd = leftLast + 1 + x[leftLast];
  const rightMerges = y[0];
  const rightFirst = rightMerges + 1; // index of F in y
  const rightFirstEnd = rightFirst + 1 + y[rightFirst];
  let i = 0; // merges of `left` done
  let j = 0; // merges of `right` done
  let lastId = x[leftLast + 1];
  let firstId = y[rightFirst + 1];
  let lastChange = leftLast + 2; // index in x of the next (count, id) of the last part
  let firstChange = rightFirst + 2;
  let across = pairs.rank(lastId, firstId);
  for (;;) {
    const leftNext = i < leftMerges ? x[1 + i] : NONE;
    const rightNext = j < rightMerges ? y[1 + j] : NONE;
    if (across >= 0 && across < leftNext && across <= rightNext) return false;
    if (leftNext === NONE && rightNext === NONE) return true;
    if (leftNext <= rightNext) {
      i++;
      if (lastChange < leftLastEnd && x[lastChange] === i) {
        lastId = x[lastChange + 1];
        lastChange += 2;
        across = pairs.rank(lastId, firstId);
      }
    } else {
      j++;
      if (firstChange < rightFirstEnd && y[firstChange] === j) {
        firstId = y[firstChange + 1];
        firstChange += 2;
        across = pairs.rank(lastId, firstId);
      }
    }
  }
}

/** The `history` array of a {@link Segment}. */
function packHistory(ranks: readonly number[], first: readonly number[], last: readonly number[]): Int32Array {
  const history = new Int32Array(3 + ranks.length + first.length + last.length);
  let k = 0;
  history[k++] = ranks.length;
  for (const rank of ranks) history[k++] = rank;
  history[k++] = first.length;
  for (const value of first) history[k++] = value;
  history[k++] = last.length;
  for (const value of last) history[k++] = value;
  return history;
}

/** Above every rank: "no more merges". */
const NONE = 0x7fffffff;

/** {@link cutHolds} of a segment with a copy of itself, remembered on the segment. */
function selfCutHolds(segment: Segment, pairs: PairCache): boolean {
  segment.selfCut ??= cutHolds(segment, segment, pairs);
  return segment.selfCut;
}

/** Single units (a character's symbols) merged on their own, remembered per vocabulary. */
export class SegmentMemo {
  private map = new Map<number, Segment>();

  get(key: number): Segment | undefined {
    return this.map.get(key);
  }

  set(key: number, segment: Segment): void {
    // ≈ 150 bytes a unit: at most ≈ 5 MB (CJK text has some 20,000 distinct characters).
    if (this.map.size >= 32_768) this.map = new Map();
    this.map.set(key, segment);
  }

  clear(): void {
    this.map = new Map();
  }
}

/** The result of {@link mergeLongPiece}: the number of parts, and where they start. */
export interface LongPieceParts {
  readonly count: number;
  /** Part starts, ascending (relative to the piece). */
  starts(): Int32Array;
}

/** Runs of one block shorter than this many symbols are merged like any other text. */
const MIN_RUN = 512;
/** Longest unit of a run looked for, in symbols (16 bytes: four astral characters). */
const MAX_PERIOD = 16;
/** After a failed look for a run, the next look is this many symbols on. */
const RUN_LOOK_INTERVAL = 256;

/**
 * Part starts of the rank-ordered merge of `symbols[0, length)`, identical to bpeMerge.ts's
 * mergePlain. A unit is a symbol and those after it with `continues` set (a character's UTF-8
 * bytes): cuts fall between units only, since a character's bytes nearly always merge.
 */
export function mergeLongPiece(symbols: Int32Array, length: number, continues: Uint8Array, pairs: PairCache, memo: SegmentMemo): LongPieceParts {
  return new LongPieceMerge(symbols, length, continues, pairs, memo).run();
}

/**
 * The state of one {@link mergeLongPiece}: a stack of stretches, left to right, every cut between
 * neighbours checked. An entry is a segment repeated `repeats[k]` times from `froms[k]` (its cut
 * with itself holds).
 */
class LongPieceMerge {
  private readonly segments: Segment[] = [];
  private froms = new Int32Array(16);
  private repeats = new Int32Array(16);
  private top = -1;
  /** Whether the last stretch placed failed a cut (a run of one block may have started). */
  private failed = false;

  constructor(
    private readonly symbols: Int32Array,
    private readonly length: number,
    private readonly continues: Uint8Array,
    private readonly pairs: PairCache,
    private readonly memo: SegmentMemo,
  ) {}

  run(): LongPieceParts {
    let pos = 0;
    let lookForRunAt = 0;
    while (pos < this.length) {
      if (this.failed && pos >= lookForRunAt && this.length - pos >= MIN_RUN) {
        const after = this.placeRun(pos);
        lookForRunAt = Math.max(pos, after) + RUN_LOOK_INTERVAL;
        if (after > pos) {
          pos = after;
          this.failed = false;
          continue;
        }
      }
      this.failed = false;
      pos = this.place(unitSegment(this.symbols, pos, this.unitEnd(pos + 1), this.pairs, this.memo), pos);
    }
    return this.parts();
  }

  private unitEnd(at: number): number {
    while (at < this.length && this.continues[at] !== 0) at++;
    return at;
  }

  private push(segment: Segment, from: number, repeat: number): void {
    const top = ++this.top;
    if (top === this.froms.length) {
      const froms = new Int32Array(2 * top);
      froms.set(this.froms);
      this.froms = froms;
      const repeats = new Int32Array(2 * top);
      repeats.set(this.repeats);
      this.repeats = repeats;
    }
    this.segments[top] = segment;
    this.froms[top] = from;
    this.repeats[top] = repeat;
  }

  /** Takes one copy of the top entry's segment off the stack; returns where it started. */
  private popOne(): number {
    const top = this.top;
    const from = this.froms[top] + (this.repeats[top] - 1) * this.segments[top].length;
    if (this.repeats[top] > 1) this.repeats[top]--;
    else this.top--;
    return from;
  }

  /**
   * Pushes the stretch [from, from + segment.length), first merging it with the stretches before
   * it while the cut fails. Each failure at least doubles the stretch that failed (taking more of
   * the text when needed), so text whose cuts keep failing costs O(n log n), not O(n²). Returns
   * where the pushed stretch ends.
   */
  private place(segment: Segment, from: number): number {
    let to = from + segment.length;
    const { segments, pairs } = this;
    if (this.top >= 0 && segments[this.top] === segment && selfCutHolds(segment, pairs)) {
      this.repeats[this.top]++;
      return to;
    }
    while (this.top >= 0) {
      const before = segments[this.top];
      if (cutHolds(before, segment, pairs)) break;
      this.failed = true;
      from = this.popOne();
      if (to < from + 2 * before.length) to = this.unitEnd(Math.min(this.length, from + 2 * before.length));
      segment = mergeSegment(this.symbols, from, to, pairs);
    }
    this.push(segment, from, 1);
    return to;
  }

  /**
   * A run of one block from `pos`, pushed as one repeated entry: where it ends, or −1 when there
   * is no run there or its cuts do not hold. The block is the shortest of a few candidate lengths
   * (part starts of the merge of a stretch of the run) whose cut with itself holds.
   */
  private placeRun(pos: number): number {
    const { symbols, pairs } = this;
    const run = periodicRun(symbols, pos, this.length, this.continues);
    if (!run) return -1;
    const { period, end } = run;
    const probeLength = Math.min(end - pos, 2048) - (Math.min(end - pos, 2048) % period);
    const probe = mergeSegment(symbols, pos, pos + probeLength, pairs);
    let tries = 0;
    for (const size of probe.starts) {
      if (size < 32 || size % period !== 0) continue;
      if (end - pos < 8 * size || ++tries > 8) break;
      const block = mergeSegment(symbols, pos, pos + size, pairs);
      if (!selfCutHolds(block, pairs)) continue;
      if (this.top < 0 || cutHolds(this.segments[this.top], block, pairs)) {
        const blocks = Math.floor((end - pos) / size);
        this.push(block, pos, blocks);
        return pos + blocks * size;
      }
      return this.joinRun(pos, period, end, block);
    }
    return -1;
  }

  /**
   * The text before a run does not cut cleanly from its block: merges the last stretch before the
   * run with the start of the run, and starts the blocks at one of that merge's part starts (the
   * run's parts are aligned from where the merged stretch starts, not from `pos`).
   */
  private joinRun(pos: number, period: number, end: number, block: Segment): number {
    const { symbols, pairs, segments } = this;
    const top = this.top;
    const leadFrom = this.froms[top] + (this.repeats[top] - 1) * segments[top].length;
    const below = this.repeats[top] > 1 ? top : top - 1;
    const probe = mergeSegment(symbols, leadFrom, pos + 2 * block.length, pairs);
    for (let k = probe.starts.length - 1, tried = 0; k > 0 && tried < 3; k--) {
      const blockStart = leadFrom + probe.starts[k];
      if (blockStart <= pos || (blockStart - pos) % period !== 0) continue;
      tried++;
      const joined = mergeSegment(symbols, leadFrom, blockStart, pairs);
      if (!cutHolds(joined, block, pairs) || (below >= 0 && !cutHolds(segments[below], joined, pairs))) continue;
      const blocks = Math.floor((end - blockStart) / block.length);
      this.popOne();
      this.push(joined, leadFrom, 1);
      this.push(block, blockStart, blocks);
      return blockStart + blocks * block.length;
    }
    return -1;
  }

  private parts(): LongPieceParts {
    const { segments, froms, repeats, top } = this;
    let count = 0;
    for (let k = 0; k <= top; k++) count += segments[k].starts.length * repeats[k];
    return {
      count,
      starts(): Int32Array {
        const starts = new Int32Array(count);
        let i = 0;
        for (let k = 0; k <= top; k++) {
          const segment = segments[k];
          for (let r = 0; r < repeats[k]; r++) {
            const base = froms[k] + r * segment.length;
            for (const start of segment.starts) starts[i++] = base + start;
          }
        }
        return starts;
      },
    };
  }
}

/** One unit merged on its own, remembered by its symbols when they fit a key. */
function unitSegment(symbols: Int32Array, from: number, to: number, pairs: PairCache, memo: SegmentMemo): Segment {
  const key = unitKey(symbols, from, to);
  if (key < 0) return mergeSegment(symbols, from, to, pairs);
  let segment = memo.get(key);
  if (!segment) {
    segment = mergeSegment(symbols, from, to, pairs);
    memo.set(key, segment);
  }
  return segment;
}

/**
 * A number naming the symbols [from, to) exactly, a small integer in the common cases (a Map
 * finds those fastest): the id + 1 for one symbol (ids < 2²⁰, −1 included); for two to four symbols all
 * below 256 (a character's bytes in tiktoken), 2²⁰, 2²¹ or 2³³ plus the bytes; for two or three
 * below 2¹⁷ (a byte-level vocabulary's characters), 2⁴⁰ or 2⁵¹ plus the ids; −1 otherwise.
 */
function unitKey(symbols: Int32Array, from: number, to: number): number {
  const length = to - from;
  if (length === 1) return symbols[from] + 1; // an unknown character (−1) too: Gemma's byte fallback
  if (length > 4) return -1;
  let largest = 0;
  for (let i = from; i < to; i++) {
    if (symbols[i] < 0) return -1;
    largest = Math.max(largest, symbols[i]);
  }
  if (largest < 256) {
    let key = 0;
    for (let i = from; i < to; i++) key = key * 256 + symbols[i];
    return key + (length === 2 ? 0x100000 : length === 3 ? 0x200000 : 0x200000000);
  }
  if (largest >= 0x20000 || length === 4) return -1;
  let key = 0;
  for (let i = from; i < to; i++) key = key * 0x20000 + symbols[i];
  return key + (length === 2 ? 2 ** 40 : 2 ** 51);
}

/**
 * A run from `pos` of one block of `period` symbols (whole units) repeated over at least
 * {@link MIN_RUN} symbols, and where it ends; `undefined` when there is none.
 */
function periodicRun(symbols: Int32Array, pos: number, length: number, continues: Uint8Array): { period: number; end: number } | undefined {
  if (length - pos < MIN_RUN) return undefined;
  for (let period = 1; period <= MAX_PERIOD; period++) {
    if (continues[pos + period] !== 0) continue;
    const limit = pos + MIN_RUN;
    let i = pos + period;
    while (i < limit && symbols[i] === symbols[i - period]) i++;
    if (i < limit) continue;
    while (i < length && symbols[i] === symbols[i - period]) i++;
    return { period, end: i };
  }
  return undefined;
}

/**
 * Number of parts after merging `symbols[0, length)`, by rescanning (tiktoken's own loop): the
 * fastest on the short pieces of ordinary text. Overwrites `symbols` and `scratch` (≥ length).
 */
export function countMergedParts(symbols: Int32Array, length: number, pairs: PairCache, scratch: Int32Array): number {
  if (length <= 1) return length;
  const ranks = scratch;
  for (let k = 0; k + 1 < length; k++) ranks[k] = pairs.rank(symbols[k], symbols[k + 1]);
  let parts = length;
  while (parts > 1) {
    const best = leftmostLowest(ranks, parts - 1);
    if (best < 0) break;
    pairs.rank(symbols[best], symbols[best + 1]);
    symbols[best] = pairs.merged;
    symbols.copyWithin(best + 1, best + 2, parts);
    ranks.copyWithin(best + 1, best + 2, parts - 1);
    parts--;
    if (best + 1 < parts) ranks[best] = pairs.rank(symbols[best], symbols[best + 1]);
    if (best > 0) ranks[best - 1] = pairs.rank(symbols[best - 1], symbols[best]);
  }
  return parts;
}
