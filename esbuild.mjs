// One build script for every bundle: the extension host (Node, CommonJS, `vscode` external)
// the CLI (Node, with a shebang), the comparison webview (browser, IIFE), and the web build for
// VS Code's web worker extension host (the manifest's `browser` entry and its count worker).
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { nodeOnlyUses } from './scripts/web-bundle-check.mjs';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Options shared by every Node bundle. */
const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  // Warnings and errors only: esbuild's info lines flag every bundle over 1 MB with ⚠️, and the
  // vocabulary bundles are meant to be large. One summary line is printed below instead.
  logLevel: 'warning',
  // tiktoken/lite reads its WASM from beside the bundle at run time; copyTiktokenWasm puts it there.
  external: ['vscode'],
  // jsonc-parser's `main` is a UMD build whose internal requires esbuild cannot follow; its ES build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

/** tiktoken's lite WASM binary must sit beside the bundle that requires it. */
function copyTiktokenWasm() {
  const wasm = join(dirname(require.resolve('tiktoken/lite')), 'tiktoken_bg.wasm');
  mkdirSync('dist', { recursive: true });
  copyFileSync(wasm, join('dist', 'tiktoken_bg.wasm'));
}

/**
 * Vocabularies for dist/tokenizers/. The OpenAI ones ship once, inside gpt-tokenizer's files (see
 * the builds below): tiktoken's encoder is built from those ranks at load time, so its own rank
 * files are not copied (and are removed if an older build left them).
 */
function copyRankTables() {
  mkdirSync(join('dist', 'tokenizers'), { recursive: true });
  for (const name of ['o200k_base', 'cl100k_base']) rmSync(join('dist', 'tokenizers', `${name}.json`), { force: true });
  // Vendor vocabularies (brotli), read on first use (see src/core/tokenizers/vocabulary.ts).
  for (const name of ['gemma3', 'qwen3', 'deepseek_v3']) {
    copyFileSync(join('src', 'core', 'tokenizers', 'vocab', `${name}.json.br`), join('dist', 'tokenizers', `${name}.json.br`));
  }
}

/**
 * The web build: the same sources for a browser, where a module with a `.web.ts` sibling is
 * replaced by it (the platform seams: src/extension/platform.web.ts, the tokenizer files in
 * src/core/tokenizers/shippedFiles.web.ts, the exact-count hash in src/core/exact/contentHash.web.ts).
 * Everything else is shared with the Node build, so both count with the same code.
 */
const webCommon = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  resolveExtensions: ['.web.ts', '.tsx', '.ts', '.jsx', '.js', '.css', '.json'],
  // There is no `process` in a web worker: libraries that feature-detect it (the `ignore`
  // package's Windows check) see `undefined`, and the Node-only check below stays strict.
  define: { process: 'undefined' },
};

/** The bundles that run in VS Code's web worker extension host, checked for Node-only uses. */
const webBundles = ['dist/web/extension.js', 'dist/web/countWorker.js'];

const builds = [
  { ...nodeCommon, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  // The count worker (worker_threads): first counts of big documents off the extension host thread.
  { ...nodeCommon, entryPoints: ['src/core/counting/worker/countWorker.ts'], outfile: 'dist/countWorker.js' },
  // gpt-tokenizer's rank tables in files of their own, loaded on first count, exported as
  // `bpeRanks` for our counter and tiktoken's encoder (src/core/tokenizers/tiktoken.ts).
  ...['o200k_base', 'cl100k_base'].map((name) => ({
    ...nodeCommon,
    sourcemap: false,
    stdin: {
      contents: `module.exports = { bpeRanks: require('gpt-tokenizer/bpeRanks/${name}').default };`,
      resolveDir: '.',
      loader: 'js',
      sourcefile: `gpt-tokenizer-${name}.js`,
    },
    outfile: `dist/tokenizers/gpt-tokenizer-${name}.js`,
  })),
  {
    ...nodeCommon,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The `browser` entry: CommonJS, as the web worker extension host evaluates it with `require('vscode')`.
  { ...webCommon, format: 'cjs', external: ['vscode'], entryPoints: ['src/extension/extension.ts'], outfile: 'dist/web/extension.js' },
  // Its count worker: a classic script (the web host starts nested workers with `importScripts`).
  { ...webCommon, format: 'iife', entryPoints: ['src/core/counting/worker/countWorker.web.ts'], outfile: 'dist/web/countWorker.js' },
  {
    // The comparison panel's script: browser, one IIFE, no Node built-ins; loaded by nonce.
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview/comparison.js',
  },
];

copyTiktokenWasm();
copyRankTables();
if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
  for (const file of webBundles) {
    const uses = await nodeOnlyUses(readFileSync(file, 'utf8'));
    if (uses.length > 0) {
      console.error(`[build] ${file} needs Node, which the web worker extension host does not have:\n  ${uses.join('\n  ')}`);
      process.exit(1);
    }
  }
  const outputs = builds.map((options) => options.outfile);
  const sizes = outputs.map((file) => `${file.replace(/^dist\//, '')} ${(statSync(file).size / 1024).toFixed(0)} KB`);
  console.log(`[build] ${outputs.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}: ${sizes.join(', ')}`);
}
