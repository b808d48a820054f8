import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledTable } from '../../../../src/core/pricing/bundled';
import { describeFailure, describeReport } from '../../../../src/core/pricing/describeRefresh';
import type { HttpFetch } from '../../../../src/core/pricing/download';
import type { PriceRefreshFailure } from '../../../../src/core/pricing/failures';
import type { LiteLlmEntry } from '../../../../src/core/pricing/litellm';
import { loadTable, STORED_TABLE } from '../../../../src/core/pricing/priceStore';
import { refreshPrices, type RefreshOptions } from '../../../../src/core/pricing/refresh';
import { acceptHeldBack, preferNewer, type PriceTable } from '../../../../src/core/pricing/table';
import { FIXTURES } from '../../../support/paths';
import {
  cutShort,
  endless,
  json,
  MemoryStorage,
  redirect,
  silent,
  startPriceServer,
  text,
  type PriceServer,
} from '../../../support/priceServer';

/** The featured models' LiteLLM entries, as LiteLLM published them on 2026-07-24. */
const EXTRACT = (JSON.parse(readFileSync(join(FIXTURES, 'prices', 'litellm.json'), 'utf8')) as { data: Record<string, LiteLlmEntry> }).data;

/**
 * A good file a month later: GPT-5 mini cheaper, Claude Haiku 4.5 ten times dearer (a unit slip to
 * hold back), DeepSeek still at the figure the curation overrules, one new model.
 */
const GOOD: Record<string, LiteLlmEntry | string> = {
  ...EXTRACT,
  'gpt-5-mini': { ...EXTRACT['gpt-5-mini']!, input_cost_per_token: 2e-7 },
  'claude-haiku-4-5': { ...EXTRACT['claude-haiku-4-5']!, input_cost_per_token: 1e-5 },
  'gpt-test-new': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 4e-6, max_input_tokens: 128000 },
  last_updated: '2026-11-30T18:23:43.215560+00:00',
};

/** The bundled featured models and six other bundled models: the table in use. */
const CURRENT: PriceTable = (() => {
  const bundled = bundledTable();
  return { ...bundled, models: [...bundled.models.filter((model) => model.featured), ...bundled.models.filter((model) => !model.featured && model.price).slice(0, 6)] };
})();

const withRate = (key: string, field: string, value: unknown): Record<string, unknown> => ({ ...GOOD, [key]: { ...EXTRACT[key], [field]: value } });

const NOW = new Date('2026-12-01T10:00:00Z');
const PREVIOUS = '{"format":"token-cost-meter/prices@1","previous":true}\n';

/** Node 20's global fetch is the HttpFetch the CLI uses. */
const nodeFetch: HttpFetch = (url, init) => fetch(url, init);

describe('price refresh against a local server', function () {
  this.timeout(30_000);
  let server: PriceServer;
  let storage: MemoryStorage;
  const snapshot = JSON.stringify(CURRENT);

  before(async () => {
    server = await startPriceServer({
      '/good': json(GOOD),
      '/moved-here': redirect('/good'),
      '/not-json': text('<html><body>Rate limited</body></html>', 'text/html'),
      '/cut-json': text(JSON.stringify(GOOD).slice(0, 5000), 'application/json'),
      '/cut-connection': cutShort(JSON.stringify(GOOD)),
      '/array': json([GOOD]),
      '/strings': json({ 'gpt-5-mini': 'cheap' }),
      '/limit-text': json({ ...GOOD, 'gpt-5': { ...EXTRACT['gpt-5'], max_input_tokens: 'lots' } }),
      '/negative': json(withRate('gpt-5', 'input_cost_per_token', -1.25e-6)),
      '/nan': json(withRate('gpt-5', 'output_cost_per_token', 'NaN')),
      '/null-rate': json(withRate('gpt-5', 'output_cost_per_token', null)),
      '/absurd': json(withRate('gpt-5', 'input_cost_per_token', 1.25)),
      '/absurd-tier': json(withRate('dashscope/qwen3-max', 'tiered_pricing', [{ range: [0, 32000], input_cost_per_token: 12, output_cost_per_token: 6e-6 }])),
      '/few': json({ 'gpt-5': EXTRACT['gpt-5'], 'gpt-5-mini': EXTRACT['gpt-5-mini'], 'gpt-5-nano': EXTRACT['gpt-5-nano'] }),
      '/50mb': endless(50),
      '/50mb-declared': (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 });
        response.write('{');
      },
      '/away': redirect('http://prices.example.com/litellm.json'),
      '/loop': redirect('/loop'),
      '/no-location': (_request, response) => response.writeHead(302).end(),
      '/slow': silent,
      '/gone': (_request, response) => response.writeHead(404).end('no such file'),
    });
  });

  after(() => server.close());

  beforeEach(() => {
    storage = new MemoryStorage();
    storage.files.set(STORED_TABLE, PREVIOUS);
  });

  const refresh = (path: string, extra: Partial<RefreshOptions> = {}) =>
    refreshPrices({ fetch: nodeFetch, storage, now: () => NOW, url: `${server.base}${path}`, currentTable: CURRENT, minModels: 5, ...extra });

  it('applies a good file: the new table is stored with its date, and the report says what changed', async () => {
    const result = await refresh('/good');
    assert.ok(result.ok, result.ok ? '' : describeFailure(result.reason));
    const mini = result.table.models.find((model) => model.id === 'openai/gpt-5-mini')!;
    assert.equal(mini.price?.input, '0.2');
    assert.equal(mini.name, 'GPT-5 mini', 'the curation stays');
    assert.equal(mini.price?.asOf, '2026-11-30', 'the day the file says it was updated, before the download');
    assert.equal(result.table.generatedAt, '2026-11-30');
    const nano = result.table.models.find((model) => model.id === 'openai/gpt-5-nano')!;
    assert.equal(nano.price?.asOf, '2026-11-30', 'a confirmed featured price takes the new date');
    assert.match(nano.price!.source, /^LiteLLM 2026-11-30; .*ai-sdk-cost-calculator/);
    const qwen = result.table.models.find((model) => model.id === 'qwen/qwen-turbo')!;
    assert.equal(qwen.price?.cachedInput, '0.025', 'a rate LiteLLM lacks is kept while input and output stand');
    const yuan = result.table.models.find((model) => model.id === 'zai/glm-5.3-cn')!;
    assert.deepEqual(yuan, CURRENT.models.find((model) => model.id === 'zai/glm-5.3-cn'), 'yuan prices are never refreshed from LiteLLM');

    const lines = describeReport(result.report);
    assert.equal(lines[0], `Prices as of 2026-11-30: ${result.table.models.length} models.`);
    assert.ok(lines.includes('  openai/gpt-5-mini input $0.25 → $0.2 /M'), lines.join('\n'));
    assert.deepEqual(result.report.added, ['openai/gpt-test-new']);
    assert.equal(result.report.removed.length, 6);

    const stored = await loadTable(storage);
    assert.equal(stored.status, 'ok');
    assert.deepEqual(stored.status === 'ok' && stored.stored.table, result.table);
    assert.equal(stored.status === 'ok' && stored.stored.origin, `${server.base}/good`);
    assert.equal([...storage.files.keys()].join(), STORED_TABLE, 'no temporary file is left behind');
  });

  it('holds back a featured price that moves more than 5×, and one the curation overrules, for the user to accept', async () => {
    const result = await refresh('/good');
    assert.ok(result.ok);
    const haiku = result.table.models.find((model) => model.id === 'anthropic/claude-haiku-4-5')!;
    assert.equal(haiku.price?.input, '1', 'the current price stays');
    const held = new Map(result.table.heldBack?.map((entry) => [entry.id, entry]));
    assert.equal(held.get('anthropic/claude-haiku-4-5')?.reason, 'moved');
    assert.equal(held.get('anthropic/claude-haiku-4-5')?.price.input, '10');
    assert.equal(held.get('deepseek/deepseek-v4-flash')?.reason, 'curated');
    assert.equal(result.table.models.find((model) => model.id === 'deepseek/deepseek-v4-flash')?.price?.input, '0.3');
    const lines = describeReport(result.report);
    assert.ok(lines.includes('Held back, not applied (moved more than 5×): anthropic/claude-haiku-4-5 input $1 → $10 /M'), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('Held back, not applied (the curated price differs on purpose: The snapshots disagree')));

    const accepted = acceptHeldBack(result.table, ['anthropic/claude-haiku-4-5']);
    assert.equal(accepted.models.find((model) => model.id === 'anthropic/claude-haiku-4-5')?.price?.input, '10');
    assert.deepEqual(accepted.heldBack?.map((entry) => entry.id), ['deepseek/deepseek-v4-flash']);
  });

  it('follows a redirect to an allowed address', async () => {
    const result = await refresh('/moved-here');
    assert.ok(result.ok);
    assert.equal(result.table.sources[0]?.url, `${server.base}/good`);
  });

  /** Each bad download, the reason it must give, and the words the user reads. */
  const failures: [string, PriceRefreshFailure['kind'], RegExp, Partial<RefreshOptions>?][] = [
    ['/not-json', 'notJson', /not JSON/],
    ['/cut-json', 'notJson', /cut short/],
    ['/cut-connection', 'truncated', /incomplete|broke/],
    ['/array', 'wrongShape', /found an array/],
    ['/strings', 'tooFewModels', /prices only 0 models/],
    ['/limit-text', 'wrongShape', /gpt-5: max_input_tokens/],
    ['/negative', 'badRate', /gpt-5 an impossible input_cost_per_token: -0.00000125 \(negative\)/],
    ['/nan', 'badRate', /output_cost_per_token: "NaN" \(not a number\)/],
    ['/null-rate', 'badRate', /output_cost_per_token: null/],
    ['/absurd', 'badRate', /input_cost_per_token: 1.25 \(above 10000 per 1M tokens\)/],
    ['/absurd-tier', 'badRate', /tiered_pricing\[0\].input_cost_per_token/],
    ['/few', 'tooFewModels', /only 3 models, fewer than the 100 expected/, { minModels: undefined }],
    ['/50mb', 'tooLarge', /larger than 20 MB/],
    ['/50mb-declared', 'tooLarge', /larger than 20 MB/],
    ['/away', 'redirect', /redirected to http:\/\/prices.example.com\/litellm.json, which is not https/],
    ['/loop', 'redirect', /redirected too many times/],
    ['/no-location', 'redirect', /without a usable address/],
    ['/slow', 'timeout', /did not send the price file within 0.3 seconds/, { limits: { timeoutMs: 300 } }],
    ['/gone', 'httpStatus', /answered with HTTP status 404/],
  ];

  for (const [path, kind, words, extra] of failures) {
    it(`keeps the current table and says why: ${path} → ${kind}`, async () => {
      const result = await refresh(path, extra ?? {});
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.reason.kind, kind, JSON.stringify(!result.ok && result.reason));
      const sentence = !result.ok ? describeFailure(result.reason) : '';
      assert.match(sentence, words);
      assert.match(sentence, /The current prices stay in use\.$/);
      assert.equal(storage.files.get(STORED_TABLE), PREVIOUS, 'the stored table is untouched');
      assert.equal(storage.files.size, 1);
      assert.equal(JSON.stringify(CURRENT), snapshot, 'the table in use is untouched');
    });
  }

  it('stops reading an oversized answer soon after the cap instead of taking all 50 MB', async () => {
    server.sent.delete('/50mb');
    await refresh('/50mb');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = server.sent.get('/50mb') ?? 0;
    assert.ok(sent < 30 * 1024 * 1024, `the server sent ${(sent / 2 ** 20).toFixed(1)} MiB`);
  });

  it('refuses plain http to another machine and what is not a URL, without any network use', async () => {
    let called = 0;
    const counting: HttpFetch = async () => {
      called++;
      throw new Error('no network in this test');
    };
    for (const [url, kind] of [['http://prices.example.com/p.json', 'insecureUrl'], ['ftp://example.com/p.json', 'insecureUrl'], ['not a url', 'badUrl']] as const) {
      const result = await refreshPrices({ fetch: counting, storage, now: () => NOW, url, currentTable: CURRENT });
      assert.equal(!result.ok && result.reason.kind, kind, url);
    }
    assert.equal(called, 0);
  });

  it('says so when the connection is refused', async () => {
    const result = await refreshPrices({ fetch: nodeFetch, storage, now: () => NOW, url: 'http://127.0.0.1:9/prices.json', currentTable: CURRENT });
    assert.equal(!result.ok && result.reason.kind, 'network');
    assert.match(!result.ok ? describeFailure(result.reason) : '', /^Could not reach http:\/\/127.0.0.1:9\/prices.json: .+\. The current prices stay in use\.$/);
  });

  it('stores atomically: a failed rename leaves the previous table and no temporary file', async () => {
    storage.failRename = true;
    const result = await refresh('/good');
    assert.equal(!result.ok && result.reason.kind, 'storage');
    assert.match(!result.ok ? describeFailure(result.reason) : '', /could not be saved: EACCES/);
    assert.equal(storage.files.get(STORED_TABLE), PREVIOUS);
    assert.equal(storage.files.size, 1);
  });
});

describe('stored price tables', () => {
  const table = bundledTable();

  it('load back validated; a damaged one is reported and the bundled table is used', async () => {
    const storage = new MemoryStorage();
    assert.deepEqual(await loadTable(storage), { status: 'none' });
    const cases: [string, RegExp][] = [
      ['{"format":"token-cost-meter/prices@1","fetchedAt":"x","origin":"y","table":{', /not JSON/],
      ['[1,2]', /not a token-cost-meter\/prices@1 file/],
      [JSON.stringify({ format: 'token-cost-meter/prices@1', fetchedAt: 'x', origin: 'y', table: { ...table, models: [] } }), /models: no models/],
      [
        JSON.stringify({
          format: 'token-cost-meter/prices@1',
          fetchedAt: 'x',
          origin: 'y',
          table: { ...table, models: [{ ...table.models[0], price: { ...table.models[0]!.price, input: '-1' } }] },
        }),
        /models.0.price.input: not a plain non-negative decimal/,
      ],
    ];
    for (const [content, problem] of cases) {
      storage.files.set(STORED_TABLE, content);
      const loaded = await loadTable(storage);
      assert.equal(loaded.status, 'damaged');
      assert.match(loaded.status === 'damaged' ? loaded.problem : '', problem);
      assert.equal(preferNewer(undefined, table), table);
    }
  });

  it('prefer the newer of a stored table and the bundled one, always with the bundled curation', () => {
    const older: PriceTable = { ...table, generatedAt: '2026-01-01' };
    assert.equal(preferNewer(older, table), table, 'an old download never hides fresher bundled prices');
    const mini = table.models.find((model) => model.id === 'openai/gpt-5-mini')!;
    const stored: PriceTable = {
      generatedAt: '2026-12-01',
      sources: [{ name: 'LiteLLM', asOf: '2026-12-01', license: 'MIT' }],
      models: [{ ...mini, name: 'renamed elsewhere', price: { ...mini.price!, input: '0.2', asOf: '2026-12-01' } }, { id: 'openai/new', name: 'new', vendor: 'openai', tokenizer: 'o200k_base' }],
    };
    const chosen = preferNewer(stored, table);
    const chosenMini = chosen.models.find((model) => model.id === 'openai/gpt-5-mini')!;
    assert.equal(chosenMini.name, 'GPT-5 mini');
    assert.equal(chosenMini.price?.input, '0.2');
    assert.ok(chosen.models.some((model) => model.id === 'openai/new'));
    assert.ok(chosen.models.some((model) => model.id === 'zai/glm-5.3-cn'), 'featured models the stored table lacks come from the bundle');
  });
});
