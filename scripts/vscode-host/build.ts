/**
 * Builds what the real VS Code runs: the extension (the project's own esbuild.mjs) and the Mocha
 * suites, compiled from TypeScript because the extension host loads plain JavaScript.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './paths';

/** Runs `node esbuild.mjs` (dist/); throws when the build fails. */
export function buildExtension(): void {
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`extension build failed (node esbuild.mjs exited with ${result.status})`);
}

/**
 * Compiles a suite folder: the shared Mocha runner (test/integration/index.ts) plus every
 * `*.test.ts` under `sourceDir`, each bundled on its own (so tests may import src/core) with
 * `vscode` and `mocha` left to the extension host. Returns the path of the compiled index.js.
 */
export async function buildSuites(sourceDir: string, outDir: string): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  const common: esbuild.BuildOptions = {
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline', // stack traces in failures point at the .ts lines
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  };
  const index = join(outDir, 'index.js');
  await esbuild.build({ ...common, entryPoints: [join(REPO_ROOT, 'test', 'integration', 'index.ts')], outfile: index });
  await esbuild.build({
    ...common,
    entryPoints: [`${relative(REPO_ROOT, sourceDir)}/**/*.test.ts`],
    outbase: sourceDir,
    outdir: outDir,
  });
  return index;
}
