/**
 * A Bloom filter of 32-bit hashes: two bits of one 32-bit word a hash, so that a look-up reads one
 * word. It answers "maybe" for every hash it was given and "no" for most others, from a table
 * small enough to stay in the processor's cache where the exact table it guards would not.
 * Hashes must be well mixed: the word comes from the low bits, the two bits from the top ten.
 */
export class BitFilter {
  private readonly words: Int32Array;
  private readonly mask: number;

  /** @param bits the filter's size in bits, a power of two from 2⁵ to 2²² (the low bits must not reach the top ten) */
  constructor(bits: number) {
    if (bits < 32 || bits > 1 << 22 || (bits & (bits - 1)) !== 0) throw new RangeError(`A bit filter has 2⁵ to 2²² bits, a power of two, not ${bits}.`);
    this.words = new Int32Array(bits >>> 5);
    this.mask = this.words.length - 1;
  }

  /** A filter of `perKey` bits or more for each of `keys` keys (at most 2²² bits). */
  static forKeys(keys: number, perKey: number): BitFilter {
    let bits = 32;
    while (bits < keys * perKey && bits < 1 << 22) bits *= 2;
    return new BitFilter(bits);
  }

  add(hash: number): void {
    this.words[hash & this.mask] |= bitsOf(hash);
  }

  /** False when `hash` was certainly never added. */
  mayHave(hash: number): boolean {
    const bits = bitsOf(hash);
    return (this.words[hash & this.mask] & bits) === bits;
  }
}

function bitsOf(hash: number): number {
  return (1 << (hash >>> 27)) | (1 << ((hash >>> 22) & 31));
}

/** A 32-bit finalizer (MurmurHash3's): every input bit moves about half the output bits. */
export function mixHash(hash: number): number {
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
