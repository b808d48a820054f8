import { strict as assert } from 'node:assert';
import { ChunkIndex } from '../../../../../src/core/counting/chunkIndex';
import { DEFAULT_SIZING } from '../../../../../src/core/counting/chunker';
import { cutRuleFor } from '../../../../../src/core/counting/cutRules';
import { DocumentTokenCount } from '../../../../../src/core/counting/documentCount';
import { getTokenizer } from '../../../../../src/core/tokenizers/registry';
import { CountWorkerClient, JobCancelledError } from '../../../../../src/core/counting/worker/client';
import { buildCountWorker } from '../../../../support/countWorkerBundle';
import { corpus } from '../../../../support/corpus';

describe('count worker', function () {
  // Bundling the worker takes a second or two on a busy machine.
  this.timeout(60_000);
  let client: CountWorkerClient;

  before(async () => {
    client = new CountWorkerClient(await buildCountWorker('test-worker'));
  });

  after(() => client.dispose());

  it('chunks and counts a document off the thread, exactly', async () => {
    const text = corpus('code', 200_000, 5);
    const o200k = getTokenizer('o200k_base');
    const chunks = await client.index(text, 'o200k_base', DEFAULT_SIZING);
    const index = ChunkIndex.fromCounts(text, chunks.lengths, chunks.counts, (s) => o200k.count(s), cutRuleFor('o200k_base')!);
    assert.equal(index.total, o200k.count(text));
  });

  it('cancels a job when its signal aborts', async () => {
    const controller = new AbortController();
    const job = client.index(corpus('english', 500_000, 2), 'o200k_base', DEFAULT_SIZING, { signal: controller.signal });
    controller.abort();
    await assert.rejects(job, JobCancelledError);
    // The worker still serves the next job.
    assert.equal(await client.count('hello world', 'o200k_base'), 2);
  });

  it('reports an unknown tokenizer as a failure, not a crash', async () => {
    await assert.rejects(client.count('x', 'no-such-tokenizer'), /Unknown tokenizer/);
    assert.equal(await client.count('x', 'cl100k_base'), 1);
  });

  it('replays edits that arrive during a first count on the worker', async () => {
    const text = corpus('json', 150_000, 4);
    const o200k = getTokenizer('o200k_base');
    const live = new DocumentTokenCount(o200k, { worker: client, inlineLimit: 10_000 });
    const loading = live.load(text);
    const edits = [
      { rangeOffset: 10, rangeLength: 0, text: 'typed while counting\n' },
      { rangeOffset: 100_000, rangeLength: 50, text: '' },
    ];
    live.applyChanges(edits);
    assert.equal(live.current(), undefined);
    await loading;
    let expected = text;
    for (const e of edits) expected = expected.slice(0, e.rangeOffset) + e.text + expected.slice(e.rangeOffset + e.rangeLength);
    assert.equal(live.current(), o200k.count(expected));
    assert.equal(await live.countRange(0, 5000), o200k.count(expected.slice(0, 5000)));
  });
});
