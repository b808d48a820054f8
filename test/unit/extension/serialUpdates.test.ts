import { strict as assert } from 'node:assert';
import { SerialUpdates } from '../../../src/extension/serialUpdates';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds (timers on a busy machine fire late; the delays here are wide apart). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(2);
}

/** SerialUpdates over runs that record when they start and end, each taking `runMs`. */
function recorder(runMs = 0, fail?: (n: number) => boolean) {
  const log: string[] = [];
  let started = 0;
  let active = 0;
  let overlapped = false;
  const errors: unknown[] = [];
  const updates = new SerialUpdates(
    () => {
      const n = ++started;
      log.push(`due ${n}`);
      return async () => {
        overlapped ||= active > 0;
        active++;
        log.push(`run ${n}`);
        await sleep(runMs);
        active--;
        if (fail?.(n)) throw new Error(`run ${n} failed`);
      };
    },
    (error) => errors.push(error),
  );
  return { updates, log, errors, overlapped: () => overlapped };
}

describe('serial updates (the surfaces\' recount scheduling)', () => {
  it('debounce: a newer schedule replaces the waiting one, so a burst of events gives one run', async () => {
    const { updates, log } = recorder();
    for (let i = 0; i < 5; i++) {
      updates.debounce(300);
      await sleep(5);
    }
    assert.equal(updates.pending, true);
    // The last schedule's delay wins, however long the first one was.
    updates.debounce(0);
    await updates.whenIdle();
    assert.deepEqual(log, ['due 1', 'run 1']);
    assert.equal(updates.pending, false);
  });

  it('throttle: a waiting run keeps its time, so a later event neither delays nor hastens it', async () => {
    const { updates, log } = recorder();
    updates.throttle(60_000);
    updates.throttle(0);
    await sleep(50);
    assert.deepEqual(log, [], 'the first run keeps its (long) delay');
    assert.equal(updates.pending, true);
    updates.cancel();
    updates.throttle(0);
    await updates.whenIdle();
    assert.deepEqual(log, ['due 1', 'run 1']);
  });

  it('never overlaps runs; a run due while one is running waits for it, and is told it is due at once', async () => {
    const { updates, log, overlapped } = recorder(300);
    updates.debounce(0);
    await until(() => log.includes('run 1'));
    updates.debounce(0);
    updates.debounce(0);
    await until(() => log.includes('due 2'));
    // "due 2" while run 1 still runs: a surface numbering its runs there knows run 1 is stale.
    assert.deepEqual(log, ['due 1', 'run 1', 'due 2']);
    await updates.whenIdle();
    assert.deepEqual(log, ['due 1', 'run 1', 'due 2', 'run 2']);
    assert.equal(overlapped(), false);
  });

  it('now() runs after the one in progress and resolves when it has ended', async () => {
    const { updates, log } = recorder(20);
    void updates.now();
    await updates.now();
    assert.deepEqual(log, ['due 1', 'due 2', 'run 1', 'run 2']);
  });

  it('a failing run is reported and the next runs still happen', async () => {
    const { updates, log, errors } = recorder(0, (n) => n === 1);
    await updates.now();
    await updates.now();
    assert.deepEqual(log, ['due 1', 'run 1', 'due 2', 'run 2']);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /run 1 failed/);
  });

  it('cancel drops the waiting run (dispose); whenIdle then returns at once', async () => {
    const { updates, log } = recorder();
    updates.debounce(20);
    updates.cancel();
    assert.equal(updates.pending, false);
    await updates.whenIdle();
    await sleep(40);
    assert.deepEqual(log, []);
  });
});
