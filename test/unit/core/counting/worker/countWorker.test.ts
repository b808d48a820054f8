import { strict as assert } from 'node:assert';
import { ChunkIndex } from '../../../../../src/core/counting/chunkIndex';
import { DEFAULT_SIZING } from '../../../../../src/core/counting/chunker';
import { cutRuleFor } from '../../../../../src/core/counting/cutRules';
import { safeCutNear } from '../../../../../src/core/counting/documentCount';
import { countingPlan } from '../../../../../src/core/counting/plan';
import { CountTimeLimitError, JobCancelledError } from '../../../../../src/core/counting/types';
import { CountWorkerClient, type StartWorker, type WorkerEvents } from '../../../../../src/core/counting/worker/client';
import { nodeWorkerStarter } from '../../../../../src/core/counting/worker/nodeWorker';
import { answersJob, type WorkerRequest, type WorkerResponse } from '../../../../../src/core/counting/worker/protocol';
import { CountServer } from '../../../../../src/core/counting/worker/serve';
import type { SyncFileAccess } from '../../../../../src/core/context/readText';
import { countWithTokenizers, inProcessCounter } from '../../../../../src/core/context/countText';
import { DocumentCounter } from '../../../../../src/core/counting/documentCounter';
import { getTokenizer } from '../../../../../src/core/tokenizers/registry';
import { buildCountWorker } from '../../../../support/countWorkerBundle';
import { corpus } from '../../../../support/corpus';
import { FakeDocument, range } from '../../../../support/fakeDocument';
import { MemoryFileSystem } from '../../../../support/memoryFileSystem';

/** A CountServer on this thread with a port that records its answers. */
function serverWithLog(files?: SyncFileAccess): { server: CountServer; answers: WorkerResponse[]; answered(job: number): Promise<WorkerResponse> } {
  const answers: WorkerResponse[] = [];
  const waiting = new Map<number, (response: WorkerResponse) => void>();
  const server = new CountServer({
    post: (message) => {
      answers.push(message);
      if (answersJob(message)) waiting.get(message.job)?.(message);
    },
    yieldToMessages: () => new Promise((resolve) => setImmediate(resolve)),
  }, files);
  const answered = (job: number): Promise<WorkerResponse> =>
    new Promise((resolve) => {
      const done = answers.find((answer) => answer.job === job && answersJob(answer));
      if (done) resolve(done);
      else waiting.set(job, resolve);
    });
  return { server, answers, answered };
}

/** A worker that answers nothing until told to (a thread stuck in one enormous piece). */
function stuckWorker(): { start: StartWorker; started: number; terminated: number; posted: WorkerRequest[]; events?: WorkerEvents } {
  const state: { start: StartWorker; started: number; terminated: number; posted: WorkerRequest[]; events?: WorkerEvents } = {
    started: 0,
    terminated: 0,
    posted: [],
    start: (events) => {
      state.started++;
      state.events = events;
      return { postMessage: (message) => state.posted.push(message), terminate: () => void state.terminated++ };
    },
  };
  return state;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A silent worker whose thread says it is loading tables for a first job, which is then cancelled,
 * while a second job waits behind it.
 */
function cancelDuringLoad(cancelGraceMs: number) {
  const worker = stuckWorker();
  const client = new CountWorkerClient(worker.start, { cancelGraceMs });
  const controller = new AbortController();
  const cancelled = client.count('a'.repeat(100), 'o200k_base', { signal: controller.signal });
  const waiting = client.count('next', 'o200k_base');
  const [first, second] = worker.posted.map((request) => ('job' in request ? request.job : -1));
  worker.events!.message({ type: 'loading', job: first! });
  controller.abort();
  return { worker, client, cancelled, waiting, first: first!, second: second! };
}

/**
 * Threads that each run a real CountServer here, and can be made to hang (drop every message, as
 * a thread stuck in one enormous piece answers nothing) until restarted.
 */
function hangableThreads(): { start: StartWorker; hang: boolean; started: number } {
  const state = {
    hang: false,
    started: 0,
    start: (events: WorkerEvents) => {
      state.started++;
      let alive = true;
      const server = new CountServer({
        post: (message) => setImmediate(() => alive && events.message(message)),
        yieldToMessages: () => new Promise((resolve) => setImmediate(resolve)),
      });
      return {
        postMessage: (message: WorkerRequest) => {
          if (!state.hang) setImmediate(() => alive && server.receive(message));
        },
        terminate: () => {
          alive = false;
          state.hang = false;
        },
      };
    },
  };
  return state;
}

/** Leaves `client` with a thread stuck in a cancelled job (the next job restarts it). */
async function strandThread(client: CountWorkerClient, threads: { hang: boolean }): Promise<void> {
  threads.hang = true;
  const controller = new AbortController();
  const job = client.count('a'.repeat(100), 'o200k_base', { signal: controller.signal });
  controller.abort();
  await assert.rejects(job, JobCancelledError);
  // Past the grace, with nothing else waiting: the thread is marked stuck, not yet restarted.
  await new Promise((resolve) => setTimeout(resolve, 60));
}

describe('count worker: the server side of the protocol', () => {
  it('answers a malformed or unknown request as failed, and survives a null message', async () => {
    const { server, answers, answered } = serverWithLog();
    server.receive(null);
    server.receive({ type: 'total' });
    server.receive({ type: 'launch-missiles', job: 7 });
    server.receive({ type: 'open', job: 8, session: 1, text: 42, tokenizer: 'o200k_base', sizing: DEFAULT_SIZING });
    assert.deepEqual(await answered(7), { type: 'failed', job: 7, message: 'unknown request type "launch-missiles"' });
    assert.equal((await answered(8)).type, 'failed');
    assert.equal(answers.length, 2, 'a message without a job has nobody to answer');
    server.receive({ type: 'count', job: 9, text: 'hello world', tokenizer: 'o200k_base' });
    assert.deepEqual(await answered(9), { type: 'counted', job: 9, tokens: 2, band: undefined });
  });

  it('reads and counts the files it is sent itself, with every tokenizer, or says why not, in one answer', async () => {
    const text = corpus('english', 5000, 3);
    const files = new MemoryFileSystem().file('/w/a.md', text).file('/w/logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    const { server, answered } = serverWithLog(files.sync);
    const tokenizers = ['o200k_base', 'estimate:generic', 'estimate:claude-3'];
    server.receive({ type: 'countFiles', job: 1, paths: ['/w/a.md', '/w/logo.png'], tokenizers, maxBytes: 1_000_000 });
    const answer = await answered(1);
    assert.equal(answer.type, 'filesCounted');
    const [file, logo] = (answer as Extract<WorkerResponse, { type: 'filesCounted' }>).files;
    assert.equal(file?.kind, 'text');
    if (file?.kind !== 'text') return;
    assert.deepEqual([file.bytes, file.characters], [text.length, text.length]);
    assert.deepEqual(
      file.counts.map(({ tokenizer, tokens }) => [tokenizer, tokens]),
      tokenizers.map((id) => [id, getTokenizer(id).count(text)]),
    );
    // Bands as a count on the walking thread gives them.
    const here = await countWithTokenizers(text, tokenizers, inProcessCounter);
    assert.deepEqual(file.counts.map(({ band }) => band), tokenizers.map((id) => here.get(id)!.band));
    assert.deepEqual(logo, { kind: 'skipped', reason: { kind: 'binary' } });
    server.receive({ type: 'countFiles', job: 3, paths: ['/w/a.md'], tokenizers, maxBytes: 100 });
    assert.deepEqual(await answered(3), { type: 'filesCounted', job: 3, files: [{ kind: 'skipped', reason: { kind: 'tooLarge', bytes: text.length, limit: 100 } }] });
    server.receive({ type: 'countFiles', job: 4, paths: ['/w/a.md'], tokenizers: [7], maxBytes: 100 });
    assert.match((await answered(4) as { message: string }).message, /malformed "countFiles" request/);
    // A file that fails to count is skipped with the reason; the files after it are still counted.
    server.receive({ type: 'countFiles', job: 6, paths: ['/w/gone.md', '/w/a.md'], tokenizers: ['o200k_base'], maxBytes: 1_000_000 });
    const [gone, after] = (await answered(6) as Extract<WorkerResponse, { type: 'filesCounted' }>).files;
    assert.equal(gone?.kind, 'skipped');
    assert.deepEqual(after?.kind === 'text' && after.counts.map(({ tokens }) => tokens), [getTokenizer('o200k_base').count(text)]);
    // A worker with no file access (a browser's) says so rather than guessing.
    const web = serverWithLog();
    web.server.receive({ type: 'countFiles', job: 5, paths: ['/w/a.md'], tokenizers, maxBytes: 1_000_000 });
    assert.match((await web.answered(5) as { message: string }).message, /cannot read files/);
  });

  it('reports an unknown tokenizer and an unknown session as failures', async () => {
    const { server, answered } = serverWithLog();
    server.receive({ type: 'count', job: 1, text: 'x', tokenizer: 'no-such-tokenizer' });
    assert.match((await answered(1) as { message: string }).message, /Unknown tokenizer/);
    server.receive({ type: 'total', job: 2, session: 99 });
    assert.match((await answered(2) as { message: string }).message, /Unknown count session 99/);
  });

  it('lets a small document\'s count through while another document\'s long first count runs', async () => {
    const { server, answers, answered } = serverWithLog();
    server.receive({ type: 'open', job: 1, session: 1, text: corpus('english', 2_000_000, 3), tokenizer: 'o200k_base', sizing: DEFAULT_SIZING });
    server.receive({ type: 'open', job: 2, session: 2, text: 'a small document', tokenizer: 'o200k_base', sizing: DEFAULT_SIZING });
    server.receive({ type: 'total', job: 3, session: 2 });
    assert.equal((await answered(3)).type, 'counted');
    const order = answers.filter(answersJob).map((answer) => answer.job);
    assert.deepEqual(order.slice(0, 2), [2, 3], 'the small document was answered first');
    assert.equal((await answered(1)).type, 'opened');
  });

  it('answers a cancelled job that was still queued at once, and a running one at its next slice', async () => {
    const { server, answers, answered } = serverWithLog();
    server.receive({ type: 'open', job: 1, session: 1, text: corpus('code', 3_000_000, 4), tokenizer: 'o200k_base', sizing: DEFAULT_SIZING });
    server.receive({ type: 'total', job: 2, session: 1 });
    server.receive({ type: 'cancel', job: 2 });
    assert.deepEqual(answers.at(-1), { type: 'cancelled', job: 2 }, 'queued behind the first count: answered at once');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const cancelledAt = performance.now();
    server.receive({ type: 'cancel', job: 1 });
    assert.equal((await answered(1)).type, 'cancelled');
    assert.ok(performance.now() - cancelledAt < 200, 'stopped at a slice boundary');
    assert.equal(answers.filter((answer) => answer.job === 2 && answersJob(answer)).length, 1, 'job 2 answered exactly once');
  });

  it('applies edits sent during a first count after it, in order', async () => {
    const { server, answered } = serverWithLog();
    const text = corpus('json', 150_000, 4);
    const edits = [
      { rangeOffset: 10, rangeLength: 0, text: 'typed while counting\n' },
      { rangeOffset: 100_000, rangeLength: 50, text: '' },
    ];
    server.receive({ type: 'open', job: 1, session: 5, text, tokenizer: 'o200k_base', sizing: DEFAULT_SIZING });
    server.receive({ type: 'edit', session: 5, changes: edits });
    server.receive({ type: 'total', job: 2, session: 5 });
    let expected = text;
    for (const e of edits) expected = expected.slice(0, e.rangeOffset) + e.text + expected.slice(e.rangeOffset + e.rangeLength);
    assert.equal((await answered(2) as { tokens: number }).tokens, getTokenizer('o200k_base').count(expected));
  });
});

describe('count worker: ranges and tokens requests', () => {
  it('answers a batch of ranges of a session with the total and each range\'s own count', async () => {
    const { server, answered } = serverWithLog();
    const text = '# Title\nIntro line.\n\n## Part one\nSome words here.\n## Part two\nMore words, 中文 too.\n';
    server.receive({ type: 'open', job: 1, session: 1, text, tokenizer: 'o200k_base', sizing: { minChars: 1, softMaxChars: 0 } });
    const starts = Uint32Array.of(0, 21, 49, 21);
    const ends = Uint32Array.of(21, 49, text.length, text.length);
    server.receive({ type: 'ranges', job: 2, session: 1, starts, ends });
    const answer = await answered(2);
    assert.equal(answer.type, 'ranged');
    if (answer.type !== 'ranged') return;
    const o200k = getTokenizer('o200k_base');
    assert.equal(answer.counts.total.tokens, o200k.count(text));
    assert.deepEqual(
      answer.counts.ranges.map((counted) => counted.tokens),
      Array.from(starts, (start, i) => o200k.count(text.slice(start, ends[i]))),
    );
  });

  it('answers a batch of ranges of a loose text (a saved version) for an estimate, with each range\'s band', async () => {
    const { server, answered } = serverWithLog();
    const text = 'English prose here.\n中文的句子。\nconst x = 1;\n';
    server.receive({ type: 'ranges', job: 1, text, tokenizer: 'estimate:claude-3', starts: Uint32Array.of(0, 20), ends: Uint32Array.of(20, text.length) });
    const answer = await answered(1);
    assert.equal(answer.type, 'ranged');
    if (answer.type !== 'ranged') return;
    const claude = getTokenizer('estimate:claude-3');
    assert.equal(answer.counts.total.tokens, claude.count(text));
    assert.deepEqual(answer.counts.ranges.map((counted) => counted.tokens), [claude.count(text.slice(0, 20)), claude.count(text.slice(20))]);
    assert.ok(answer.counts.ranges.every((counted) => counted.band !== undefined));
  });

  it('answers a tokens request with the window\'s tokens, ids, places and bytes', async () => {
    const { server, answered } = serverWithLog();
    const text = 'first line\nsecond 🎉 line\nthird line\n';
    server.receive({ type: 'tokens', job: 1, text, tokenizer: 'o200k_base', from: 11, to: 25, atDocumentStart: true, atDocumentEnd: true });
    const answer = await answered(1);
    assert.equal(answer.type, 'tokenized');
    if (answer.type !== 'tokenized') return;
    const { window } = answer;
    assert.equal(window.tokenizer, 'o200k_base');
    const pieces = Array.from(window.starts, (start, i) => text.slice(start, window.ends[i]));
    assert.equal(pieces[0], 'second');
    assert.ok(window.fragments.some(Boolean), 'the emoji is split into byte tokens');
    assert.equal(window.ids.length, window.starts.length);
  });

  it('fails malformed ranges and tokens requests, naming what is wrong', async () => {
    const { server, answered } = serverWithLog();
    server.receive({ type: 'ranges', job: 1, session: 1, starts: [0], ends: [1] });
    server.receive({ type: 'ranges', job: 2, session: 1, starts: Uint32Array.of(5), ends: Uint32Array.of(2) });
    server.receive({ type: 'ranges', job: 3, session: 1, text: 'x', tokenizer: 'o200k_base', starts: Uint32Array.of(0), ends: Uint32Array.of(1) });
    server.receive({ type: 'tokens', job: 4, text: 'abc', tokenizer: 'o200k_base', from: 2, to: 1, atDocumentStart: true, atDocumentEnd: true });
    server.receive({ type: 'tokens', job: 5, text: 'abc', tokenizer: 'o200k_base', from: 0, to: 1 });
    for (const job of [1, 2, 3, 4, 5]) {
      const answer = await answered(job);
      assert.equal(answer.type, 'failed', `job ${job}`);
      assert.match((answer as { message: string }).message, /malformed "(ranges|tokens)" request/);
    }
    server.receive({ type: 'ranges', job: 6, session: 42, starts: Uint32Array.of(0), ends: Uint32Array.of(1) });
    assert.match(((await answered(6)) as { message: string }).message, /Unknown count session 42/);
  });
});

describe('count worker: the client side', () => {
  it('fails a job past its time limit and restarts the thread, instead of waiting for ever', async () => {
    const worker = stuckWorker();
    const client = new CountWorkerClient(worker.start, { timeLimitMs: 50 });
    await assert.rejects(client.count('x', 'o200k_base'), CountTimeLimitError);
    assert.equal(worker.terminated, 1);
    assert.equal(client.running, false);
  });

  it('restarts a thread that does not stop a cancelled job within the grace, when others wait', async () => {
    const worker = stuckWorker();
    const client = new CountWorkerClient(worker.start, { cancelGraceMs: 50 });
    const controller = new AbortController();
    const stuck = client.count('a'.repeat(100), 'o200k_base', { signal: controller.signal });
    const waiting = client.count('next', 'o200k_base');
    controller.abort();
    await assert.rejects(stuck, JobCancelledError);
    const epoch = client.epoch;
    // The waiting job is rejected as cancelled (its caller starts over) once the thread is restarted.
    await assert.rejects(waiting, JobCancelledError);
    assert.equal(worker.terminated, 1);
    assert.equal(client.epoch, epoch + 1);
  });

  it('gives a cancel sent during a table load its whole grace once the load ends, not what a timer had left', async () => {
    // CI: the load ended 2 ms before a grace timer started during it fired; the thread had not
    // read its messages yet, and was restarted. Here the grace is 200 ms from the abort; the load
    // ends 10 ms before a timer re-armed at 200 ms would fire, and the cancel is answered 100 ms later.
    const { worker, client, cancelled, waiting, first, second } = cancelDuringLoad(200);
    await assert.rejects(cancelled, JobCancelledError);
    await sleep(390);
    worker.events!.message({ type: 'loaded', job: first });
    await sleep(100);
    worker.events!.message({ type: 'cancelled', job: first });
    worker.events!.message({ type: 'counted', job: second, tokens: 1 });
    assert.deepEqual(await waiting, { tokens: 1 });
    assert.equal(worker.terminated, 0, 'the thread was restarted');
    assert.equal(client.epoch, 0);
  });

  it('restarts a thread that leaves a cancel unanswered for a whole grace after a table load ends', async () => {
    const { worker, client, cancelled, waiting, first } = cancelDuringLoad(100);
    await assert.rejects(cancelled, JobCancelledError);
    await sleep(250);
    assert.equal(worker.terminated, 0, 'restarted during the load');
    worker.events!.message({ type: 'loaded', job: first });
    // Stuck after the load: the waiting job is rejected as cancelled once the thread is restarted.
    await assert.rejects(waiting, JobCancelledError);
    assert.equal(worker.terminated, 1);
    assert.equal(client.epoch, 1);
  });

  it('never sends a session job to the thread started in place of a stuck one: the session is gone with the old thread', async () => {
    // The soak test's "Unknown count session 13": the restart happened inside the total's submit,
    // which then asked the new thread for a session it never had and failed the count.
    const threads = hangableThreads();
    const client = new CountWorkerClient(threads.start, { cancelGraceMs: 20 });
    const opened = client.openSession('some text to count', 'o200k_base', DEFAULT_SIZING);
    await opened.ready;
    await strandThread(client, threads);
    await assert.rejects(client.sessionTotal(opened.session), JobCancelledError);
    assert.notEqual(client.epoch, opened.epoch, 'the stuck thread was replaced');
    await assert.rejects(client.sessionRange(opened.session, 0, 4), JobCancelledError);
    client.dispose();
  });

  it('a document count whose thread is replaced under it starts over, for the file and for a selection', async () => {
    const threads = hangableThreads();
    const client = new CountWorkerClient(threads.start, { cancelGraceMs: 20 });
    const counter = new DocumentCounter({ maxCharacters: () => 1_000_000, workers: { fast: client, slow: client } });
    const doc = new FakeDocument('first line\nsecond line\nthird line 中文\n');
    const o200k = getTokenizer('o200k_base');
    await counter.count(doc, [], 'o200k_base');
    counter.applyChanges(doc.uri.toString(), doc.version + 1, [doc.edit(0, 5, 'one')]);
    await strandThread(client, threads);
    const file = await counter.count(doc, [], 'o200k_base');
    assert.equal(file.kind === 'counted' && file.file?.tokens, o200k.count(doc.text));
    // The whole count is known now; the selection needs the session, whose thread is replaced again.
    await strandThread(client, threads);
    const selection = await counter.count(doc, [range(1, 0, 2, 5)], 'o200k_base');
    assert.deepEqual(selection.kind === 'counted' && selection.ranges.map((counted) => counted.tokens), [o200k.count(doc.getText(range(1, 0, 2, 5)))]);
    counter.dispose();
  });

  it('keeps the thread when the cancelled job is acknowledged in time', async () => {
    const worker = stuckWorker();
    const client = new CountWorkerClient(worker.start, { cancelGraceMs: 50 });
    const controller = new AbortController();
    const job = client.count('text', 'o200k_base', { signal: controller.signal });
    controller.abort();
    await assert.rejects(job, JobCancelledError);
    const cancel = worker.posted.find((message) => message.type === 'cancel')!;
    worker.events!.message({ type: 'cancelled', job: (cancel as { job: number }).job });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(worker.terminated, 0);
    assert.equal(client.running, true);
    client.dispose();
  });
});

describe('count worker: a real thread', function () {
  // Bundling the worker takes a second or two on a busy machine.
  this.timeout(60_000);
  let script: string;

  before(async () => {
    script = await buildCountWorker('test-worker');
  });

  it('counts two halves of a first count on two threads into a valid index', async () => {
    const [one, two] = [new CountWorkerClient(nodeWorkerStarter(script)), new CountWorkerClient(nodeWorkerStarter(script))];
    const text = corpus('code', 400_000, 5);
    const o200k = getTokenizer('o200k_base');
    const plan = countingPlan(o200k);
    assert.equal(plan.kind, 'chunked');
    if (plan.kind !== 'chunked') return;
    const middle = safeCutNear(text, text.length / 2, plan, DEFAULT_SIZING);
    const [first, second] = await Promise.all([
      one.countSpan(text, 0, middle, 'o200k_base', DEFAULT_SIZING),
      two.countSpan(text, middle, text.length, 'o200k_base', DEFAULT_SIZING),
    ]);
    const lengths = [...first.lengths, ...second.lengths];
    const counts = [...first.counts, ...second.counts];
    const index = ChunkIndex.fromCounts(text, lengths, counts, (s) => o200k.count(s), cutRuleFor('o200k_base')!);
    assert.equal(index.total, o200k.count(text));
    one.dispose();
    two.dispose();
  });

  it('cancels a job when its signal aborts, and still serves the next one', async () => {
    const client = new CountWorkerClient(nodeWorkerStarter(script));
    // Tables loaded: a load is one long call that a cancellation cannot stop (see the client's grace).
    await client.count('warm up', 'o200k_base');
    const controller = new AbortController();
    const job = client.countSpan(corpus('english', 500_000, 2), 0, 500_000, 'o200k_base', DEFAULT_SIZING, { signal: controller.signal });
    controller.abort();
    await assert.rejects(job, JobCancelledError);
    assert.deepEqual(await client.count('hello world', 'o200k_base'), { tokens: 2 });
    client.dispose();
  });
});
