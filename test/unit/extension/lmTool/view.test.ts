import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { toolReport, toolSummary, type ModelCount } from '../../../../src/extension/lmTool/view';
import { DEFAULT_CONFIG } from '../../../../src/extension/settings/config';
import { englishOnly, fromBundle } from '../../../../src/extension/ui/l10n';
import { HAIKU, MINI } from '../../../support/statusInput';

const source = { kind: 'file' as const, label: 'docs/prompt.md', characters: 1740 };

describe('tokenCost tool result', () => {
  it('gives tokens, exactness with the band and likely range, cost per call, context share and fit', () => {
    const counts: ModelCount[] = [
      { model: MINI, tokens: 395, exactness: 'exact' },
      { model: HAIKU, tokens: 468, exactness: 'estimate', band: { low: -0.05, high: 0.1 } },
    ];
    const report = toolReport(source, counts, DEFAULT_CONFIG);
    assert.deepEqual(report.source, source);
    assert.deepEqual(report.profile, DEFAULT_CONFIG.profile);
    assert.deepEqual(report.results[0], {
      model: 'openai/gpt-5-mini',
      name: 'GPT-5 mini',
      tokens: 395,
      exactness: 'exact',
      band: null,
      likelyRange: null,
      // 395 × 0.25/M + 500 × 2/M
      costPerCall: '0.00109875',
      currency: 'USD',
      contextWindow: 400000,
      shareOfContextWindow: 0.000988,
      fits: true,
    });
    assert.deepEqual(report.results[1]!.band, { low: -0.05, high: 0.1 });
    assert.deepEqual(report.results[1]!.likelyRange, [445, 515]);
    assert.equal(
      toolSummary(report, counts, englishOnly),
      'docs/prompt.md (1,740 characters): openai/gpt-5-mini: 395 tokens (exact) · $0.0011 per call · <0.1% of the 400K context window · fits; ' +
        'anthropic/claude-haiku-4-5: ≈468 tokens (estimate, likely 445–515) · $0.0030 per call · 0.2% of the 200K context window · fits.',
    );
  });

  it('says "does not fit" over the input limit, and never prices an unpriced model at zero', () => {
    const unpriced = { ...MINI, id: 'openai/gpt-4', name: 'GPT-4', price: undefined, contextWindow: 8192, maxInput: undefined };
    const counts: ModelCount[] = [
      { model: MINI, tokens: 300_000, exactness: 'exact' },
      { model: unpriced, tokens: 9000, exactness: 'exact' },
      { model: { ...MINI, id: 'custom/x', contextWindow: undefined, maxInput: undefined }, tokens: 10, exactness: 'exact' },
    ];
    const report = toolReport(source, counts, DEFAULT_CONFIG);
    assert.deepEqual(report.results.map((result) => result.fits), [false, false, null]);
    assert.deepEqual([report.results[1]!.costPerCall, report.results[1]!.currency], [null, null]);
    const summary = toolSummary(report, counts, englishOnly);
    assert.match(summary, /openai\/gpt-5-mini: 300,000 tokens \(exact\) · \$[\d.]+ per call · 75% of the 400K context window · does not fit;/);
    assert.match(summary, /openai\/gpt-4: 9,000 tokens \(exact\) · unpriced · 110% of the 8K context window · does not fit;/);
    assert.match(summary, /custom\/x: 10 tokens \(exact\) · \$[\d.]+ per call\.$/);
  });

  it('reads in Chinese with the extension’s bundle', () => {
    const zh = fromBundle(JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8')));
    const counts: ModelCount[] = [{ model: MINI, tokens: 395, exactness: 'exact' }];
    assert.match(toolSummary(toolReport(source, counts, DEFAULT_CONFIG), counts, zh), /^docs\/prompt\.md（1,740 个字符）：openai\/gpt-5-mini：395 个词元（精确） · 每次调用 \$0\.0011 · 占 400K 上下文窗口的 <0\.1% · 可放入。$/);
  });
});
