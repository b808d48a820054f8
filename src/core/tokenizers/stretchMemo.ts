import { CountTable } from './countTable';

/** Stretches of at most this many bytes can be remembered (three 32-bit words of four bytes). */
export const STRETCH_BYTE_LIMIT = 12;

/** 2¹⁵ slots: 512 KB. */
const DEFAULT_SLOT_BITS = 15;

/**
 * The token counts of short stretches of a piece's bytes (a word or a character of Chinese
 * prose, between two points no merge crosses: byteMerger.ts), keyed by the bytes packed into
 * three integers. Prose repeats its words: most stretches are counted by one probe instead of a
 * merge.
 */
export class StretchMemo {
  private readonly table: CountTable;

  /**
   * @param byteOfSymbol the byte each single-byte symbol id stands for (−1 for other ids)
   * @param slotBits log₂ of the number of slots (tests use a tiny table to make stretches collide)
   */
  constructor(
    private readonly byteOfSymbol: Int16Array,
    slotBits = DEFAULT_SLOT_BITS,
  ) {
    this.table = new CountTable(slotBits);
  }

  /**
   * The remembered count of the stretch `symbols[from, to)` of single-byte symbols (≥ 1); 0 when
   * it is not remembered (then {@link remember} stores its count); −1 when it cannot be.
   */
  get(symbols: Int32Array, from: number, to: number): number {
    const length = to - from;
    if (length > STRETCH_BYTE_LIMIT || length <= 0) return -1;
    const byteOfSymbol = this.byteOfSymbol;
    const key = this.table.startKey();
    for (let i = 0; i < length; i++) {
      const byte = byteOfSymbol[symbols[from + i]];
      if (byte === undefined || byte < 0) return -1;
      key[i >> 2] |= byte << ((i & 3) << 3);
    }
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
