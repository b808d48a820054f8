import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../../../support/paths';

/** Inputs of the extension bundle that load with it: reached from the entry without a dynamic import(). */
async function loadedAtActivation(): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'src', 'extension', 'extension.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
  });
  const inputs = result.metafile.inputs;
  const reached = new Set<string>();
  const queue = ['src/extension/extension.ts'];
  while (queue.length) {
    const path = queue.pop()!;
    if (reached.has(path) || !inputs[path]) continue;
    reached.add(path);
    for (const imported of inputs[path].imports) if (imported.kind !== 'dynamic-import' && !imported.external) queue.push(imported.path);
  }
  return [...reached];
}

describe('the extension loads the prompt-file parsers on first use', function () {
  this.timeout(60_000);

  it('keeps YAML, Jinja, Handlebars and the request parsers out of what loads at activation', async () => {
    const loaded = await loadedAtActivation();
    assert.ok(loaded.some((path) => path.endsWith('src/extension/request/controller.ts')), 'the request controller is part of activation');
    const eager = loaded.filter((path) => /node_modules\/(yaml|@huggingface\/jinja|handlebars)\/|src\/core\/request\/(parse|formats\/)/.test(path));
    assert.deepEqual(eager, []);
  });
});
