/**
 * A direct-mapped table of token counts keyed by three 32-bit words and a length (a short stretch
 * of text packed by its memo: stretchMemo.ts by bytes, unitStretchMemo.ts by UTF-16 units). A new
 * key overwrites whatever shared its slot, so the table never grows or starts over and a miss
 * costs one probe; a slot holds its key exactly, so a hit is always the key's own count.
 */
export class CountTable {
  /** The key of the next {@link probe}, which the memo packs into what {@link startKey} returns. */
  private readonly key = new Int32Array(3);
  /** Slot i, at 4i: the three key words, then length | count << 8 (0: empty). Made on the first probe. */
  private slots: Int32Array | undefined;
  private lastAt = 0;
  private lastLength = 0;

  /** @param slotBits log₂ of the number of slots (16 bytes each) */
  constructor(private readonly slotBits: number) {}

  /** Clears {@link key} for the memo to pack the next one into. */
  startKey(): Int32Array {
    const key = this.key;
    key[0] = key[1] = key[2] = 0;
    return key;
  }

  /**
   * The count remembered for {@link key} with `length` (1…255), ≥ 1; 0 when it is not
   * remembered, and then {@link remember} stores its count.
   */
  probe(length: number): number {
    const key = this.key;
    const k0 = key[0];
    const k1 = key[1];
    const k2 = key[2];
    const hash = Math.imul(k0 ^ Math.imul(k1, 0x85ebca6b) ^ Math.imul(k2 + length, 0xc2b2ae35), 0x9e3779b1);
    const at = (hash >>> (32 - this.slotBits)) << 2;
    this.lastAt = at;
    this.lastLength = length;
    const slots = (this.slots ??= new Int32Array(4 << this.slotBits));
    if ((slots[at + 3] & 0xff) !== length || slots[at] !== k0 || slots[at + 1] !== k1 || slots[at + 2] !== k2) return 0;
    return slots[at + 3] >>> 8;
  }

  /** Remembers `tokens` for the key the last {@link probe} missed. */
  remember(tokens: number): void {
    const slots = (this.slots ??= new Int32Array(4 << this.slotBits));
    const { key, lastAt: at } = this;
    slots[at] = key[0];
    slots[at + 1] = key[1];
    slots[at + 2] = key[2];
    slots[at + 3] = this.lastLength | (tokens << 8);
  }

  /** Forgets every count. */
  clear(): void {
    this.slots?.fill(0);
  }
}
