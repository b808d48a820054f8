import { CountTable } from './countTable';

/** Stretches of at most this many UTF-16 units can be remembered (three 32-bit words of two units). */
export const UNIT_STRETCH_LIMIT = 6;

/** 2¹⁵ slots: 512 KB. */
const DEFAULT_SLOT_BITS = 15;

/**
 * The token counts of short stretches of a piece's text (a word of Chinese prose between two
 * characters no merge joins: byteMerger.ts), keyed by their UTF-16 units read in place: a stretch
 * found again is counted by one probe, without being sliced, converted to bytes and cut again.
 */
export class UnitStretchMemo {
  private readonly table: CountTable;

  /** @param slotBits log₂ of the number of slots (tests use a tiny table to make stretches collide) */
  constructor(slotBits = DEFAULT_SLOT_BITS) {
    this.table = new CountTable(slotBits);
  }

  /**
   * The remembered count of `text[start, end)` (≥ 1); 0 when it is not remembered (then
   * {@link remember} stores its count); −1 when it is too long to be.
   */
  get(text: string, start: number, end: number): number {
    const length = end - start;
    if (length > UNIT_STRETCH_LIMIT || length <= 0) return -1;
    const key = this.table.startKey();
    for (let i = 0; i < length; i++) key[i >> 1] |= text.charCodeAt(start + i) << ((i & 1) << 4);
    return this.table.probe(length);
  }

  /** Remembers `tokens` for the stretch the last {@link get} missed. */
  remember(tokens: number): void {
    this.table.remember(tokens);
  }

  /** Forgets every stretch (the benchmark's first counts start cold). */
  clear(): void {
    this.table.clear();
  }
}
