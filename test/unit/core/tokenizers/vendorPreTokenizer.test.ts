import { strict as assert } from 'node:assert';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import fc from 'fast-check';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { installOwnSplits } from '../../../../src/core/tokenizers/vendorPreTokenizer';
import { loadVocabulary, type VocabularyName } from '../../../../src/core/tokenizers/vocabulary';

interface SplitLike {
  readonly config: { readonly type: string; readonly pattern?: { readonly Regex?: string } };
  pre_tokenize_text(text: string): string[];
}

/** The `Split` pre-tokenizers of a freshly loaded vendor tokenizer, in order. */
function splitsOf(tokenizer: unknown): SplitLike[] {
  const preTokenizer = (tokenizer as { pre_tokenizer: { tokenizers?: SplitLike[] } & SplitLike }).pre_tokenizer;
  return (preTokenizer.tokenizers ?? [preTokenizer]).filter((step) => step.config.type === 'Split');
}

/**
 * Characters of every class the vendors' patterns tell apart, leaving out those where this
 * runtime's Unicode tables and Unicode 16 disagree and `ſ` (tested on their own below): on the
 * rest the scanners must split exactly as Hugging Face's own regular expressions.
 */
const ALPHABET = [
  'a', 's', 't', 'Z', 'É', 'é', 'ǅ', 'ʰ', '中', '文', 'の', 'ア', 'ー', '한', '\u0301', '\u0903', '0', '7', '٣', '²', '\u{1D7CE}', '\u{1D400}',
  "'", '"', ' ', '\u2003', '\t', '\n', '\r', '\u0085', '\u00a0', '\u3000', '\ufeff', '/', '=', '-', '.', '😀', '\u200b', '_', '!', '$', '+',
  '~', '€', '、', '。', '「', '\u0000', '\u{E000}', '\u{30000}', '\u2028', '`', '\\',
] as const;

const text = fc
  .array(fc.tuple(fc.constantFrom(...ALPHABET), fc.integer({ min: 1, max: 4 })), { maxLength: 20 })
  .map((parts) => parts.map(([char, times]) => char.repeat(times)).join(''));

describe('vendor pre-tokenizers: our scanners in place of the JavaScript regular expressions', function () {
  this.timeout(60_000);
  for (const id of ['qwen3', 'deepseek_v3'] as VocabularyName[]) {
    const json = loadVocabulary(id).json;
    const theirs = splitsOf(new HfTokenizer(json as never, {}));
    const oursTokenizer = new HfTokenizer(json as never, {});
    const replaced = installOwnSplits(oursTokenizer);
    const ours = splitsOf(oursTokenizer);

    it(`${id}: replaces every Split (${theirs.length}) and splits random text exactly as Hugging Face's regular expression`, () => {
      assert.equal(replaced, theirs.length);
      fc.assert(
        fc.property(text, (sample) => {
          theirs.forEach((split, i) => assert.deepEqual(ours[i].pre_tokenize_text(sample), split.pre_tokenize_text(sample), `${split.config.pattern?.Regex} on ${JSON.stringify(sample)}`));
        }),
        { numRuns: 3000 },
      );
    });

    it(`${id}: splits one piece of 5,000,000 and 20,000,000 characters (the regular expression threw a stack overflow)`, function () {
      this.timeout(120_000); // a few seconds alone
      for (const length of [5_000_000, 20_000_000]) {
        for (const char of ['a', '中', ' ', '=']) {
          const sample = char.repeat(length);
          for (const split of ours) assert.equal(split.pre_tokenize_text(sample).join('').length, length, `${JSON.stringify(char)} × ${length}`);
        }
      }
      assert.throws(() => theirs.forEach((split) => split.pre_tokenize_text('中'.repeat(5_000_000))), RangeError);
    });
  }

  it('Qwen 3 splits on Unicode 16 like the vendor’s Rust tokenizer, not on the runtime’s tables: 𐥀 (U+10940) is no letter there', () => {
    const qwen = getTokenizer('qwen3');
    // Unicode 16: `𐥀'` (no letter, then punctuation) and `t`; 3 + 1 byte tokens, then `t`.
    assert.equal(qwen.count("\u{10940}'t"), 5);
    if (/\p{L}/u.test('\u{10940}')) {
      // This runtime has Unicode 17: Hugging Face's JavaScript regex makes `𐥀` a word and `'t` a contraction.
      const hf = new HfTokenizer(loadVocabulary('qwen3').json as never, {});
      assert.equal(hf.tokenize("\u{10940}'t", { add_special_tokens: false }).length, 4);
    }
  });

  it('Qwen 3 folds ſ to s in its contractions as Oniguruma does (the JavaScript port folds ASCII only)', () => {
    const json = loadVocabulary('qwen3').json;
    const tokenizer = new HfTokenizer(json as never, {});
    installOwnSplits(tokenizer);
    assert.deepEqual(splitsOf(tokenizer)[0].pre_tokenize_text("it'ſa"), ['it', "'ſ", 'a']);
  });
});
