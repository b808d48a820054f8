// Lint (`npm run lint`, part of `npm test`): typescript-eslint's recommended type-aware rules, and
// the import boundaries that keep the architecture what the tree says it is:
//   - src/core, src/shared, src/webview and src/cli never import `vscode` (the core serves the CLI,
//     the worker, a browser build and plain Mocha tests);
//   - src/core imports nothing from the layers above it (shared, extension, webview, cli);
//   - src/extension never imports src/webview (they share src/shared), and the webview never
//     imports the extension;
//   - src/extension never imports src/cli nor the MCP SDK (the MCP server is the CLI's; the
//     extension only names the command that starts it);
//   - no import cycles anywhere in src.
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

/** `no-restricted-imports` patterns: a module path and why it is out of bounds. */
const noVscode = { name: 'vscode', message: 'Only src/extension may import vscode: the core, shared, webview and CLI code runs without VS Code.' };
const layer = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.vscode-test/**', 'node_modules/**', 'test-results/**', 'test/fixtures/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    files: ['**/*.ts'],
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'src/webview/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Unused expressions are how tests touch getters; the compiler already flags real mistakes.
      '@typescript-eslint/no-unused-expressions': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Declaration files describe CommonJS packages the way TypeScript requires (`import x = require()`).
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [layer(['**/shared/**', '**/extension/**', '**/webview/**', '**/cli/**'], 'The core imports nothing from the layers above it.')],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [layer(['**/extension/**', '**/webview/**', '**/cli/**'], 'Shared code is used by the host and the webview alike.')] }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [layer(['**/extension/**', '**/cli/**'], 'The webview talks to the host through src/shared/protocol.ts only.')] }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [layer(['**/extension/**', '**/webview/**'], 'The CLI runs on the core alone.')] }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer(['**/webview/**'], 'The extension and the webview share src/shared; neither imports the other.'),
            layer(['**/cli/**', '@modelcontextprotocol/*', 'zod', 'zod/*'], 'The extension only points VS Code at `dist/cli.js mcp`: the CLI and the MCP SDK stay out of dist/extension.js.'),
          ],
        },
      ],
    },
  },
);
