import { strict as assert } from 'node:assert';
import { parseDelay } from '../../../../src/extension/request/parseTiming';

describe('when prompt files are parsed', () => {
  it('parses quick files again at once', () => {
    assert.equal(parseDelay(undefined, 1000), 0);
    assert.equal(parseDelay({ ms: 3, end: 1000 }, 1000), 0);
  });

  it('spaces out a slow parse so typing leaves the host most of its time', () => {
    // A 200 ms parse that ended at t=1000: the next one waits until t=1800 (80% of the time free).
    assert.equal(parseDelay({ ms: 200, end: 1000 }, 1000), 800);
    assert.equal(parseDelay({ ms: 200, end: 1000 }, 1500), 300);
    assert.equal(parseDelay({ ms: 200, end: 1000 }, 2500), 0);
    const share = 200 / (200 + parseDelay({ ms: 200, end: 0 }, 0));
    assert.ok(share <= 0.2, `parsing takes ${share} of the time`);
  });
});
