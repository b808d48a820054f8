import { strict as assert } from 'node:assert';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import fc from 'fast-check';
import { VENDOR_VOCABULARIES, VocabularyTokenizer } from '../../../../src/core/tokenizers/vendor';
import { vendorCounter } from '../../../../src/core/tokenizers/vendorCount';
import { loadVocabulary, type VocabularyName } from '../../../../src/core/tokenizers/vocabulary';
import { adversarialText, base64Text, cjkRun } from '../../../support/adversarialText';
import { corpus } from '../../../support/corpus';

// The vendor counts (vendorCount.ts) against Hugging Face's own pipeline, untouched: the same
// number of tokens on every text (the texts here avoid the code points where the runtime's
// Unicode tables and the vendor's differ; vendorPreTokenizer.test.ts covers those).
describe('vendor counts against Hugging Face’s pipeline', function () {
  this.timeout(120_000);
  for (const id of ['qwen3', 'deepseek_v3', 'gemma3'] as VocabularyName[]) {
    describe(id, () => {
      const ours = new VocabularyTokenizer(VENDOR_VOCABULARIES[id]);
      const theirs = new HfTokenizer(loadVocabulary(id).json as never, {});
      const reference = (text: string): number => theirs.tokenize(text, { add_special_tokens: false }).length;

      it('is used for this vocabulary, and not for a pipeline it does not know', () => {
        ours.load();
        assert.ok(vendorCounter((ours as unknown as { engine: unknown }).engine));
        if (id !== 'gemma3') assert.equal(vendorCounter(theirs), undefined, 'the JavaScript regex Split is not ours: no byte-level count');
      });

      it('counts random adversarial texts as the pipeline does', () => {
        fc.assert(
          fc.property(adversarialText(400), (text) => assert.equal(ours.count(text), reference(text), JSON.stringify(text.slice(0, 80)))),
          { numRuns: 150 },
        );
      });

      it('counts prose, Chinese, code, JSON, base64, long runs and added tokens as the pipeline does', () => {
        const texts = {
          english: corpus('english', 40_000, 7),
          chinese: corpus('chinese', 40_000, 7),
          code: corpus('code', 40_000, 7),
          json: corpus('json', 40_000, 7),
          base64: base64Text(40_000, 7),
          cjk: cjkRun(20_000, 7),
          // One piece of real words: merges join characters across most cuts the junction filter sees.
          chineseWords: corpus('chinese', 40_000, 8).replace(/[^\p{Script=Han}]/gu, ''),
          runs: `${'a'.repeat(30_000)} ${'='.repeat(20_000)}\n${' '.repeat(20_000)}x`,
          added: '<think>why</think>\n<tool_call>{"a": 1}</tool_call> <｜User｜>hi<｜Assistant｜> <|fim_prefix|>x',
          nfc: 'e\u0301 Å A\u030a \ufb01 \u1e9b\u0323',
          unknown: '\u{10FFFD} \u{E0001}\u{1D7CE}𓀀 \uFFFF x\u0378y 😀🫠 \u{30000}',
        };
        for (const [label, text] of Object.entries(texts)) assert.equal(ours.count(text), reference(text), label);
      });

      it('counts runs of 5,000,000 of one character (Hugging Face’s split threw a stack overflow on 中)', () => {
        for (const char of ['中', ' ', 'a', '=']) {
          // A block length for which the reference itself merges a run as whole blocks and the rest
          // (a multiple of the run's token lengths: 2048 for most, 31 × 64 for Gemma's ▁ runs).
          const block = [2048, 31 * 64, 1920].find((size) => reference(char.repeat(2 * size + 5)) === 2 * reference(char.repeat(size)) + reference(char.repeat(5)));
          assert.ok(block, `${JSON.stringify(char)}: no block length`);
          const blocks = Math.floor(5_000_000 / block);
          const expected = blocks * reference(char.repeat(block)) + reference(char.repeat(5_000_000 - blocks * block));
          assert.equal(ours.count(char.repeat(5_000_000)), expected, JSON.stringify(char));
        }
      });
    });
  }
});
