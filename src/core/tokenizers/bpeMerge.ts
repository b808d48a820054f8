/**
 * The byte-pair merge that tiktoken and Hugging Face's BPE both run inside one pre-tokenized
 * piece: start from single symbols (bytes, or characters) and repeatedly merge the adjacent pair
 * of lowest rank, the leftmost one on ties, until no adjacent pair has a rank.
 *
 * {@link mergePlain} is that loop as tiktoken writes it, O(n²): the reference the tests hold the
 * fast merges of segmentMerge.ts to. It describes parts by positions in the piece's symbol
 * sequence and asks `rank(from, mid, to)` for the rank of merging the part [from, mid) with the
 * part [mid, to), or a negative number when that pair does not merge. {@link PairHeap} is the
 * heap of segmentMerge.ts's O(n log n) merge.
 */
export type PairRank = (from: number, mid: number, to: number) => number;

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

/** A binary min-heap of (rank, left start, pair end), ordered by rank, then leftmost (segmentMerge.ts's heap merge). */
export class PairHeap {
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

  topRank(): number {
    return Math.floor(this.keys[0] / 4294967296);
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
