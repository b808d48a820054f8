import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ChunkIndex } from '../../../../src/core/counting/chunkIndex';
import { chunkLengths, type ChunkSizing } from '../../../../src/core/counting/chunker';
import { cutRuleFor, type CutRule } from '../../../../src/core/counting/cutRules';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { splitByScript } from '../../../../src/core/tokenizers/scriptClasses';
import { ScriptEstimateTokenizer } from '../../../../src/core/tokenizers/scriptEstimate';
import { editArbitraries, toChange } from '../../../support/editArbitraries';

// Script-class estimates (Claude, Kimi) counted in chunks: o200k_base line cuts only (a line's
// class depends on the whole line), units summed as integers, rounded once.

const LINE_CUTS: CutRule = { ...cutRuleFor('o200k_base')!, inlineCuts: 'none' };

const ESTIMATES = ['estimate:claude-3', 'estimate:claude-4.7', 'estimate:kimi'].map((id) => {
  const tokenizer = getTokenizer(id);
  assert.ok(tokenizer instanceof ScriptEstimateTokenizer, id);
  return tokenizer;
});

const TRICKY = [
  '\n', '\r\n', ' ', '  ', '\t', '\n\n', '   \n', '\n  ', '\n/', '1. ', '- ', '123', '  ', '中文', '，', '。', '測試句子',
  'ひらがな', '한국어', 'Привет', 'नमस्ते', 'مرحبا', 'hello', 'The cat sat.', 'const x = 1;', '}', '{', 'if (a) {', '    return b;',
  'import x from "y";', '"key": "value",', '😀', '👨‍👩‍👧‍👦', '\ud800', '\u00a0', '\u3000', 'e\u0301',
];
const { documentArb, editArb } = editArbitraries({
  tricky: TRICKY, corpusChars: 20_000, seed: 13, maxSliceChars: 300, maxParts: 40, maxRemove: 300, maxInsertParts: 6,
});

const TINY: ChunkSizing = { minChars: 1, softMaxChars: 0 };
const SMALL: ChunkSizing = { minChars: 16, softMaxChars: 48 };

describe('incremental counting: script-class estimates', () => {
  it('a line that is not blank is classified from its own characters', () => {
    // A list number after a CJK line is CJK only when its own line goes on in CJK.
    assert.deepEqual(
      splitByScript('中文\n1. hello\n2. 中文').map((run) => [run.cls, run.text]),
      [['cjk', '中文\n'], ['latin', '1. hello\n'], ['cjk', '2. 中文']],
    );
    // A blank line still joins the run before it.
    assert.deepEqual(splitByScript('中文\n\nhello').map((run) => run.cls), ['cjk', 'latin']);
  });

  for (const estimate of ESTIMATES) {
    it(`${estimate.id}: chunks cut at line starts sum to the whole estimate (random documents)`, () => {
      fc.assert(
        fc.property(documentArb, (text) => {
          let offset = 0;
          let units = 0;
          for (const length of chunkLengths(text, LINE_CUTS, TINY)) {
            units += estimate.units(text.slice(offset, offset + length));
            offset += length;
          }
          assert.equal(units, estimate.units(text));
          assert.equal(estimate.fromUnits(units), estimate.count(text));
        }),
        { numRuns: 300 },
      );
    });

    for (const [name, sizing] of [['tiny', TINY], ['small', SMALL]] as const) {
      it(`${estimate.id}, ${name} chunks: estimate after every edit equals one from scratch`, () => {
        fc.assert(
          fc.property(documentArb, fc.array(editArb, { minLength: 1, maxLength: 10 }), (initial, edits) => {
            const index = ChunkIndex.build(initial, (s) => estimate.units(s), LINE_CUTS, sizing);
            let text = initial;
            for (const edit of edits) {
              const change = toChange(text, edit);
              index.applyChange(change);
              text = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
              assert.equal(estimate.fromUnits(index.total), estimate.count(text), `after ${JSON.stringify(change)}`);
            }
          }),
          { numRuns: 80 },
        );
      });
    }
  }

  it('cuts inside a line would not be exact (why the rule has line cuts only)', () => {
    const estimate = ESTIMATES[0];
    const withInline = cutRuleFor('o200k_base')!;
    const text = 'const value = compute(alpha, beta);\n';
    let offset = 0;
    let units = 0;
    for (const length of chunkLengths(text, withInline, TINY)) {
      units += estimate.units(text.slice(offset, offset + length));
      offset += length;
    }
    assert.notEqual(units, estimate.units(text));
  });
});
