/**
 * `npm run test:package` — builds the .vsix the way a release would (`npm run package`), checks
 * what is inside, installs it into a throw-away extensions dir with
 * `code-server --install-extension`, and runs test/package/*.test.ts in code-server next to the
 * installed copy (no extensionDevelopmentPath for the real extension). Catches files missing from
 * the package, which every test on the source tree would miss.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSuites } from './vscode-host/build';
import { cleanupAll, ensureCodeServer, guardProcess, tempDir } from './vscode-host/host';
import { runExtensionTests } from './vscode-host/extension-tests';
import { FIXTURE_WORKSPACE, REPO_ROOT, codeServerEnv } from './vscode-host/paths';

const HARD_TIMEOUT_MS = Number(process.env.PACKAGE_TEST_TIMEOUT_MS ?? 8 * 60_000);

function log(message: string): void {
  process.stdout.write(`[test:package] ${message}\n`);
}

/** Lists the entries of a zip file from its central directory (a .vsix is a zip). */
export function zipEntries(zip: Buffer): string[] {
  // End of central directory record: signature 0x06054b50, at most 64 KiB of comment after it.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)));
}

/** Problems with the package's contents; empty when it is complete and clean. */
function checkContents(entries: string[]): string[] {
  const inside = new Set(entries.filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length)));
  const problems: string[] = [];
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string; browser: string };
  const required = [
    'package.json',
    // What VS Code loads: `main` in a Node extension host, `browser` in a web worker one.
    manifest.main.replace(/^\.\//, ''),
    manifest.browser.replace(/^\.\//, ''),
    'package.nls.json',
    'dist/extension.js',
    'dist/tiktoken_bg.wasm',
    // The web build: the manifest's `browser` entry and its count worker.
    'dist/web/extension.js',
    'dist/web/countWorker.js',
    // Everything the build put into dist/ except source maps; the CLI too (the extension's MCP server runs it).
    ...filesUnder(join(REPO_ROOT, 'dist')).filter((file) => !file.endsWith('.map')),
    ...filesUnder(join(REPO_ROOT, 'media')),
    ...filesUnder(join(REPO_ROOT, 'l10n')),
  ];
  for (const file of new Set(required)) if (!inside.has(file)) problems.push(`missing: ${file}`);
  for (const name of ['o200k_base', 'cl100k_base']) {
    if (!inside.has(`dist/tokenizers/gpt-tokenizer-${name}.js`)) problems.push(`missing: dist/tokenizers/gpt-tokenizer-${name}.js`);
  }
  // Each vocabulary ships once: tiktoken's encoder is built from gpt-tokenizer's ranks.
  for (const file of inside) if (/^dist\/tokenizers\/(o200k|cl100k)_base\.json$/.test(file)) problems.push(`ships a vocabulary twice: ${file}`);
  for (const file of inside) {
    if (/(^|\/)node_modules\//.test(file) || /^(src|test|out|scripts|\.vscode-test|test-results)\//.test(file) || file.endsWith('.map') || file.endsWith('.ts')) {
      problems.push(`should not be packaged: ${file}`);
    }
  }
  return problems;
}

async function main(): Promise<number> {
  guardProcess('test:package', HARD_TIMEOUT_MS);
  const started = Date.now();
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const id = `${manifest.publisher}.${manifest.name}`;
  const vsix = join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);

  log('npm run package');
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (packaged.status !== 0 || !existsSync(vsix)) throw new Error(`npm run package failed (exit ${packaged.status}) or ${vsix} is missing`);

  const entries = zipEntries(readFileSync(vsix));
  const problems = checkContents(entries);
  if (problems.length > 0) {
    for (const problem of problems) log(problem);
    log(`FAILED: ${relative(REPO_ROOT, vsix)} is incomplete or carries files it should not`);
    return 1;
  }
  const webKB = ['dist/web/extension.js', 'dist/web/countWorker.js'].map((file) => `${file} ${(statSync(join(REPO_ROOT, file)).size / 1024).toFixed(0)} KB`);
  log(`${relative(REPO_ROOT, vsix)}: ${entries.length} entries, ${(statSync(vsix).size / 1048576).toFixed(2)} MB, contents OK (web build: ${webKB.join(', ')})`);

  const bin = await ensureCodeServer();
  const extensionsDir = join(tempDir('package'), 'extensions');
  const cliEnv = codeServerEnv(tempDir('package-state'));
  const install = spawnSync(bin, ['--extensions-dir', extensionsDir, '--install-extension', vsix], { env: cliEnv, encoding: 'utf8', timeout: 120_000 });
  if (install.status !== 0) throw new Error(`code-server --install-extension failed:\n${install.stdout}${install.stderr}`);
  const listed = spawnSync(bin, ['--extensions-dir', extensionsDir, '--list-extensions', '--show-versions'], { env: cliEnv, encoding: 'utf8', timeout: 60_000 });
  if (!listed.stdout.split('\n').includes(`${id}@${manifest.version}`)) {
    throw new Error(`${id}@${manifest.version} not listed after install:\n${listed.stdout}${listed.stderr}`);
  }
  log(`installed into ${extensionsDir}: ${id}@${manifest.version}`);

  const index = await buildSuites(join(REPO_ROOT, 'test', 'package'), join(REPO_ROOT, 'out', 'test', 'package'));
  const code = await runExtensionTests({
    extensionDevelopmentPath: join(REPO_ROOT, 'test', 'package', 'probe'),
    extensionTestsPath: index,
    server: { workspace: FIXTURE_WORKSPACE, extensionsDir, env: { PACKAGE_TEST_EXTENSIONS_DIR: extensionsDir } },
    timeoutMs: HARD_TIMEOUT_MS - 30_000,
  });
  log(`${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return code;
}

main()
  .catch((error: unknown) => {
    log(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  })
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  });
