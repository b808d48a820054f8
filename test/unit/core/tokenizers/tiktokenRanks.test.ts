import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { encoderSetup, tiktokenRankText, type OpenAiEncodingName } from '../../../../src/core/tokenizers/tiktoken';

/**
 * Each OpenAI vocabulary ships once (gpt-tokenizer's table); tiktoken's encoder, the fallback for
 * U+0085/U+FEFF and the CJK path, is built from it. Proof that nothing changes: the rank text,
 * pattern and special tokens built here equal tiktoken's own rank file byte for byte. (The counts
 * themselves are compared with tiktoken in tiktoken.test.ts and tokenizer-fast-path.test.ts.)
 */
describe('tiktoken encoder built from gpt-tokenizer’s rank table', () => {
  for (const name of ['o200k_base', 'cl100k_base'] as OpenAiEncodingName[]) {
    it(`${name}: same ranks, pattern and special tokens as tiktoken's rank file`, () => {
      const file = JSON.parse(readFileSync(require.resolve(`tiktoken/encoders/${name}.json`), 'utf8')) as {
        bpe_ranks: string;
        special_tokens: Record<string, number>;
        pat_str: string;
      };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require(`gpt-tokenizer/bpeRanks/${name}`) as { default: (string | number[])[] };
      assert.ok(tiktokenRankText(module.default) === file.bpe_ranks, 'rank text differs');
      assert.equal(encoderSetup(name).pattern, file.pat_str);
      assert.deepEqual(encoderSetup(name).special, file.special_tokens);
    });
  }
});
