/**
 * The web build's replacements for Node-only modules give what the Node ones give: the same
 * vocabulary bytes out of the same brotli files, the same rank tables out of the same rank files,
 * the same exact-count cache keys; and its bundles need nothing from Node.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from '../../../src/core/exact/contentHash';
import { contentHash as webContentHash } from '../../../src/core/exact/contentHash.web';
import { createNonce } from '../../../src/extension/comparison/html';
import { rankFileName } from '../../../src/core/tokenizers/files';
import { filesForTokenizer, listTokenizers } from '../../../src/core/tokenizers/registry';
import { locateVocabulary, shippedFiles } from '../../../src/core/tokenizers/shippedFiles';
import { provideTokenizerFile, shippedFiles as webFiles } from '../../../src/core/tokenizers/shippedFiles.web';
import { REPO_ROOT } from '../../support/paths';
import { nodeOnlyUses } from '../../../scripts/web-bundle-check.mjs';

const DIST_TOKENIZERS = join(REPO_ROOT, 'dist', 'tokenizers');

describe('web build: platform seams', function () {
  this.timeout(120_000);

  for (const name of ['qwen3', 'deepseek_v3', 'gemma3']) {
    it(`the pure-JS brotli decoder gives the same ${name} vocabulary bytes as Node's zlib`, () => {
      const bytes = new Uint8Array(readFileSync(locateVocabulary(name)));
      assert.deepEqual(Buffer.from(webFiles.brotliDecode(bytes)).equals(Buffer.from(shippedFiles.brotliDecode(bytes))), true);
    });
  }

  for (const encoding of ['o200k_base', 'cl100k_base']) {
    it(`the ${encoding} rank table evaluated from the shipped rank file equals the one Node requires`, () => {
      provideTokenizerFile(rankFileName(encoding), new Uint8Array(readFileSync(join(DIST_TOKENIZERS, rankFileName(encoding)))));
      const web = webFiles.rankTable(encoding);
      const node = shippedFiles.rankTable(encoding);
      assert.equal(web.length, node.length);
      assert.deepEqual(web, node);
    });
  }

  it('a file the extension host could not send is named with the reason, and one it never sent too', () => {
    provideTokenizerFile('qwen3.json.br', { error: '404 Not Found' });
    assert.throws(() => webFiles.vocabulary('qwen3'), /qwen3 vocabulary file qwen3\.json\.br could not be read: 404 Not Found/);
    assert.throws(() => webFiles.vocabulary('gemma3'), /gemma3\.json\.br could not be read \(the extension did not send it\)/);
    provideTokenizerFile(rankFileName('o200k_base'), new TextEncoder().encode('module.exports = {};'));
    assert.throws(() => webFiles.rankTable('o200k_base'), /o200k_base rank file gpt-tokenizer-o200k_base\.js is damaged/);
  });

  it('every tokenizer names shipped files that exist in dist/tokenizers, and an unknown id none', () => {
    for (const info of listTokenizers()) {
      const files = filesForTokenizer(info.id);
      assert.ok(files.length > 0, info.id);
      for (const file of files) assert.ok(readFileSync(join(DIST_TOKENIZERS, file)).length > 0, `${info.id}: ${file}`);
    }
    assert.deepEqual(filesForTokenizer('estimate:google'), ['gemma3.json.br'], 'an old id names its successor’s file');
    assert.deepEqual(filesForTokenizer('no-such-tokenizer'), []);
  });

  it('the exact-count cache key is the same SHA-256 on both builds', () => {
    for (const text of ['', 'abc', '中文 😀 text', 'lone \uD800 surrogate', 'x'.repeat(100_000)]) {
      assert.equal(webContentHash(text), contentHash(text), JSON.stringify(text.slice(0, 20)));
    }
  });

  it('panel nonces are 128 random bits in base64, different each time (Web Crypto, in both hosts)', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.equal(Buffer.from(nonce, 'base64').length, 16);
  });

  it('the bundle check flags each bare Node global and passes what a browser has', async () => {
    const bad = [
      'x(process.env.HOME)',
      'x(typeof process)',
      'x(Buffer.from("a"))',
      'x(__dirname)',
      'x(require("node:fs"))',
      'setImmediate(x)',
      'x(global.y)',
    ];
    for (const code of bad) assert.equal((await nodeOnlyUses(code)).length, 1, code);
    const fine = 'x(require("vscode")); x(globalThis.Buffer); a.process(1); x({ process: 1 }.process); x(self.postMessage)';
    assert.deepEqual(await nodeOnlyUses(fine), []);
  });

  for (const bundle of ['extension.js', 'countWorker.js']) {
    it(`dist/web/${bundle} needs nothing from Node`, async () => {
      assert.deepEqual(await nodeOnlyUses(readFileSync(join(REPO_ROOT, 'dist', 'web', bundle), 'utf8')), []);
    });
  }
});
