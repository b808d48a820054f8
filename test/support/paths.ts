import { join } from 'node:path';

/** The repository root, wherever a test file sits below test/. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** test/fixtures/ */
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
