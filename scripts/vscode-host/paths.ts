/**
 * Where the real-VS Code test host lives. One place for every path so the setup script, the
 * runners, the demo and the e2e harness cannot disagree.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** code-server 4.100.3 ships VS Code 1.100.3, the newest release that still runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';

/** The VS Code version inside {@link CODE_SERVER_VERSION}; the smoke suite asserts it. */
export const VSCODE_VERSION = '1.100.3';

/** Repository root (this file is scripts/vscode-host/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Git-ignored cache folder for downloaded test hosts (same name @vscode/test-electron uses). */
export const CACHE_DIR = join(REPO_ROOT, '.vscode-test');

/** The finished code-server install; only ever renamed into place once complete. */
export const CODE_SERVER_HOME = join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);

/** code-server's launcher inside {@link CODE_SERVER_HOME}. */
export const CODE_SERVER_BIN = join(CODE_SERVER_HOME, 'node_modules', '.bin', 'code-server');

/** Written last by the setup script; its presence means the install finished. */
export const CODE_SERVER_MARKER = join(CODE_SERVER_HOME, '.setup-complete');

/** Sample workspace used by the integration suites, the e2e tests and the demo. */
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'fixtures', 'workspace');

/** Compiled integration suites (the extension host runs JavaScript). */
export const INTEGRATION_OUT = join(REPO_ROOT, 'out', 'test', 'integration');

/** Git-ignored output of browser tests. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/** Debian's Chromium unless CHROME_PATH names another Chromium-based browser. */
export function chromiumPath(): string {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

/**
 * Environment for a code-server process. Its config file, logs and state go to `stateDir`
 * (XDG folders), never into the user's home: otherwise code-server writes a default config with a
 * generated password to ~/.config/code-server and keeps logs in ~/.local/share/code-server.
 */
export function codeServerEnv(stateDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A parent `npm run` sets npm_* variables; VS Code's own variables would confuse a nested VS Code.
    // code-server takes PORT over its --bind-addr, so a PORT in the user's shell made `npm start`
    // wait on one port while code-server listened on another.
    if (!/^(npm_|VSCODE_|ELECTRON_)/i.test(key) && key !== 'PORT') env[key] = value;
  }
  return {
    ...env,
    XDG_CONFIG_HOME: join(stateDir, 'config'),
    XDG_DATA_HOME: join(stateDir, 'data'),
    XDG_CACHE_HOME: join(stateDir, 'cache'),
    CODE_SERVER_CONFIG: join(stateDir, 'config', 'code-server', 'config.yaml'),
    ...extra,
  };
}

/** Throws with instructions when code-server has not been set up yet. */
export function requireCodeServer(): string {
  if (!existsSync(CODE_SERVER_MARKER) || !existsSync(CODE_SERVER_BIN)) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not set up in ${CODE_SERVER_HOME}.\n` +
        'Run `npm run setup:vscode` first (needs the npm registry; about 3 minutes the first time).',
    );
  }
  return CODE_SERVER_BIN;
}
