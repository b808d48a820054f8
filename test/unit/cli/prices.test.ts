import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCliArgs, UsageError } from '../../../src/cli/args';
import { defaultPriceCacheDir, preparePrices, type PriceDeps } from '../../../src/cli/prices';
import type { LiteLlmEntry } from '../../../src/core/pricing/litellm';
import { STORED_TABLE } from '../../../src/core/pricing/priceStore';
import { FIXTURES, REPO_ROOT } from '../../support/paths';
import { json, startPriceServer, type PriceServer } from '../../support/priceServer';

const EXTRACT = (JSON.parse(readFileSync(join(FIXTURES, 'prices', 'litellm.json'), 'utf8')) as { data: Record<string, LiteLlmEntry> }).data;

/** A full-size price file: the featured entries (GPT-5 mini cheaper, Haiku 4.5 at 10×) and 150 more models. */
const FILE: Record<string, LiteLlmEntry> = {
  ...EXTRACT,
  'gpt-5-mini': { ...EXTRACT['gpt-5-mini']!, input_cost_per_token: 2e-7 },
  'claude-haiku-4-5': { ...EXTRACT['claude-haiku-4-5']!, input_cost_per_token: 1e-5 },
  ...Object.fromEntries(
    Array.from({ length: 150 }, (_, index) => [
      `gpt-synthetic-${String(index).padStart(3, '0')}`,
      { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: (index + 1) * 1e-8, output_cost_per_token: (index + 1) * 4e-8 },
    ]),
  ),
};

describe('token-cost price options', function () {
  this.timeout(60_000);
  let server: PriceServer;
  let dir: string;
  let out: string;
  let err: string;

  before(async () => {
    server = await startPriceServer({ '/prices.json': json(FILE), '/small.json': json(EXTRACT) });
  });
  after(() => server.close());

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'token-cost-prices-'));
    out = '';
    err = '';
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const deps = (): PriceDeps => ({
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    fetch: (url, init) => fetch(url, init),
    now: () => new Date('2026-12-01T09:00:00Z'),
    cacheDir: join(dir, 'cache'),
  });
  const prepare = (args: string[]) => preparePrices(parseCliArgs(args), deps());
  const miniInput = (catalog: Awaited<ReturnType<typeof prepare>>['catalog']) => catalog.get('gpt-5-mini').price?.input;

  it('--refresh-prices without files downloads, reports on stdout, keeps the prices for later runs', async () => {
    const refreshed = await prepare(['--refresh-prices', '--prices-url', `${server.base}/prices.json`]);
    assert.deepEqual({ stop: refreshed.stop, code: refreshed.code }, { stop: true, code: undefined });
    assert.match(out, /^Prices as of 2026-12-01: \d+ models\.\n/);
    assert.match(out, /  openai\/gpt-5-mini input \$0\.25 → \$0\.2 \/M\n/);
    assert.match(out, /Held back, not applied \(moved more than 5×\): anthropic\/claude-haiku-4-5 input \$1 → \$10 \/M/);
    assert.match(out, /Kept in .*cache for later runs\.\n$/);
    assert.ok(existsSync(join(dir, 'cache', STORED_TABLE)));

    const later = await prepare(['-m', 'gpt-5-mini', 'prompt.md']);
    assert.equal(miniInput(later.catalog), '0.2', 'a later run uses the kept prices');
    assert.equal(later.stop, false);
    assert.equal(later.catalog.get('claude-haiku-4-5').price?.input, '1');

    const accepted = await prepare(['--accept-held-prices']);
    assert.equal(accepted.stop, true);
    assert.equal(accepted.catalog.get('claude-haiku-4-5').price?.input, '10');
    assert.match(err, /accepted the held-back prices of anthropic\/claude-haiku-4-5, deepseek\/deepseek-v4-flash/);
    assert.equal((await prepare(['x.md'])).catalog.get('claude-haiku-4-5').price?.input, '10', 'accepted prices are kept');
  });

  it('a failed refresh keeps the prices in use, says why on stderr and ends with exit 3 after counting', async () => {
    const failed = await prepare(['--refresh-prices', '--prices-url', `${server.base}/small.json`, 'prompt.md']);
    assert.equal(failed.code, 3);
    assert.equal(failed.stop, false, 'the files are still counted, with the prices in use');
    assert.match(err, /^token-cost: The price file prices only \d+ models, fewer than the \d+ expected; it looks partial\. The current prices stay in use\.\n$/);
    assert.equal(miniInput(failed.catalog), '0.25');
    assert.equal(existsSync(join(dir, 'cache', STORED_TABLE)), false);
  });

  it('--prices FILE prices this run only, checked like a download; a bad file stops the run with exit 2', async () => {
    const good = join(dir, 'litellm.json');
    writeFileSync(good, JSON.stringify(FILE));
    const used = await prepare(['--prices', good, 'prompt.md']);
    assert.equal(miniInput(used.catalog), '0.2');
    assert.equal(used.code, undefined);
    assert.match(err, /^token-cost: Held back, not applied \(moved more than 5×\): anthropic\/claude-haiku-4-5/m);
    assert.equal(existsSync(join(dir, 'cache', STORED_TABLE)), false, '--prices stores nothing');

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...FILE, 'gpt-5': { ...EXTRACT['gpt-5'], input_cost_per_token: -1 } }));
    err = '';
    const refused = await prepare(['--prices', bad, 'prompt.md']);
    assert.deepEqual({ stop: refused.stop, code: refused.code }, { stop: true, code: 2 });
    assert.match(err, /bad\.json: The price file gives gpt-5 an impossible input_cost_per_token: -1 \(negative\)\. The current prices stay in use\.\n$/);
    err = '';
    assert.equal((await prepare(['--prices', join(dir, 'missing.json')])).code, 2);
    assert.match(err, /missing\.json: no such file\.\n$/);
  });

  it('--prices stops reading a device with no end at the download cap instead of filling the memory', async function () {
    if (process.platform === 'win32') this.skip();
    const endless = await prepare(['--prices', '/dev/zero', 'prompt.md']);
    assert.deepEqual({ stop: endless.stop, code: endless.code }, { stop: true, code: 2 });
    assert.match(err, /\/dev\/zero: larger than \d+ MB, not a price file/);
  });

  it('reports a damaged kept table and uses the bundled prices', async () => {
    await prepare(['--refresh-prices', '--prices-url', `${server.base}/prices.json`]);
    const file = join(dir, 'cache', STORED_TABLE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"input":"0.2"', '"input":"-0.2"'));
    err = '';
    const damaged = await prepare(['prompt.md']);
    assert.equal(miniInput(damaged.catalog), '0.25');
    assert.match(err, /the refreshed prices in .* are damaged \(models\.\d+\.price\.input: not a plain non-negative decimal\); the bundled prices are used\./);
  });

  it('refuses options that contradict each other', () => {
    assert.throws(() => parseCliArgs(['--prices', 'a.json', '--refresh-prices']), UsageError);
    assert.throws(() => parseCliArgs(['--prices-url', 'https://example.com/p.json']), /add --refresh-prices/);
  });

  it('keeps refreshed prices in the platform\'s per-user cache folder', () => {
    assert.equal(defaultPriceCacheDir({}, 'linux', '/home/ada'), join('/home/ada', '.cache', 'token-cost-meter'));
    assert.equal(defaultPriceCacheDir({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada'), join('/var/cache/ada', 'token-cost-meter'));
    assert.equal(defaultPriceCacheDir({}, 'darwin', '/Users/ada'), join('/Users/ada', 'Library', 'Caches', 'token-cost-meter'));
    assert.equal(defaultPriceCacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada'), join('C:\\Users\\ada\\AppData\\Local', 'token-cost-meter', 'Cache'));
  });

  it('the built CLI refreshes, and its next run prices with the kept table', async () => {
    const cli = join(REPO_ROOT, 'dist', 'cli.js');
    const cache = join(dir, 'cache');
    const run = promisify(execFile);
    const refreshed = await run(process.execPath, [cli, '--refresh-prices', '--prices-url', `${server.base}/prices.json`, '--prices-cache', cache]);
    assert.match(refreshed.stdout, /^Prices as of \d{4}-\d{2}-\d{2}: \d+ models\./);
    const prompt = join(dir, 'prompt.md');
    writeFileSync(prompt, 'Hello, world!');
    const counted = await run(process.execPath, [cli, '-m', 'gpt-5-mini', '--prices-cache', cache, prompt]);
    assert.match(counted.stdout, /openai\/gpt-5-mini .* \$0\.20 \/ \$2\.00 /);
    const failed = await run(process.execPath, [cli, '--refresh-prices', '--prices-url', `${server.base}/missing.json`, '--prices-cache', cache]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal((failed as { code: number }).code, 3);
    assert.match((failed as { stderr: string }).stderr, /answered with HTTP status 404\. The current prices stay in use\./);
  });
});
