/**
 * The byte-pair merge that tiktoken and Hugging Face's BPE both run inside one pre-tokenized
 * piece: start from single symbols (bytes, or characters) and repeatedly merge the adjacent pair
 * of lowest rank, the leftmost one on ties, until no adjacent pair has a rank.
 *
 * Two implementations give the same parts:
 * - {@link mergePlain} rescans every pair after each merge, O(n²), fastest on the short pieces
 *   that make up ordinary text (no allocation beyond two small arrays);
 * - {@link mergeHeap} keeps the pairs in a min-heap over a doubly linked list of parts and drops
 *   outdated heap entries when they surface, O(n log n): a 5 MB run of `a` (one piece for every
 *   pre-tokenizer) otherwise takes hours.
 *
 * Both describe parts by positions in the piece's symbol sequence and ask `rank(from, mid, to)`
 * for the rank of merging the part [from, mid) with the part [mid, to), or a negative number when
 * that pair does not merge. {@link mergeParts} picks the implementation by length.
 */
export type PairRank = (from: number, mid: number, to: number) => number;

/** Pieces of at least this many symbols go to the heap merge (measured: below it the plain scan wins). */
export const HEAP_MERGE_FROM = 256;

/** Part boundaries after merging `length` symbols: `[0, …, length]`, one start per part plus the end. */
export function mergeParts(length: number, rank: PairRank): Int32Array {
  return length >= HEAP_MERGE_FROM ? mergeHeap(length, rank) : mergePlain(length, rank);
}

/** O(n²) reference merge: tiktoken's own loop. Returns part boundaries, `[0, …, length]`. */
export function mergePlain(length: number, rank: PairRank): Int32Array {
  if (length <= 1) return length === 1 ? Int32Array.of(0, 1) : Int32Array.of(0);
  // starts[k] is where part k begins; ranks[k] the rank of merging part k with part k + 1.
  const starts: number[] = new Array<number>(length + 1);
  const ranks: number[] = new Array<number>(length);
  for (let i = 0; i <= length; i++) starts[i] = i;
  for (let i = 0; i < length - 1; i++) ranks[i] = rank(i, i + 1, i + 2);
  ranks[length - 1] = -1;
  let parts = length;
  while (parts > 1) {
    let best = -1;
    let bestRank = Infinity;
    for (let k = 0; k < parts - 1; k++) {
      const r = ranks[k];
      if (r >= 0 && r < bestRank) {
        bestRank = r;
        best = k;
      }
    }
    if (best < 0) break;
    starts.splice(best + 1, 1);
    ranks.splice(best + 1, 1);
    parts--;
    ranks[best] = pairRankAt(starts, best, parts, rank);
    if (best > 0) ranks[best - 1] = pairRankAt(starts, best - 1, parts, rank);
  }
  return Int32Array.from(starts.slice(0, parts + 1));
}

function pairRankAt(starts: readonly number[], k: number, parts: number, rank: PairRank): number {
  return k + 1 < parts ? rank(starts[k], starts[k + 1], starts[k + 2]) : -1;
}

/**
 * O(n log n) merge with the same result as {@link mergePlain}. Parts are named by their start
 * position, which never changes (a part only grows to the right), so the linked list is two arrays
 * indexed by start. A heap entry is (rank, left start, end of the pair); it is outdated, and
 * skipped, when the left part is gone or the pair no longer ends there (either part has grown).
 */
export function mergeHeap(length: number, rank: PairRank): Int32Array {
  if (length <= 1) return length === 1 ? Int32Array.of(0, 1) : Int32Array.of(0);
  const next = new Int32Array(length);
  const prev = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const heap = new PairHeap(length);
  for (let i = 0; i < length - 1; i++) {
    const r = rank(i, i + 1, i + 2);
    if (r >= 0) heap.push(r, i, i + 2);
  }
  // next[i] === GONE marks a start that was merged into the part before it (0 is never a next).
  const GONE = 0;
  let parts = length;
  while (heap.size > 0) {
    const left = heap.topLeft();
    const end = heap.topEnd();
    heap.pop();
    const mid = next[left];
    if (mid === GONE || mid >= length || next[mid] !== end) continue;
    next[left] = end;
    next[mid] = GONE;
    if (end < length) prev[end] = left;
    parts--;
    const before = prev[left];
    if (before >= 0) {
      const r = rank(before, left, end);
      if (r >= 0) heap.push(r, before, end);
    }
    if (end < length) {
      const after = next[end];
      const r = rank(left, end, after);
      if (r >= 0) heap.push(r, left, after);
    }
  }
  const boundaries = new Int32Array(parts + 1);
  let k = 0;
  for (let start = 0; start < length; start = next[start]) boundaries[k++] = start;
  boundaries[k] = length;
  return boundaries;
}

/** A binary min-heap of (rank, left start, pair end), ordered by rank, then leftmost. */
class PairHeap {
  private keys: Float64Array;
  private ends: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.ends = new Int32Array(this.keys.length);
  }

  /** Rank × 2³² + start: one number orders by rank, then by position (exact below 2⁵³). */
  push(rank: number, left: number, end: number): void {
    if (this.size === this.keys.length) this.grow();
    const key = rank * 4294967296 + left;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.ends[i] = this.ends[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.ends[i] = end;
  }

  topLeft(): number {
    return this.keys[0] % 4294967296;
  }

  topEnd(): number {
    return this.ends[0];
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const key = this.keys[last];
    const end = this.ends[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= key) break;
      this.keys[i] = this.keys[child];
      this.ends[i] = this.ends[child];
      i = child;
    }
    this.keys[i] = key;
    this.ends[i] = end;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const ends = new Int32Array(keys.length);
    ends.set(this.ends);
    this.keys = keys;
    this.ends = ends;
  }
}
