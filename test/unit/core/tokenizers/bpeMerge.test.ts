import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { HEAP_MERGE_FROM, mergeHeap, mergeParts, mergePlain, type PairRank } from '../../../../src/core/tokenizers/bpeMerge';
import { BytePairCounter, byteString, type RankTable } from '../../../../src/core/tokenizers/bytePairCounter';
import { encoderSetup } from '../../../../src/core/tokenizers/tiktoken';
import { adversarialText } from '../../../support/adversarialText';

/** A random vocabulary over a small alphabet: every pair of symbols a rank or none, ranks unique. */
function syntheticRanks(symbols: readonly number[], table: ReadonlyMap<string, number>): PairRank {
  return (from, mid, to) => table.get(`${symbols.slice(from, mid).join(',')}|${symbols.slice(mid, to).join(',')}`) ?? -1;
}

function counter(name: 'o200k_base' | 'cl100k_base'): BytePairCounter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const table = (require(`gpt-tokenizer/bpeRanks/${name}`) as { default: RankTable }).default;
  return new BytePairCounter(table, encoderSetup(name).pattern);
}

describe('byte-pair merge: heap against the plain rank-ordered loop', () => {
  it('gives the same parts on random symbols with random pair ranks (ties between equal ranks included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 300 }),
        fc.array(fc.tuple(fc.string({ unit: fc.constantFrom('0', '1', '2', '3', ','), maxLength: 7 }), fc.string({ unit: fc.constantFrom('0', '1', '2', '3', ','), maxLength: 7 }), fc.integer({ min: 0, max: 20 })), { maxLength: 200 }),
        (symbols, entries) => {
          const table = new Map(entries.map(([left, right, rank]) => [`${left}|${right}`, rank] as const));
          // Single symbols always pair-merge where the table says so, so short tables still merge.
          for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) if ((a + b) % 3 === 0) table.set(`${a}|${b}`, a * 4 + b);
          const rank = syntheticRanks(symbols, table);
          assert.deepEqual(Array.from(mergeHeap(symbols.length, rank)), Array.from(mergePlain(symbols.length, rank)));
        },
      ),
      { numRuns: 400 },
    );
  });

  for (const name of ['o200k_base', 'cl100k_base'] as const) {
    const bpe = counter(name);
    it(`${name}: same tokens on adversarial pieces (runs, alternations, CJK, emoji, base64)`, () => {
      fc.assert(
        fc.property(adversarialText(400), (text) => {
          const bytes = byteString(text);
          const rank = bpe.pairRank(bytes);
          assert.deepEqual(Array.from(mergeHeap(bytes.length, rank)), Array.from(mergePlain(bytes.length, rank)));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('merges long pieces with the heap: a 20,000-byte run gives the plain loop’s parts', () => {
    const bpe = counter('o200k_base');
    const bytes = 'a'.repeat(20_000);
    const rank = bpe.pairRank(bytes);
    assert.ok(bytes.length >= HEAP_MERGE_FROM);
    assert.deepEqual(Array.from(mergeParts(bytes.length, rank)), Array.from(mergePlain(bytes.length, rank)));
  });

  it('encodes lone surrogates as U+FFFD, as tiktoken receives them', () => {
    assert.equal(byteString('a\ud800b'), 'a\xef\xbf\xbdb');
    assert.equal(byteString('\udc00'), '\xef\xbf\xbd');
    assert.equal(byteString('😀é'), '\xf0\x9f\x98\x80\xc3\xa9');
  });
});
