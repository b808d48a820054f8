/** Stretches of at most this many bytes can be remembered (three 32-bit words of four bytes). */
export const STRETCH_BYTE_LIMIT = 12;

/** 2¹⁵ slots of four int32s: 512 KB. */
const DEFAULT_SLOT_BITS = 15;

/**
 * The token counts of short stretches of a piece's bytes (a word or a character of Chinese
 * prose, between two points no merge crosses: byteMerger.ts), keyed by the bytes packed into
 * three integers. Prose repeats its words: most stretches are counted by one probe instead of a
 * merge. Direct-mapped like shortPieceMemo.ts: a new stretch overwrites its slot, and a slot
 * holds its key exactly, so a hit is always the stretch's own count.
 */
export class StretchMemo {
  /** Slot i, at 4i: the bytes (byte k in word k >> 2, 8 bits each), then length | count << 8 (0: empty). */
  private readonly slots: Int32Array;
  private readonly key = new Int32Array(3);
  private lastAt = 0;

  /**
   * @param byteOfSymbol the byte each single-byte symbol id stands for (−1 for other ids)
   * @param slotBits log₂ of the number of slots (tests use a tiny table to make stretches collide)
   */
  constructor(
    private readonly byteOfSymbol: Int16Array,
    private readonly slotBits = DEFAULT_SLOT_BITS,
  ) {
    this.slots = new Int32Array(4 << slotBits);
  }

  /**
   * The remembered count of the stretch `symbols[from, to)` of single-byte symbols (≥ 1); 0 when
   * it is not remembered (then {@link remember} stores its count); −1 when it cannot be.
   */
  get(symbols: Int32Array, from: number, to: number): number {
    const length = to - from;
    if (length > STRETCH_BYTE_LIMIT || length <= 0) return -1;
    const { key, byteOfSymbol } = this;
    key[0] = key[1] = key[2] = 0;
    for (let i = 0; i < length; i++) {
      const byte = byteOfSymbol[symbols[from + i]];
      if (byte === undefined || byte < 0) return -1;
      key[i >> 2] |= byte << ((i & 3) << 3);
    }
    const k0 = key[0];
    const k1 = key[1];
    const k2 = key[2];
    const hash = Math.imul(k0 ^ Math.imul(k1, 0x85ebca6b) ^ Math.imul(k2 + length, 0xc2b2ae35), 0x9e3779b1);
    const at = (hash >>> (32 - this.slotBits)) << 2;
    this.lastAt = at;
    const slots = this.slots;
    if ((slots[at + 3] & 0xff) !== length || slots[at] !== k0 || slots[at + 1] !== k1 || slots[at + 2] !== k2) return 0;
    return slots[at + 3] >>> 8;
  }

  /** Remembers `tokens` for the stretch the last {@link get} missed. */
  remember(length: number, tokens: number): void {
    const { slots, key } = this;
    const at = this.lastAt;
    slots[at] = key[0];
    slots[at + 1] = key[1];
    slots[at + 2] = key[2];
    slots[at + 3] = length | (tokens << 8);
  }

  /** Forgets every stretch (the benchmark's first counts start cold). */
  clear(): void {
    this.slots.fill(0);
  }
}
