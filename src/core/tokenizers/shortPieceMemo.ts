/** Pieces of at most this many UTF-16 units can be remembered (8 × 7 bits fill two 28-bit halves). */
export const SHORT_PIECE_LIMIT = 8;

/** 2¹⁷ slots of two int32s: 1 MB, which keeps the table in the cache on most machines. */
const DEFAULT_SLOT_BITS = 17;

/**
 * The token counts of short ASCII pieces, keyed by their code units packed into two integers:
 * no string is built, hashed or kept to look a piece up. Random base64 splits into about one
 * piece every two characters, 200,000 of them different in 2 MB; a `Map` keyed by the piece's
 * string spent more on building, hashing and collecting those strings than on merging them.
 *
 * Direct-mapped: a new piece overwrites whatever shared its slot, so the table never grows or
 * starts over, and a miss costs one probe. A slot holds the key exactly (every unit and the
 * length), so a hit is always the piece's own count.
 */
export class ShortPieceMemo {
  /** Slot i: [2i] the first four units (7 bits each) | count << 28, [2i + 1] the last four | length << 28 (0: empty). */
  /** Made on the first short ASCII piece (a tiktoken merger only ever sees the others). */
  private slots: Int32Array | undefined;
  private lastLow = 0;
  private lastHigh = 0;
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
    let low = 0;
    let high = length << 28;
    let units = 0;
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(start + i);
      units |= unit;
      if (i < 4) low |= unit << (7 * i);
      else high |= unit << (7 * (i - 4));
    }
    if (units >= 0x80) return -1;
    const at = (Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> (32 - this.slotBits)) << 1;
    this.lastLow = low;
    this.lastHigh = high;
    this.lastAt = at;
    const slots = (this.slots ??= new Int32Array(2 << this.slotBits));
    return slots[at + 1] === high && (slots[at] & 0x0fffffff) === low ? slots[at] >>> 28 : 0;
  }

  /** Remembers `tokens` (1…8) for the piece the last {@link get} missed. */
  remember(tokens: number): void {
    const slots = (this.slots ??= new Int32Array(2 << this.slotBits));
    slots[this.lastAt] = this.lastLow | (tokens << 28);
    slots[this.lastAt + 1] = this.lastHigh;
  }

  /** Forgets every piece (the benchmark's first counts start cold). */
  clear(): void {
    this.slots?.fill(0);
  }
}
