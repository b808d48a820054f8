/** Pieces of at most this many UTF-16 units can be remembered (16 × 7 bits fill four 28-bit words). */
export const SHORT_PIECE_LIMIT = 16;

/** 2¹⁶ slots of four int32s: 1 MB, which keeps the table in the cache on most machines. */
const DEFAULT_SLOT_BITS = 16;

/**
 * The token counts of short ASCII pieces, keyed by their code units packed into four integers:
 * no string is built, hashed or kept to look a piece up. Random base64 splits into about one
 * piece every two characters, 200,000 of them different in 2 MB; a `Map` keyed by the piece's
 * string spent more on building, hashing and collecting those strings than on merging them.
 *
 * Direct-mapped: a new piece overwrites whatever shared its slot, so the table never grows or
 * starts over, and a miss costs one probe. A slot holds the key exactly (every unit and the
 * length), so a hit is always the piece's own count. Only for byte-level vocabularies, where an
 * ASCII unit is one byte and a byte is a token.
 */
export class ShortPieceMemo {
  /**
   * Slot i, at 4i: four words of four units (7 bits each, unit k in word k >> 2); the top 4 bits
   * of the first word hold the count − 1, of the last the length − 1 (never 0: an empty slot).
   * Made on the first short ASCII piece (a tiktoken merger only ever sees the others).
   */
  private slots: Int32Array | undefined;
  /** The packed key of the last {@link get}, which {@link remember} stores. */
  private readonly key = new Int32Array(4);
  private lastAt = 0;

  /** @param slotBits log₂ of the number of slots (tests use a tiny table to make pieces collide) */
  constructor(private readonly slotBits = DEFAULT_SLOT_BITS) {}

  /**
   * The remembered count of `text[start, end)` (≥ 1); 0 when the piece is short and ASCII but not
   * remembered (then {@link remember} stores its count); −1 when it cannot be remembered here.
   */
  get(text: string, start: number, end: number): number {
    const length = end - start;
    if (length > SHORT_PIECE_LIMIT || length <= 0) return -1;
    // One ASCII unit is one byte, which is a token of every byte-level vocabulary (half the pieces of base64).
    if (length === 1) return text.charCodeAt(start) < 0x80 ? 1 : -1;
    const key = this.key;
    key[0] = key[1] = key[2] = 0;
    key[3] = (length - 1) << 28;
    let units = 0;
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(start + i);
      units |= unit;
      key[i >> 2] |= unit << (7 * (i & 3));
    }
    if (units >= 0x80) return -1;
    const k0 = key[0];
    const k1 = key[1];
    const k2 = key[2];
    const k3 = key[3];
    const hash = Math.imul(k0 ^ Math.imul(k1, 0x85ebca6b) ^ Math.imul(k2, 0xc2b2ae35) ^ Math.imul(k3, 0x27d4eb2f), 0x9e3779b1);
    const at = (hash >>> (32 - this.slotBits)) << 2;
    this.lastAt = at;
    const slots = (this.slots ??= new Int32Array(4 << this.slotBits));
    if (slots[at + 3] !== k3 || slots[at + 2] !== k2 || slots[at + 1] !== k1 || (slots[at] & 0x0fffffff) !== k0) return 0;
    return (slots[at] >>> 28) + 1;
  }

  /** Remembers `tokens` (1…16) for the piece the last {@link get} missed. */
  remember(tokens: number): void {
    const slots = (this.slots ??= new Int32Array(4 << this.slotBits));
    const at = this.lastAt;
    const key = this.key;
    slots[at] = key[0] | ((tokens - 1) << 28);
    slots[at + 1] = key[1];
    slots[at + 2] = key[2];
    slots[at + 3] = key[3];
  }

  /** Forgets every piece (the benchmark's first counts start cold). */
  clear(): void {
    this.slots?.fill(0);
  }
}
