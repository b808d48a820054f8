import { strict as assert } from 'node:assert';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import fc from 'fast-check';
import { installFastMerge } from '../../../../src/core/tokenizers/vendorMerge';
import { loadVocabulary, type VocabularyName } from '../../../../src/core/tokenizers/vocabulary';
import { adversarialText, base64Text, cjkRun } from '../../../support/adversarialText';
import { corpus } from '../../../support/corpus';

// The vendor vocabularies keep Hugging Face's pipeline (added tokens, normalizer, pre-tokenizer,
// byte-level mapping, byte fallback); only the model's `bpe(token)` is ours. Each text is
// tokenized twice by one engine: with our merge, then with the library's own (the prototype's).
describe('vendor BPE: our merge against @huggingface/tokenizers’ own', function () {
  this.timeout(120_000);
  for (const name of ['qwen3', 'deepseek_v3', 'gemma3'] as VocabularyName[]) {
    describe(name, () => {
      let engine: HfTokenizer;
      let model: { bpe?: unknown };
      let fast: unknown;
      before(() => {
        engine = new HfTokenizer(loadVocabulary(name).json, {});
        assert.ok(installFastMerge(engine), 'the BPE model has the shape vendorMerge.ts expects');
        model = (engine as unknown as { model: { bpe?: unknown } }).model;
        fast = model.bpe;
      });
      after(() => {
        engine = undefined as unknown as HfTokenizer;
      });

      const both = (text: string): [string[], string[]] => {
        model.bpe = fast;
        const ours = engine.tokenize(text, { add_special_tokens: false });
        delete model.bpe;
        const theirs = engine.tokenize(text, { add_special_tokens: false });
        model.bpe = fast;
        return [ours, theirs];
      };

      it('gives the same tokens on random adversarial texts', () => {
        fc.assert(
          fc.property(adversarialText(800), (text) => {
            const [ours, theirs] = both(text);
            assert.deepEqual(ours, theirs);
          }),
          { numRuns: 60 },
        );
      });

      it('gives the same tokens on long runs, CJK, base64 and ordinary text', () => {
        const texts = {
          letters: 'a'.repeat(50_000),
          cjkOne: '中'.repeat(20_000),
          cjkVaried: cjkRun(20_000, 3),
          // One piece of real words: merges join characters across most cuts the junction filter sees.
          chineseWords: corpus('chinese', 30_000, 8).replace(/[^\p{Script=Han}]/gu, ''),
          spaces: ' '.repeat(30_000),
          separators: `${'='.repeat(20_000)}\n${'-'.repeat(20_000)}`,
          base64: base64Text(100_000, 4),
          english: corpus('english', 30_000, 5),
          code: corpus('code', 30_000, 6),
        };
        for (const [label, text] of Object.entries(texts)) {
          const [ours, theirs] = both(text);
          assert.equal(ours.length, theirs.length, label);
          assert.deepEqual(ours, theirs, label);
        }
      });
    });
  }
});
