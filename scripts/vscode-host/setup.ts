/**
 * `npm run setup:vscode` — installs code-server (a complete VS Code: real workbench, real Node
 * extension host) from the npm registry into the git-ignored `.vscode-test/` folder.
 *
 * Why not @vscode/test-electron: it downloads VS Code builds from the internet, and this project's
 * machines and CI reach only the npm registry and Debian's packages. code-server's own npm
 * postinstall cannot succeed offline either (it downloads ripgrep, refuses to run as root, and
 * node-gyp prompts), so the steps below install it by hand: modules without scripts, Debian's
 * ripgrep linked in, native modules rebuilt, then a check that `code-server --version` answers.
 *
 * Idempotent: a finished install is marked by `.setup-complete`; a second run only re-checks the
 * prerequisites and `code-server --version` (a second or two). The install is built in a
 * `.partial` folder and renamed into place only when it works, so an interrupted run never leaves
 * something that looks finished. `--force` rebuilds from scratch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CACHE_DIR,
  CODE_SERVER_BIN,
  CODE_SERVER_HOME,
  CODE_SERVER_MARKER,
  CODE_SERVER_VERSION,
  VSCODE_VERSION,
  chromiumPath,
  codeServerEnv,
} from './paths';

const APT_HINT = 'sudo apt-get update && sudo apt-get install -y chromium ripgrep libkrb5-dev fonts-wqy-microhei';

/** One missing system prerequisite and whether setup can go on without it. */
interface Missing {
  what: string;
  fatal: boolean;
}

function log(message: string): void {
  process.stdout.write(`[setup:vscode] ${message}\n`);
}

function which(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : undefined;
}

/** Checks the Debian packages and build tools the install and the tests need. */
function checkPrerequisites(): Missing[] {
  const missing: Missing[] = [];
  if (!which('rg')) {
    // VS Code's search runs ripgrep; @vscode/ripgrep would download it from GitHub otherwise.
    missing.push({ what: 'ripgrep (`rg`, Debian package `ripgrep`)', fatal: true });
  }
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/krb5/krb5.h')) {
    // VS Code's `kerberos` native module compiles against it during the rebuild.
    missing.push({ what: 'Kerberos headers (Debian package `libkrb5-dev`)', fatal: true });
  }
  for (const tool of ['make', 'g++', 'python3']) {
    if (!which(tool)) missing.push({ what: `${tool} (node-gyp builds native modules with it)`, fatal: true });
  }
  if (!existsSync(chromiumPath())) {
    // Only the browser tests need it; the demo (`npm start`) works with any browser.
    missing.push({
      what: `Chromium at ${chromiumPath()} (Debian package \`chromium\`, or set CHROME_PATH) — needed by the tests, not by the install`,
      fatal: false,
    });
  }
  if (!hasChineseFont()) {
    // Without one, Chromium draws the Simplified Chinese UI (locale e2e test) as empty boxes.
    missing.push({
      what: 'a font with Simplified Chinese (Debian package `fonts-wqy-microhei`) — only the screenshots need it',
      fatal: false,
    });
  }
  return missing;
}

/** Whether fontconfig (which Chromium uses on Linux) knows a font covering Chinese. */
function hasChineseFont(): boolean {
  const result = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim().length > 0;
}

/** Environment for the nested npm runs: none of the parent `npm run`'s settings leak in. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  // npm 11 ignores --unsafe-perm; as root, code-server's scripts exit without this.
  env.npm_config_unsafe_perm = 'true';
  // node-pty's install script runs `npx node-gyp`, which waits for a "yes" that never comes in CI.
  env.npm_config_yes = 'true';
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_update_notifier = 'false';
  return env;
}

/** The expected npm warnings are explained once, before the first nested npm run. */
let explained = false;

function run(step: string, cwd: string, args: string[]): void {
  const started = Date.now();
  log(`${step}: npm ${args.join(' ')}  (in ${cwd})`);
  if (!explained) {
    explained = true;
    log('npm may warn below about "unsafe-perm" (code-server\'s own scripts refuse to run as root without it) and about held-back install scripts or code-server\'s postinstall error (the steps here do that work themselves); both are expected.');
  }
  const result = spawnSync('npm', args, { cwd, env: npmEnv(), stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`${step} failed (npm exited with ${result.status ?? result.signal}). See the output above.`);
  }
  log(`${step}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function link(target: string, path: string): void {
  rmSync(path, { force: true, recursive: true });
  symlinkSync(target, path);
}

/** Returns code-server's `--version` line, or undefined when it does not run. */
function codeServerVersion(bin: string): string | undefined {
  const result = spawnSync(bin, ['--version'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: codeServerEnv(join(CACHE_DIR, 'state')),
  });
  if (result.status !== 0) return undefined;
  return result.stdout.split('\n').find((line) => line.includes(' with Code '))?.trim();
}

function install(home: string): void {
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  // Without its own package.json npm would walk up and install into the project itself.
  writeFileSync(
    join(home, 'package.json'),
    JSON.stringify({ name: 'token-cost-meter-vscode-host', private: true, description: 'test host cache' }, null, 2),
  );
  run('1/6 code-server', home, ['install', '--no-save', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`]);

  const vscode = join(home, 'node_modules', 'code-server', 'lib', 'vscode');
  run('2/6 VS Code server modules', vscode, ['install', '--omit=dev', '--ignore-scripts']);

  // @vscode/ripgrep's postinstall skips its GitHub download when bin/ exists; use Debian's rg.
  const ripgrepBin = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(ripgrepBin, { recursive: true });
  const rg = which('rg');
  if (rg) link(rg, join(ripgrepBin, 'rg'));

  run('3/6 native modules (node-pty, spdlog, kerberos, ...)', vscode, ['rebuild']);

  // What code-server's postinstall would have done after its npm install.
  link('node_modules', join(vscode, 'node_modules.asar'));
  link('code-linux.sh', join(vscode, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscode, 'bin', 'helpers', 'browser.sh'));

  run('4/6 built-in extensions', join(vscode, 'extensions'), ['install', '--omit=dev', '--ignore-scripts']);
  // argon2 is loaded by code-server's CLI at start even with --auth none.
  run('5/6 code-server CLI native modules', home, ['rebuild', 'argon2']);
}

function main(): void {
  const force = process.argv.includes('--force');
  const started = Date.now();

  const missing = checkPrerequisites();
  for (const item of missing) log(`${item.fatal ? 'MISSING' : 'warning: missing'}: ${item.what}`);
  if (missing.length > 0) log(`Install with: ${APT_HINT}`);
  if (missing.some((item) => item.fatal)) process.exit(2);

  if (!force && existsSync(CODE_SERVER_MARKER)) {
    const version = codeServerVersion(CODE_SERVER_BIN);
    if (version && version.includes(`with Code ${VSCODE_VERSION}`)) {
      log(`code-server already set up: ${version} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return;
    }
    log(`existing install does not run (${version ?? 'no version'}); reinstalling`);
  }

  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${CODE_SERVER_HOME}.partial`;
  install(partial);

  const partialBin = join(partial, 'node_modules', '.bin', 'code-server');
  const version = codeServerVersion(partialBin);
  log(`6/6 check: code-server --version → ${version ?? '(failed)'}`);
  if (!version || !version.includes(`with Code ${VSCODE_VERSION}`)) {
    throw new Error(`code-server does not start after the install (expected "with Code ${VSCODE_VERSION}").`);
  }
  writeFileSync(join(partial, '.setup-complete'), `${version}\n`);
  rmSync(CODE_SERVER_HOME, { recursive: true, force: true });
  renameSync(partial, CODE_SERVER_HOME);
  log(`code-server ${CODE_SERVER_VERSION} ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${CODE_SERVER_BIN}`);
  log(`marker: ${readFileSync(CODE_SERVER_MARKER, 'utf8').trim()}`);
}

try {
  main();
} catch (error) {
  log(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
