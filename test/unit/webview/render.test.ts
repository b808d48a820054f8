import type { CallProfile } from '../../../src/core/pricing/profile';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { buildRows, comparisonTable, priceNote, webviewStrings } from '../../../src/extension/comparison/view';
import { englishOnly, fromBundle } from '../../../src/extension/ui/l10n';
import { reportMarkdown } from '../../../src/extension/comparison/report';
import { contentSecurityPolicy, webviewHtml } from '../../../src/extension/comparison/html';
import { toMarkdownTable } from '../../../src/core/report/table';
import type { Translate } from '../../../src/extension/ui/l10n';
import { parsePersistedState, parseWebviewMessage, WEBVIEW_STRING_KEYS, type ComparisonRow, type ComparisonState } from '../../../src/shared/protocol';
import { escapeHtml, fillPlaceholder, renderControls, renderSource, renderTable, TABLE_SORT_COLUMNS, tokensCell } from '../../../src/webview/render';
import { sortRows } from '../../../src/shared/sorting';
import { ModelCatalog } from '../../../src/core/pricing/catalog';
import { join } from 'node:path';
import { countRequest, parseRequestFile } from '../../../src/core/request';
import { FIXTURES } from '../../support/paths';
import { HAIKU, KEPT_LONG_CONTEXT_NOTE, LONG_CONTEXT, MINI, NANO, TINY_CONTEXT, UNPRICED, XSS } from '../../support/statusInput';

const controls: CallProfile = { outputTokens: 500, reasoningMultiplier: 1, callsPerDay: 100, cacheHitShare: 0, batch: false, currency: 'USD' };
const now = new Date('2026-08-01T00:00:00Z');

function state(overrides: Partial<ComparisonState> = {}, counts = new Map([['o200k_base', 2000], ['estimate:anthropic', 2300], ['estimate:generic', 2000]])): ComparisonState {
  const rows = buildRows({ counts, models: [MINI, HAIKU, NANO, TINY_CONTEXT, UNPRICED], controls, cnyPerUsd: '7.1', priceStaleDays: 90, now }, englishOnly);
  return { sourceLabel: 'prompt.md', status: 'counted', controls, rows, strings: webviewStrings(englishOnly, 100), ...overrides };
}

describe('comparison rows', () => {
  it('prices each model on its own tokenizer count and flags the cheapest that fits', () => {
    const rows = state().rows;
    const byId = new Map(rows.map((row) => [row.id, row]));
    assert.equal(byId.get(MINI.id)!.tokens, '2,000');
    assert.equal(byId.get(HAIKU.id)!.tokens, '≈2,300');
    // Tiny is cheapest per token but 2,000 tokens exceed its 1,000-token window: not "cheapest".
    assert.equal(byId.get(TINY_CONTEXT.id)!.overLimit, true);
    assert.equal(byId.get(TINY_CONTEXT.id)!.cheapest, false);
    assert.equal(byId.get(NANO.id)!.cheapest, true);
    assert.equal(rows.filter((row) => row.cheapest).length, 1);
    // nano: 2,000 × 0.05/M + 500 × 0.4/M = 0.0001 + 0.0002
    assert.equal(byId.get(NANO.id)!.perCall, '$0.00030');
    assert.equal(byId.get(NANO.id)!.perMonth, '$0.90');
    assert.equal(byId.get(MINI.id)!.contextLabel, '0.5% of 400K · input limit 272K');
  });

  it('shows unpriced models as unpriced, never $0, and never cheapest', () => {
    const row = state().rows.find((r) => r.id === UNPRICED.id)!;
    assert.equal(row.unpriced, true);
    assert.equal(row.perCall, 'unpriced');
    assert.equal(row.perCallValue, null);
  });

  it('re-prices for batch, cache, calls per day and currency', () => {
    const counts = new Map([['o200k_base', 1_000_000]]);
    const base = { counts, models: [MINI], cnyPerUsd: '7', priceStaleDays: 90, now };
    const batch = buildRows({ ...base, controls: { ...controls, outputTokens: 0, batch: true } }, englishOnly)[0]!;
    assert.equal(batch.input, '$0.13'); // 1M × 0.125
    const cached = buildRows({ ...base, controls: { ...controls, outputTokens: 0, cacheHitShare: 0.5 } }, englishOnly)[0]!;
    assert.equal(cached.input, '$0.14'); // 0.5M × 0.25 + 0.5M × 0.025 = 0.1375
    const yuan = buildRows({ ...base, controls: { ...controls, outputTokens: 0, currency: 'CNY', callsPerDay: 10 } }, englishOnly)[0]!;
    assert.equal(yuan.perCall, '¥1.75');
    assert.equal(yuan.perMonth, '¥525.00');
    const haiku = buildRows({ ...base, counts: new Map([['estimate:anthropic', 10]]), models: [HAIKU], controls: { ...controls, batch: true } }, englishOnly)[0]!;
    assert.deepEqual(haiku.notes.slice(0, 1), ['no batch price; list rates used']);
  });

  it('notes each bundled long-context or batch rate an override left in force', () => {
    const { catalog } = new ModelCatalog([LONG_CONTEXT]).withUserModels({ [LONG_CONTEXT.id]: { input: '0.5' } }, []);
    const row = buildRows({ counts: new Map([['gemma3', 300_000]]), models: [catalog.get(LONG_CONTEXT.id)], controls, cnyPerUsd: '7', priceStaleDays: 90, now }, englishOnly)[0]!;
    assert.ok(row.notes.includes(KEPT_LONG_CONTEXT_NOTE), row.notes.join('\n'));
    assert.ok(row.notes.includes('long-context rates (above 200,000 tokens)'));
  });

  it('shows the price dates and the conversion rate above the table, at any width', () => {
    const models = [MINI, { ...NANO, price: { ...NANO.price!, currency: 'CNY' as const, asOf: '2026-12-01' } }];
    const rows = buildRows({ counts: new Map([['o200k_base', 100]]), models, controls, cnyPerUsd: '7.25', priceStaleDays: 90, now }, englishOnly);
    const note = priceNote(models, rows, 'USD', '7.25', englishOnly)!;
    assert.match(note, new RegExp(`^Prices as of ${MINI.price!.asOf} to 2026-12-01`));
    assert.match(note, /converted at 7\.25 CNY per USD/);
    assert.equal(priceNote([MINI], rows.slice(0, 1), 'USD', '7.25', englishOnly), `Prices as of ${MINI.price!.asOf}`);
    const html = renderSource({ ...state(), priceNote: note });
    assert.match(html, /<p class="prices muted">Prices as of/);
  });

  it('marks stale prices', () => {
    const rows = buildRows({ counts: new Map([['o200k_base', 1]]), models: [MINI], controls, cnyPerUsd: '7', priceStaleDays: 5, now }, englishOnly);
    assert.equal(rows[0]!.stale, true);
  });
});

describe('comparison rows: how each count was made', () => {
  const GEMINI = { ...MINI, id: 'google/gemini-test', name: 'Gemini Test', vendor: 'google', tokenizer: 'gemma3' };
  const QWEN = { ...MINI, id: 'qwen/qwen-test', name: 'Qwen Test', vendor: 'qwen', tokenizer: 'qwen3' };
  const counts = new Map([['o200k_base', 2000], ['estimate:anthropic', 2300], ['gemma3', 1500], ['qwen3', 1600]]);
  const base = { counts, models: [MINI, HAIKU, GEMINI, QWEN], controls, cnyPerUsd: '7', priceStaleDays: 90, now };
  const byId = (rows: readonly ComparisonRow[]): Map<string, ComparisonRow> => new Map(rows.map((row) => [row.id, row]));

  it('marks exact, near-exact and estimated counts, with the estimate’s range for this text', () => {
    const rows = byId(buildRows({ ...base, bands: new Map([['estimate:anthropic', { low: -0.1, high: 0.2 }]]) }, englishOnly));
    assert.deepEqual(
      [MINI, QWEN, GEMINI, HAIKU].map((model) => [rows.get(model.id)!.accuracy, rows.get(model.id)!.tokens, rows.get(model.id)!.accuracyMark]),
      [['exact', '2,000', ''], ['exact', '1,600', ''], ['near-exact', '1,500', 'near-exact'], ['estimate', '≈2,300', '2,070–2,760']],
    );
    assert.equal(rows.get(HAIKU.id)!.estimated, true);
    assert.equal(rows.get(GEMINI.id)!.estimated, false);
    assert.equal(rows.get(HAIKU.id)!.accuracyLabel, 'Estimate ≈2,300, likely 2,070–2,760 for this text.');
    assert.equal(rows.get(GEMINI.id)!.accuracyLabel, 'Near-exact: the vendor’s published local tokenizer (text only).');
    assert.equal(rows.get(QWEN.id)!.accuracyLabel, 'Exact: the vendor’s own tokenizer.');
    // Without a band for this text the tokenizer's own (widest) band is used.
    assert.notEqual(byId(buildRows(base, englishOnly)).get(HAIKU.id)!.accuracyMark, '2,070–2,760');
  });

  it('uses the vendor API’s count for the text it was made for: no ≈, priced on it', () => {
    const rows = byId(buildRows({ ...base, exactCounts: new Map([[HAIKU.id, 2412]]) }, englishOnly));
    const haiku = rows.get(HAIKU.id)!;
    assert.deepEqual([haiku.accuracy, haiku.tokens, haiku.tokenCount, haiku.estimated, haiku.accuracyMark], ['api', '2,412', 2412, false, 'vendor API']);
    assert.match(haiku.accuracyLabel, /vendor’s API/);
    assert.equal(haiku.input, '$0.0024'); // 2,412 × $1/M
    assert.ok(!haiku.notes.some((note) => note.includes('≈')));
  });

  it('renders the mark under the count and says it in the tooltip and the detail row, escaped', () => {
    const rows = buildRows({ ...base, bands: new Map([['estimate:anthropic', { low: -0.1, high: 0.2 }]]) }, englishOnly);
    const html = renderTable({ ...state(), rows }, { column: 'model', descending: false }, false);
    const haiku = byId(rows).get(HAIKU.id)!;
    assert.ok(html.includes('data-accuracy="estimate"'));
    assert.ok(html.includes('<span class="count">≈2,300</span><span class="accuracy-mark">2,070–2,760</span>'));
    assert.ok(html.includes('<span class="count">1,500</span><span class="accuracy-mark">near-exact</span>'));
    assert.ok(html.includes(`<dt>Count</dt><dd>${escapeHtml(haiku.accuracyLabel)}</dd>`));
    const hostile = tokensCell({ ...haiku, accuracyMark: '<img src=x onerror=alert(1)>', accuracyLabel: '"><script>' });
    assert.ok(!hostile.includes('<img') && !hostile.includes('<script'));
    assert.ok(hostile.includes(escapeHtml('<img src=x onerror=alert(1)>')));
  });
});

describe('comparison rows: a prompt file priced as its request', () => {
  const GPT_4O_MINI = { ...MINI, id: 'openai/gpt-4o-mini', name: 'GPT-4o mini' };
  const path = join(FIXTURES, 'workspace', 'requests', 'chat-completion.json');
  const outcome = parseRequestFile(path, readFileSync(path, 'utf8'));
  if (outcome.kind !== 'request') throw new Error('chat-completion.json is a request');
  const request = outcome.request;
  const models = [GPT_4O_MINI, MINI, HAIKU];
  const requests = new Map(models.map((model) => [model.id, countRequest(request, model)]));
  const base = { counts: new Map([['o200k_base', 5000], ['estimate:anthropic', 5000]]), models, controls, cnyPerUsd: '7', priceStaleDays: 90, now, requests };
  const byId = (rows: readonly ComparisonRow[]): Map<string, ComparisonRow> => new Map(rows.map((row) => [row.id, row]));

  it('prices each model on its own count of the request, not the text, with the breakdown', () => {
    const rows = byId(buildRows(base, englishOnly));
    const mini = rows.get(GPT_4O_MINI.id)!;
    const count = requests.get(GPT_4O_MINI.id)!;
    assert.equal(mini.tokenCount, count.tokens);
    assert.notEqual(mini.tokenCount, 5000);
    assert.deepEqual([mini.accuracy, mini.tokens, mini.accuracyMark], ['near-exact', String(count.tokens), 'near-exact']);
    assert.match(mini.accuracyLabel, /^Near-exact: the vendor’s tokenizer plus its published rules/);
    assert.match(mini.breakdown!, /^messages \d+ · framing \d+ · tools \d+$/);
    // gpt-5-mini: the same rules, not checked by OpenAI on it.
    assert.deepEqual([rows.get(MINI.id)!.accuracy, rows.get(MINI.id)!.tokens.startsWith('≈'), rows.get(MINI.id)!.accuracyMark], ['estimate', true, 'estimate']);
    // Anthropic: the estimate's band, and what is left out in the notes.
    const haiku = rows.get(HAIKU.id)!;
    assert.equal(haiku.accuracy, 'estimate');
    assert.match(haiku.accuracyMark, /^[\d,]+–[\d,]+$/);
    assert.ok(haiku.notes.some((note) => note.startsWith('Not included: Anthropic chat framing (no published rule)')), haiku.notes.join('\n'));
    assert.match(haiku.breakdown!, /tools \d+/);
  });

  it('ignores a vendor API count of the text: it did not count the request', () => {
    const haiku = byId(buildRows({ ...base, exactCounts: new Map([[HAIKU.id, 2412]]) }, englishOnly)).get(HAIKU.id)!;
    assert.equal(haiku.tokenCount, requests.get(HAIKU.id)!.tokens);
    assert.notEqual(haiku.accuracy, 'api');
  });

  it('prices instructions as the input they add to each call', () => {
    const mini = byId(buildRows({ ...base, inputOnly: true }, englishOnly)).get(GPT_4O_MINI.id)!;
    assert.equal(mini.output, '$0.00');
    assert.equal(mini.perCall, mini.input);
  });

  it('shows what is priced under the source and the breakdown in the detail row and the count’s title, escaped', () => {
    const rows = buildRows(base, englishOnly);
    const shown: ComparisonState = { ...state(), rows, request: `Priced as the request it sends: ${XSS}` };
    const html = renderSource(shown) + renderTable(shown, { column: 'model', descending: false }, false, new Set([GPT_4O_MINI.id]));
    assert.ok(html.includes(`<p class="request muted">Priced as the request it sends: ${escapeHtml(XSS)}</p>`));
    const mini = byId(rows).get(GPT_4O_MINI.id)!;
    assert.ok(html.includes(`<dt>Request</dt><dd>${escapeHtml(mini.breakdown!)}</dd>`));
    assert.ok(tokensCell(mini).includes(`title="${escapeHtml(`${mini.tokenizer} — ${mini.accuracyLabel}\n${mini.breakdown}`)}"`));
    assert.ok(!tokensCell({ ...mini, breakdown: XSS }).includes('<img'));
    // Other files have no request line and no request row.
    assert.ok(!renderSource(state()).includes('class="request'));
    assert.ok(!renderTable(state(), { column: 'model', descending: false }, false, new Set([MINI.id])).includes('<dt>Request</dt>'));
  });

  it('words it all in Chinese', () => {
    const mini = byId(buildRows(base, chinese)).get(GPT_4O_MINI.id)!;
    assert.match(mini.breakdown!, /^消息 \d+ · 封装 \d+ · 工具 \d+$/);
    assert.match(mini.accuracyLabel, /^近似精确：/);
    assert.ok(byId(buildRows(base, chinese)).get(HAIKU.id)!.notes.some((note) => note.startsWith('未计入：')));
  });
});

describe('webview rendering', () => {
  it('keeps $& and $\' in a custom model’s name as typed', () => {
    const name = "Corp $& $' $` $1 model";
    const rows = state().rows.map((row) => (row.id === UNPRICED.id ? { ...row, name } : row));
    const html = renderTable({ ...state(), rows }, { column: 'model', descending: false }, false);
    assert.ok(html.includes(`aria-label="${escapeHtml(`All figures for ${name}`)}"`), html);
    assert.equal(fillPlaceholder('Sort by {0}', '$&'), 'Sort by $&');
  });

  it('groups by tier in tier order and sorts inside groups', () => {
    const html = renderTable(state(), { column: 'perCall', descending: false }, true);
    const groups = [...html.matchAll(/<th scope="rowgroup"[^>]*>([^<]+)</g)].map((m) => m[1]);
    assert.deepEqual(groups, ['Nano', 'Flash / mini / Haiku', 'Mid', 'Top']);
    const order = sortRows(state().rows, { column: 'perCall', descending: false }, true).map((row) => row.id);
    assert.deepEqual(order, [NANO.id, MINI.id, HAIKU.id, UNPRICED.id, TINY_CONTEXT.id]);
  });

  it('sorts flat, unpriced last in both directions', () => {
    const ascending = sortRows(state().rows, { column: 'perCall', descending: false }, false).map((row) => row.id);
    assert.deepEqual(ascending, [TINY_CONTEXT.id, NANO.id, MINI.id, HAIKU.id, UNPRICED.id]);
    const descending = sortRows(state().rows, { column: 'perCall', descending: true }, false).map((row) => row.id);
    assert.deepEqual(descending, [HAIKU.id, MINI.id, NANO.id, TINY_CONTEXT.id, UNPRICED.id]);
    assert.deepEqual(sortRows(state().rows, { column: 'model', descending: false }, false)[0]!.name, 'Claude Haiku 4.5');
  });

  it('marks the cheapest and over-limit rows and sort state for screen readers', () => {
    const html = renderTable(state(), { column: 'tokens', descending: true }, true);
    assert.match(html, /<tr class="cheapest" data-id="openai\/gpt-5-nano" title="[^"]*">/);
    assert.match(html, /<tr class="over-limit" data-id="test\/tiny" title="[^"]*">.*over input limit/);
    assert.match(html, /aria-sort="descending"/);
    assert.match(html, /<button type="button" class="sort" data-column="tokens"/);
    assert.match(html, /≈ marks an estimated count/);
    assert.doesNotMatch(html, /style=|onclick|onerror=/);
  });

  it('escapes an XSS payload in the file name, a selection label and a model name', () => {
    const rows = state().rows.map((row) => (row.id === UNPRICED.id ? { ...row, name: XSS, notes: [XSS] } : row));
    const hostile = state({ sourceLabel: `${XSS} — selection`, rows });
    const html = renderSource(hostile) + renderTable(hostile, { column: 'perCall', descending: false }, true);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
    const blocked = renderSource(state({ status: 'binary', message: `${XSS} looks like a binary file` }));
    assert.doesNotMatch(blocked, /<img/);
    assert.equal(escapeHtml(`"'&<>\``), '&#34;&#39;&#38;&#60;&#62;&#96;');
  });

  it('offers Count now in the too-large message only, as a plain button the script listens to', () => {
    const html = renderSource(state({ status: 'tooLarge', message: `${XSS} is longer than 2,000,000 characters` }));
    assert.match(html, /<button type="button" id="countNow">Count now<\/button><\/p>$/);
    assert.doesNotMatch(html, /<img|<[^>]*\son\w+=/);
    for (const status of ['binary', 'empty', 'noEditor', 'failed', 'counted'] as const) {
      assert.doesNotMatch(renderSource(state({ status, message: 'x' })), /countNow/, status);
    }
  });

  it('renders labelled, keyboard-reachable controls', () => {
    const html = renderControls({ ...controls, cacheHitShare: 0.25, batch: true, currency: 'CNY' }, webviewStrings(englishOnly, 100));
    assert.match(html, /<label class="control" for="callsPerDay"><span>Calls per day<\/span><input id="callsPerDay" type="number" min="0" step="10" value="100">/);
    assert.match(html, /id="cacheHitShare" type="number" min="0" max="100" step="5" value="25"/);
    assert.match(html, /<input id="batch" type="checkbox" checked>/);
    assert.match(html, /<option value="CNY" selected>/);
    assert.match(html, /<button type="button" id="saveDefaults">Save as default<\/button>/);
  });

  it('copies the same rows as Markdown, escaped', () => {
    const markdown = toMarkdownTable(comparisonTable(state().rows, state().strings));
    assert.match(markdown, /^\| Model \| Vendor \| Tier \| Tokens \|/);
    assert.match(markdown, /\| GPT-5 nano \(cheapest\) \| OpenAI \| Nano \| 2,000 \| \$0\.00010 \|/);
    const report = reportMarkdown({ sourceLabel: XSS, rows: state().rows, strings: state().strings, controls, now }, englishOnly);
    assert.match(report, /^# Token cost report: \\<img src=x onerror=alert\\\(1\\\)\\>/);
    assert.match(report, /Assumptions: 500 expected output tokens, reasoning ×1, 0% of the prompt from cache, batch off, 100 calls per day, in USD\./);
  });
});

/** Translate through the shipped Chinese bundle, as `vscode.l10n.t` does in a zh-cn VS Code. */
const bundleZh: Record<string, string> = JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8'));
const chinese: Translate = fromBundle(bundleZh);

/** The header texts, in order. */
function headers(html: string): string[] {
  return [...html.matchAll(/<th scope="col"[^>]*>(?:<button[^>]*>)?([^<]+)/g)].map((m) => m[1]!.replace(/ [▲▼]$/, ''));
}

describe('webview layout for a narrow panel', () => {
  const sort = { column: 'perCall', descending: false } as const;

  it('has no vendor or tier column; the vendor is the model cell\'s second line and the tier the group', () => {
    const html = renderTable(state(), sort, true);
    assert.deepEqual(headers(html), ['Model', 'Tokens', 'Input', 'Output', 'Per call', 'Per 1,000 calls', 'Per month (100/day)', 'Context', 'Price as of']);
    assert.match(html, /<span class="name">GPT-5 nano<\/span><span class="sub">OpenAI <span class="badge cheapest-badge">cheapest<\/span><\/span>/);
    // Flat: nothing says the tier any more, so the second line carries it.
    const flat = renderTable(state(), sort, false);
    assert.match(flat, /<span class="name">GPT-5 nano<\/span><span class="sub">OpenAI · Nano <span class="badge cheapest-badge">/);
    assert.doesNotMatch(flat, /rowgroup/);
  });

  it('marks exactly input, output, per 1,000 calls and as-of as secondary (hidden when narrow)', () => {
    const html = renderTable(state(), sort, true);
    const head = html.slice(0, html.indexOf('</thead>'));
    const secondary = [...head.matchAll(/<th scope="col"[^>]*class="[^"]*col-secondary[^"]*"[^>]*>(?:<button[^>]*>)?([^<]+)/g)].map((m) => m[1]);
    assert.deepEqual(secondary, ['Input', 'Output', 'Per 1,000 calls', 'Price as of']);
    // Each body row has the same cells in the same classes as the head: 4 secondary cells.
    const nano = html.slice(html.indexOf('data-id="openai/gpt-5-nano"'), html.indexOf('</tr>', html.indexOf('data-id="openai/gpt-5-nano"')));
    assert.equal([...nano.matchAll(/<td[^>]*class="[^"]*col-secondary/g)].length, 4);
    assert.match(nano, /<td class="num strong">\$0\.00030<\/td>/);
    assert.match(nano, /<td class="num">\$0\.90<\/td>/);
  });

  it('keeps hidden figures reachable: row title, context title and a detail row', () => {
    const html = renderTable(state(), sort, true);
    assert.match(html, /data-id="openai\/gpt-5-nano" title="Input \$0\.00010 · Output \$0\.00020 · Per 1,000 calls \$0\.30 · Price as of 2026-07-24"/);
    assert.match(html, /<td class="context" title="0\.5% of 400K · input limit 272K">.*?<span class="context-short">0\.5%<\/span>/);
    // The detail is a real row after its model, closed, linked to a labelled disclosure button.
    assert.match(
      html,
      /<button type="button" class="expand" aria-expanded="false" aria-controls="detail-openai_gpt-5-nano" aria-label="All figures for GPT-5 nano"/,
    );
    const detail = html.match(/<tr class="detail" id="detail-openai_gpt-5-nano" hidden>(.*?)<\/tr>/)?.[1] ?? '';
    for (const figure of ['<dt>Vendor</dt><dd>OpenAI</dd>', '<dt>Tier</dt><dd>Nano</dd>', '<dt>Tokenizer</dt><dd>o200k_base</dd>', '<dt>Input</dt><dd>$0.00010</dd>', '<dt>Per 1,000 calls</dt><dd>$0.30</dd>', '<dt>Price as of</dt><dd>2026-07-24</dd>']) {
      assert.ok(detail.includes(figure), figure);
    }
    // Notes (estimates, batch fallbacks) have no column; they are in the detail.
    assert.match(html, /id="detail-anthropic_claude-haiku-4-5" hidden>.*?<ul class="notes"><li>≈ Claude/);
  });

  it('renders open details for the ids it is given (kept across re-pricing)', () => {
    const html = renderTable(state(), sort, true, new Set([HAIKU.id]));
    assert.match(html, /aria-expanded="true" aria-controls="detail-anthropic_claude-haiku-4-5"/);
    assert.match(html, /<tr class="detail" id="detail-anthropic_claude-haiku-4-5">/);
    assert.match(html, /<tr class="detail" id="detail-openai_gpt-5-nano" hidden>/);
  });

  it('spans group headers and details over every column', () => {
    const html = renderTable(state(), sort, true);
    const columns = headers(html).length;
    for (const match of html.matchAll(/colspan="(\d+)"/g)) assert.equal(Number(match[1]), columns);
  });

  it('only offers sorting by columns it shows', () => {
    const html = renderTable(state(), sort, true);
    const buttons = [...html.matchAll(/data-column="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(buttons, [...TABLE_SORT_COLUMNS]);
    assert.ok(!TABLE_SORT_COLUMNS.includes('vendor') && !TABLE_SORT_COLUMNS.includes('tier'));
  });

  it('escapes a hostile vendor, note and model name in the sub line, titles and detail', () => {
    const rows = state().rows.map((row) => (row.id === NANO.id ? { ...row, name: XSS, vendor: XSS, notes: [XSS], contextLabel: XSS } : row));
    const html = renderTable(state({ rows }), sort, false, new Set([NANO.id]));
    assert.doesNotMatch(html, /<img/);
    assert.ok([...html.matchAll(/&#60;img src=x onerror=alert\(1\)&#62;/g)].length >= 6);
    assert.doesNotMatch(html, /style=|onclick|onerror=(?!alert)/);
  });

  it('puts only buttons and labelled form fields in the tab order', () => {
    const html = renderControls(controls, webviewStrings(englishOnly, 100)) + renderTable(state(), sort, true);
    assert.doesNotMatch(html, /tabindex|<a |<div[^>]*onclick/);
    assert.match(html, /<div class="controls" role="group" aria-label="Pricing assumptions">/);
    for (const id of ['outputTokens', 'reasoningMultiplier', 'callsPerDay', 'cacheHitShare', 'currency', 'batch', 'grouped']) {
      assert.match(html, new RegExp(`<label class="control[^"]*" for="${id}">`), id);
    }
  });
});

describe('webview in Chinese', () => {
  it('gets every one of its strings translated by the host', () => {
    const english = webviewStrings(englishOnly, 1000);
    const zh = webviewStrings(chinese, 1000);
    for (const key of WEBVIEW_STRING_KEYS) assert.notEqual(zh[key], english[key], key);
    assert.equal(zh.colPerMonth, '每月 （每天1,000次）');
  });

  it('renders the table and controls with no English left', () => {
    const counts = new Map([['o200k_base', 2000], ['estimate:anthropic', 2300], ['estimate:generic', 2000]]);
    const rows = buildRows({ counts, models: [MINI, HAIKU, NANO, TINY_CONTEXT, UNPRICED], controls, cnyPerUsd: '7.1', priceStaleDays: 90, now }, chinese);
    const zhState: ComparisonState = { sourceLabel: 'prompt.md', status: 'counted', controls, rows, strings: webviewStrings(chinese, 100) };
    const html = renderControls(controls, zhState.strings) + renderSource(zhState) + renderTable(zhState, { column: 'perCall', descending: false }, true, new Set([NANO.id]));
    // What a person reads or hears: text nodes, titles and ARIA labels (class names do not count).
    const shown = [
      ...html.replace(/<[^>]*>/g, '\n').split('\n'),
      ...[...html.matchAll(/(?:title|aria-label)="([^"]*)"/g)].map((m) => m[1]!),
    ].join('\n');
    // Model names, vendors, tokenizer names and currency codes stay as they are; UI words must not.
    for (const word of ['Model', 'Tokens', 'Per call', 'Per month', 'Context', 'Price as of', 'Vendor', 'Tier', 'cheapest', 'over input limit', 'unpriced', 'All figures', 'Sort by', 'Showing', 'Save as default', 'Group by tier', 'Pricing assumptions', 'Input', 'Output', 'input limit']) {
      assert.ok(!shown.includes(word), `English left: ${word}`);
    }
    assert.match(html, /<span class="badge cheapest-badge">最便宜<\/span>/);
    assert.match(html, /<dt>分词器<\/dt>/);
  });
});

describe('comparison stylesheet', () => {
  const css = readFileSync('media/comparison.css', 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

  it('takes every colour from the theme', () => {
    assert.doesNotMatch(css, /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i);
    for (const match of css.matchAll(/var\((--[\w-]+)/g)) assert.match(match[1]!, /^--vscode-/, match[1]);
    for (const match of css.matchAll(/(?:^|[;{]\s*)(?:color|background|border-color|fill):\s*([^;]+);/gm)) {
      assert.match(match[1]!, /var\(--vscode-|^transparent$|^inherit$/, match[0]);
    }
  });

  it('hides the secondary columns below the breakpoint (not the secondary buttons) and keeps the header sticky', () => {
    // "secondary" is also the button style of Copy Markdown / Copy CSV; hiding it hid them once.
    assert.doesNotMatch(css, /(^|[\s,}])\.secondary\s*\{[^}]*display:\s*none/);
    assert.match(css, /@media \(max-width: 899px\) \{\s*\.col-secondary \{\s*display: none;/);
    assert.match(css, /thead th \{[^}]*position: sticky;[^}]*top: 0;/);
    assert.match(css, /#root \{[^}]*overflow: auto;/);
  });
});

describe('webview HTML and CSP', () => {
  const csp = contentSecurityPolicy('https://abc.vscode-cdn.net', 'NONCE123');

  it('allows nothing by default, scripts by nonce, styles only from the extension', () => {
    assert.equal(
      csp,
      "default-src 'none'; style-src https://abc.vscode-cdn.net; script-src 'nonce-NONCE123'; img-src https://abc.vscode-cdn.net; font-src https://abc.vscode-cdn.net",
    );
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('builds a shell with the nonce on the only script and no inline style or handler', () => {
    const html = webviewHtml({ cspSource: 'https://abc.vscode-cdn.net', nonce: 'NONCE123', scriptUri: 'https://x/c.js', styleUri: 'https://x/c.css', language: 'zh-cn', title: XSS });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
    assert.equal([...html.matchAll(/<script/g)].length, 1);
    assert.match(html, /<script nonce="NONCE123" src="https:\/\/x\/c.js"><\/script>/);
    assert.match(html, /<html lang="zh-cn">/);
    assert.doesNotMatch(html, /<style|style=|onload=|onclick=|<img/);
  });
});

describe('webview message protocol', () => {
  it('accepts well-formed messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'copy', format: 'csv' }), { type: 'copy', format: 'csv' });
    // Extra fields (a smuggled uri, say) are dropped: the host counts the text it is showing.
    assert.deepEqual(parseWebviewMessage({ type: 'countNow', uri: 'file:///etc/passwd' }), { type: 'countNow' });
    assert.deepEqual(parseWebviewMessage({ type: 'controls', controls, extra: 1 }), { type: 'controls', controls });
  });

  it('drops anything malformed or out of range', () => {
    for (const bad of [
      null,
      'ready',
      { type: 'eval', code: 'x' },
      { type: 'copy', format: 'html' },
      { type: 'controls', controls: { ...controls, callsPerDay: -1 } },
      { type: 'controls', controls: { ...controls, reasoningMultiplier: 0.5 } },
      { type: 'controls', controls: { ...controls, outputTokens: 1.5 } },
      { type: 'controls', controls: { ...controls, cacheHitShare: 2 } },
      { type: 'controls', controls: { ...controls, currency: 'EUR' } },
      { type: 'controls', controls: { ...controls, outputTokens: Number.POSITIVE_INFINITY } },
      { type: 'saveDefaults' },
      { type: 'countnow' },
      { type: ['countNow'] },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('narrows restored state', () => {
    assert.deepEqual(parsePersistedState({ controls, sort: { column: 'tokens', descending: true }, grouped: false }), {
      controls,
      sort: { column: 'tokens', descending: true },
      grouped: false,
    });
    assert.deepEqual(parsePersistedState({ controls: { nope: 1 }, sort: { column: 'x' } }), { controls: undefined, sort: undefined, grouped: undefined });
    assert.deepEqual(parsePersistedState(undefined), {});
  });
});
