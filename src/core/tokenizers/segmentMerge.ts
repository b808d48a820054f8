import { PairHeap } from './bpeMerge';
import type { JunctionFilter } from './junctionFilter';
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
 * A cut that no merge can cross is known to hold without the check when a {@link JunctionFilter}
 * says so from the bytes around it (nearly every cut of random CJK text: junctionFilter.ts).
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
  return historiesCutHolds(left.history, 0, right.history, 0, pairs);
}

/**
 * {@link cutHolds} on the two stretches' histories, read from `x` at `xAt` and from `y` at `yAt`
 * (a {@link SegmentMemo} keeps the histories of its units side by side in one array).
 */
function historiesCutHolds(x: Int32Array, xAt: number, y: Int32Array, yAt: number, pairs: PairCache): boolean {
  const leftMerges = x[xAt];
  const leftLast = xAt + leftMerges + 2 + x[xAt + leftMerges + 1]; // index of L in x
  const leftLastEnd = leftLast + 1 + x[leftLast];
  const rightMerges = y[yAt];
  const rightFirst = yAt + rightMerges + 1; // index of F in y
  const rightFirstEnd = rightFirst + 1 + y[rightFirst];
  let i = 0; // merges of `left` done
  let j = 0; // merges of `right` done
  let lastId = x[leftLast + 1];
  let firstId = y[rightFirst + 1];
  let lastChange = leftLast + 2; // index in x of the next (count, id) of the last part
  let firstChange = rightFirst + 2;
  let across = pairs.rank(lastId, firstId);
  for (;;) {
    const leftNext = i < leftMerges ? x[xAt + 1 + i] : NONE;
    const rightNext = j < rightMerges ? y[yAt + 1 + j] : NONE;
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

/** Units remembered before the memo starts over: ≈ 150 bytes a unit, CJK text has some 20,000. */
const MEMO_UNITS = 32_768;
/** Slots of the memo's key table (at most half full). */
const MEMO_SLOTS = 2 * MEMO_UNITS;

/**
 * Single units (a character's symbols) merged on their own, remembered per vocabulary. Random
 * CJK text looks a unit up and checks its cut at every character: the keys live in a typed
 * open-addressing table and the units' histories side by side in one array, so that a look-up
 * and a cut check read two compact arrays instead of a Map's entry, a segment and its history
 * scattered over the heap (those reads were most of the time of a count).
 */
export class SegmentMemo {
  /** The unit's key in each slot (−1: empty), and its number. */
  private readonly keys = new Float64Array(MEMO_SLOTS).fill(-1);
  private readonly numbers = new Int32Array(MEMO_SLOTS);
  /** Each unit's segment, by number. */
  segments: Segment[] = [];
  /** Each unit's number of parts, by number. */
  readonly partCounts = new Int32Array(MEMO_UNITS);
  /** Every unit's history (Segment.history), side by side; unit k's starts at historyAt[k]. */
  histories = new Int32Array(1 << 16);
  readonly historyAt = new Int32Array(MEMO_UNITS);
  private historyEnd = 0;

  /** The number of the unit with this key (a {@link unitKey}, ≥ 0), or −1 when not remembered. */
  find(key: number): number {
    const { keys } = this;
    for (let slot = memoSlot(key); ; slot = (slot + 1) & (MEMO_SLOTS - 1)) {
      const stored = keys[slot];
      if (stored === key) return this.numbers[slot];
      if (stored === -1) return -1;
    }
  }

  /**
   * Remembers a unit's segment under its key (not remembered yet); returns its number, or −1 when
   * the memo is full (it starts over between merges only: a merge holds units by number).
   */
  add(key: number, segment: Segment): number {
    const unit = this.segments.length;
    if (unit >= MEMO_UNITS) return -1;
    this.segments.push(segment);
    this.partCounts[unit] = segment.starts.length;
    const history = segment.history;
    if (this.historyEnd + history.length > this.histories.length) {
      const grown = new Int32Array(Math.max(2 * this.histories.length, this.historyEnd + history.length));
      grown.set(this.histories.subarray(0, this.historyEnd));
      this.histories = grown;
    }
    this.histories.set(history, this.historyEnd);
    this.historyAt[unit] = this.historyEnd;
    this.historyEnd += history.length;
    let slot = memoSlot(key);
    while (this.keys[slot] !== -1) slot = (slot + 1) & (MEMO_SLOTS - 1);
    this.keys[slot] = key;
    this.numbers[slot] = unit;
    return unit;
  }

  /** Before a merge: starts over when full. */
  makeRoom(): void {
    if (this.segments.length >= MEMO_UNITS) this.clear();
  }

  clear(): void {
    this.keys.fill(-1);
    this.segments = [];
    this.historyEnd = 0;
  }
}

/** The first slot of a unit key (an integer below 2⁵³) in the memo's table. */
function memoSlot(key: number): number {
  const hash = Math.imul(key >>> 0, 0x9e3779b1) ^ Math.imul(Math.floor(key / 4294967296), 0x85ebca77);
  return (hash ^ (hash >>> 16)) & (MEMO_SLOTS - 1);
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
 * `junctions`: for byte-level symbols, the vocabulary's filter of cuts no merge can cross.
 */
export function mergeLongPiece(
  symbols: Int32Array,
  length: number,
  continues: Uint8Array,
  pairs: PairCache,
  memo: SegmentMemo,
  junctions?: JunctionFilter,
): LongPieceParts {
  return new LongPieceMerge(symbols, length, continues, pairs, memo, junctions).run();
}

/**
 * The state of one {@link mergeLongPiece}: a stack of stretches, left to right, every cut between
 * neighbours checked. An entry is a segment repeated `repeats[k]` times from `froms[k]` (its cut
 * with itself holds).
 */
class LongPieceMerge {
  /**
   * What each entry repeats: a unit of the memo by its number (≥ 0), or `others[~ref]`. A text of
   * a million characters stacks a million entries: numbers in a typed array, not a million-slot
   * array of objects that each young-generation collection copies.
   */
  private refs: Int32Array = new Int32Array(16);
  /** The entries' segments that are no remembered unit, in stack order. */
  private readonly others: Segment[] = [];
  private froms: Int32Array = new Int32Array(16);
  private repeats: Int32Array = new Int32Array(16);
  private top = -1;
  /** Whether the last stretch placed failed a cut (a run of one block may have started). */
  private failed = false;
  /**
   * Where the top entry's history is read: the memo's copy for a remembered unit (in cache from
   * its cut check), else the segment's own.
   */
  private topHistory: Int32Array = new Int32Array(0);
  private topHistoryAt = 0;

  constructor(
    private readonly symbols: Int32Array,
    private readonly length: number,
    private readonly continues: Uint8Array,
    private readonly pairs: PairCache,
    private readonly memo: SegmentMemo,
    private readonly junctions: JunctionFilter | undefined,
  ) {
    memo.makeRoom();
  }

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
      const repeated = this.repeatTop(pos);
      pos = repeated > pos ? repeated : this.placeUnit(pos, this.unitEnd(pos + 1));
    }
    return this.parts();
  }

  /**
   * The copies of the top entry's unit that follow at `pos`, counted as more repeats of it at
   * once; returns where they end (`pos` when none). Placing each through {@link placeUnit} would
   * do the same, one character at a time: its key finds the same unit, and a unit whose cut with
   * itself holds is one more repeat of the entry. A run of one character too short to be looked
   * for as a run (or whose cuts never fail, so no run is looked for) costs a comparison a copy.
   */
  private repeatTop(pos: number): number {
    const top = this.top;
    if (top < 0) return pos;
    const unit = this.refs[top];
    if (unit < 0) return pos;
    const segment = this.memo.segments[unit];
    if (segment.selfCut !== true) return pos;
    const { symbols, continues, length } = this;
    const size = segment.length;
    const first = this.froms[top];
    let at = pos;
    copies: while (at + size <= length && (at + size === length || continues[at + size] === 0)) {
      // The same symbols, and one unit (where a unit ends can depend on what came before it).
      for (let i = 0; i < size; i++) if (symbols[at + i] !== symbols[first + i] || (i > 0 && continues[at + i] === 0)) break copies;
      at += size;
    }
    this.repeats[top] += (at - pos) / size;
    return at;
  }

  /**
   * Pushes the unit [from, to), merged on its own (remembered when its symbols fit a key and the
   * memo has room); returns where the pushed stretch ends. The common case, a cut that holds, is
   * known from the bytes around it (the junction filter) or checked on the memo's copy of the
   * unit's history without reading the segment.
   */
  private placeUnit(from: number, to: number): number {
    const { symbols, pairs, memo, junctions } = this;
    const key = unitKey(symbols, from, to);
    let unit = key < 0 ? -1 : memo.find(key);
    if (unit < 0) {
      const segment = mergeSegment(symbols, from, to, pairs);
      if (key >= 0) unit = memo.add(key, segment);
      if (unit < 0) return this.place(segment, from);
    }
    const { histories } = memo;
    const at = memo.historyAt[unit];
    const top = this.top;
    // A copy of the top's unit goes to place(), which counts it as one more repeat of the entry.
    if (
      top >= 0 &&
      this.refs[top] !== unit &&
      ((junctions !== undefined && !junctions.mayJoinAt(symbols, this.froms[top], from, to)) || historiesCutHolds(this.topHistory, this.topHistoryAt, histories, at, pairs))
    ) {
      this.push(unit, from, 1, histories, at);
      return to;
    }
    return this.place(memo.segments[unit], from, unit);
  }

  private unitEnd(at: number): number {
    while (at < this.length && this.continues[at] !== 0) at++;
    return at;
  }

  private segmentAt(entry: number): Segment {
    const ref = this.refs[entry];
    return ref >= 0 ? this.memo.segments[ref] : this.others[~ref];
  }

  /** Pushes an entry for a segment that is no remembered unit. */
  private pushSegment(segment: Segment, from: number, repeat: number): void {
    this.others.push(segment);
    this.push(~(this.others.length - 1), from, repeat, segment.history, 0);
  }

  /** Pushes an entry (see {@link refs}) whose history is read from `history` at `historyAt`. */
  private push(ref: number, from: number, repeat: number, history: Int32Array, historyAt: number): void {
    const top = ++this.top;
    if (top === this.froms.length) {
      this.refs = grown(this.refs);
      this.froms = grown(this.froms);
      this.repeats = grown(this.repeats);
    }
    this.refs[top] = ref;
    this.froms[top] = from;
    this.repeats[top] = repeat;
    this.topHistory = history;
    this.topHistoryAt = historyAt;
  }

  /** Takes one copy of the top entry's segment off the stack; returns where it started. */
  private popOne(): number {
    const top = this.top;
    const from = this.froms[top] + (this.repeats[top] - 1) * this.segmentAt(top).length;
    if (this.repeats[top] > 1) {
      this.repeats[top]--;
      return from;
    }
    if (this.refs[top] < 0) this.others.pop();
    if (--this.top >= 0) {
      const ref = this.refs[this.top];
      this.topHistory = ref >= 0 ? this.memo.histories : this.others[~ref].history;
      this.topHistoryAt = ref >= 0 ? this.memo.historyAt[ref] : 0;
    }
    return from;
  }

  /**
   * Pushes the stretch [from, from + segment.length), first merging it with the stretches before
   * it while the cut fails. Each failure at least doubles the stretch that failed (taking more of
   * the text when needed), so text whose cuts keep failing costs O(n log n), not O(n²). Returns
   * where the pushed stretch ends. `unit`: the segment's number in the memo, if it is a unit there.
   */
  private place(segment: Segment, from: number, unit = -1): number {
    let to = from + segment.length;
    const { pairs } = this;
    if (this.top >= 0 && this.segmentAt(this.top) === segment && selfCutHolds(segment, pairs)) {
      this.repeats[this.top]++;
      return to;
    }
    while (this.top >= 0) {
      const before = this.segmentAt(this.top);
      if (cutHolds(before, segment, pairs)) break;
      this.failed = true;
      unit = -1;
      from = this.popOne();
      if (to < from + 2 * before.length) to = this.unitEnd(Math.min(this.length, from + 2 * before.length));
      segment = mergeSegment(this.symbols, from, to, pairs);
    }
    if (unit >= 0) this.push(unit, from, 1, this.memo.histories, this.memo.historyAt[unit]);
    else this.pushSegment(segment, from, 1);
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
      if (this.top < 0 || cutHolds(this.segmentAt(this.top), block, pairs)) {
        const blocks = Math.floor((end - pos) / size);
        this.pushSegment(block, pos, blocks);
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
    const { symbols, pairs } = this;
    const top = this.top;
    const leadFrom = this.froms[top] + (this.repeats[top] - 1) * this.segmentAt(top).length;
    const below = this.repeats[top] > 1 ? top : top - 1;
    const probe = mergeSegment(symbols, leadFrom, pos + 2 * block.length, pairs);
    for (let k = probe.starts.length - 1, tried = 0; k > 0 && tried < 3; k--) {
      const blockStart = leadFrom + probe.starts[k];
      if (blockStart <= pos || (blockStart - pos) % period !== 0) continue;
      tried++;
      const joined = mergeSegment(symbols, leadFrom, blockStart, pairs);
      if (!cutHolds(joined, block, pairs) || (below >= 0 && !cutHolds(this.segmentAt(below), joined, pairs))) continue;
      const blocks = Math.floor((end - blockStart) / block.length);
      this.popOne();
      this.pushSegment(joined, leadFrom, 1);
      this.pushSegment(block, blockStart, blocks);
      return blockStart + blocks * block.length;
    }
    return -1;
  }

  private parts(): LongPieceParts {
    const { refs, froms, repeats, top, others } = this;
    // The memo's array as it is now: it is replaced, not emptied, when the memo starts over.
    const units = this.memo.segments;
    const partCounts = this.memo.partCounts;
    let count = 0;
    for (let k = 0; k <= top; k++) count += (refs[k] >= 0 ? partCounts[refs[k]] : others[~refs[k]].starts.length) * repeats[k];
    return {
      count,
      starts(): Int32Array {
        const starts = new Int32Array(count);
        let i = 0;
        for (let k = 0; k <= top; k++) {
          const segment = refs[k] >= 0 ? units[refs[k]] : others[~refs[k]];
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

/** A copy of `array` twice as long. */
function grown(array: Int32Array): Int32Array {
  const copy = new Int32Array(2 * array.length);
  copy.set(array);
  return copy;
}

/**
 * A number naming the symbols [from, to) exactly, ≥ 0 (the {@link SegmentMemo}'s key), a small
 * integer in the common cases: the id + 1 for one symbol (ids < 2²⁰, −1 included); for two to four symbols all
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
  return countMergedRange(symbols, 0, length, pairs, scratch);
}

/** {@link countMergedParts} on `symbols[from, to)` (merged in place there; `scratch` from index 0). */
export function countMergedRange(symbols: Int32Array, from: number, to: number, pairs: PairCache, scratch: Int32Array): number {
  const length = to - from;
  if (length <= 1) return length;
  const ranks = scratch;
  for (let k = 0; k + 1 < length; k++) ranks[k] = pairs.rank(symbols[from + k], symbols[from + k + 1]);
  let parts = length;
  while (parts > 1) {
    const best = leftmostLowest(ranks, parts - 1);
    if (best < 0) break;
    pairs.rank(symbols[from + best], symbols[from + best + 1]);
    symbols[from + best] = pairs.merged;
    // Shifted by hand: a typed array's copyWithin is a call into the runtime, which for the few
    // dozen symbols of a piece costs more than the move itself.
    for (let k = best + 1; k + 1 < parts; k++) {
      symbols[from + k] = symbols[from + k + 1];
      ranks[k] = ranks[k + 1];
    }
    parts--;
    if (best + 1 < parts) ranks[best] = pairs.rank(symbols[from + best], symbols[from + best + 1]);
    if (best > 0) ranks[best - 1] = pairs.rank(symbols[from + best - 1], symbols[from + best]);
  }
  return parts;
}
