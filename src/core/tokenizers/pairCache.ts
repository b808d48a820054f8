import { BitFilter, mixHash } from './bitFilter';

/**
 * What merging two adjacent token ids gives, as a byte-pair merge asks it over and over: the
 * merge's rank (lower merges first) and the merged token's id. A vocabulary answers it through
 * `resolve` (string concatenation and a map look-up); this remembers each answer in an
 * open-addressing table of typed arrays, so a pair costs a few integer compares after its first
 * look-up. Negative answers are remembered too, except those `resolve` marks {@link NO_MERGE_CHEAP}:
 * random CJK text asks about a new pair that does not merge at nearly every character, and
 * remembering each of them filled the table (and its misses went to memory) for answers a filter
 * gives as fast as a probe. The table grows to 2¹⁹ slots (8 MB) and then starts over, which bounds
 * its memory whatever the text.
 */
export class PairCache {
  /** Id of the token the last {@link rank} call found (valid when that rank was ≥ 0). */
  merged = -1;
  /** Four numbers a slot (left, right, rank, merged id), side by side: one cache line holds four. */
  private slots: Int32Array;
  private mask: number;
  private filled = 0;
  /**
   * The answers for pairs of ids below 256, at [2 × (left × 256 + right)] (rank, merged id), or
   * {@link UNKNOWN_RANK}: the bytes' own tokens in byte-level vocabularies, the first pairs of every
   * piece. Indexed directly, without a hash or a probe into a table that grows to 8 MB, and never
   * emptied (64K pairs at most, 512 KB).
   */
  private readonly smallPairs = new Int32Array(2 * 256 * 256).fill(UNKNOWN_RANK);

  /**
   * @param resolve rank × {@link RANK_SCALE} + merged id, −1 when the pair does not merge, or
   *   {@link NO_MERGE_CHEAP} when it does not and asking again costs no more than remembering.
   * @param mayMerge false when the pair of ids (both 256 or more) certainly does not merge: a
   *   filter in a table small enough to stay in the cache, asked before the table of answers, which
   *   grows to 8 MB. Random base64 and CJK text ask about some 500,000 pairs of tokens in 2 MB,
   *   nine in ten of which do not merge.
   */
  constructor(
    private readonly resolve: (left: number, right: number) => number,
    private readonly mayMerge?: (left: number, right: number) => boolean,
  ) {
    this.slots = new Int32Array(0);
    this.mask = -1;
    this.allocate(1 << 14);
  }

  /**
   * Rank of merging `left` then `right` (−1: no merge; a negative id never merges); sets
   * {@link merged}. Kept small, so that the merge loops inline it: a pair of bytes (most pairs a
   * merge asks about) is read here, anything else in {@link rankOfTokens}.
   */
  rank(left: number, right: number): number {
    // Both ids below 256 (a negative one is a huge unsigned number).
    if ((left | right) >>> 0 < 256) {
      const at = (left << 9) | (right << 1);
      const rank = this.smallPairs[at];
      if (rank !== UNKNOWN_RANK) {
        this.merged = this.smallPairs[at + 1];
        return rank;
      }
      return this.resolveSmall(at, left, right);
    }
    return this.rankOfTokens(left, right);
  }

  /** {@link rank} for a pair with an id of 256 or more (or a negative one). */
  private rankOfTokens(left: number, right: number): number {
    if (left < 0 || right < 0) return -1;
    if (this.mayMerge !== undefined && !this.mayMerge(left, right)) return -1;
    const slots = this.slots;
    const mask = this.mask;
    let slot = pairSlot(left, right, mask);
    for (;;) {
      const at = slot << 2;
      const stored = slots[at];
      if (stored === left && slots[at + 1] === right) {
        this.merged = slots[at + 3];
        return slots[at + 2];
      }
      if (stored === -1) break;
      slot = (slot + 1) & mask;
    }
    const packed = this.resolve(left, right);
    if (packed === NO_MERGE_CHEAP) return -1;
    const rank = rankOf(packed);
    const id = mergedOf(packed);
    if (2 * (this.filled + 1) > mask + 1) this.allocate(mask + 1 < MAX_SLOTS ? 2 * (mask + 1) : mask + 1);
    this.insert(left, right, rank, id);
    this.merged = id;
    return rank;
  }

  /** The first {@link rank} of two ids below 256, at `at` in {@link smallPairs}: resolved and kept. */
  private resolveSmall(at: number, left: number, right: number): number {
    const small = this.smallPairs;
    const packed = this.resolve(left, right);
    small[at] = rankOf(packed);
    small[at + 1] = mergedOf(packed);
    this.merged = small[at + 1];
    return small[at];
  }

  /**
   * A larger table with the old entries, or (at the size limit) the same table emptied in place:
   * a new 16 MB array each time would be external memory that makes the collector run a full
   * collection of the whole heap (a base64 blob refills the table every 500,000 new pairs).
   */
  private allocate(size: number): void {
    if (this.mask + 1 === size) {
      this.slots.fill(-1);
      this.filled = 0;
      return;
    }
    const old = this.slots;
    this.slots = new Int32Array(4 * size).fill(-1);
    this.mask = size - 1;
    this.filled = 0;
    for (let at = 0; at < old.length; at += 4) if (old[at] !== -1) this.insert(old[at], old[at + 1], old[at + 2], old[at + 3]);
  }

  private insert(left: number, right: number, rank: number, id: number): void {
    let slot = pairSlot(left, right, this.mask);
    while (this.slots[slot << 2] !== -1) slot = (slot + 1) & this.mask;
    const at = slot << 2;
    this.slots[at] = left;
    this.slots[at + 1] = right;
    this.slots[at + 2] = rank;
    this.slots[at + 3] = id;
    this.filled++;
  }
}

/** The first slot of the pair (`left`, `right`) of token ids in an open-addressing table of `mask` + 1 slots. */
export function pairSlot(left: number, right: number, mask: number): number {
  const hash = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77);
  return (hash ^ (hash >>> 15)) & mask;
}

/** Ids stay below 2²⁰ (the largest vocabulary has 262,144 tokens): `resolve` packs rank × 2²⁰ + id. */
export const RANK_SCALE = 1 << 20;

const MAX_SLOTS = 1 << 19;

/** A {@link PairCache.smallPairs} entry not yet resolved (a rank is −1 or ≥ 0). */
const UNKNOWN_RANK = -2;

function rankOf(packed: number): number {
  return packed < 0 ? -1 : Math.floor(packed / RANK_SCALE);
}

function mergedOf(packed: number): number {
  return packed < 0 ? -1 : packed % RANK_SCALE;
}

/** What `resolve` answers for a pair that does not merge and need not be remembered. */
export const NO_MERGE_CHEAP = -2;

/**
 * Token look-ups that need no string: a polynomial hash of each token's bytes (mod 2³²), from
 * which the hash of a concatenation follows (h(ab) = h(a)·P^|b| + h(b)), and a table of every
 * token's hash with its id. A hash that is not in the table is no token; a hash that is names the
 * candidate ids, whose bytes are then compared in place. Random CJK text asks about a new pair at
 * nearly every character, and random base64 makes a new piece every few characters: a look-up
 * that built the joined string and hashed it in a `Map` spent more on making and collecting those
 * strings than on the merge.
 */
export class TokenHashes {
  /** Token i's hash at 2i, and P to the power of its length at 2i + 1 (a pair reads two cache lines, not three). */
  private readonly hashes: Int32Array;
  /** Slot i: a token's hash at `set[i]`, its id + 1 at `ids[i]` (0: empty). */
  private readonly set: Int32Array;
  private readonly ids: Int32Array;
  private readonly mask: number;
  /** The same hashes (mixed) in a Bloom filter of 16 bits a token: most misses end here, in the cache. */
  private readonly filter: BitFilter;

  /** @param tokens each token's bytes as a byte string (one UTF-16 unit per byte), by id */
  constructor(private readonly tokens: readonly string[]) {
    this.hashes = new Int32Array(2 * tokens.length);
    let slots = 1;
    while (slots < 2 * tokens.length) slots *= 2;
    this.set = new Int32Array(slots);
    this.ids = new Int32Array(slots);
    this.mask = slots - 1;
    this.filter = BitFilter.forKeys(tokens.length, 16);
    tokens.forEach((token, id) => {
      const hash = unitHash(token, 0, token.length);
      let power = 1;
      for (let i = 0; i < token.length; i++) power = Math.imul(power, HASH_BASE);
      this.hashes[2 * id] = hash;
      this.hashes[2 * id + 1] = power;
      let slot = this.slotOf(hash);
      while (this.ids[slot] !== 0) slot = (slot + 1) & this.mask;
      this.ids[slot] = id + 1;
      this.set[slot] = hash;
      this.filter.add(mixHash(hash));
    });
  }

  /** False when the bytes of `left` then `right` are certainly no token. */
  mayJoin(left: number, right: number): boolean {
    const hashes = this.hashes;
    return this.has((Math.imul(hashes[2 * left], hashes[2 * right + 1]) + hashes[2 * right]) | 0);
  }

  /** The id of the token whose bytes are those of token `left` then token `right`, or −1. */
  joined(left: number, right: number): number {
    const { set, ids, tokens } = this;
    const hashes = this.hashes;
    const hash = (Math.imul(hashes[2 * left], hashes[2 * right + 1]) + hashes[2 * right]) | 0;
    if (!this.has(hash)) return -1;
    for (let slot = this.slotOf(hash); ids[slot] !== 0; slot = (slot + 1) & this.mask) {
      if (set[slot] !== hash) continue;
      const id = ids[slot] - 1;
      const joined = tokens[id];
      const head = tokens[left];
      const tail = tokens[right];
      if (joined.length === head.length + tail.length && joined.startsWith(head) && joined.endsWith(tail)) return id;
    }
    return -1;
  }

  /**
   * Whether `text[start, end)`, whose units are all ASCII (one byte each), is a token: the same
   * hash and table as {@link joined}, taken from the text and compared in place, without a string.
   */
  isAsciiToken(text: string, start: number, end: number): boolean {
    const { set, ids, tokens } = this;
    const hash = unitHash(text, start, end);
    if (!this.has(hash)) return false;
    for (let slot = this.slotOf(hash); ids[slot] !== 0; slot = (slot + 1) & this.mask) {
      if (set[slot] !== hash) continue;
      const token = tokens[ids[slot] - 1];
      if (token.length === end - start && text.startsWith(token, start)) return true;
    }
    return false;
  }

  /**
   * False when the bytes of `symbols[0, length)`, ids of single-byte tokens, are certainly no
   * token: the same hash and table, folded over the symbols (a byte's token hashes as the byte).
   */
  mayBeTokenSymbols(symbols: Int32Array, length: number): boolean {
    let hash = 0;
    for (let i = 0; i < length; i++) hash = (Math.imul(hash, HASH_BASE) + this.hashes[2 * symbols[i]]) | 0;
    return this.has(hash);
  }

  /** False when no token's bytes hash to `hash`. */
  private has(hash: number): boolean {
    return this.filter.mayHave(mixHash(hash));
  }

  private slotOf(hash: number): number {
    return (Math.imul(hash, 0x9e3779b1) >>> 12) & this.mask;
  }
}

/**
 * The hash of `text[start, end)` with one byte a UTF-16 unit: a token's byte string, or ASCII text.
 * The tokens' table and every look-up of text in it hash through here, so that they agree.
 */
function unitHash(text: string, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(i) + 1) | 0;
  return hash;
}

const HASH_BASE = 0x01000193;
