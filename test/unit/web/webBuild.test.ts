/**
 * The web build counts exactly like the desktop build: the browser bundle of the count worker
 * (dist/web/countWorker.js, run with Node's globals hidden, see test/support/webCountWorker.ts)
 * behind the web StartWorker, against the desktop build's count worker (worker threads of the Node
 * bundle), both through the same DocumentCounter, on the shared corpora.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentCounter, type CountableDocument } from '../../../src/core/counting/documentCounter';
import { CountWorkerClient, type StartWorker } from '../../../src/core/counting/worker/client';
import { nodeWorkerStarter } from '../../../src/core/counting/worker/nodeWorker';
import { buildCountWorker } from '../../support/countWorkerBundle';
import { corpus, CORPUS_NAMES } from '../../support/corpus';
import { FIXTURES, REPO_ROOT } from '../../support/paths';
import { webBundleStarter } from '../../support/webCountWorker';

const SHARED_CORPUS = JSON.parse(readFileSync(join(FIXTURES, 'tokenizers', 'corpus.json'), 'utf8')) as Record<string, string>;

/**
 * Every kind of counting: the exact encodings, the three vocabularies, a scaled and a per-script
 * estimate; with the characters of each generated corpus (the vocabularies' engine is slower).
 */
const TOKENIZERS: readonly [string, number][] = [
  ['o200k_base', 200_000],
  ['cl100k_base', 200_000],
  ['estimate:generic', 50_000],
  ['estimate:claude-3', 50_000],
  ['qwen3', 30_000],
  ['deepseek_v3', 30_000],
  ['gemma3', 30_000],
];

function counterOn(start: StartWorker): DocumentCounter {
  return new DocumentCounter({
    maxCharacters: () => 20_000_000,
    workers: { fast: new CountWorkerClient(start), slow: new CountWorkerClient(start) },
  });
}

function document(name: string, text: string): CountableDocument {
  return { uri: { toString: () => `untitled:${name}` }, version: 1, getText: () => text };
}

async function tokens(counter: DocumentCounter, name: string, text: string, tokenizer: string): Promise<number> {
  const result = await counter.count(document(name, text), [], tokenizer);
  assert.equal(result.kind, 'counted');
  assert.ok(result.kind === 'counted' && result.file);
  return result.file.tokens;
}

describe('web build: the browser bundles count like the desktop build', function () {
  this.timeout(240_000);
  let web: DocumentCounter;
  let desktop: DocumentCounter;

  before(async () => {
    desktop = counterOn(nodeWorkerStarter(await buildCountWorker('web-build-test', { vocabularies: true })));
    web = counterOn(webBundleStarter());
  });

  after(() => {
    web?.dispose();
    desktop?.dispose();
  });

  for (const [tokenizer, chars] of TOKENIZERS) {
    it(`${tokenizer}: the same count of every text of the shared corpus and of ${chars / 1000} k characters of each generated corpus`, async () => {
      const texts: [string, string][] = [
        ['corpus.json (all texts)', Object.values(SHARED_CORPUS).join('\n')],
        ...Object.entries(SHARED_CORPUS),
        ...CORPUS_NAMES.map((name): [string, string] => [name, corpus(name, chars)]),
      ];
      for (const [name, text] of texts) {
        const expected = await tokens(desktop, `${tokenizer}/${name}`, text, tokenizer);
        assert.equal(await tokens(web, `${tokenizer}/${name}`, text, tokenizer), expected, `${tokenizer} on ${name}`);
      }
    });
  }

  it('a tokenizer file that cannot be read fails the count with the reason, and the next count reads it again', async () => {
    let refuse = true;
    const counter = counterOn(
      webBundleStarter({
        readFile: async (name) => {
          if (refuse) throw new Error('404 Not Found');
          return new Uint8Array(readFileSync(join(REPO_ROOT, 'dist', 'tokenizers', name)));
        },
      }),
    );
    try {
      await assert.rejects(tokens(counter, 'refused', 'hello world', 'qwen3'), /qwen3\.json\.br could not be read: 404 Not Found/);
      refuse = false;
      assert.equal(await tokens(counter, 'accepted', 'hello world', 'qwen3'), 2);
    } finally {
      counter.dispose();
    }
  });
});
