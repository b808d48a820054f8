import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { TiktokenTokenizer } from '../../../../src/core/tokenizers/tiktoken';
import { boundaryTokenizer, placeTokens, tokenPieces } from '../../../../src/core/tokenizers/tokenPieces';
import { VocabularyTokenizer } from '../../../../src/core/tokenizers/vendor';
import { base64Text, cjkRun } from '../../../support/adversarialText';
import { editArbitraries } from '../../../support/editArbitraries';

const TRICKY = ['\n', '\r\n', ' ', '  ', '\t', '\n\n', '😀', '🎉', '👨‍👩‍👧‍👦', '龘', '𠀀', '中文', 'é', 'e\u0301', '\ud800', '<|endoftext|>', '<think>', "don't", '▁', '{"a": 1}'];
const { documentArb } = editArbitraries({ tricky: TRICKY, corpusChars: 20_000, seed: 5, maxSliceChars: 120, maxParts: 20, maxRemove: 10, maxInsertParts: 2 });

/** The text a token stands for, from its placement. */
const tokenTexts = (text: string, placed: ReturnType<typeof tokenPieces>): string[] =>
  Array.from(placed.starts.subarray(0, placed.placed), (start, i) => text.slice(start, placed.ends[i]));

describe('token pieces: ids, bytes and places for the token view', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    it(`${encoding}: our ids are tiktoken's (encode_ordinary) on random text`, () => {
      const tokenizer = getTokenizer(encoding) as TiktokenTokenizer;
      fc.assert(
        fc.property(documentArb, (text) => {
          assert.deepEqual(tokenizer.tokenize(text).ids, Array.from(tokenizer.encode(text)));
        }),
        { numRuns: 150 },
      );
    });
  }

  it("keeps tiktoken's ids on pieces long enough to be merged stretch by stretch (runs, base64, CJK without punctuation)", () => {
    const long = ['a'.repeat(5_000), ' '.repeat(3_000), '='.repeat(2_000), base64Text(6_000, 3), cjkRun(1_500, 4), `${'中'.repeat(700)} and ${'ab'.repeat(900)}`];
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const tokenizer = getTokenizer(encoding) as TiktokenTokenizer;
      for (const text of long) assert.deepEqual(tokenizer.tokenize(text).ids, Array.from(tokenizer.encode(text)), `${encoding}: ${text.slice(0, 12)}… (${text.length})`);
    }
  });

  it('places every token of o200k_base on the text: the pieces join into the text, a fragment covers its whole character', () => {
    const tokenizer = getTokenizer('o200k_base') as TiktokenTokenizer;
    fc.assert(
      fc.property(documentArb, (text) => {
        const placed = tokenPieces(tokenizer, text);
        assert.equal(placed.placed, placed.ids.length);
        // No gaps; a whole-character token starts where the previous ended, a fragment may share
        // the character the previous token ended in.
        let at = 0;
        for (let i = 0; i < placed.placed; i++) {
          if (placed.fragments[i]) assert.ok(placed.starts[i]! <= at, `fragment ${i} leaves no gap`);
          else assert.equal(placed.starts[i], at, `token ${i} starts where the previous ended`);
          at = Math.max(at, placed.ends[i]!);
        }
        assert.equal(at, text.length);
        assert.equal(placed.byteEnds[placed.byteEnds.length - 1] ?? 0, placed.bytes.length);
      }),
      { numRuns: 150 },
    );
  });

  it('marks byte tokens of an emoji and a rare CJK character as fragments covering the character', () => {
    const tokenizer = getTokenizer('o200k_base') as TiktokenTokenizer;
    const text = 'ok 𠀀 🫠 done';
    const placed = tokenPieces(tokenizer, text);
    const fragments = Array.from(placed.fragments.subarray(0, placed.placed)).map((flag, i) => (flag ? text.slice(placed.starts[i], placed.ends[i]) : undefined)).filter(Boolean);
    assert.ok(fragments.includes('𠀀') || fragments.includes(' 𠀀'), `the rare character is split into byte tokens: ${JSON.stringify(fragments)}`);
    const words = tokenTexts(text, placed).filter((_, i) => !placed.fragments[i]);
    assert.ok(words.includes('ok') && words.includes(' done'));
  });

  it('gives the bytes each token stands for: their concatenation is the UTF-8 of the text', () => {
    for (const id of ['o200k_base', 'qwen3', 'deepseek_v3', 'gemma3']) {
      const tokenizer = boundaryTokenizer(getTokenizer(id));
      const text = 'Hello  world 🎉 龘 café\n\n  x\tdone <think>';
      const placed = tokenPieces(tokenizer, text);
      assert.equal(placed.placed, placed.ids.length, `${id}: every token placed`);
      assert.equal(Buffer.from(placed.bytes).toString('utf8'), text, id);
    }
  });

  it('vendor vocabularies: ids equal the vocabulary\'s own encode, and every token is placed in composed text', () => {
    for (const id of ['qwen3', 'deepseek_v3', 'gemma3']) {
      const tokenizer = getTokenizer(id) as VocabularyTokenizer;
      fc.assert(
        fc.property(documentArb, (text) => {
          const placed = tokenPieces(tokenizer, text);
          assert.deepEqual(Array.from(placed.ids), tokenizer.encode(text), id);
          // Decomposed accents are composed by Qwen's NFC normalizer: tokens from there on are not placed.
          if (text === text.normalize('NFC') && !text.includes('\ud800') && !(id === 'gemma3' && text.includes('▁'))) {
            assert.equal(placed.placed, placed.ids.length, `${id}: every token placed in ${JSON.stringify(text.slice(0, 80))}`);
          }
        }),
        { numRuns: 25 },
      );
    }
  });

  it('stops placing, rather than placing wrongly, where the bytes no longer match the text', () => {
    const placed = placeTokens('abc', [1, 2], [Uint8Array.of(0x61), Uint8Array.of(0x78)]);
    assert.equal(placed.placed, 1);
    assert.deepEqual([placed.starts[0], placed.ends[0]], [0, 1]);
  });

  it('shows an estimate\'s reference boundaries (Claude: o200k_base), never claims its own', () => {
    assert.equal(boundaryTokenizer(getTokenizer('estimate:claude-3')).id, 'o200k_base');
    assert.equal(boundaryTokenizer(getTokenizer('estimate:generic')).id, 'o200k_base');
    assert.equal(boundaryTokenizer(getTokenizer('qwen3')).id, 'qwen3');
  });
});
