import { strict as assert } from 'node:assert';
import { BitFilter, mixHash } from '../../../../src/core/tokenizers/bitFilter';

describe('BitFilter (a Bloom filter of hashes)', () => {
  it('never says no for a hash it was given, and says no for most others', () => {
    const filter = BitFilter.forKeys(10_000, 16);
    for (let key = 0; key < 10_000; key++) filter.add(mixHash(key));
    for (let key = 0; key < 10_000; key++) assert.ok(filter.mayHave(mixHash(key)), String(key));
    let maybe = 0;
    for (let key = 10_000; key < 110_000; key++) if (filter.mayHave(mixHash(key))) maybe++;
    assert.ok(maybe < 3_000, `${maybe} of 100,000 others said maybe`);
  });

  it('is sized by keys and bits a key, within 2⁵ to 2²² bits', () => {
    assert.throws(() => new BitFilter(48), RangeError);
    assert.throws(() => new BitFilter(1 << 23), RangeError);
    assert.doesNotThrow(() => BitFilter.forKeys(10_000_000, 16), 'capped at 2²² bits');
  });
});
