/**
 * Mocha entry point for the real extension host — the `extensionTestsPath` contract shared by
 * code-server (scripts/vscode-host/run-integration.ts) and @vscode/test-electron
 * (scripts/vscode-host/run-electron.ts): export `run()`, resolve when every test passed, reject
 * otherwise. It runs every compiled `*.test.js` beside it, so a new suite is just a new
 * `test/integration/**\/*.test.ts` file (Mocha TDD UI: `suite` / `test`).
 *
 * Output goes through console.log, which the extension host forwards: to the terminal under
 * test-electron, to the browser console under code-server. There the workbench mixes it with its
 * own log lines, so each reporter line is tagged with {@link MOCHA_LINE_TAG}; the runner prints
 * only tagged lines (scripts/vscode-host/extension-tests.ts).
 * Set MOCHA_GREP to run only matching tests.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Prefix of reporter lines in the browser console; keep in sync with extension-tests.ts. */
const MOCHA_LINE_TAG = '[mocha] ';

/** Routes the reporter's output through tagged, pre-formatted console lines. */
function tagReporterOutput(): void {
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const log = console.log.bind(console);
  base.consoleLog = (...args: unknown[]) => {
    // Formatted here: the forwarding would otherwise ship the printf pattern and its arguments apart.
    for (const line of format(...args).split('\n')) log(`${MOCHA_LINE_TAG}${line}`);
  };
}

/** Runs the suites; rejects with the number of failures. */
export function run(): Promise<void> {
  if (vscode.env.appName === 'code-server') tagReporterOutput();
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    // ANSI colours survive both routes to the terminal; the runners set MOCHA_COLORS=0 for logs.
    color: process.env.MOCHA_COLORS !== '0',
    timeout: 30_000,
    ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP } : {}),
  });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(join(__dirname, file));

  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js files in ${__dirname}`));
      return;
    }
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
