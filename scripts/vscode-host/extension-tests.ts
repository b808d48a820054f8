/**
 * Runs Mocha suites in the real Node extension host of code-server, exactly as
 * @vscode/test-electron would in desktop VS Code: the web workbench's `payload` query parameter
 * carries `extensionDevelopmentPath` + `extensionTestsPath`; when the suites' `run()` settles the
 * workbench calls `window.codeAutomationExit(code)`. Mocha's output reaches the browser console
 * (the extension host forwards console.log) and is streamed to our stdout from there;
 * VSCODE_HOST_VERBOSE=1 also prints the workbench's own console.
 */
import { launchBrowser, startCodeServer, type CodeServerOptions } from './host';

/** What to run and where. */
export interface ExtensionTestRun {
  /** Folder with the extension under development (its package.json). */
  extensionDevelopmentPath: string;
  /** Compiled index.js exporting `run(): Promise<void>`. */
  extensionTestsPath: string;
  /** Workspace, settings, extensions dir... for the server. */
  server: CodeServerOptions;
  /** Give up (exit code 124) after this long; default 5 minutes. */
  timeoutMs?: number;
}

/** Prefix test/integration/index.ts puts on each Mocha reporter line in code-server. */
const MOCHA_LINE_TAG = '[mocha] ';

/** Starts server + browser, runs the suites, returns the exit code (0 = all passed). */
export async function runExtensionTests(options: ExtensionTestRun): Promise<number> {
  const server = await startCodeServer({
    ...options.server,
    // Reaches the extension host through the server's environment; read by test/integration/index.ts.
    env: { MOCHA_COLORS: process.stdout.isTTY ? '1' : '0', ...options.server.env },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let settle: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => {
      settle = resolve;
    });
    // Must exist before the workbench loads: it calls this when run() settles.
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(Number(code)));
    page.on('console', (message) => {
      const text = message.text();
      const tag = text.indexOf(MOCHA_LINE_TAG);
      if (tag >= 0) {
        process.stdout.write(`${text.slice(tag + MOCHA_LINE_TAG.length)}\n`);
      } else if (process.env.VSCODE_HOST_VERBOSE) {
        // Everything else the workbench logs; useful when the suites never start.
        process.stdout.write(`[browser ${message.type()}] ${text}\n`);
      }
    });
    page.on('pageerror', (error) => process.stderr.write(`[workbench error] ${error.message}\n`));

    const url = server.workbenchUrl({
      extensionDevelopmentPath: options.extensionDevelopmentPath,
      extensionTestsPath: options.extensionTestsPath,
    });
    process.stdout.write(`[vscode-host] code-server ${server.origin} (workspace ${server.workspace})\n`);
    await page.goto(url);

    const timeoutMs = options.timeoutMs ?? 5 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        process.stderr.write(`[vscode-host] the suites did not finish within ${timeoutMs / 1000} s\n`);
        resolve(124);
      }, timeoutMs);
    });
    const code = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    return code;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}
