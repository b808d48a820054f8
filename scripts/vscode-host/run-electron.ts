/**
 * `npm run test:electron` — the same integration suites (test/integration) in desktop VS Code
 * through @vscode/test-electron, for machines that can download VS Code (it fetches 1.100.3 into
 * .vscode-test/) or that have one installed: set VSCODE_EXECUTABLE to its binary, e.g.
 *   VSCODE_EXECUTABLE=/usr/share/code/code npm run test:electron
 * On Linux without a display, run it under `xvfb-run -a`. Not part of `npm test`: this project's
 * machines and CI cannot download VS Code, so there `npm run test:integration` (code-server) runs
 * these suites instead.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildExtension, buildSuites } from './build';
import { cleanupAll, guardProcess, tempDir } from './host';
import { FIXTURE_WORKSPACE, INTEGRATION_OUT, REPO_ROOT, VSCODE_VERSION } from './paths';

async function main(): Promise<number> {
  guardProcess('test:electron', Number(process.env.INTEGRATION_TIMEOUT_MS ?? 15 * 60_000));
  buildExtension();
  const index = await buildSuites(join(REPO_ROOT, 'test', 'integration'), INTEGRATION_OUT);
  const root = tempDir('electron');
  const workspace = join(root, 'workspace');
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  const executable = process.env.VSCODE_EXECUTABLE;
  process.stdout.write(`[test:electron] ${executable ? `using ${executable}` : `VS Code ${VSCODE_VERSION} (downloaded by @vscode/test-electron)`}\n`);
  return runTests({
    ...(executable ? { vscodeExecutablePath: executable } : { version: VSCODE_VERSION }),
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: index,
    extensionTestsEnv: { MOCHA_COLORS: process.stdout.isTTY ? '1' : '0' },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay out; the one under test loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${join(root, 'user-data')}`,
      `--extensions-dir=${join(root, 'extensions')}`,
    ],
  });
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`[test:electron] ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  })
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  });
