import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { STRETCH_BYTE_LIMIT, StretchMemo } from '../../../../src/core/tokenizers/stretchMemo';
import { assertMemoAnswersOwnCounts } from '../../../support/memoTruth';

// Symbol ids of single bytes as a vocabulary numbers them: here byte b is id 1000 + b, and id 7 is
// a longer token (no byte), so the memo must map ids to bytes and refuse other ids.
const byteOfSymbol = new Int16Array(1256).fill(-1);
for (let byte = 0; byte < 256; byte++) byteOfSymbol[1000 + byte] = byte;
const symbolsOf = (bytes: readonly number[]): Int32Array => Int32Array.from(bytes, (byte) => 1000 + byte);

describe('StretchMemo: counts of short byte stretches, keyed by their bytes', () => {
  it('answers a remembered count only for the same bytes, however stretches collide in a tiny table', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: STRETCH_BYTE_LIMIT }), { minLength: 1, maxLength: 60 }), (stretches) => {
        const memo = new StretchMemo(byteOfSymbol, 2);
        // Read in place, between other symbols; a count that depends on the bytes, so a wrong hit shows as a wrong count.
        assertMemoAnswersOwnCounts(
          { get: (bytes) => memo.get(symbolsOf([99, ...bytes, 99]), 1, 1 + bytes.length), remember: (tokens) => memo.remember(tokens) },
          stretches,
          (bytes) => bytes.join(','),
          (bytes) => 1 + (bytes.reduce((sum, byte) => sum + byte, bytes.length) % 12),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('tells a prefix from the whole (the length is part of the key), and forgets on clear', () => {
    const memo = new StretchMemo(byteOfSymbol);
    const symbols = symbolsOf([0xe4, 0xb8, 0xad, 0xe6, 0x96, 0x87]); // 中文
    assert.equal(memo.get(symbols, 0, 6), 0);
    memo.remember(1);
    assert.equal(memo.get(symbols, 0, 3), 0, '中 alone is another stretch');
    memo.remember(1);
    assert.equal(memo.get(symbols, 0, 6), 1);
    memo.clear();
    assert.equal(memo.get(symbols, 0, 6), 0);
    // NUL bytes pack as zeros: only the length tells them apart. Twelve lengths in two slots collide.
    const twoSlots = new StretchMemo(byteOfSymbol, 1);
    const nuls = symbolsOf(new Array<number>(STRETCH_BYTE_LIMIT).fill(0));
    for (let length = 1; length <= STRETCH_BYTE_LIMIT; length++) {
      for (let other = 1; other <= STRETCH_BYTE_LIMIT; other++) {
        const known = twoSlots.get(nuls, 0, other);
        assert.ok(known === 0 || known === other, `${other} NULs answered ${known}`);
      }
      if (twoSlots.get(nuls, 0, length) === 0) twoSlots.remember(length);
    }
  });

  it('cannot remember stretches that are too long or hold a symbol that is no byte', () => {
    const memo = new StretchMemo(byteOfSymbol);
    assert.equal(memo.get(symbolsOf(new Array<number>(STRETCH_BYTE_LIMIT + 1).fill(97)), 0, STRETCH_BYTE_LIMIT + 1), -1);
    assert.equal(memo.get(Int32Array.of(1097, 7, 1098), 0, 3), -1);
    assert.equal(memo.get(Int32Array.of(1097), 0, 0), -1);
  });
});
