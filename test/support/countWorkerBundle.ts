import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './paths';

const ROOT = REPO_ROOT;

/**
 * Bundles the count worker into `out/<folder>/countWorker.js` for tests that start real worker
 * threads, and returns its path. With `vocabularies`, the vendor vocabularies are linked beside it,
 * where the worker looks for them in dist/.
 */
export async function buildCountWorker(folder: string, options: { vocabularies?: boolean } = {}): Promise<string> {
  const dir = join(ROOT, 'out', folder);
  const script = join(dir, 'countWorker.js');
  mkdirSync(dir, { recursive: true });
  const vocab = join(dir, 'vocab');
  if (options.vocabularies && !existsSync(vocab)) symlinkSync(join(ROOT, 'src', 'core', 'tokenizers', 'vocab'), vocab, 'dir');
  await esbuild.build({
    entryPoints: [join(ROOT, 'src', 'core', 'counting', 'worker', 'countWorker.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  return script;
}
