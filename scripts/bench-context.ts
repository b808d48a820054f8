// One measurement of the Context bench (section 6 of `npm run bench`), in a process of its own so
// that its peak memory is its own:
//
//   tsx --expose-gc scripts/bench-context.ts generate <dir> <files> <bytes>
//       writes a tree of mixed text and code (English and Chinese Markdown, TypeScript, JSON),
//       <files> files and about <bytes> bytes, plus one largest file, deterministically;
//   tsx --expose-gc scripts/bench-context.ts count <worker script> <workers> <dir>... [--read-here]
//       counts the folders with o200k_base on a pool of <workers> count workers and prints JSON:
//       files, bytes, milliseconds, and the memory high-water above the warmed-up baseline.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countFiles } from '../src/core/context/countFiles';
import { CountPool } from '../src/core/context/countPool';
import { nodeFileSystem } from '../src/core/context/nodeFileSystem';
import { CountWorkerClient } from '../src/core/counting/worker/client';
import { nodeWorkerStarter } from '../src/core/counting/worker/nodeWorker';
import { corpus, prng, type CorpusName } from '../test/support/corpus';

/** The largest file of every generated tree, in its first folder (the small run counts it too). */
export const LARGEST_FILE_BYTES = 512 * 1024;
const KINDS: readonly { name: CorpusName; extension: string }[] = [
  { name: 'english', extension: 'md' },
  { name: 'code', extension: 'ts' },
  { name: 'json', extension: 'json' },
  { name: 'chinese', extension: 'md' },
];
/** Files per folder; folders hold 4 subfolders of this many files each. */
const PER_FOLDER = 25;

function generate(dir: string, files: number, bytes: number): void {
  const rand = prng(7);
  // Sources to cut files from: 6 MB of each kind, at random places, so files differ.
  const sources = KINDS.map((kind, i) => corpus(kind.name, 6_000_000, 90 + i));
  // Sizes spread like a repository's (many small files, a few large), scaled to the total.
  const raw = Array.from({ length: files }, () => Math.exp((rand() + rand() + rand() - 1.5) * 1.6));
  const scale = (bytes - LARGEST_FILE_BYTES) / raw.reduce((sum, size) => sum + size, 0);
  const encoder = new TextEncoder();
  raw.forEach((size, index) => {
    const kind = index % KINDS.length;
    const source = sources[kind]!;
    // Chinese is 3 bytes a character in UTF-8: cut fewer characters for the same bytes.
    const chars = Math.max(64, Math.min(LARGEST_FILE_BYTES / 2, Math.round((size * scale) / (kind === 3 ? 2.6 : 1))));
    const start = Math.floor(rand() * (source.length - chars));
    const folder = join(dir, `d${String(Math.floor(index / (PER_FOLDER * 4))).padStart(3, '0')}`, `s${Math.floor(index / PER_FOLDER) % 4}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `f${String(index).padStart(5, '0')}.${KINDS[kind]!.extension}`), source.slice(start, start + chars));
  });
  const largest = sources[1]!.slice(0, LARGEST_FILE_BYTES);
  writeFileSync(join(dir, 'd000', 'largest.ts'), encoder.encode(largest).subarray(0, LARGEST_FILE_BYTES));
}

async function count(workerScript: string, workers: number, roots: string[], readHere: boolean): Promise<void> {
  const start = nodeWorkerStarter(workerScript);
  // As the CLI and the desktop extension run it, the workers open the files; `--read-here` reads
  // them on the walking thread and sends the text, as the web build must.
  const pool = new CountPool(Array.from({ length: workers }, () => new CountWorkerClient(start)), { readsFiles: !readHere });
  // Warm every worker up: its thread started and o200k_base loaded, as after the first count in the editor.
  await Promise.all(Array.from({ length: workers * 2 }, () => pool.count('warm up', 'o200k_base')));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed + baseline.external + baseline.arrayBuffers;
  const sample = (): void => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed + now.external + now.arrayBuffers);
  };
  const sampler = setInterval(sample, 5);
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await countFiles(nodeFileSystem, roots.map((path) => ({ path })), { gitignore: true }, {
    counter: pool,
    tokenizers: ['o200k_base'],
    maxFileBytes: 20_000_000,
    concurrency: pool.folderLanes,
  });
  const ms = performance.now() - started;
  // How busy the walking thread was (it reads too with --read-here): near 1 means it, not the workers, sets the pace.
  const mainThreadBusy = performance.eventLoopUtilization(loopBefore).utilization;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  sample();
  // What the count keeps once done (its per-file counts and paths), garbage collected away.
  gc?.();
  const retainedHeapMB = (process.memoryUsage().heapUsed - baseline.heapUsed) / (1024 * 1024);
  pool.dispose();
  const bytes = result.files.reduce((sum, file) => sum + file.bytes, 0);
  const tokens = result.files.reduce((sum, file) => sum + file.counts.get('o200k_base')!.tokens, 0);
  const largest = Math.max(...result.files.map((file) => file.bytes));
  const MB = 1024 * 1024;
  process.stdout.write(
    JSON.stringify({
      workers,
      readHere,
      files: result.files.length,
      skipped: result.skipped.length,
      bytes,
      tokens,
      largest,
      ms,
      mainThreadBusy,
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssGrowthMB: (peakRss - baseline.rss) / MB,
      retainedHeapMB,
      heapGrowthMB: (peakHeap - baseline.heapUsed - baseline.external - baseline.arrayBuffers) / MB,
      peakRssMB: peakRss / MB,
    }),
  );
}

const [command, ...args] = process.argv.slice(2);
if (command === 'generate') generate(args[0]!, Number(args[1]), Number(args[2]));
else if (command === 'count')
  void count(args[0]!, Number(args[1]), args.slice(2).filter((arg) => arg !== '--read-here'), args.includes('--read-here')).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
else throw new Error('usage: bench-context.ts generate <dir> <files> <bytes> | count <worker script> <workers> <dir>... [--read-here]');
