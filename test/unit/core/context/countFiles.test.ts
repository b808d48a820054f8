import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleTotals, bundleTree, largestFiles, type BundleFile, type BundleNode } from '../../../../src/core/context/bundle';
import { bundlePrompt } from '../../../../src/core/context/bundleText';
import { countFiles, type CountFilesOptions } from '../../../../src/core/context/countFiles';
import { CountPool, type PoolClient } from '../../../../src/core/context/countPool';
import { countWithTokenizers, inProcessCounter, type TextCounter } from '../../../../src/core/context/countText';
import { readTextFile, readTextFileSync } from '../../../../src/core/context/readText';
import { FsAccessError } from '../../../../src/core/context/fileSystem';
import { nodeFileSystem } from '../../../../src/core/context/nodeFileSystem';
import { JobCancelledError, type Counted } from '../../../../src/core/counting/types';
import { CountWorkerClient } from '../../../../src/core/counting/worker/client';
import { nodeWorkerStarter } from '../../../../src/core/counting/worker/nodeWorker';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { buildCountWorker } from '../../../support/countWorkerBundle';
import { corpus } from '../../../support/corpus';
import { MemoryFileSystem } from '../../../support/memoryFileSystem';

const MB = 1_000_000;
const options = (extra: Partial<CountFilesOptions> = {}): CountFilesOptions => ({
  counter: inProcessCounter,
  tokenizers: ['o200k_base'],
  maxFileBytes: MB,
  concurrency: 3,
  ...extra,
});

/** A counter that counts characters, slowly when asked: for pipeline tests where tokens do not matter. */
function lengthCounter(delayMs = 0): TextCounter & { calls: number } {
  const counter = {
    calls: 0,
    async count(text: string, _tokenizer: string, call: { signal?: AbortSignal } = {}): Promise<Counted> {
      counter.calls++;
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (call.signal?.aborted) throw new JobCancelledError();
      return { tokens: text.length };
    },
  };
  return counter;
}

describe('context: counting files', () => {
  it('counts every file with every tokenizer and lists what it skipped, with the reason', async () => {
    const fs = new MemoryFileSystem()
      .file('/w/a.md', '# Hello\n\nSome words.\n')
      .file('/w/b/c.ts', 'export const x = 1;\n')
      .file('/w/logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))
      .file('/w/huge.log', 'x'.repeat(2000))
      .file('/w/locked.txt', 'secret', { denied: true });
    const tokenizers = ['o200k_base', 'estimate:generic', 'estimate:claude-3'];
    const result = await countFiles(fs, [{ path: '/w' }], { gitignore: true }, options({ tokenizers, maxFileBytes: 1000 }));
    assert.deepEqual(result.files.map((file) => file.path), ['/w/a.md', '/w/b/c.ts']);
    for (const file of result.files) {
      const text = file.path.endsWith('a.md') ? '# Hello\n\nSome words.\n' : 'export const x = 1;\n';
      for (const id of tokenizers) assert.equal(file.counts.get(id)?.tokens, getTokenizer(id).count(text), `${file.path} ${id}`);
    }
    assert.deepEqual(
      result.skipped.map(({ path, reason }) => `${path}: ${reason.kind}`),
      ['/w/huge.log: tooLarge', '/w/locked.txt: unreadable', '/w/logo.png: binary'],
    );
    assert.equal(fs.reads.includes('/w/huge.log'), false, 'a file over the limit is never read');
  });

  it('reads a file that changed while being read again, and skips one that keeps changing', async () => {
    const fs = new MemoryFileSystem();
    let saves = 0;
    fs.file('/w/settling.txt', 'first', { afterRead: () => saves++ < 1 && fs.write('/w/settling.txt', 'second, final') });
    fs.file('/w/busy.log', 'line 0\n', { afterRead: () => fs.write('/w/busy.log', `line ${++saves}\n`) });
    const settled = await readTextFile(fs, '/w/settling.txt', MB);
    assert.deepEqual(settled, { kind: 'text', text: 'second, final', bytes: 13 });
    assert.deepEqual(await readTextFile(fs, '/w/busy.log', MB), { kind: 'skipped', reason: { kind: 'changed' } });
    const result = await countFiles(fs, [{ path: '/w' }], { gitignore: true }, options());
    assert.deepEqual(result.skipped.map(({ path, reason }) => `${path}: ${reason.kind}`), ['/w/busy.log: changed']);
  });

  it('reads a file the same way with blocking calls (a worker reading its own files)', async () => {
    const build = (): MemoryFileSystem => {
      let saves = 0;
      const fs = new MemoryFileSystem()
        .file('/w/a.md', '# Hello\n')
        .file('/w/logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))
        .file('/w/huge.log', 'x'.repeat(2000))
        .file('/w/locked.txt', 'secret', { denied: true })
        .link('/w/dangling', '/w/nowhere')
        .special('/w/fifo');
      fs.file('/w/settling.txt', 'first', { afterRead: () => saves++ < 1 && fs.write('/w/settling.txt', 'second, final') });
      fs.file('/w/busy.log', 'line 0\n', { afterRead: () => fs.write('/w/busy.log', `line ${++saves}\n`) });
      return fs;
    };
    const paths = ['/w/a.md', '/w/logo.png', '/w/huge.log', '/w/locked.txt', '/w/dangling', '/w/fifo', '/w/settling.txt', '/w/busy.log', '/w/missing'];
    const awaited = build();
    const blocking = build();
    for (const path of paths) {
      assert.deepEqual(readTextFileSync(blocking.sync, path, 1000), await readTextFile(awaited, path, 1000), path);
    }
    assert.deepEqual(blocking.reads, awaited.reads);
    assert.equal(blocking.reads.includes('/w/huge.log'), false, 'a file over the limit is never read');
  });

  it('reports a file deleted between the listing and the read', async () => {
    const fs = new MemoryFileSystem().file('/w/a.txt', 'a');
    const gone = { stat: fs.stat.bind(fs), list: fs.list.bind(fs), read: () => Promise.reject(new FsAccessError('notFound', 'no such file')) };
    assert.deepEqual(await readTextFile(gone, '/w/a.txt', MB), { kind: 'skipped', reason: { kind: 'vanished' } });
  });

  it('a failing count skips that file with the reason; the others are counted', async () => {
    const fs = new MemoryFileSystem().file('/w/a.txt', 'fine').file('/w/b.txt', 'boom');
    const counter: TextCounter = { count: async (text) => (text === 'boom' ? Promise.reject(new Error('worker crashed')) : { tokens: 1 }) };
    const result = await countFiles(fs, [{ path: '/w' }], { gitignore: true }, options({ counter }));
    assert.deepEqual(result.files.map((file) => file.path), ['/w/a.txt']);
    assert.deepEqual(result.skipped, [{ path: '/w/b.txt', reason: { kind: 'countFailed', message: 'worker crashed' } }]);
  });

  it('cancels promptly while files are being counted, and leaves nothing running', async () => {
    const fs = new MemoryFileSystem();
    for (let i = 0; i < 200; i++) fs.file(`/w/f${i}.txt`, `file ${i}`);
    const counter = lengthCounter(20);
    const controller = new AbortController();
    const started = Date.now();
    const progress: number[] = [];
    const run = countFiles(fs, [{ path: '/w' }], { gitignore: true }, options({ counter, signal: controller.signal, onProgress: (p) => progress.push(p.done) }));
    setTimeout(() => controller.abort(), 60);
    await assert.rejects(run, JobCancelledError);
    assert.ok(Date.now() - started < 2000, 'cancelled within 2 s');
    const calls = counter.calls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(counter.calls, calls, 'no count starts after the cancellation');
    assert.ok(progress.length > 0 && progress.at(-1)! < 200);
  });

  it('counts 100,000 small files, each once, with progress to the end', async () => {
    const fs = new MemoryFileSystem();
    for (let i = 0; i < 100_000; i++) fs.file(`/big/f${String(i).padStart(6, '0')}.txt`, 'x');
    let last = { found: 0, done: 0, walking: true, bytes: 0 };
    const result = await countFiles(fs, [{ path: '/big' }], { gitignore: true }, options({ counter: lengthCounter(), onProgress: (p) => (last = p) }));
    assert.equal(result.files.length, 100_000);
    assert.deepEqual(last, { found: 100_000, done: 100_000, walking: false, bytes: 100_000 });
  });

  it('keeps at most `concurrency` texts in flight', async () => {
    const fs = new MemoryFileSystem();
    for (let i = 0; i < 40; i++) fs.file(`/w/f${i}.txt`, 'x'.repeat(100));
    let inFlight = 0;
    let most = 0;
    const counter: TextCounter = {
      async count(text) {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return { tokens: text.length };
      },
    };
    await countFiles(fs, [{ path: '/w' }], { gitignore: true }, options({ counter, concurrency: 3 }));
    assert.equal(most, 3);
  });

  it('counts a scaled estimate from its encoding: one count per base, equal to counting each id', async () => {
    const text = corpus('english', 5000, 3);
    const calls: string[] = [];
    const counter: TextCounter = { count: (t, id, call) => (calls.push(id), inProcessCounter.count(t, id, call)) };
    const ids = ['o200k_base', 'estimate:generic', 'estimate:kimi', 'estimate:claude-3'];
    const counts = await countWithTokenizers(text, ids, counter);
    // The generic estimate is o200k_base scaled; Claude and Kimi count by script class.
    assert.deepEqual(calls.sort(), ['estimate:claude-3', 'estimate:kimi', 'o200k_base']);
    for (const id of ids) assert.equal(counts.get(id)?.tokens, (await inProcessCounter.count(text, id)).tokens, id);
  });
});

describe('context: count pool', () => {
  it('spreads jobs over its workers, at most two each, and cancels queued jobs', async () => {
    const running = [0, 0];
    const most = [0, 0];
    const clients: PoolClient[] = [0, 1].map((index) => ({
      async count(text, _tokenizer, call = {}) {
        most[index] = Math.max(most[index]!, ++running[index]!);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running[index]!--;
        if (call.signal?.aborted) throw new JobCancelledError();
        return { tokens: text.length };
      },
      dispose() {},
    }));
    const pool = new CountPool(clients);
    const counts = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.count('x'.repeat(i), 'o200k_base')));
    assert.deepEqual(counts.map((c) => c.tokens), Array.from({ length: 20 }, (_, i) => i));
    assert.deepEqual(most, [2, 2]);
    const controller = new AbortController();
    const queued = Array.from({ length: 10 }, () => pool.count('y', 'o200k_base', { signal: controller.signal }));
    controller.abort();
    const outcomes = await Promise.allSettled(queued);
    assert.ok(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof JobCancelledError));
  });

  it('a folder count keeps every file-reading worker two messages deep, several paths a message, and sends texts one per worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanes-'));
    try {
      for (let i = 0; i < 240; i++) writeFileSync(join(dir, `f${i}.txt`), 'x'.repeat(10 + i));
      const batches: number[] = [];
      const running = [0, 0];
      const most = [0, 0];
      const clients: PoolClient[] = [0, 1].map((index) => ({
        count: () => Promise.reject(new Error('texts are not sent when the workers read the files')),
        async countFiles(paths, tokenizers) {
          most[index] = Math.max(most[index]!, ++running[index]!);
          batches.push(paths.length);
          // Uneven times, so the workers finish out of step.
          await new Promise((resolve) => setTimeout(resolve, 2 + 3 * index));
          running[index]!--;
          return paths.map((path) => {
            const characters = readFileSync(path, 'utf8').length;
            return { kind: 'text', bytes: characters, characters, counts: tokenizers.map((tokenizer) => ({ tokenizer, tokens: characters })) };
          });
        },
        dispose() {},
      }));
      const pool = new CountPool(clients, { readsFiles: true });
      const result = await countFiles(nodeFileSystem, [{ path: dir }], { gitignore: true }, options({ counter: pool, concurrency: pool.folderLanes }));
      assert.equal(result.files.length, 240);
      assert.deepEqual(result.files.map((file) => file.characters).sort((a, b) => a - b), Array.from({ length: 240 }, (_, i) => 10 + i));
      assert.ok(Math.max(...batches) > 1 && Math.max(...batches) <= 8, `paths per message: ${batches.join(' ')}`);
      // With one file per worker and one more in flight, a worker would sit idle after each file
      // while its result went back and the next path came: here each always has the next queued.
      assert.deepEqual(most, [2, 2]);
      assert.equal(pool.folderLanes, 5);
      assert.equal(new CountPool(clients).folderLanes, 3, 'texts sent from here: one per worker and one being read');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('workers that open the files themselves count a folder on disk as reading it here does, skips included', async function () {
    this.timeout(60_000);
    const script = await buildCountWorker('context-pool');
    const dir = mkdtempSync(join(tmpdir(), 'token-cost-files-'));
    const start = nodeWorkerStarter(script);
    const pools = [true, false].map((readsFiles) => new CountPool([0, 1].map(() => new CountWorkerClient(start)), { readsFiles }));
    try {
      for (let i = 0; i < 12; i++) {
        mkdirSync(join(dir, `d${i % 3}`), { recursive: true });
        writeFileSync(join(dir, `d${i % 3}`, `f${i}.md`), corpus(i % 2 ? 'code' : 'chinese', 3000 + i * 500, i));
      }
      writeFileSync(join(dir, 'logo.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
      writeFileSync(join(dir, 'huge.log'), 'x'.repeat(MB + 1));
      symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
      // The walk's file access with every read recorded: the workers' reads never come through it.
      const reads: string[] = [];
      const fs = { ...nodeFileSystem, read: (path: string) => (reads.push(path), nodeFileSystem.read(path)) };
      const root = dir.replace(/\\/g, '/');
      const tokenizers = ['o200k_base', 'estimate:claude-3', 'estimate:generic'];
      const results = [];
      for (const pool of pools) {
        reads.length = 0;
        results.push({ result: await countFiles(fs, [{ path: root }], { gitignore: true }, options({ counter: pool, tokenizers, concurrency: 3 })), reads: [...reads] });
      }
      const [byWorkers, byWalker] = results as [(typeof results)[0], (typeof results)[0]];
      assert.deepEqual(byWorkers.reads, [], 'the walking thread read no file');
      assert.equal(byWalker.reads.length, 13);
      assert.equal(byWorkers.result.files.length, 12);
      assert.deepEqual(byWorkers.result.files, byWalker.result.files);
      assert.deepEqual(byWorkers.result.skipped.map(({ path, reason }) => `${path.slice(root.length)}: ${reason.kind}`), ['/dangling: brokenLink', '/huge.log: tooLarge', '/logo.png: binary']);
      assert.deepEqual(byWorkers.result.skipped, byWalker.result.skipped);
      const file = byWorkers.result.files[0]!;
      const text = readFileSync(file.path, 'utf8');
      for (const id of tokenizers) assert.equal(file.counts.get(id)!.tokens, getTokenizer(id).count(text), id);
    } finally {
      for (const pool of pools) pool.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts a tree in real worker threads exactly as in-process', async function () {
    this.timeout(60_000);
    const script = await buildCountWorker('context-pool');
    const pool = new CountPool([0, 1].map(() => new CountWorkerClient(nodeWorkerStarter(script))));
    try {
      const fs = new MemoryFileSystem();
      for (let i = 0; i < 12; i++) fs.file(`/w/${i % 3}/f${i}.txt`, corpus(i % 2 ? 'code' : 'chinese', 3000 + i * 500, i));
      const tokenizers = ['o200k_base', 'estimate:claude-3', 'estimate:generic'];
      const [inWorkers, inProcess] = await Promise.all([
        countFiles(fs, [{ path: '/w' }], { gitignore: true }, options({ counter: pool, tokenizers, concurrency: pool.size + 1 })),
        countFiles(fs, [{ path: '/w' }], { gitignore: true }, options({ tokenizers })),
      ]);
      const tokens = (files: typeof inWorkers.files) => files.map((file) => [file.path, ...tokenizers.map((id) => file.counts.get(id)!.tokens)]);
      assert.deepEqual(tokens(inWorkers.files), tokens(inProcess.files));
    } finally {
      pool.dispose();
    }
  });
});

describe('context: bundle totals, tree and prompt', () => {
  const file = (path: string, tokens: number, band?: { low: number; high: number }): BundleFile => ({
    path,
    characters: tokens * 4,
    counts: new Map([['t', band ? { tokens, band } : { tokens }]]),
  });
  const files = [file('src/core/a.ts', 30), file('src/core/b.ts', 5), file('src/c.ts', 10), file('README.md', 20), file('docs/guide.md', 50)];

  it('totals are the sum of the files, with estimate bands weighted by tokens', () => {
    assert.deepEqual(bundleTotals(files, ['t', 'missing']), new Map([['t', { tokens: 115 }]]));
    const banded = bundleTotals([file('a', 100, { low: -0.1, high: 0.1 }), file('b', 300, { low: -0.3, high: 0.5 })], ['t']);
    assert.equal(banded.get('t')!.tokens, 400);
    assert.ok(Math.abs(banded.get('t')!.band!.low - -0.25) < 1e-12 && Math.abs(banded.get('t')!.band!.high - 0.4) < 1e-12);
  });

  it('lists the largest files', () => {
    assert.deepEqual(largestFiles(files, 't', 2).map((f) => f.path), ['docs/guide.md', 'src/core/a.ts']);
  });

  it('builds a tree of folders with totals, by tokens or by name, compacting single-folder chains', () => {
    const describe = (nodes: readonly BundleNode[], depth = 0): string[] =>
      nodes.flatMap((node) => [`${'  '.repeat(depth)}${node.name} ${node.tokens}/${node.files}`, ...describe(node.children ?? [], depth + 1)]);
    assert.deepEqual(describe(bundleTree(files, 't', 'tokens')), [
      'docs 50/1',
      '  guide.md 50/1',
      'src 45/3',
      '  core 35/2',
      '    a.ts 30/1',
      '    b.ts 5/1',
      '  c.ts 10/1',
      'README.md 20/1',
    ]);
    assert.deepEqual(describe(bundleTree(files, 't', 'name')).slice(0, 3), ['docs 50/1', '  guide.md 50/1', 'src 45/3']);
    assert.deepEqual(describe(bundleTree([file('a/b/c/d.ts', 1)], 't', 'name')), ['a/b/c 1/1', '  d.ts 1/1']);
  });

  it('writes one prompt with a path header per file, fences that no file can close', () => {
    const prompt = bundlePrompt([
      { path: 'src/a.ts', text: 'const a = 1;\n' },
      { path: 'notes.md', text: 'Run:\n```sh\nnpm test\n```' },
      { path: 'empty.txt', text: '' },
    ]);
    assert.equal(prompt, '### src/a.ts\n```\nconst a = 1;\n```\n\n### notes.md\n````\nRun:\n```sh\nnpm test\n```\n````\n\n### empty.txt\n```\n```\n');
  });
});
