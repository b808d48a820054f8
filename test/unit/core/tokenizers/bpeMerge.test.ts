import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { mergePlain } from '../../../../src/core/tokenizers/bpeMerge';
import { BytePairCounter, byteString, type RankTable } from '../../../../src/core/tokenizers/bytePairCounter';
import { encoderSetup, TiktokenTokenizer } from '../../../../src/core/tokenizers/tiktoken';

function counter(name: 'o200k_base' | 'cl100k_base'): BytePairCounter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const table = (require(`gpt-tokenizer/bpeRanks/${name}`) as { default: RankTable }).default;
  return new BytePairCounter(table, encoderSetup(name).pattern);
}

// mergePlain is the reference the fast merges (segmentMerge.test.ts) are held to: it must itself
// be tiktoken's merge.
describe('byte-pair merge: the plain rank-ordered loop (the reference)', () => {
  for (const name of ['o200k_base', 'cl100k_base'] as const) {
    const bpe = counter(name);
    const tiktoken = new TiktokenTokenizer(name);
    it(`${name}: as many parts as tiktoken's tokens on pieces the pattern keeps whole`, () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[a-z]{1,60}$|^[=\-]{1,60}$|^[中文字]{1,20}$/), (piece) => {
          const bytes = byteString(piece);
          const parts = mergePlain(bytes.length, bpe.pairRank(bytes)).length - 1;
          assert.equal(parts, tiktoken.encode(piece).length, piece);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('encodes lone surrogates as U+FFFD, as tiktoken receives them', () => {
    assert.equal(byteString('a\ud800b'), 'a\xef\xbf\xbdb');
    assert.equal(byteString('\udc00'), '\xef\xbf\xbd');
    assert.equal(byteString('😀é'), '\xf0\x9f\x98\x80\xc3\xa9');
  });
});
