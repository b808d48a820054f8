import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { BytePairCounter, type RankTable } from '../../../../src/core/tokenizers/bytePairCounter';
import { PairCache, RANK_SCALE } from '../../../../src/core/tokenizers/pairCache';
import { ShortPieceMemo, SHORT_PIECE_LIMIT } from '../../../../src/core/tokenizers/shortPieceMemo';
import { encoderSetup } from '../../../../src/core/tokenizers/tiktoken';

// The short-piece path of a count: pieces of up to 8 ASCII units looked up by their packed code
// units (no string), pairs of small ids answered from a direct table, and tiktoken's "a piece
// that is a token is one token" checked through a hash filter before any string is made.

/** Short strings over an alphabet with NUL, the last ASCII unit and non-ASCII units. */
const shortText = fc.array(fc.constantFrom('a', 'b', 'Z', '0', '+', '/', '\u0000', '\u007f', 'é', '中'), { minLength: 1, maxLength: SHORT_PIECE_LIMIT + 2 }).map((units) => units.join(''));

describe('ShortPieceMemo', () => {
  it('answers only what was remembered for exactly that piece, even when pieces share slots', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(shortText, fc.integer({ min: 1, max: 8 })), { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (entries, slotBits) => {
        // A table of 2 to 16 slots: most pieces collide, and a collision must read as a miss.
        const memo = new ShortPieceMemo(slotBits);
        const model = new Map<string, number>();
        for (const [piece, tokens] of entries) {
          const padded = `xx${piece}yy`;
          const known = memo.get(padded, 2, 2 + piece.length);
          const eligible = piece.length <= SHORT_PIECE_LIMIT && !/[^\u0000-\u007f]/.test(piece);
          if (!eligible) {
            assert.equal(known, -1, JSON.stringify(piece));
            continue;
          }
          if (piece.length === 1) {
            // A single ASCII unit is one byte: one token, without a slot.
            assert.equal(known, 1);
            continue;
          }
          if (known > 0) assert.equal(known, model.get(piece), `${JSON.stringify(piece)} answered another piece's count`);
          else {
            assert.equal(known, 0);
            memo.remember(tokens);
            model.set(piece, tokens);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart pieces that differ in length only by NUL units, or in one unit', () => {
    const memo = new ShortPieceMemo();
    const pieces = ['ab', 'ab\u0000', 'ab\u0000\u0000\u0000\u0000\u0000\u0000', 'ba', 'abcdefgh', 'abcdefgi', '\u007f\u007f', 'abcdefghijklmnop', 'abcdefghijklmnoq', 'bbcdefghijklmnop'];
    pieces.forEach((piece, i) => {
      assert.equal(memo.get(piece, 0, piece.length), 0, JSON.stringify(piece));
      memo.remember(1 + i);
    });
    pieces.forEach((piece, i) => assert.equal(memo.get(piece, 0, piece.length), 1 + i, JSON.stringify(piece)));
    assert.equal(memo.get('abcdefghijklmnopq', 0, 17), -1, 'longer than the limit');
    memo.clear();
    assert.equal(memo.get('ab', 0, 2), 0);
  });
});

describe('PairCache on small ids', () => {
  it('gives the ranks and merged ids its resolver gives, resolving each pair once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -1, max: 300 }), fc.integer({ min: -1, max: 300 })), { maxLength: 200 }), (pairs) => {
        // A made-up vocabulary: (a, b) merges when a + b is even, with rank a + b and id 1000 + a·301 + b.
        const resolve = (left: number, right: number): number => ((left + right) % 2 === 0 ? (left + right) * RANK_SCALE + 1000 + left * 301 + right : -1);
        const calls = new Map<number, number>();
        const cache = new PairCache((left, right) => {
          calls.set(left * 301 + right, (calls.get(left * 301 + right) ?? 0) + 1);
          return resolve(left, right);
        });
        for (const [left, right] of [...pairs, ...pairs]) {
          const rank = cache.rank(left, right);
          const packed = left < 0 || right < 0 ? -1 : resolve(left, right);
          assert.equal(rank, packed < 0 ? -1 : left + right, `rank of (${left}, ${right})`);
          if (rank >= 0) assert.equal(cache.merged, 1000 + left * 301 + right, `merged id of (${left}, ${right})`);
        }
        for (const [pair, n] of calls) assert.equal(n, 1, `pair ${pair} resolved ${n} times`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('BytePairCounter on short ASCII pieces', () => {
  // Every byte, then "xyz", which no merge reaches ("xy" and "yz" are no tokens), then "pq".
  const table: RankTable = [...Array.from({ length: 256 }, (_, byte) => [byte]), 'xyz', 'pq'];
  const pattern = encoderSetup('o200k_base').pattern;

  it('counts a short piece that is a token as one token even when merging its bytes cannot make it', () => {
    const counter = new BytePairCounter(table, pattern);
    // Twice each: the first count merges, the second is the remembered one.
    for (let round = 0; round < 2; round++) {
      assert.equal(counter.count('xyz'), 1);
      assert.equal(counter.count('xyzx'), 4);
      assert.equal(counter.count('xyw'), 3);
      assert.equal(counter.count('pqpq'), 2);
      // " xyz" (with its space) is one piece and no token; a digit splits "xyz7xyz" into three pieces.
      assert.equal(counter.count(' xyz'), 4);
      assert.equal(counter.count('xyz7xyz'), 3);
      assert.equal(counter.countPiece('xyz'), 1);
    }
    counter.clearMemo();
    assert.equal(counter.count('xyzxyz7xyz'), 6 + 1 + 1);
  });
});
