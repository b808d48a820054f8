import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { UNIT_STRETCH_LIMIT, UnitStretchMemo } from '../../../../src/core/tokenizers/unitStretchMemo';
import { assertMemoAnswersOwnCounts } from '../../../support/memoTruth';

describe('UnitStretchMemo: counts of short stretches of text, keyed by their UTF-16 units', () => {
  it('answers a remembered count only for the same units, however stretches collide in a tiny table', () => {
    // A few units of every size, so that stretches often share all but one unit: the second of
    // two packs into a word's sign bit from U+8000 up, and U+0001 after U+0000 would overlap
    // U+0100 if units were packed any narrower than 16 bits.
    const unit = fc.constantFrom(0x0000, 0x0001, 0x0041, 0x0100, 0x4e00, 0x4e2d, 0x8000, 0xffff);
    fc.assert(
      fc.property(fc.array(fc.array(unit, { minLength: 1, maxLength: UNIT_STRETCH_LIMIT }), { minLength: 1, maxLength: 60 }), (stretches) => {
        const memo = new UnitStretchMemo(2);
        // Read in place, between other text; a count that depends on the units, so a wrong hit shows as a wrong count.
        const at = (units: number[]) => `中${String.fromCharCode(...units)}文`;
        assertMemoAnswersOwnCounts(
          { get: (units) => memo.get(at(units), 1, 1 + units.length), remember: (tokens) => memo.remember(tokens) },
          stretches,
          (units) => units.join(','),
          (units) => 1 + (units.reduce((sum, u) => sum + u, units.length) % 17),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('tells a prefix from the whole (the length is part of the key), and forgets on clear', () => {
    const memo = new UnitStretchMemo();
    const text = '中文字';
    assert.equal(memo.get(text, 0, 3), 0);
    memo.remember(2);
    assert.equal(memo.get(text, 0, 2), 0, '中文 is another stretch');
    memo.remember(1);
    assert.equal(memo.get(text, 0, 3), 2);
    assert.equal(memo.get(text, 0, 2), 1);
    memo.clear();
    assert.equal(memo.get(text, 0, 3), 0);
    // Every unit of the key counts, all 16 bits of it: families of stretches that differ in one
    // or two units, each stretch with its own count, in a table of two slots.
    const families = [
      ['\u0000', '\u0001', '\u0100', '\u0101', '\u8000'].flatMap((a) => ['\u0000', '\u0001', '\u0100', '\u0101', '\u8000'].map((b) => a + b)),
      ...[0, 1, 4, 5].map((at) => Array.from({ length: 40 }, (_, k) => [...'中中中中中中'].map((c, i) => (i === at ? String.fromCharCode(0x4e00 + 0x101 * k) : c)).join(''))),
    ];
    for (const family of families) {
      const twoSlotMemo = new UnitStretchMemo(1);
      family.forEach((stretch, index) => {
        const known = twoSlotMemo.get(stretch, 0, stretch.length);
        if (known === 0) twoSlotMemo.remember(index + 1);
        else assert.equal(known, index + 1, `${JSON.stringify(stretch)} answered as another stretch`);
      });
    }
    // NUL units pack as zeros: only the length tells them apart. Six lengths in two slots collide.
    const twoSlots = new UnitStretchMemo(1);
    const nuls = '\u0000'.repeat(UNIT_STRETCH_LIMIT);
    for (let length = 1; length <= UNIT_STRETCH_LIMIT; length++) {
      for (let other = 1; other <= UNIT_STRETCH_LIMIT; other++) {
        const known = twoSlots.get(nuls, 0, other);
        assert.ok(known === 0 || known === other, `${other} NULs answered ${known}`);
      }
      if (twoSlots.get(nuls, 0, length) === 0) twoSlots.remember(length);
    }
  });

  it('cannot remember stretches that are too long or empty', () => {
    const memo = new UnitStretchMemo();
    assert.equal(memo.get('中'.repeat(UNIT_STRETCH_LIMIT + 1), 0, UNIT_STRETCH_LIMIT + 1), -1);
    assert.equal(memo.get('中', 0, 0), -1);
    assert.equal(memo.get('中'.repeat(UNIT_STRETCH_LIMIT), 0, UNIT_STRETCH_LIMIT), 0);
  });
});
