import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ChunkIndex } from '../../../../src/core/counting/chunkIndex';
import { applyEdits } from '../../../../src/core/counting/textEdits';
import { chunkLengths, type ChunkSizing } from '../../../../src/core/counting/chunker';
import { cutRuleFor, type ChunkedEncoding } from '../../../../src/core/counting/cutRules';
import { DocumentTokenCount } from '../../../../src/core/counting/documentCount';
import { countingPlan } from '../../../../src/core/counting/plan';
import { ScaledEstimateTokenizer } from '../../../../src/core/tokenizers/estimate';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { unicodeDisagreements } from '../../../../src/core/tokenizers/splitPattern';
import { TiktokenTokenizer, type OpenAiEncodingName } from '../../../../src/core/tokenizers/tiktoken';
import { corpus } from '../../../support/corpus';
import { editArbitraries, toChange } from '../../../support/editArbitraries';

const ENCODINGS: readonly (ChunkedEncoding & OpenAiEncodingName)[] = ['o200k_base', 'cl100k_base'];

/** tiktoken's own WASM encoder: the reference every count here is compared with. */
const reference = new Map(ENCODINGS.map((name) => [name, new TiktokenTokenizer(name)]));
const referenceCount = (encoding: ChunkedEncoding & OpenAiEncodingName, text: string): number =>
  text.length === 0 ? 0 : (reference.get(encoding) as TiktokenTokenizer).encode(text).length;

/** Pieces that stress the pre-tokenizer patterns: line ends, spaces, slashes, contractions, … */
const TRICKY = [
  '\n', '\r\n', '\r', ' ', '  ', '\t', ' \n', '\n\n', '    \n', '\n  ', '\n/', '/', '//', '\n//', ';\n', '.\n/',
  "'s", "'LL", "'t", "don't", "'", 'a', 'Z', 'ab', 'ABC', 'x1', '123456', '3.14', ',', '{', '}', '"', '":', '<|endoftext|>',
  '<|fim_prefix|>', '中文', '，', '。', '測試', '😀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '\u200d', 'e\u0301', '\u0301', '\ud800', '\udc00',
  '\u0085', '\ufeff', '\u00a0', '\u2028', '\u3000', '\u000b', '\u000c', '\u001c', 'Ⅻ', 'ǅ', 'ß', 'İ', 'ſ', 'K',
];

const { documentArb, editArb } = editArbitraries({
  tricky: TRICKY, corpusChars: 40_000, seed: 7, maxSliceChars: 300, maxParts: 40, maxRemove: 400, maxInsertParts: 6,
});

/** Every cut the rules allow (softMaxChars 0 turns off the content-defined choice), so edits cross chunk ends. */
const TINY: ChunkSizing = { minChars: 1, softMaxChars: 0 };
const SMALL: ChunkSizing = { minChars: 16, softMaxChars: 48 };

describe('incremental counting: cut rules', () => {
  for (const encoding of ENCODINGS) {
    const rule = cutRuleFor(encoding)!;

    it(`${encoding}: every cut the rules allow splits the count exactly (random documents)`, () => {
      fc.assert(
        fc.property(documentArb, (text) => {
          const lengths = chunkLengths(text, rule, TINY);
          let offset = 0;
          let sum = 0;
          for (const length of lengths) {
            sum += referenceCount(encoding, text.slice(offset, offset + length));
            offset += length;
          }
          assert.equal(offset, text.length);
          assert.equal(sum, referenceCount(encoding, text), `chunks ${JSON.stringify(lengths)}`);
        }),
        { numRuns: 300 },
      );
    });

    it(`${encoding}: cuts nowhere next to a character this runtime classes unlike tiktoken (U+0C5C is a letter in Unicode 17)`, () => {
      const bmp: string[] = [];
      for (const [, from, to] of unicodeDisagreements().differing.matchAll(/\\u\{([0-9A-F]+)\}(?:-\\u\{([0-9A-F]+)\})?/g)) {
        for (let c = parseInt(from, 16); c <= parseInt(to ?? from, 16) && c <= 0xffff; c++) bmp.push(String.fromCharCode(c));
      }
      for (const char of bmp) {
        const text = `x${char}-y ${char}.`;
        let offset = 0;
        let sum = 0;
        for (const length of chunkLengths(text, rule, TINY)) {
          sum += referenceCount(encoding, text.slice(offset, offset + length));
          offset += length;
        }
        assert.equal(sum, referenceCount(encoding, text), `U+${char.charCodeAt(0).toString(16)}`);
      }
    });

    it(`${encoding}: every single cut keeps prefix + suffix = whole`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...TRICKY), { maxLength: 14 }).map((p) => p.join('')), (text) => {
          const whole = referenceCount(encoding, text);
          let cut = 0;
          for (const length of chunkLengths(text, rule, TINY).slice(0, -1)) {
            cut += length;
            const split = referenceCount(encoding, text.slice(0, cut)) + referenceCount(encoding, text.slice(cut));
            assert.equal(split, whole, `cut at ${cut} of ${JSON.stringify(text)}`);
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('does not cut where the patterns join across a line end', () => {
    const o200k = cutRuleFor('o200k_base')!;
    const cl100k = cutRuleFor('cl100k_base')!;
    // o200k's punctuation piece swallows newlines and slashes: ";\n/" is one piece.
    assert.deepEqual(chunkLengths('x;\n/y', o200k, TINY), [1, 4]);
    assert.deepEqual(chunkLengths('x;\n/y', cl100k, TINY), [1, 2, 2]);
    // A line of only spaces joins the whitespace run before it; a newline ends no word.
    assert.deepEqual(chunkLengths('a\n   \nb', o200k, TINY), [6, 1]);
  });
});

describe('incremental counting: edits', () => {
  for (const encoding of ENCODINGS) {
    const rule = cutRuleFor(encoding)!;
    const fast = getTokenizer(encoding);

    for (const [name, sizing] of [['tiny', TINY], ['small', SMALL], ['default', undefined]] as const) {
      it(`${encoding}, ${name} chunks: count after every edit equals a count from scratch`, () => {
        fc.assert(
          fc.property(documentArb, fc.array(editArb, { minLength: 1, maxLength: 12 }), (initial, edits) => {
            const index = ChunkIndex.build(initial, (s) => fast.count(s), rule, sizing);
            let text = initial;
            for (const edit of edits) {
              const change = toChange(text, edit);
              index.applyChange(change);
              text = applyEdits(text, [change]);
              assert.equal(index.length, text.length);
              assert.equal(index.text(), text);
              assert.equal(index.total, referenceCount(encoding, text), `after ${JSON.stringify(change)}`);
            }
          }),
          { numRuns: name === 'default' ? 60 : 120 },
        );
      });
    }

    it(`${encoding}: selections summed from chunks equal counting the selected text`, () => {
      fc.assert(
        fc.property(
          documentArb,
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (text, a, b) => {
            const index = ChunkIndex.build(text, (s) => fast.count(s), rule, SMALL);
            const at = (f: number): number => Math.min(text.length, Math.floor(f * (text.length + 1)));
            const [start, end] = [at(a), at(b)].sort((x, y) => x - y);
            assert.equal(index.countRange(start, end), referenceCount(encoding, text.slice(start, end)));
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it('handles CRLF documents, lines of only spaces and emoji ZWJ sequences typed one unit at a time', () => {
    const rule = cutRuleFor('o200k_base')!;
    const fast = getTokenizer('o200k_base');
    const target = 'line one\r\n    \r\n\tindented\r\n👨‍👩‍👧‍👦 family\r\n   \r\n// comment\r\n\ud800 lone\r\n';
    const index = ChunkIndex.build('', (s) => fast.count(s), rule, TINY);
    let text = '';
    for (const unit of target) {
      for (let i = 0; i < unit.length; i++) {
        const change = { rangeOffset: text.length, rangeLength: 0, text: unit[i] };
        index.applyChange(change);
        text = applyEdits(text, [change]);
        assert.equal(index.total, referenceCount('o200k_base', text), JSON.stringify(text));
      }
    }
    // Now delete it again from the front, one unit at a time (splits surrogate pairs on the way).
    while (text.length > 0) {
      index.applyChange({ rangeOffset: 0, rangeLength: 1, text: '' });
      text = text.slice(1);
      assert.equal(index.total, referenceCount('o200k_base', text), JSON.stringify(text));
    }
    assert.equal(index.chunkCount, 0);
  });

  it('keeps a 1 MB single line exact and re-encodes only a few chunks per keystroke', () => {
    const rule = cutRuleFor('o200k_base')!;
    const fast = getTokenizer('o200k_base');
    // Minified JSON: no line ends and no spaces, so only word cuts (letter/digit before punctuation) apply.
    const line = corpus('json', 1_300_000, 3).replace(/\n\s*/g, '').replace(/": /g, '":').slice(0, 1_000_000);
    assert.ok(!line.includes('\n'));
    const index = ChunkIndex.build(line, (s) => fast.count(s), rule);
    assert.equal(index.total, fast.count(line));
    let text = line;
    for (const change of [
      { rangeOffset: 500_000, rangeLength: 0, text: 'x' },
      { rangeOffset: 123_456, rangeLength: 3, text: '' },
    ]) {
      index.applyChange(change);
      text = applyEdits(text, [change]);
      assert.ok(index.lastEdit.encodedChars < 10_000, `re-encoded ${index.lastEdit.encodedChars} characters`);
    }
    assert.equal(index.total, fast.count(text));
  });

  it('rejects an edit outside the document with a RangeError', () => {
    const index = ChunkIndex.build('abc', (s) => s.length, cutRuleFor('o200k_base')!);
    assert.throws(() => index.applyChange({ rangeOffset: 2, rangeLength: 5, text: '' }), RangeError);
    assert.throws(() => index.countRange(0, 9), RangeError);
  });
});

describe('incremental counting: tokenizers', () => {
  it('chunks the exact OpenAI encodings, the vendor vocabularies and one-factor estimates on them', () => {
    assert.equal(countingPlan(getTokenizer('o200k_base')).kind, 'chunked');
    assert.equal(countingPlan(getTokenizer('cl100k_base')).kind, 'chunked');
    assert.equal(countingPlan(getTokenizer('estimate:generic')).kind, 'chunked');
    // Vendor vocabularies: see test/unit/core/counting/vendorCutRules.test.ts.
    assert.equal(countingPlan(getTokenizer('gemma3')).kind, 'chunked');
    assert.equal(countingPlan(getTokenizer('estimate:qwen-3.5')).kind, 'chunked');
  });

  it('scales an estimate once, on the summed count, so edits equal a count from scratch', async () => {
    const estimate = new ScaledEstimateTokenizer(
      { id: 'estimate:test', label: '≈ test', exactness: 'estimate', method: 'test', factor: 1.15, band: { low: -0.1, high: 0.1 } },
      getTokenizer('o200k_base'),
    );
    await fc.assert(
      fc.asyncProperty(documentArb, fc.array(editArb, { minLength: 1, maxLength: 6 }), async (initial, edits) => {
        const live = new DocumentTokenCount(estimate, TINY);
        await live.load(initial);
        let text = initial;
        for (const edit of edits) {
          const change = toChange(text, edit);
          live.applyChanges([change]);
          text = applyEdits(text, [change]);
          assert.equal((await live.total())?.tokens, estimate.count(text));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('counts tokenizers without a cut rule whole, following edits', async () => {
    // Script-class estimates: a run's class depends on the lines before it, so no cut is safe.
    const claude = getTokenizer('estimate:claude-3');
    assert.equal(countingPlan(claude).kind, 'whole');
    const live = new DocumentTokenCount(claude);
    await live.load('Hello world\n中文 second line');
    live.applyChanges([{ rangeOffset: 5, rangeLength: 6, text: ', there' }]);
    assert.equal((await live.total())?.tokens, claude.count('Hello, there\n中文 second line'));
    assert.equal((await live.range(0, 5))?.tokens, claude.count('Hello'));
  });
});
