import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { unicodeDisagreements } from '../../../../src/core/tokenizers/splitPattern';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { TiktokenTokenizer } from '../../../../src/core/tokenizers/tiktoken';
import { UNICODE_CLASSES } from '../../../../src/core/tokenizers/unicode16';
import { adversarialText, base64Text, cjkRun } from '../../../support/adversarialText';
import { corpus } from '../../../support/corpus';

// `count` is our BytePairCounter; `encode` is tiktoken's WASM, the reference (quadratic on long
// pieces, so the texts here stay at a size it finishes in well under a second).
describe('o200k/cl100k count on pieces the pattern cannot split (issue #9)', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    const tokenizer = new TiktokenTokenizer(encoding);
    const reference = (text: string): number => (text ? tokenizer.encode(text).length : 0);

    it(`${encoding}: equals tiktoken on random adversarial texts`, () => {
      fc.assert(
        fc.property(adversarialText(600), (text) => {
          assert.equal(tokenizer.count(text), reference(text));
        }),
        { numRuns: 120 },
      );
    });

    it(`${encoding}: equals tiktoken on long runs of one letter, CJK, spaces, separators and base64`, () => {
      const texts = {
        letters: 'a'.repeat(20_000),
        cjkOne: '中'.repeat(6_000),
        cjkVaried: cjkRun(6_000, 1),
        // One piece of real words: merges join characters across most cuts the junction filter sees.
        chineseWords: corpus('chinese', 20_000, 8).replace(/[^\p{Script=Han}]/gu, ''),
        spaces: ' '.repeat(20_000),
        equals: '='.repeat(20_000),
        dashes: '-'.repeat(20_000),
        base64: `data:image/png;base64,${base64Text(200_000, 2)}`,
        mixed: `${'ab'.repeat(5_000)} ${'😀'.repeat(2_000)}\n${'\t'.repeat(3_000)}x`,
      };
      for (const [name, text] of Object.entries(texts)) assert.equal(tokenizer.count(text), reference(text), name);
    });

    it(`${encoding}: equals tiktoken on pieces cut between CJK characters before a stretch longer than the last buffers`, () => {
      // A huge piece first: the merger then drops its buffers to the least size, and the stretch
      // after the first cut needs new ones (a count once read the old buffers after converting).
      assert.equal(tokenizer.count('中'.repeat(2_048_000)), reference('中'.repeat(2_048)) * 1_000);
      for (const text of [`謻拮${'é'.repeat(600)}`, `${cjkRun(40, 3)}${'é'.repeat(2_000)}ghml`, `${cjkRun(3, 4)}${'ß中'.repeat(700)}`]) {
        assert.equal(tokenizer.count(text), reference(text), text.slice(0, 8));
      }
    });

    it(`${encoding}: counts a 400,000-letter run as twenty 20,000-letter runs (200,000 took 37 s before the heap merge)`, () => {
      assert.equal(tokenizer.count('a'.repeat(400_000)), 20 * reference('a'.repeat(20_000)));
    });

    it(`${encoding}: counts runs of 5,000,000 and 20,000,000 of one character (one piece each; the split threw a stack overflow past ≈ 4.2 M)`, function () {
      this.timeout(180_000); // a few seconds alone; much more on a busy machine
      const block = 2048; // a multiple of the runs' token lengths (8 × a, 64 × =, 128 spaces, 1 × 中)
      for (const char of ['a', '中', ' ', '=']) {
        // tiktoken itself, on a run it can merge: a run of n is ⌊n / block⌋ blocks and the rest.
        const perBlock = reference(char.repeat(block));
        assert.equal(reference(char.repeat(2 * block + 5)), 2 * perBlock + reference(char.repeat(5)), `${JSON.stringify(char)} blocks`);
        for (const length of [5_000_000, 20_000_000]) {
          const blocks = Math.floor(length / block);
          const expected = blocks * perBlock + reference(char.repeat(length - blocks * block));
          assert.equal(tokenizer.count(char.repeat(length)), expected, `${JSON.stringify(char)} × ${length}`);
        }
      }
    });

    it(`${encoding}: splits on tiktoken's Unicode 16 tables, not the runtime's (U+10940 is a letter since 17)`, () => {
      assert.equal(tokenizer.count("\u{10940}'t"), 6);
      assert.equal(tokenizer.count("\u{10940}'t"), reference("\u{10940}'t"));
    });

    it(`${encoding}: equals tiktoken on every code point whose category this runtime sees differently`, () => {
      const differing = [...unicodeDisagreements().differing.matchAll(/\\u\{([0-9A-F]+)\}(?:-\\u\{([0-9A-F]+)\})?/g)];
      const lines: string[] = [];
      for (const [, from, to] of differing) {
        for (let c = parseInt(from, 16); c <= parseInt(to ?? from, 16); c++) {
          const x = String.fromCodePoint(c);
          lines.push(`a${x}'t ${x}${x}9 A${x}b ${x}\n`);
        }
      }
      for (let i = 0; i < lines.length; i += 500) {
        const text = lines.slice(i, i + 500).join('');
        assert.equal(tokenizer.count(text), reference(text), `code points from ${lines[i]}`);
      }
    });

    it(`${encoding}: equals tiktoken on random code points of every plane`, () => {
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 0x10ffff }), fc.constantFrom(0x27, 0x20, 0x0a, 0x73, 0x85, 0xfeff)), { maxLength: 40 }), (codePoints) => {
          const text = codePoints.map((c) => (c >= 0xd800 && c <= 0xdfff ? 'x' : String.fromCodePoint(c))).join('');
          assert.equal(tokenizer.count(text), reference(text), JSON.stringify(text));
        }),
        { numRuns: 1000 },
      );
    });
  }

  it('knows where this runtime disagrees with Unicode 16, and U+10940 is there when the runtime has Unicode 17', () => {
    const runtimeHas17 = /\p{L}/u.test('\u{10940}');
    const { differing } = unicodeDisagreements();
    assert.equal(differing.includes('\\u{10940}'), runtimeHas17);
    assert.ok(UNICODE_CLASSES.White_Space.includes('\\u{85}') && !UNICODE_CLASSES.White_Space.includes('\\u{FEFF}'));
  });

  it('the Claude and Kimi estimates count runs of 5,000,000 of one character (they threw through o200k_base)', function () {
    this.timeout(180_000); // a few seconds alone; much more on a busy machine
    for (const id of ['estimate:claude-3', 'estimate:claude-4.7', 'estimate:kimi']) {
      for (const char of ['a', '中', ' ', '=']) {
        const count = getTokenizer(id).count(char.repeat(5_000_000));
        assert.ok(Number.isInteger(count) && count > 0, `${id} ${JSON.stringify(char)}`);
      }
    }
  });
});
