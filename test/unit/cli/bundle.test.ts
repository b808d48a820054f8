import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import { runCliForTest } from '../../support/cliRun';
import { FIXTURES, REPO_ROOT } from '../../support/paths';

const run = runCliForTest;
/** The fixture folder, as the CLI shows it (relative to the working folder). */
const CONTEXT = relative(process.cwd(), join(FIXTURES, 'workspace', 'context')).replace(/\\/g, '/');

interface JsonOut {
  files: { path: string; characters: number; results: { model: string; tokens: number }[] }[];
  total: { model: string; tokens: number; fileTokens: number; cost: { total: string } | null }[];
  skipped: { path: string; reason: string; code: string }[];
  ignored: number;
}

describe('token-cost on folders', () => {
  it('walks a folder with .gitignore respected and lists what it skipped', async () => {
    const { code, stdout } = await run(['--json', CONTEXT]);
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as JsonOut;
    assert.deepEqual(
      json.files.map((file) => file.path.slice(CONTEXT.length + 1)),
      ['.gitignore', 'README.md', 'keep.log', 'docs/guide.md', 'src/app.ts', 'src/util/dates.ts', 'src/util/strings.ts'],
    );
    assert.deepEqual(json.skipped, [{ path: `${CONTEXT}/assets/logo.png`, reason: 'binary content', code: 'binary' }]);
    assert.equal(json.ignored, 2); // build/ and debug.log
  });

  it('--no-ignore counts the ignored files too', async () => {
    const json = JSON.parse((await run(['--json', '--no-ignore', CONTEXT])).stdout) as JsonOut;
    const paths = json.files.map((file) => file.path.slice(CONTEXT.length + 1));
    assert.ok(paths.includes('build/out.js') && paths.includes('debug.log'), paths.join(', '));
    assert.equal(json.ignored, 0);
  });

  it("totals equal the sum of the files' counts, on every model", async () => {
    const guide = `${CONTEXT}/docs/guide.md`;
    const json = JSON.parse((await run(['--json', '--compare', `${CONTEXT}/src`, guide])).stdout) as JsonOut;
    assert.equal(json.files.length, 4);
    assert.ok(json.total.length >= 3);
    for (const total of json.total) {
      const sum = json.files.reduce((tokens, file) => tokens + file.results.find((result) => result.model === total.model)!.tokens, 0);
      assert.equal(total.tokens, sum, total.model);
      assert.equal(total.fileTokens, sum, total.model);
    }
    // Each file is counted as its text, the way the editor's Context view counts it.
    const o200k = getTokenizer('o200k_base');
    const { readFileSync } = await import('node:fs');
    for (const file of json.files) assert.equal(file.results.find((result) => result.model === 'openai/gpt-5-mini')!.tokens, o200k.count(readFileSync(file.path, 'utf8')), file.path);
  });

  it('prints the totals, the largest files (--top) and the skipped ones', async () => {
    const { stdout } = await run(['--top', '2', CONTEXT]);
    assert.match(stdout, new RegExp(`^${CONTEXT}: 7 files, [\\d,]+ characters, 1 skipped, 2 ignored by \\.gitignore · total as one prompt\\n`));
    assert.match(stdout, /openai\/gpt-5-mini\s+\d+\s/);
    assert.match(stdout, /Largest files \(tokens on openai\/gpt-5-mini\):\n\s+\d+ {2}\S+app\.ts\n\s+\d+ {2}\S+strings\.ts\n\nSkipped \(1\):\n {2}\S+logo\.png: binary content\n$/);
  });

  it('checks --budget against the bundle total', async () => {
    const over = await run(['--budget', '100', CONTEXT]);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /over the budget of 100 tokens:\n {2}the bundle: \d+ tokens on openai\/gpt-5-mini/);
    assert.equal((await run(['--budget', '100000', CONTEXT])).code, 0);
  });

  it('reports a missing path with exit 2 and counts the rest', async () => {
    const { code, stdout, stderr } = await run(['--json', CONTEXT, 'no-such-folder']);
    assert.equal(code, 2);
    assert.match(stderr, /no-such-folder: unreadable: no such file or folder/);
    assert.equal((JSON.parse(stdout) as JsonOut).files.length, 7);
  });

  it('writes a progress line only when given a terminal to write it on', async () => {
    const lines: string[] = [];
    const { runCli } = await import('../../../src/cli/run');
    const { parseCliArgs } = await import('../../../src/cli/args');
    await runCli(parseCliArgs([CONTEXT]), { stdout: () => undefined, stderr: () => undefined, readStdin: () => ({ kind: 'read', bytes: Buffer.from('') }), version: '0', progress: (line) => lines.push(line) });
    assert.match(lines[0]!, /^token-cost: counting \d+ of \d+\+? files/);
    assert.equal(lines.at(-1), '', 'the line is cleared at the end');
  });

  it('files named one by one: --json adds total and skipped, --top lists the largest', async () => {
    const readme = `${CONTEXT}/README.md`;
    const logo = `${CONTEXT}/assets/logo.png`;
    const json = JSON.parse((await run(['--json', readme, `${CONTEXT}/src/app.ts`, logo])).stdout) as JsonOut;
    assert.equal(json.total[0]!.tokens, json.files[0]!.results[0]!.tokens + json.files[1]!.results[0]!.tokens);
    assert.deepEqual(json.skipped, [{ path: logo, reason: 'binary content', code: 'binary' }]);
    assert.match((await run(['--top', '1', readme, `${CONTEXT}/src/app.ts`])).stdout, /Largest files \(tokens on openai\/gpt-5-mini\):\n\s+\d+ {2}\S+app\.ts\n$/);
  });

  it('the built binary counts a folder in worker threads, to the same totals', async function () {
    this.timeout(120_000);
    const cli = join(REPO_ROOT, 'dist', 'cli.js');
    if (!existsSync(cli) || !existsSync(join(REPO_ROOT, 'dist', 'countWorker.js'))) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT });
    const args = ['--json', '-m', 'gpt-5-mini', '-m', 'claude-haiku-4-5', '-m', 'gemini-2.5-flash', CONTEXT];
    const built = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    assert.equal(built.stderr, '', 'no progress line on a pipe');
    const inProcess = JSON.parse((await run(args)).stdout) as JsonOut;
    const totals = (json: JsonOut) => json.total.map((total) => [total.model, total.tokens]);
    assert.deepEqual(totals(JSON.parse(built.stdout) as JsonOut), totals(inProcess));
  });
});
