import { strict as assert } from 'node:assert';
import { KeyedDebounce } from '../../../src/extension/keyedDebounce';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('keyed debounce (per-document and per-entry recounts)', () => {
  it('runs once per key after its last schedule, leaving other keys alone', async () => {
    const debounce = new KeyedDebounce();
    const runs: string[] = [];
    debounce.schedule('a', 60_000, () => runs.push('a first'));
    debounce.schedule('b', 0, () => runs.push('b'));
    debounce.schedule('a', 0, () => runs.push('a last'));
    assert.equal(debounce.waiting, 2);
    while (debounce.waiting > 0) await sleep(2);
    assert.deepEqual(runs.sort(), ['a last', 'b']);
  });

  it('dispose drops every waiting run', async () => {
    const debounce = new KeyedDebounce();
    const runs: string[] = [];
    debounce.schedule('a', 10, () => runs.push('a'));
    debounce.dispose();
    assert.equal(debounce.waiting, 0);
    await sleep(30);
    assert.deepEqual(runs, []);
  });
});
