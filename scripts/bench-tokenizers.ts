/**
 * Measures each shipped vocabulary: file size, first-load time, heap, and counting speed on the
 * test corpus (test/fixtures/tokenizers/corpus.json, repeated to ~1 MB). Each vocabulary runs in
 * its own child process so one load never warms another. docs/tokenizers.md's table comes from here.
 *
 *   npx tsx scripts/bench-tokenizers.ts
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

const ROOT = resolve(__dirname, '..');
const NAMES = ['gemma3', 'qwen3', 'deepseek_v3', 'o200k_base', 'estimate:claude-3'] as const;

if (process.argv[2] === '--one') {
  const name = process.argv[3]!;
  // Imported here so that the parent process loads nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { getTokenizer } = require('../src/core/tokenizers/registry') as typeof import('../src/core/tokenizers/registry');
  const corpus = Object.values(JSON.parse(readFileSync(join(ROOT, 'test/fixtures/tokenizers/corpus.json'), 'utf8')) as Record<string, string>).join('\n');
  const text = corpus.repeat(Math.ceil(1_000_000 / corpus.length));
  const heapBefore = process.memoryUsage().heapUsed;
  let started = performance.now();
  getTokenizer(name).count('warm up: the first count loads the table');
  const loadMs = performance.now() - started;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  started = performance.now();
  const tokens = getTokenizer(name).count(text);
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ name, loadMs: Math.round(loadMs), heapMb: Math.round(heapMb), tokens, chars: text.length, mbPerSecond: +(Buffer.byteLength(text) / 1e6 / seconds).toFixed(2) }));
} else {
  const rows: string[] = ['| tokenizer | file (brotli) | raw | first load | heap | speed (mixed corpus) |', '|---|--:|--:|--:|--:|--:|'];
  for (const name of NAMES) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--one', name], { cwd: ROOT, encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { loadMs: number; heapMb: number; mbPerSecond: number };
    const vocab = join(ROOT, 'src/core/tokenizers/vocab', `${name}.json.br`);
    let file = '—';
    let raw = '—';
    try {
      const bytes = readFileSync(vocab);
      file = `${(statSync(vocab).size / 1e6).toFixed(2)} MB`;
      raw = `${(brotliDecompressSync(bytes).length / 1e6).toFixed(1)} MB`;
    } catch {
      // o200k_base and the estimates ship no vocabulary of ours.
    }
    rows.push(`| ${name} | ${file} | ${raw} | ${result.loadMs} ms | ${result.heapMb} MB | ${result.mbPerSecond} MB/s |`);
  }
  console.log(rows.join('\n'));
}
