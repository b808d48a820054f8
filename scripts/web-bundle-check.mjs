// Finds what a web bundle would need from Node: free references to Node's globals. VS Code's web
// worker extension host (vscode.dev, github.dev) and a Web Worker have none of them, so a bundle
// that needs one fails there, often only on the code path that touches it. Used by esbuild.mjs on
// every web build and by test/unit/scripts/webBundleCheck.test.ts.
import * as esbuild from 'esbuild';

/**
 * Each Node-only use a bundle must not make, as a pattern on minified code (no comments left, and
 * property names such as `x.process(` or `globalThis.Buffer` are preceded by a dot, so they pass:
 * feature detection through `globalThis` is fine, a bare `process.env` is not).
 */
const NODE_ONLY = [
  { what: 'process', pattern: /(?<![.\w$])process\s*[.[]|typeof process(?![\w$])/g },
  { what: 'Buffer', pattern: /(?<![.\w$])Buffer\s*[.([]|typeof Buffer(?![\w$])|new Buffer(?![\w$])/g },
  { what: '__dirname / __filename', pattern: /(?<![.\w$])__(?:dirname|filename)(?![\w$])/g },
  // `require("vscode")` is how VS Code hands the API to a CommonJS extension, in the web host too.
  { what: 'require', pattern: /(?<![.\w$])require\s*\((?!\s*"vscode"\s*\))/g },
  { what: 'setImmediate', pattern: /(?<![.\w$])setImmediate\s*\(/g },
  { what: 'global', pattern: /(?<![.\w$])global\s*\./g },
];

/**
 * The Node-only uses in bundled JavaScript, each with a little context; empty when the bundle
 * needs nothing from Node.
 * @param {string} code
 * @returns {Promise<string[]>}
 */
export async function nodeOnlyUses(code) {
  const { code: minified } = await esbuild.transform(code, { minify: true, loader: 'js', logLevel: 'silent' });
  const found = [];
  for (const { what, pattern } of NODE_ONLY) {
    for (const match of minified.matchAll(pattern)) {
      found.push(`${what}: …${minified.slice(Math.max(0, match.index - 40), match.index + 40)}…`);
    }
  }
  return found;
}
