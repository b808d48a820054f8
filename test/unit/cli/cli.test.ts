import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';
import { parseCliArgs, USAGE } from '../../../src/cli/args';
import { MAX_INPUT_BYTES, runCli } from '../../../src/cli/run';
import { bundledCatalog } from '../../../src/core/pricing/bundled';
import { Decimal } from '../../../src/core/pricing/decimal';
import { runCliForTest } from '../../support/cliRun';
import { FIXTURES, REPO_ROOT } from '../../support/paths';

const CLI_FIXTURES = join(FIXTURES, 'cli');
const run = runCliForTest;

describe('token-cost CLI', () => {
  it('reads stdin when no file is given and prints a table for the default model', async () => {
    const { code, stdout } = await run([], 'Hello, world!');
    assert.equal(code, 0);
    assert.match(stdout, /<stdin>\s+\(13 characters\)/);
    assert.match(stdout, /openai\/gpt-5-mini\s+4\s/);
  });

  it('prints the documented JSON with exact decimal strings', async () => {
    const text = 'You are a helpful assistant.';
    const { code, stdout } = await run(['--json', '-m', 'gpt-5', '--output-tokens', '100', '--calls-per-day', '1000', '-'], text);
    assert.equal(code, 0);
    const json = JSON.parse(stdout);
    const encoding = get_encoding('o200k_base');
    const tokens = encoding.encode(text).length;
    encoding.free();
    const [result] = json.files[0].results;
    assert.equal(json.files[0].path, '<stdin>');
    assert.equal(json.files[0].characters, text.length);
    assert.equal(result.model, 'openai/gpt-5');
    assert.equal(result.tokenizer, 'o200k_base');
    assert.equal(result.exact, true);
    assert.equal(result.tokens, tokens);
    assert.equal(result.contextWindow, 400000);
    assert.equal(result.cost.currency, 'USD');
    assert.equal(result.cost.input, (tokens * 1.25 / 1e6).toFixed(8).replace(/0+$/, ''));
    assert.equal(result.cost.output, '0.001');
    // (tokens × 1.25/M + 100 × 10/M) × 1000 calls, exactly: no float drift such as 1.0074999999999998.
    assert.equal(result.cost.perDay, Decimal.from(tokens).times('0.00125').plus(1).toString());
    assert.deepEqual(result.price, { input: '1.25', output: '10', cachedInput: null, per: 1000000, currency: 'USD', source: 'test table', asOf: '2026-01-01' });
  });

  it('compares all featured models cheapest first, marking estimates', async () => {
    const { stdout } = await run(['--compare', '--json'], 'Some prompt text. '.repeat(50));
    const models = JSON.parse(stdout).files[0].results.map((result: { model: string }) => result.model);
    assert.deepEqual(models, ['openai/gpt-5-mini', 'anthropic/claude-haiku-4-5', 'openai/gpt-5']);
    const table = (await run(['--compare'], 'Some prompt text.')).stdout;
    assert.match(table, /≈\d/);
    assert.match(table, /≈ estimate/);
  });

  it('marks only estimates with ≈ and names the near-exact models in the legend', async () => {
    const { stdout } = await run(['-m', 'gpt-5', '-m', 'gemini-2.5-flash', '-m', 'claude-haiku-4-5'], 'Hello, world!');
    assert.match(stdout, /openai\/gpt-5\s+4\s/);
    assert.match(stdout, /google\/gemini-2\.5-flash\s+\d+\s/, 'a near-exact count carries no ≈');
    assert.match(stdout, /anthropic\/claude-haiku-4-5\s+≈\d+\s/);
    assert.ok(stdout.includes('  near-exact (google/gemini-2.5-flash): the vendor’s published local tokenizer; text only, API framing may add a few tokens.'), stdout);
    assert.ok(stdout.includes('  ≈ estimate: another tokenizer’s count, adjusted, since the vendor’s is not available offline;'), stdout);
  });

  it('shows an unpriced model as unpriced with a null cost', async () => {
    const json = JSON.parse((await run(['--json', '-m', 'gpt-4'], 'hi')).stdout);
    assert.equal(json.files[0].results[0].cost, null);
    assert.equal(json.files[0].results[0].price, null);
    assert.match((await run(['-m', 'gpt-4'], 'hi')).stdout, /unpriced/);
  });

  it('exits 2 for an unknown model, naming the closest ids', async () => {
    const { code, stderr } = await run(['-m', 'gpt-5-mnii'], 'x');
    assert.equal(code, 2);
    assert.match(stderr, /Unknown model "gpt-5-mnii"\. Did you mean: openai\/gpt-5-mini/);
  });

  it('exits 2 for bad option values', async () => {
    assert.equal((await run(['--currency', 'EUR'], 'x')).code, 2);
    assert.equal((await run(['--reasoning', '0.5'], 'x')).code, 2);
    assert.equal((await run(['--output-tokens', '-3'], 'x')).code, 2);
    assert.equal((await run(['--cache-hit', '2'], 'x')).code, 2);
    assert.equal((await run(['--no-such-flag'], 'x')).code, 2);
    assert.equal((await run(['missing-file.txt'])).code, 2);
  });

  it('takes `mcp` as the server command with the call and price options only; ./mcp is a file', () => {
    const serve = parseCliArgs(['mcp', '--output-tokens', '1200', '--currency', 'CNY', '--prices-cache', 'cache']);
    assert.equal(serve.mcp, true);
    assert.deepEqual([serve.profile.outputTokens, serve.profile.currency, serve.pricesCache, serve.files], [1200, 'CNY', 'cache', []]);
    assert.deepEqual([parseCliArgs(['./mcp']).mcp, parseCliArgs(['./mcp']).files], [false, ['./mcp']]);
    assert.equal(parseCliArgs(['-m', 'gpt-5', 'mcp']).mcp, false, 'only the first word names the command');
    assert.throws(() => parseCliArgs(['mcp', '-m', 'gpt-5']), /token-cost mcp takes no --model/);
    assert.throws(() => parseCliArgs(['mcp', '--refresh-prices']), /token-cost mcp takes no --refresh-prices/);
    assert.throws(() => parseCliArgs(['mcp', 'prompt.md']), /token-cost mcp takes no files \(got "prompt\.md"\)/);
  });

  it('counts the inputs it can read, reports each one it cannot, and exits 2 at the end', async () => {
    const { code, stdout, stderr } = await run(['--json', join(CLI_FIXTURES, 'bom.txt'), 'missing-file.txt', join(CLI_FIXTURES, 'bom.txt')]);
    assert.equal(code, 2);
    assert.equal(JSON.parse(stdout).files.length, 2);
    assert.match(stderr, /missing-file\.txt: no such file\./);
    assert.match(stderr, /1 of 3 inputs could not be read/);
    assert.doesNotMatch(stderr, /--help/, 'a missing file is not a usage error');
  });

  it('refuses an input larger than a string can hold with a message and exit 2, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-cost-'));
    try {
      const big = join(dir, 'big.log');
      // Sparse: no disk is used, and the size is refused before anything is read.
      writeFileSync(big, '');
      truncateSync(big, MAX_INPUT_BYTES + 1);
      const { code, stderr } = await run([big]);
      assert.equal(code, 2);
      assert.match(stderr, /big\.log: too large \(512\.0 MiB\); token-cost reads inputs up to 536,870,888 bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops reading stdin or a device with no end past the limit, and says so', async function () {
    const endless = await runCli(parseCliArgs(['--json', '-']), { stdout: () => undefined, stderr: () => undefined, readStdin: (limit) => ({ kind: 'tooLarge', bytes: limit + 1, sized: false }), version: 'test' }, bundledCatalog());
    assert.equal(endless, 2);
    if (process.platform === 'win32') this.skip();
    this.timeout(60_000);
    const { code, stdout, stderr } = await run(['--json', '/dev/zero', join(CLI_FIXTURES, 'bom.txt')]);
    assert.equal(code, 2);
    assert.match(stderr, /\/dev\/zero: too large \(more than 512\.0 MiB read, stopped\); token-cost reads inputs up to 536,870,888 bytes/);
    const json = JSON.parse(stdout);
    assert.equal(json.files.length, 1, 'the other input is counted');
    assert.deepEqual(json.skipped, [{ path: '/dev/zero', reason: 'too large (more than 536,870,888 bytes read, stopped)', code: 'tooLarge' }]);
  });

  it('does not pass a --budget check when every input was skipped', async () => {
    const { code, stderr } = await run(['--budget', '10', join(CLI_FIXTURES, 'binary.bin')]);
    assert.equal(code, 2);
    assert.match(stderr, /binary content, skipped/);
    assert.match(stderr, /no input was counted, so the budget of 10 tokens was not checked/);
    // Skipping without a budget is no failure.
    assert.equal((await run([join(CLI_FIXTURES, 'binary.bin')])).code, 0);
  });

  it('refuses whole numbers a Number cannot hold exactly, and out-of-range multipliers', async () => {
    assert.throws(() => parseCliArgs(['--output-tokens', '99999999999999999999999']), /--output-tokens takes a whole number from 0 to 10,000,000/);
    assert.throws(() => parseCliArgs(['--budget', '9007199254740993']), /--budget takes a whole number from 0 to 9,007,199,254,740,991/);
    assert.throws(() => parseCliArgs(['--reasoning', '1e300']), /--reasoning takes a number from 1 to 1,000/);
    assert.equal(parseCliArgs(['--budget', '9007199254740991']).budget, Number.MAX_SAFE_INTEGER);
  });

  it('takes --cny-rate only as a positive rate; it converts CNY prices into the default USD too', async () => {
    assert.throws(() => parseCliArgs(['--currency', 'CNY', '--cny-rate', '0']), /--cny-rate takes a positive number up to 1,000,000 with at most 12 decimals, got "0"/);
    assert.throws(() => parseCliArgs(['--currency', 'CNY', '--cny-rate', '1e400']), /--cny-rate takes a positive number/);
    assert.equal(parseCliArgs(['--currency', 'usd', '--cny-rate', ' 7.25 ']).cnyRate, '7.25');
    // Every figure is in one currency (USD unless --currency says otherwise), so the rate always matters.
    const options = parseCliArgs(['--cny-rate', '8']);
    assert.equal(options.cnyRate, '8');
    assert.equal(options.profile.currency, 'USD');
  });

  it('lists only the models named with -m, and exits 2 for an unknown one', async () => {
    const listed = JSON.parse((await run(['--list-models', '--json', '-m', 'gpt-5', '-m', 'gpt-4'])).stdout);
    assert.deepEqual(listed.map((model: { id: string }) => model.id), ['openai/gpt-5', 'openai/gpt-4']);
    const unknown = await run(['--list-models', '-m', 'nonsense']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown model "nonsense"/);
    assert.equal((await run(['--list-models', 'prompt.md'])).code, 2);
  });

  it('documents the usage text in docs/cli.md as printed', async () => {
    assert.ok(readFileSync(join(REPO_ROOT, 'docs', 'cli.md'), 'utf8').includes(USAGE));
  });

  it('exits 1 when an input exceeds --budget', async () => {
    assert.equal((await run(['--budget', '1000'], 'short')).code, 0);
    const over = await run(['--budget', '2'], 'this text has more than two tokens');
    assert.equal(over.code, 1);
    assert.match(over.stderr, /over the budget of 2 tokens/);
  });

  it('strips the BOM and skips binary files with a message', async () => {
    const json = JSON.parse((await run(['--json', join(CLI_FIXTURES, 'bom.txt'), join(CLI_FIXTURES, 'binary.bin')])).stdout);
    assert.equal(json.files.length, 1);
    assert.equal(json.files[0].characters, 'Hello, world!\n'.length);
    assert.match((await run([join(CLI_FIXTURES, 'binary.bin')])).stderr, /binary content, skipped/);
  });

  it('counts text quoting special tokens without failing', async () => {
    const { code, stdout } = await run(['--json'], 'Stop at <|endoftext|> or <|im_end|>.');
    assert.equal(code, 0);
    assert.ok(JSON.parse(stdout).files[0].results[0].tokens > 5);
  });

  it('converts to CNY at the given rate', async () => {
    const json = JSON.parse((await run(['--json', '--currency', 'cny', '--cny-rate', '7', '-m', 'gpt-5'], 'x'.repeat(10))).stdout);
    const { cost } = json.files[0].results[0];
    assert.equal(cost.currency, 'CNY');
  });

  it('lists models with prices and dates', async () => {
    const { stdout } = await run(['--list-models']);
    assert.match(stdout, /openai\/gpt-5-mini\s+mini\s+o200k_base\s+exact\s+400K\s+\$0\.25\/M\s+\$2\.00\/M\s+2026-01-01/);
    assert.match(stdout, /google\/gemini-2\.5-flash\s+gemma3\s+near-exact\s/);
    assert.match(stdout, /anthropic\/claude-haiku-4-5\s+mini\s+estimate:anthropic\s+estimate\s/);
    assert.match(stdout, /openai\/gpt-4 .*unpriced/);
    const json = JSON.parse((await run(['--list-models', '--json'])).stdout);
    assert.equal(json.length, 5);
  });

  describe('the built binary', function () {
    const cli = join(REPO_ROOT, 'dist', 'cli.js');
    before(function () {
      if (!existsSync(cli)) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT });
    });

    it('runs with the bundled catalog and reports usage errors with exit 2', async () => {
      const ok = spawnSync(process.execPath, [cli, '--json'], { input: 'Hello there', encoding: 'utf8' });
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(JSON.parse(ok.stdout).files[0].results[0].model, 'openai/gpt-5-mini');
      const bad = spawnSync(process.execPath, [cli, '--model', 'definitely-not-a-model'], { input: 'x', encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /Unknown model/);
      assert.match(spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout, /Usage: token-cost/);
    });

    it('stops quietly when the reader closes the pipe', function () {
      if (process.platform === 'win32') this.skip();
      // The JSON list is far larger than a pipe's buffer, so writing goes on after `head` has left.
      const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" --list-models --json | head -c 100 >/dev/null`], {
        encoding: 'utf8',
      });
      assert.equal(piped.stderr, '');
      assert.equal(piped.status, 0);
    });
  });
});

describe('token-cost in one currency', () => {
  it('shows the rates in the chosen currency and prints the conversion rate used', async () => {
    const { code, stdout } = await runCliForTest(['--currency', 'CNY', '--cny-rate', '7.25', '-m', 'gpt-5-mini', '-'], 'hello world');
    assert.equal(code, 0);
    // $0.25 / $2.00 per 1M at 7.25 yuan per dollar.
    assert.match(stdout, /¥1\.81 \/ ¥14\.50/);
    assert.doesNotMatch(stdout, /\$/);
    assert.match(stdout, /Converted to CNY at 7\.25 CNY per USD \(from --cny-rate\)\./);
  });

  it('names each price source once, a source with a note counting as that source', async () => {
    let stdout = '';
    await runCli(parseCliArgs(['--compare', '--raw', '-']), { stdout: (text) => (stdout += text), stderr: () => undefined, readStdin: () => ({ kind: 'read', bytes: Buffer.from('hello world') }), version: 'test' }, bundledCatalog());
    const line = stdout.split('\n').find((text) => text.includes('Prices:'))!;
    const names = line.replace(/^\s*Prices: /, '').replace(/\.$/, '').split('; ').map((part) => part.replace(/\s*\(.*\)$/, ''));
    assert.equal(new Set(names).size, names.length, line);
  });
});
