import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ChunkIndex } from '../../../../src/core/counting/chunkIndex';
import { applyEdits } from '../../../../src/core/counting/textEdits';
import { chunkLengths, type ChunkSizing } from '../../../../src/core/counting/chunker';
import { CutAnswer, cutRuleFor, inlineCutAt, lineCutAt, type CutRule } from '../../../../src/core/counting/cutRules';
import { countingPlan } from '../../../../src/core/counting/plan';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { VocabularyTokenizer, VENDOR_VOCABULARIES } from '../../../../src/core/tokenizers/vendor';
import { loadVocabulary, type TokenizerJson, type VocabularyName } from '../../../../src/core/tokenizers/vocabulary';
import { corpus } from '../../../support/corpus';
import { editArbitraries, toChange } from '../../../support/editArbitraries';

// The cut rules for the vendor vocabularies (cutRules.ts) are derived from their tokenizer.json;
// these tests pin the parts of tokenizer.json the derivation read, then check the rules against
// from-scratch counts of random documents and edit sequences.

const VENDORS: readonly VocabularyName[] = ['qwen3', 'deepseek_v3', 'gemma3'];

/** Fresh instances, separate from the registry's, as the from-scratch reference. */
const reference = new Map(VENDORS.map((name) => [name, new VocabularyTokenizer(VENDOR_VOCABULARIES[name])]));
const referenceCount = (name: VocabularyName, text: string): number => (reference.get(name) as VocabularyTokenizer).count(text);

const json = new Map<VocabularyName, TokenizerJson>();
function tokenizerJson(name: VocabularyName): TokenizerJson {
  let value = json.get(name);
  if (!value) {
    value = loadVocabulary(name).json;
    json.set(name, value);
  }
  return value;
}

/** Pieces that stress the vendors' pre-tokenizers, normalizers and added tokens. */
const TRICKY = [
  '\n', '\r\n', '\r', ' ', '  ', '\t', ' \n', '\n\n', '\n\n\n', '    \n', '\n  ', '\n/', '/', '//', ';\n', '.\n/',
  "'s", "'LL", "don't", "'", 'a', 'Z', 'ab', 'x1', '1', '12', '1234567', '3.14', ',', '{', '}', '"', '":', '_', '|', '>', '<',
  '<tool_call>', '</think>', '<|fim_prefix|>', '<|file_sep|>', '<｜User｜>', '<｜fim▁hole｜>', '▁', '<unused1>', '<|endoftext|>',
  '中文', '，', '。', '測試', 'ひらがな', 'カタカナ', '한국어', '\u1100', '\u1161', '\u11a8', 'e', '\u0301', '\u0316', 'Å', 'A\u030a',
  '\u0b47', '\u0b3e', '😀', '👨‍👩‍👧‍👦', '🏳️‍🌈', '\u200d', '\ud800', '\udc00', '\u0085', '\ufeff', '\u00a0', '\u2028',
  '\u3000', '\u000b', '\u000c', 'Ⅻ', '١٢٣', 'ß', 'İ', 'ſ', 'K', '\uf900',
];

const { documentArb, editArb } = editArbitraries({
  tricky: TRICKY, corpusChars: 20_000, seed: 11, maxSliceChars: 200, maxParts: 30, maxRemove: 300, maxInsertParts: 5,
});

/** Every cut the rules allow, so that edits cross chunk ends all the time. */
const TINY: ChunkSizing = { minChars: 1, softMaxChars: 0 };
const SMALL: ChunkSizing = { minChars: 16, softMaxChars: 48 };

/** Every position of `text` the rule may cut at (with `final`: the text ends there). */
function cutsOf(text: string, rule: CutRule): number[] {
  const cuts: number[] = [];
  for (let p = 1; p < text.length; p++) {
    const line = text.charCodeAt(p - 1) === 0x0a && lineCutAt(text, p, rule, true) === CutAnswer.Yes;
    if (line || inlineCutAt(text, p, rule)) cuts.push(p);
  }
  return cuts;
}

describe('incremental counting: vendor vocabularies, what the rules were derived from', function () {
  // Loading three vocabularies takes a few seconds.
  this.timeout(120_000);

  it('the pre-tokenizers and normalizers are the ones cutRules.ts analysed', () => {
    const split = (regex: string): unknown => ({ type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false });
    const qwen = tokenizerJson('qwen3');
    assert.deepEqual(qwen.normalizer, { type: 'NFC' });
    assert.deepEqual(qwen.pre_tokenizer, {
      type: 'Sequence',
      pretokenizers: [
        split("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    });
    const deepseek = tokenizerJson('deepseek_v3');
    assert.deepEqual(deepseek.normalizer, { type: 'Sequence', normalizers: [] });
    assert.deepEqual(deepseek.pre_tokenizer, {
      type: 'Sequence',
      pretokenizers: [
        split('\\p{N}{1,3}'),
        split('[一-龥぀-ゟ゠-ヿ]+'),
        split(
          "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
        ),
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    });
    const gemma = tokenizerJson('gemma3');
    assert.deepEqual(gemma.normalizer, { type: 'Replace', pattern: { String: ' ' }, content: '▁' });
    assert.deepEqual(gemma.pre_tokenizer, { type: 'Split', pattern: { String: ' ' }, behavior: 'MergedWithPrevious', invert: false });
  });

  for (const name of VENDORS) {
    it(`${name}: no cut the rule allows falls inside an added token, and none strips or needs a word boundary`, () => {
      const rule = cutRuleFor(name)!;
      for (const token of tokenizerJson(name).added_tokens) {
        assert.equal(token.lstrip || token.rstrip || token.single_word, false, token.content);
        for (const context of [['', ''], ['x', 'y'], ['\n', ' '], [' ', '\n']]) {
          const text = context[0] + token.content + context[1];
          const inside = cutsOf(text, rule).filter((p) => p > context[0].length && p < context[0].length + token.content.length);
          assert.deepEqual(inside, [], `cut inside ${JSON.stringify(token.content)}`);
        }
      }
    });
  }

  it('gemma3: newline runs are added tokens and no other token holds a newline', () => {
    const gemma = tokenizerJson('gemma3');
    const withNewline = gemma.added_tokens.filter((token) => token.content.includes('\n'));
    assert.ok(withNewline.length >= 31);
    for (const token of withNewline) assert.match(token.content, /^\n+$/);
    assert.ok(withNewline.some((token) => token.content === '\n'));
    const added = new Set(gemma.added_tokens.map((token) => token.content));
    for (const token of Object.keys(gemma.model.vocab)) {
      if (token.includes('\n')) assert.ok(added.has(token), `vocabulary token ${JSON.stringify(token)} holds a newline`);
    }
  });

  it('qwen3 (NFC): ASCII, the space and \\n are never the second half of a canonical composition', () => {
    // A character that is the second half of a canonical composition appears after the first
    // position of some character's canonical decomposition; check every code point.
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const decomposed = String.fromCodePoint(cp).normalize('NFD');
      for (let i = 1; i < decomposed.length; i++) {
        assert.ok(decomposed.charCodeAt(i) >= 0x80, `U+${cp.toString(16)} decomposes with an ASCII character`);
      }
      if (cp !== 0x0a) assert.notEqual(decomposed.charCodeAt(0), 0x0a);
    }
  });
});

describe('incremental counting: vendor vocabularies, cuts and edits', function () {
  this.timeout(300_000);

  for (const name of ['qwen3', 'deepseek_v3', 'gemma3'] as const) {
    const rule = cutRuleFor(name)!;
    const live = getTokenizer(name);

    it(`${name}: every cut the rule allows splits the count exactly (random documents)`, () => {
      fc.assert(
        fc.property(documentArb, (text) => {
          let offset = 0;
          let sum = 0;
          for (const length of chunkLengths(text, rule, TINY)) {
            sum += referenceCount(name, text.slice(offset, offset + length));
            offset += length;
          }
          assert.equal(offset, text.length);
          assert.equal(sum, referenceCount(name, text));
        }),
        { numRuns: 150 },
      );
    });

    it(`${name}: every single cut keeps prefix + suffix = whole (tricky pieces)`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...TRICKY), { maxLength: 14 }).map((p) => p.join('')), (text) => {
          const whole = referenceCount(name, text);
          for (const cut of cutsOf(text, rule)) {
            const split = referenceCount(name, text.slice(0, cut)) + referenceCount(name, text.slice(cut));
            assert.equal(split, whole, `cut at ${cut} of ${JSON.stringify(text)}`);
          }
        }),
        { numRuns: 300 },
      );
    });

    for (const [sizingName, sizing] of [['tiny', TINY], ['small', SMALL]] as const) {
      it(`${name}, ${sizingName} chunks: count after every edit equals a count from scratch`, () => {
        fc.assert(
          fc.property(documentArb, fc.array(editArb, { minLength: 1, maxLength: 8 }), (initial, edits) => {
            const index = ChunkIndex.build(initial, (s) => live.count(s), rule, sizing);
            let text = initial;
            for (const edit of edits) {
              const change = toChange(text, edit);
              index.applyChange(change);
              text = applyEdits(text, [change]);
              assert.equal(index.text(), text);
              assert.equal(index.total, referenceCount(name, text), `after ${JSON.stringify(change)}`);
            }
          }),
          { numRuns: 40 },
        );
      });
    }

    it(`${name}: CRLF, lines of only spaces, ZWJ emoji and lone surrogates typed one unit at a time`, () => {
      const target = 'line one\r\n    \r\n\t中文，測試\r\n👨‍👩‍👧‍👦 family\r\n   \r\n// x1234567\r\n\ud800 lone e\u0301\n\n\n<tool_call>\r\n';
      const index = ChunkIndex.build('', (s) => live.count(s), rule, TINY);
      let text = '';
      for (let i = 0; i < target.length; i++) {
        const change = { rangeOffset: text.length, rangeLength: 0, text: target[i] };
        index.applyChange(change);
        text = applyEdits(text, [change]);
        assert.equal(index.total, referenceCount(name, text), JSON.stringify(text));
      }
      while (text.length > 0) {
        index.applyChange({ rangeOffset: 0, rangeLength: 1, text: '' });
        text = text.slice(1);
        assert.equal(index.total, referenceCount(name, text), JSON.stringify(text));
      }
    });

    it(`${name}: is counted incrementally`, () => {
      assert.equal(countingPlan(live).kind, 'chunked');
    });
  }

  it('a 100 kB document re-encodes a few chunks per keystroke (qwen3, deepseek_v3)', () => {
    for (const name of ['qwen3', 'deepseek_v3'] as const) {
      const live = getTokenizer(name);
      const text0 = corpus('chinese', 50_000, 5) + corpus('code', 50_000, 5);
      const index = ChunkIndex.build(text0, (s) => live.count(s), cutRuleFor(name)!);
      let text = text0;
      for (const change of [
        { rangeOffset: 70_000, rangeLength: 0, text: 'x' },
        { rangeOffset: 20_000, rangeLength: 3, text: '' },
      ]) {
        index.applyChange(change);
        text = applyEdits(text, [change]);
        assert.ok(index.lastEdit.encodedChars < 5_000, `${name} re-encoded ${index.lastEdit.encodedChars} characters`);
      }
      assert.equal(index.total, referenceCount(name, text));
    }
  });
});
