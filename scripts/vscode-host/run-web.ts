/**
 * `npm run test:web` — the extension in VS Code's web worker extension host (vscode.dev,
 * github.dev behaviour), in a real browser: builds the extension and test/web (one browser bundle
 * of Mocha and the suites), then runs them in code-server's browser client with a web-only copy
 * of the extension (webExtension.ts). Exit code as test:integration's.
 *
 * Why code-server's web worker host rather than @vscode/test-web: test-web serves a VS Code web
 * build that it downloads from the internet on first use (this machine reaches only the npm
 * registry), while code-server 4.100.3 is already the project's test host (npm run setup:vscode),
 * with the same VS Code 1.100.3 as the Node integration tests, and the same runner, browser and
 * cleanup. Its browser client runs a web-only extension in the same web worker extension host
 * that vscode.dev uses.
 */
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildExtension } from './build';
import { cleanupAll, guardProcess } from './host';
import { runExtensionTests } from './extension-tests';
import { FIXTURE_WORKSPACE, REPO_ROOT } from './paths';
import { webOnlyExtension } from './webExtension';
import { getTokenizer } from '../../src/core/tokenizers/registry';
import { readFileSync } from 'node:fs';
import bundledModels from '../../src/core/data/models.generated.json';

const HARD_TIMEOUT_MS = Number(process.env.WEB_TEST_TIMEOUT_MS ?? 8 * 60_000);

/** What the desktop build counts, for the suites to compare the web build's status bar with. */
function desktopCounts(): { counts: Record<string, number>; qwenModel: string } {
  const counts: Record<string, number> = {};
  for (const [file, tokenizer] of [
    ['system-prompt.md', 'o200k_base'],
    ['chinese-prompt.md', 'qwen3'],
  ] as const) {
    counts[`${file}|${tokenizer}`] = getTokenizer(tokenizer).count(readFileSync(join(FIXTURE_WORKSPACE, file), 'utf8'));
  }
  const models = (bundledModels as unknown as { models: { id: string; tokenizer: string }[] }).models;
  const qwen = models.find((model) => model.id === 'qwen/qwen3-max' && model.tokenizer === 'qwen3');
  if (!qwen) throw new Error('qwen/qwen3-max (Qwen 3 vocabulary) is no longer in the bundled catalog; pick another Qwen 3 model');
  return { counts, qwenModel: qwen.id };
}

/**
 * Bundles test/web into the extension's folder: VS Code runs a test file in the extension host of
 * the extension that contains it (the web worker one here); outside any extension, a
 * `vscode-remote:` test file would run in the server's Node extension host.
 */
async function buildWebSuites(extension: string): Promise<string> {
  const index = join(extension, 'web-tests', 'index.js');
  await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [join(REPO_ROOT, 'test', 'web', 'index.ts')],
    outfile: index,
    bundle: true,
    platform: 'browser',
    format: 'cjs', // the web worker host evaluates it as CommonJS with `require('vscode')`
    target: 'es2022',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
    define: { WEB_EXPECTED: JSON.stringify(desktopCounts()) },
  });
  return index;
}

async function main(): Promise<number> {
  guardProcess('test:web', HARD_TIMEOUT_MS);
  const started = Date.now();
  buildExtension();
  const extension = webOnlyExtension();
  const index = await buildWebSuites(extension);
  const code = await runExtensionTests({
    extensionDevelopmentPath: extension,
    extensionTestsPath: index,
    server: { workspace: FIXTURE_WORKSPACE },
    timeoutMs: HARD_TIMEOUT_MS - 30_000,
  });
  process.stdout.write(`[test:web] ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return code;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`[test:web] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  })
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  });
