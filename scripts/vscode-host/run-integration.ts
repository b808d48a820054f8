/**
 * `npm run test:integration` — builds the extension and test/integration/**\/*.test.ts, then runs
 * them in the real extension host of code-server (VS Code 1.100.3) on a copy of the fixture
 * workspace. Exit code: 0 when every test passed, 1 on failures, 124 on the hard timeout,
 * 130 on Ctrl-C; the server, the browser and the temp dirs are gone in every case.
 */
import { buildExtension, buildSuites } from './build';
import { cleanupAll, guardProcess } from './host';
import { FIXTURE_WORKSPACE, INTEGRATION_OUT, REPO_ROOT } from './paths';
import { runExtensionTests } from './extension-tests';
import { join } from 'node:path';

const HARD_TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS ?? 8 * 60_000);

async function main(): Promise<number> {
  guardProcess('test:integration', HARD_TIMEOUT_MS);
  const started = Date.now();
  buildExtension();
  const index = await buildSuites(join(REPO_ROOT, 'test', 'integration'), INTEGRATION_OUT);
  const code = await runExtensionTests({
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: index,
    server: { workspace: FIXTURE_WORKSPACE },
    timeoutMs: HARD_TIMEOUT_MS - 30_000,
  });
  process.stdout.write(
    `[test:integration] ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  return code;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`[test:integration] ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 1;
  })
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  });
