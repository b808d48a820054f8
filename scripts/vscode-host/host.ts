/**
 * Starting and stopping a real VS Code (code-server) and a headless Chromium, with cleanup that
 * runs on success, failure, hard timeout and Ctrl-C. Used by the integration runner, the package
 * test, the demo and the e2e harness.
 *
 * Process hygiene, because a leaked server or browser outlives CI's run and eats the 2 cores:
 * - code-server is spawned in its own process group and stopped by signalling the whole group
 *   (it forks a server, an extension host, a pty host and a file watcher);
 * - a small detached reaper kills that group if this Node process dies without cleaning up
 *   (SIGKILL, crash), so nothing survives us;
 * - Chromium is driven over Playwright's pipe, and closing or losing the pipe ends it;
 * - every temp dir is registered and removed by the same cleanup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { installLanguagePack } from './languagePack';
import { CODE_SERVER_MARKER, REPO_ROOT, chromiumPath, codeServerEnv, requireCodeServer } from './paths';

type Cleanup = () => void | Promise<void>;

const cleanups = new Set<Cleanup>();
let exiting = false;

/** Registers work for {@link cleanupAll}; returns a function that unregisters it. */
export function onCleanup(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup (newest first), each at most once, never throwing. */
export async function cleanupAll(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`[vscode-host] cleanup failed: ${String(error)}\n`);
    }
  }
}

/**
 * Makes Ctrl-C / SIGTERM / SIGHUP clean up and exit, and ends the process with exit code 124
 * after `hardTimeoutMs` (0: never) whatever is going on (a hung workbench must not hang CI).
 */
export function guardProcess(label: string, hardTimeoutMs: number): void {
  const stop = async (code: number, why: string): Promise<void> => {
    if (exiting) return;
    exiting = true;
    process.stderr.write(`\n[${label}] ${why}; stopping code-server and the browser, removing temp dirs...\n`);
    await cleanupAll();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(130, 'interrupted'));
  process.once('SIGTERM', () => void stop(143, 'terminated'));
  process.once('SIGHUP', () => void stop(129, 'hung up'));
  if (hardTimeoutMs > 0) {
    setTimeout(() => void stop(124, `hard timeout after ${Math.round(hardTimeoutMs / 1000)} s`), hardTimeoutMs).unref();
  }
}

/** A port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number): Promise<number | undefined> =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        const chosen = typeof address === 'object' && address ? address.port : undefined;
        server.close(() => resolve(chosen));
      });
    });
  if (preferred !== undefined) {
    const port = await tryPort(preferred);
    if (port !== undefined) return port;
  }
  const port = await tryPort(0);
  if (port === undefined) throw new Error('no free port on 127.0.0.1');
  return port;
}

/** A fresh temp dir that {@link cleanupAll} removes. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tcm-${prefix}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Installs the code-server test host if it is missing (runs `npm run setup:vscode`'s script). */
export async function ensureCodeServer(): Promise<string> {
  if (!existsSync(CODE_SERVER_MARKER)) {
    process.stdout.write('[vscode-host] code-server is not set up yet; running setup (about 3 minutes)...\n');
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'vscode-host', 'setup.ts')], {
      stdio: 'inherit',
      cwd: REPO_ROOT,
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`setup:vscode failed with exit code ${code}`);
  }
  return requireCodeServer();
}

/**
 * Starts a watchdog, detached from us, that kills process group `pgid` and removes `dir` once
 * process `parent` is gone. It covers the one case our own cleanup cannot: this process being
 * killed outright (SIGKILL, OOM).
 */
function spawnReaper(parent: number, pgid: number, dir: string): ChildProcess {
  const script = `
    const [parent, pgid] = process.argv.slice(1, 3).map(Number);
    const dir = process.argv[3];
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    const timer = setInterval(() => {
      if (!alive(-pgid)) process.exit(0);
      if (!alive(parent)) {
        try { process.kill(-pgid, 'SIGTERM'); } catch {}
        setTimeout(() => {
          try { process.kill(-pgid, 'SIGKILL'); } catch {}
          setTimeout(() => { require('fs').rmSync(dir, { recursive: true, force: true }); process.exit(0); }, 500);
        }, 3000);
        clearInterval(timer);
      }
    }, 500);`;
  const reaper = spawn(process.execPath, ['-e', script, String(parent), String(pgid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.unref();
  return reaper;
}

/** Options for {@link startCodeServer}. */
export interface CodeServerOptions {
  /** Folder to open; copied to a temp dir first unless `copyWorkspace` is false. */
  workspace: string;
  /** Copy the workspace so tests may edit files freely (default true). */
  copyWorkspace?: boolean;
  /**
   * Extra files (path relative to the workspace, text) written into the copied workspace before
   * the server starts, so the Explorer lists them from its first paint instead of waiting for a
   * file watcher event, which a busy machine can deliver late.
   */
  files?: Readonly<Record<string, string>>;
  /** User settings written to the throw-away user data dir's settings.json. */
  settings?: Record<string, unknown>;
  /** User keybindings written to the throw-away user data dir's keybindings.json. */
  keybindings?: readonly { key: string; command: string; when?: string }[];
  /** Extensions dir to use (default: a fresh empty one, so no user extension interferes). */
  extensionsDir?: string;
  /**
   * UI language passed as `--locale` (e.g. `zh-cn`). On its own it changes nothing: VS Code only
   * switches language when a language pack for it is installed (see `languagePack`).
   */
  locale?: string;
  /** Folder of a language pack extension to install for this run (see languagePack.ts). */
  languagePack?: string;
  /** Port on 127.0.0.1; default: any free port. */
  port?: number;
  /** Extra environment for the server and its extension host. */
  env?: NodeJS.ProcessEnv;
  /** Where code-server's own log goes; default: a file in the temp dir, printed on failure. */
  logTo?: 'file' | 'inherit';
}

/** A running code-server. */
export interface CodeServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** Absolute path of the opened (possibly copied) workspace folder. */
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  /** Path of the server's log file ('' when logging to the terminal). */
  logFile: string;
  /** Workbench URL, optionally with a `payload` (extension development / tests). */
  workbenchUrl(payload?: { extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  /** Stops the whole process group and removes temp dirs. Safe to call twice. */
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic for tests and screenshots. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

/** Starts code-server on 127.0.0.1 with throw-away user data and waits until it answers. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const bin = await ensureCodeServer();
  const root = tempDir('vscode');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
  );
  if (options.keybindings) writeFileSync(join(userDataDir, 'User', 'keybindings.json'), JSON.stringify(options.keybindings, null, 2));
  if (options.languagePack) {
    const languages = installLanguagePack(options.languagePack, extensionsDir, userDataDir);
    // The server matches the locale exactly or by its prefixes ('zh' serves 'zh-cn').
    const locale = options.locale;
    if (locale && !languages.some((language) => locale === language || locale.startsWith(`${language}-`))) {
      throw new Error(`language pack ${options.languagePack} provides ${languages.join(', ')}, not ${options.locale}`);
    }
  }

  let workspace = options.workspace;
  if (options.copyWorkspace !== false) {
    workspace = join(root, 'workspace');
    cpSync(options.workspace, workspace, { recursive: true });
  }
  for (const [relativePath, text] of Object.entries(options.files ?? {})) {
    if (options.copyWorkspace === false) throw new Error('files can only be added to a copied workspace');
    mkdirSync(dirname(join(workspace, relativePath)), { recursive: true });
    writeFileSync(join(workspace, relativePath), text);
  }

  const port = await freePort(options.port);
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-file-downloads',
    ...(options.locale ? ['--locale', options.locale] : []),
    workspace,
  ];
  const logFile = options.logTo === 'inherit' ? '' : join(root, 'code-server.log');
  const child = spawn(bin, args, {
    detached: true, // own process group, so stop() can signal the server and all its children
    env: codeServerEnv(join(root, 'state'), options.env),
    stdio: logFile ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  });
  if (logFile) {
    const log = createWriteStream(logFile);
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${bin}`);
  const reaper = spawnReaper(process.pid, pid, root);

  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    unregister();
    if (!exited) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killTimer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exitedPromise;
      clearTimeout(killTimer);
    }
    // The server's children (extension host, pty host) may outlive the leader briefly.
    await waitForGroupExit(pid, 5000);
    try {
      process.kill(reaper.pid ?? -1, 'SIGKILL');
    } catch {
      // reaper already left
    }
    rmSync(root, { recursive: true, force: true });
  };
  const unregister = onCleanup(stop);

  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(origin, () => exited, 60_000);
  } catch (error) {
    const log = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\ncode-server log:\n${log}`);
  }

  return {
    origin,
    port,
    workspace,
    userDataDir,
    extensionsDir,
    logFile,
    workbenchUrl(payload) {
      const params = new URLSearchParams({ folder: workspace });
      const entries: [string, string][] = [];
      // The web workbench resolves these against the server ("remote authority"), so the
      // extension and its tests run in the real Node extension host on the server.
      const remote = (path: string): string => `vscode-remote://127.0.0.1:${port}${path}`;
      if (payload?.extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
      if (payload?.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
      if (entries.length > 0) params.set('payload', JSON.stringify(entries));
      return `${origin}/?${params.toString()}`;
    },
    stop,
  };
}

async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone
      }
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForHealthy(origin: string, hasExited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('code-server exited during start-up');
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on ${origin} within ${timeoutMs / 1000} s`);
}

/** Launches headless Chromium (Debian's, or CHROME_PATH); closed by {@link cleanupAll}. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it with \`sudo apt-get install -y chromium\` ` +
        'or point CHROME_PATH at a Chromium-based browser.',
    );
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // We handle signals ourselves so the server is stopped too, in the right order.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox', // runs as root in CI
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      // The machine's network is closed; these stop Chromium's background calls home.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const unregister = onCleanup(() => browser.close().catch(() => undefined));
  browser.once('disconnected', unregister);
  return browser;
}
