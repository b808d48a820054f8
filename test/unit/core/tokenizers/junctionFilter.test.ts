import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { bytesBySymbol, JunctionFilter } from '../../../../src/core/tokenizers/junctionFilter';

/** Byte ids as a vocabulary numbers them: not the byte values (here byte b is id 3b + 1000). */
const BYTE_IDS = Int32Array.from({ length: 256 }, (_, byte) => 3 * byte + 1000);
const symbolsOf = (bytes: readonly number[]): Int32Array => Int32Array.from(bytes, (byte) => BYTE_IDS[byte]);
const asString = (bytes: readonly number[]): string => String.fromCharCode(...bytes);

const bytes = (max: number) => fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: max });

describe('junction filter (junctionFilter.ts)', () => {
  it('never says no where a pair it was told about meets, whatever the bytes around (each of the four junction shapes)', () => {
    fc.assert(
      fc.property(bytes(4), bytes(4), bytes(3), bytes(3), fc.array(fc.tuple(bytes(4), bytes(4)), { maxLength: 30 }), (left, right, before, after, others) => {
        const filter = new JunctionFilter(bytesBySymbol(BYTE_IDS));
        for (const [a, b] of others) filter.addSplit(asString([...a, ...b]), a.length);
        filter.addSplit(asString([...left, ...right]), left.length);
        // The stretch before the point holds `left` (and maybe more before it), the one after `right`.
        const symbols = symbolsOf([...before, ...left, ...right, ...after]);
        const at = before.length + left.length;
        const from = at - left.length - (before.length > 0 ? 1 : 0);
        assert.ok(filter.mayJoinAt(symbols, Math.max(0, from), at, at + right.length));
        assert.ok(filter.mayJoinAt(symbols, at - left.length, at, symbols.length));
      }),
      { numRuns: 2000 },
    );
  });

  it('between two three-byte characters, never says no where a pair it was told about meets (parts of one to five bytes)', () => {
    const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];
    const threeByte = fc.oneof(fc.integer({ min: 0x800, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0xffff }));
    // A pair meeting between characters `before` and `after`: the left part ends with the last
    // `tail` bytes of `before` (and more bytes before it when `tail` is 3), the right part starts
    // with the first `head` bytes of `after`.
    const meeting = fc.record({ before: threeByte, after: threeByte, tail: fc.integer({ min: 1, max: 3 }), head: fc.integer({ min: 1, max: 3 }), outer: bytes(2), inner: bytes(2) });
    fc.assert(
      fc.property(fc.array(meeting, { minLength: 1, maxLength: 30 }), fc.array(fc.tuple(bytes(4), bytes(4)), { maxLength: 30 }), (meetings, others) => {
        const filter = new JunctionFilter(bytesBySymbol(BYTE_IDS));
        for (const [a, b] of others) filter.addSplit(asString([...a, ...b]), a.length);
        for (const { before, after, tail, head, outer, inner } of meetings) {
          const left = [...(tail === 3 ? outer : []), ...utf8(String.fromCharCode(before)).slice(3 - tail)];
          const right = [...utf8(String.fromCharCode(after)).slice(0, head), ...(head === 3 ? inner : [])];
          filter.addSplit(asString([...left, ...right]), left.length);
        }
        for (const { before, after } of meetings) assert.ok(filter.mayJoinBetween(before, after), `${before.toString(16)} ${after.toString(16)}`);
      }),
      // Shrinking 30 pairs takes minutes; the failing point's message says enough.
      { numRuns: 1000, endOnFailure: true },
    );
  });

  it('between two three-byte characters, tells parts of three bytes by their characters (sharper than two bytes a side)', () => {
    const filter = new JunctionFilter(bytesBySymbol(BYTE_IDS));
    const utf8 = (text: string): string => asString([...new TextEncoder().encode(text)]);
    filter.addSplit(utf8('中国'), 3);
    filter.addSplit(utf8('人民'), 3);
    assert.equal(filter.mayJoinBetween(0x4e2d, 0x56fd), true, '中国');
    assert.equal(filter.mayJoinBetween(0x4eba, 0x6c11), true, '人民');
    // By two bytes a side, 5 other CJK characters end as 中 does, and 63 start as 国 does.
    let maybe = 0;
    for (let other = 0x4e00; other < 0x9fa0; other++) if (filter.mayJoinBetween(other, 0x56fd) || filter.mayJoinBetween(0x4e2d, other)) maybe++;
    assert.ok(maybe <= 3, `${maybe} characters told maybe beside 中 or 国`);
    // A part of two bytes is still told by its bytes: it may end inside any character with them.
    filter.addSplit(utf8('国').slice(1) + utf8('民'), 2);
    assert.equal(filter.mayJoinBetween(0x56fd, 0x6c11), true);
    assert.equal(filter.mayJoinBetween(0x56fd + 0x1000, 0x6c11), true, 'the same last two bytes');
  });

  it('reads a two-byte side only when the stretch has two bytes there', () => {
    const filter = new JunctionFilter(bytesBySymbol(BYTE_IDS));
    filter.addSplit('xyz', 2); // a part ending "xy" merges with one starting "z"
    const symbols = symbolsOf([...'xyz'].map((c) => c.charCodeAt(0)));
    assert.equal(filter.mayJoinAt(symbols, 0, 2, 3), true);
    // A stretch of "y" alone cannot end with the part "…xy".
    assert.equal(filter.mayJoinAt(symbols, 1, 2, 3), false);
  });

  it('says no at most points it was not told about (a filter that always says maybe would save nothing)', () => {
    const filter = new JunctionFilter(bytesBySymbol(BYTE_IDS));
    const random = fc.sample(fc.tuple(bytes(3), bytes(3)), { numRuns: 20_000, seed: 1 });
    for (const [a, b] of random) filter.addSplit(asString([...a, ...b]), a.length);
    const text = symbolsOf(fc.sample(fc.integer({ min: 0, max: 255 }), { numRuns: 10_000, seed: 2 }));
    let maybe = 0;
    for (let at = 2; at + 2 < text.length; at++) if (filter.mayJoinAt(text, 0, at, text.length)) maybe++;
    assert.ok(maybe < 0.05 * text.length, `${maybe} of ${text.length}`);
  });

  it('on characters’ ids (Gemma 3), never says no where a pair it was told about meets, ids past 2¹⁶ included', () => {
    const ids = (max: number) => fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 262_143 })), { minLength: 1, maxLength: max });
    // A pair is told by the ids of its last two and first two characters, as vendorMerge.ts does.
    const tell = (filter: JunctionFilter, a: readonly number[], b: readonly number[]): void =>
      filter.addJunction(a.length >= 2 ? a[a.length - 2]! : -1, a[a.length - 1]!, b[0]!, b.length >= 2 ? b[1]! : -1);
    fc.assert(
      fc.property(ids(4), ids(4), ids(3), ids(3), fc.array(fc.tuple(ids(4), ids(4)), { maxLength: 30 }), (left, right, before, after, others) => {
        const filter = new JunctionFilter();
        for (const [a, b] of others) tell(filter, a, b);
        tell(filter, left, right);
        const symbols = Int32Array.from([...before, ...left, ...right, ...after]);
        const at = before.length + left.length;
        assert.ok(filter.mayJoinAt(symbols, at - left.length, at, at + right.length));
        assert.ok(filter.mayJoinAt(symbols, Math.max(0, at - left.length - 1), at, symbols.length));
      }),
      { numRuns: 2000 },
    );
    const filter = new JunctionFilter();
    tell(filter, [70_000, 70_001], [90_000]);
    assert.equal(filter.mayJoinAt(Int32Array.of(70_000, 70_001, 90_000), 0, 2, 3), true);
    assert.equal(filter.mayJoinAt(Int32Array.of(70_000, 70_001, 90_001), 0, 2, 3), false, 'another id after the point');
    // A character without a token never merges: no merge reaches across it or joins it.
    assert.equal(filter.mayJoinAt(Int32Array.of(70_000, 70_001, -1), 0, 2, 3), false, 'an unknown character after the point');
    assert.equal(filter.mayJoinAt(Int32Array.of(-1, 70_001, 90_000), 0, 2, 3), false, 'an unknown character before its last');
    tell(filter, [70_001], [90_000]);
    assert.equal(filter.mayJoinAt(Int32Array.of(-1, 70_001, 90_000, -1), 0, 2, 4), true, 'the one-character sides still meet');
  });

  it('says maybe for a symbol that is no byte’s (an unknown character)', () => {
    const filter = new JunctionFilter(bytesBySymbol(BYTE_IDS));
    assert.equal(filter.mayJoinAt(Int32Array.of(-1, BYTE_IDS[0], BYTE_IDS[1]), 0, 1, 3), true);
    assert.equal(filter.mayJoinAt(Int32Array.of(BYTE_IDS[0], 7, BYTE_IDS[1]), 0, 1, 3), true);
  });
});
