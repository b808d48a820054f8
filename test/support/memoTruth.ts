import { strict as assert } from 'node:assert';

/** A memo of counts as its tests drive it: a look-up of one stretch (its `get` bound to where the stretch is read) and `remember`. */
interface CountMemo<Stretch> {
  get(stretch: Stretch): number;
  remember(tokens: number): void;
}

/**
 * Feeds `stretches` to `memo` in order and checks every answer against the truth: a hit is the
 * count remembered for that very stretch, a miss is 0 and then remembers `countOf(stretch)`, and
 * a stretch just remembered is a hit. `keyOf` tells stretches apart as the memo must.
 */
export function assertMemoAnswersOwnCounts<Stretch>(memo: CountMemo<Stretch>, stretches: readonly Stretch[], keyOf: (stretch: Stretch) => string, countOf: (stretch: Stretch) => number): void {
  const truth = new Map<string, number>();
  for (const stretch of stretches) {
    const key = keyOf(stretch);
    const known = memo.get(stretch);
    if (known > 0) assert.equal(known, truth.get(key), `hit for ${key}`);
    else {
      assert.equal(known, 0);
      memo.remember(countOf(stretch));
      truth.set(key, countOf(stretch));
    }
    assert.equal(memo.get(stretch), countOf(stretch), `just remembered ${key}`);
  }
}
