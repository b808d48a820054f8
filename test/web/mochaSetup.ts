/**
 * Mocha's browser build, set up before any suite file is evaluated (index.ts imports this first):
 * TDD globals (`suite`, `test`), the spec reporter, and its lines tagged like the Node integration
 * runner's (test/integration/index.ts), because the web worker host forwards console.log to the
 * browser console, where scripts/vscode-host/extension-tests.ts picks tagged lines out.
 */
import mocha from 'mocha/mocha.js';

/** Keep in sync with scripts/vscode-host/extension-tests.ts. */
const MOCHA_LINE_TAG = '[mocha] ';

/** printf-style `%s`/`%d` as the reporters use it (no `node:util` in a browser). */
function format(pattern?: unknown, ...args: unknown[]): string {
  if (pattern === undefined) return '';
  if (typeof pattern !== 'string') return [pattern, ...args].map(String).join(' ');
  let next = 0;
  const text = pattern.replace(/%[sdifj%]/g, (token) => (token === '%%' ? '%' : String(args[next++])));
  return [text, ...args.slice(next).map(String)].join(' ');
}

/** The browser build puts the Mocha class on the global object. */
const base = (globalThis as unknown as { Mocha: { reporters: { Base: { consoleLog: (...args: unknown[]) => void; useColors: boolean } } } }).Mocha.reporters.Base;
base.useColors = false;
base.consoleLog = (...args: unknown[]) => {
  for (const line of format(args[0], ...args.slice(1)).split('\n')) console.log(`${MOCHA_LINE_TAG}${line}`);
};
mocha.setup({ ui: 'tdd', reporter: 'spec', timeout: 60_000 });

export { mocha };
