/**
 * Runs before the e2e suites (`npm run test:e2e`): builds the extension once for all tests,
 * makes sure code-server is set up, and empties test-results/screenshots/ so every picture there
 * comes from this run.
 */
import { rmSync } from 'node:fs';
import { buildExtension } from './build';
import { ensureCodeServer } from './host';
import { SCREENSHOT_DIR } from './paths';

buildExtension();
rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
ensureCodeServer().catch((error: unknown) => {
  process.stderr.write(`[test:e2e] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
