// Deterministic text corpora for the incremental-counting tests and `npm run bench`.
// Real text where the repository's own dependencies ship some (TypeScript's sources and its
// Chinese diagnostic messages, package READMEs), shaped and extended deterministically so any
// size can be made without downloads and without long verbatim repeats.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The four kinds of document the benchmark and the property tests use. */
export type CorpusName = 'english' | 'chinese' | 'code' | 'json';

export const CORPUS_NAMES: readonly CorpusName[] = ['english', 'chinese', 'code', 'json'];

/** Small deterministic PRNG (mulberry32), so corpora are identical on every machine and run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const typescriptLib = dirname(require.resolve('typescript/lib/typescript.js'));
const nodeModules = join(typescriptLib, '..', '..');

const cache = new Map<string, string>();

function memo(key: string, make: () => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** Prose sentences from package READMEs (lines that read like English sentences). */
function englishSentences(): string[] {
  const text = memo('readmes', () => {
    const files: string[] = [];
    const walk = (dir: string, depth: number): void => {
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        return;
      }
      for (const name of names) {
        const path = join(dir, name);
        if (name.toLowerCase() === 'readme.md') files.push(path);
        else if (depth < 3 && !name.startsWith('.') && statSync(path).isDirectory()) walk(path, depth + 1);
      }
    };
    walk(nodeModules, 0);
    return files.map((file) => readFileSync(file, 'utf8')).join('\n');
  });
  const sentences: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (/^[A-Z][^`|<>{}#*[\]]+[.!?]$/.test(trimmed) && trimmed.split(' ').length >= 6) sentences.push(trimmed);
  }
  return sentences;
}

/** Chinese sentences: TypeScript's Simplified and Traditional Chinese diagnostic messages. */
function chineseSentences(): string[] {
  const out: string[] = [];
  for (const locale of ['zh-cn', 'zh-tw']) {
    const messages = JSON.parse(readFileSync(join(typescriptLib, locale, 'diagnosticMessages.generated.json'), 'utf8')) as Record<string, string>;
    for (const key of Object.keys(messages).sort()) out.push(messages[key]);
  }
  return out;
}

const EMOJI = ['😀', '🚀', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '✅', '🎉', '❤️'];

/** Paragraphs of random sentences until `chars` is reached. */
function paragraphs(sentences: string[], chars: number, seed: number, joiner: string, extra?: (rand: () => number) => string): string {
  const rand = prng(seed);
  const parts: string[] = [];
  let size = 0;
  while (size < chars) {
    const count = 2 + Math.floor(rand() * 6);
    let paragraph = '';
    for (let i = 0; i < count; i++) {
      paragraph += (i ? joiner : '') + sentences[Math.floor(rand() * sentences.length)];
      if (extra && rand() < 0.1) paragraph += extra(rand);
    }
    parts.push(paragraph);
    size += paragraph.length + 2;
  }
  return parts.join('\n\n').slice(0, chars);
}

function codeText(chars: number, seed: number): string {
  const sources = memo('code', () =>
    ['typescript.js', '_tsc.js'].map((name) => readFileSync(join(typescriptLib, name), 'utf8')).join('\n'),
  );
  // Different seeds start at different places in the sources.
  const start = ((seed - 1) * 104_729) % sources.length;
  let out = sources.slice(start);
  while (out.length < chars) out += '\n' + sources;
  return out.slice(0, chars);
}

const WORDS = 'alpha beta gamma delta invoice order customer region status shipped pending refund token budget model prompt'.split(' ');

/** Pretty-printed JSON records, like an API dump or a log export. */
function jsonText(chars: number, seed: number): string {
  const rand = prng(seed);
  const chinese = chineseSentences();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const lines: string[] = ['['];
  let size = 2;
  for (let id = 1; size < chars; id++) {
    const record = {
      id,
      uuid: Array.from({ length: 4 }, () => Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0')).join('-'),
      name: `${pick(WORDS)} ${pick(WORDS)}`,
      createdAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 3e10)).toISOString(),
      amount: Math.round(rand() * 1e6) / 100,
      active: rand() < 0.5,
      tags: Array.from({ length: Math.floor(rand() * 4) }, () => pick(WORDS)),
      note: rand() < 0.2 ? pick(chinese) : null,
      path: `/api/v${1 + Math.floor(rand() * 3)}/${pick(WORDS)}/${id}`,
    };
    const block = JSON.stringify(record, null, 2).replace(/^/gm, '  ') + ',';
    lines.push(block);
    size += block.length + 1;
  }
  lines.push('  null\n]');
  return lines.join('\n').slice(0, chars);
}

/**
 * A deterministic document of exactly `chars` UTF-16 units (the last character may be cut in
 * half: a lone surrogate at the very end is a case the counters must handle anyway).
 */
export function corpus(name: CorpusName, chars: number, seed = 1): string {
  switch (name) {
    case 'english':
      return paragraphs(englishSentences(), chars, seed, ' ');
    case 'chinese':
      return paragraphs(chineseSentences(), chars, seed, '', (rand) => EMOJI[Math.floor(rand() * EMOJI.length)]);
    case 'code':
      return codeText(chars, seed);
    case 'json':
      return jsonText(chars, seed);
  }
}
