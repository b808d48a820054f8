import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { mergePlain } from '../../../../src/core/tokenizers/bpeMerge';
import { PairCache, RANK_SCALE } from '../../../../src/core/tokenizers/pairCache';
import { cutHolds, mergeLongPiece, mergeSegment, SegmentMemo } from '../../../../src/core/tokenizers/segmentMerge';

/**
 * A random vocabulary over a four-letter alphabet: the letters, then random strings with random
 * ranks. The ranks need not be those of a trained BPE (a longer token may rank below its parts):
 * the cut check is argued for any rank table, so it is tested on such tables too.
 */
interface Vocabulary {
  readonly ranks: Map<string, number>;
  readonly tokens: string[];
}

const vocabulary = fc
  .array(fc.stringMatching(/^[abcd]{2,7}$/), { minLength: 5, maxLength: 120 })
  .chain((extra) => fc.shuffledSubarray([...new Set(['aa', 'ab', 'ba', 'aaaa', 'cd', ...extra])]))
  .chain((tokens) => fc.tuple(fc.constant(tokens), fc.array(fc.integer({ min: 4, max: 400 }), { minLength: tokens.length, maxLength: tokens.length })))
  .map(([extra, ranks]): Vocabulary => {
    const map = new Map<string, number>(['a', 'b', 'c', 'd'].map((letter, i) => [letter, i]));
    const tokens = ['a', 'b', 'c', 'd'];
    extra.forEach((token, i) => {
      if (map.has(token)) return;
      // Ranks double as ids here, as in tiktoken: keep them distinct.
      const rank = 4 + ranks[i] * 200 + i;
      map.set(token, rank);
      tokens[rank] = token;
    });
    return { ranks: map, tokens };
  });

/** Text with long runs of one block, as pieces no pre-tokenizer splits are. */
const text = fc
  .array(
    fc.oneof(
      fc.tuple(fc.stringMatching(/^[abcd]{1,3}$/), fc.integer({ min: 1, max: 400 })).map(([block, times]) => block.repeat(times)),
      fc.stringMatching(/^[abcd]{1,40}$/),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(''));

function pairsOf(vocab: Vocabulary): PairCache {
  return new PairCache((left, right) => {
    const rank = vocab.ranks.get(vocab.tokens[left] + vocab.tokens[right]);
    return rank === undefined ? -1 : rank * RANK_SCALE + rank;
  });
}

function symbolsOf(vocab: Vocabulary, piece: string): Int32Array {
  return Int32Array.from(piece, (letter) => vocab.ranks.get(letter) as number);
}

function plainStarts(vocab: Vocabulary, piece: string): number[] {
  const boundaries = mergePlain(piece.length, (from, _mid, to) => vocab.ranks.get(piece.slice(from, to)) ?? -1);
  return Array.from(boundaries.slice(0, -1));
}

describe('merge of long pieces stretch by stretch, with checked cuts (segmentMerge.ts)', () => {
  it('gives the parts of the plain rank-ordered merge, on random rank tables and texts with long runs', () => {
    fc.assert(
      fc.property(vocabulary, text, fc.array(fc.boolean(), { maxLength: 64 }), (vocab, piece, unitMask) => {
        const symbols = symbolsOf(vocab, piece);
        // Units of one to three letters (as a character's UTF-8 bytes are), in a repeating pattern.
        const continues = Uint8Array.from(piece, (_, i) => (i > 0 && unitMask.length > 0 && unitMask[i % unitMask.length] ? 1 : 0));
        const merged = mergeLongPiece(symbols, symbols.length, continues, pairsOf(vocab), new SegmentMemo());
        const expected = plainStarts(vocab, piece);
        assert.deepEqual(Array.from(merged.starts()), expected, piece);
        assert.equal(merged.count, expected.length);
      }),
      { numRuns: 400 },
    );
  });

  it('the heap merge of a long stretch gives the plain merge’s parts (ties between equal ranks included)', () => {
    fc.assert(
      fc.property(vocabulary, fc.stringMatching(/^[abcd]{48,400}$/), (vocab, piece) => {
        const segment = mergeSegment(symbolsOf(vocab, piece), 0, piece.length, pairsOf(vocab));
        assert.deepEqual(Array.from(segment.starts), plainStarts(vocab, piece), piece);
      }),
      { numRuns: 300 },
    );
  });

  it('a cut check holds exactly when the merge of the two stretches together never merges across the cut', () => {
    fc.assert(
      fc.property(vocabulary, fc.stringMatching(/^[abcd]{1,30}$/), fc.stringMatching(/^[abcd]{1,30}$/), (vocab, left, right) => {
        const pairs = pairsOf(vocab);
        const symbols = symbolsOf(vocab, left + right);
        const holds = cutHolds(mergeSegment(symbols, 0, left.length, pairs), mergeSegment(symbols, left.length, symbols.length, pairs), pairs);
        assert.equal(holds, neverMergesAcross(vocab, left, right));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays exact past the memo’s 32,768 units (a piece of 40,000 distinct characters, some cuts failing)', () => {
    // Units 100k and 100k + 1 merge; for even k the result merges with 100k + 2 too.
    const units = 40_000;
    const pairs = new PairCache((left, right) => {
      if (left < 100_000 && left % 100 === 0 && right === left + 1) return (left % 7) * RANK_SCALE + 100_000 + left;
      const start = left - 100_000;
      if (start >= 0 && start < 100_000 && start % 200 === 0 && right === start + 2) return (10 + (start % 5)) * RANK_SCALE + 200_000 + start;
      return -1;
    });
    const expectedStarts: number[] = [];
    for (let i = 0; i < units; i++) if (i % 100 !== 1 && (i % 200 !== 2 || i < 2)) expectedStarts.push(i);
    const symbols = Int32Array.from({ length: units }, (_, i) => i);
    const memo = new SegmentMemo();
    for (let run = 0; run < 2; run++) {
      const merged = mergeLongPiece(symbols.slice(), units, new Uint8Array(units), pairs, memo);
      assert.equal(merged.count, expectedStarts.length, `run ${run}`);
      assert.deepEqual(Array.from(merged.starts()), expectedStarts, `run ${run}`);
    }
    assert.ok(memo.segments.length > 30_000, 'the memo filled up');
  });

  it('merges a run of 5,000,001 of one letter (one block checked once)', () => {
    const vocab: Vocabulary = { ranks: new Map([['a', 0], ['aa', 1], ['aaaa', 2], ['aaa', 3]]), tokens: ['a', 'aa', 'aaaa', 'aaa'] };
    const length = 5_000_001;
    const merged = mergeLongPiece(new Int32Array(length), length, new Uint8Array(length), pairsOf(vocab), new SegmentMemo());
    assert.equal(merged.count, 1_250_001);
  });
});

/** Whether the plain merge of left + right never merges a pair across the cut between them. */
function neverMergesAcross(vocab: Vocabulary, left: string, right: string): boolean {
  const piece = left + right;
  const starts: number[] = [];
  for (let i = 0; i <= piece.length; i++) starts.push(i);
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let k = 0; k + 2 < starts.length; k++) {
      const rank = vocab.ranks.get(piece.slice(starts[k], starts[k + 2]));
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = k;
      }
    }
    if (best < 0) return true;
    if (starts[best + 1] === left.length) return false;
    starts.splice(best + 1, 1);
  }
}
