import { strict as assert } from 'node:assert';
import { describeTokenizer } from '../../../../src/core/tokenizers/registry';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishOnly, type Translate, fromBundle } from '../../../../src/extension/ui/l10n';
import { daysSince, formatBand, statusClipboardLine, statusLevel, statusText, statusTooltip, type StatusInput } from '../../../../src/extension/statusBar/view';
import { bandRange } from '../../../../src/core/tokenizers/band';
import { ModelCatalog } from '../../../../src/core/pricing/catalog';
import { escapeMarkdown } from '../../../../src/extension/ui/markdown';
import { config, HAIKU, KEPT_LONG_CONTEXT_NOTE, LONG_CONTEXT, MINI, TINY_CONTEXT, UNPRICED, XSS, statusInput } from '../../../support/statusInput';
import { REPO_ROOT } from '../../../support/paths';
import { DEFAULT_PROFILE } from '../../../../src/core/pricing/profile';

const input = (overrides: Partial<StatusInput> = {}): StatusInput => statusInput(MINI, overrides);

describe('status bar text and tooltip', () => {
  it('shows tokens, input cost and the model', () => {
    // 1,234 × $0.25/M = $0.0003085 → two significant digits.
    assert.equal(statusText(input(), englishOnly), '1,234 tok · $0.00031 · gpt-5-mini');
  });

  it('marks estimates with ≈', () => {
    assert.match(statusText(input({ model: HAIKU }), englishOnly), /^≈1,234 tok · \$0\.0012 · claude-haiku-4-5$/);
  });

  it('shows the selection over the file, and sums several selections', () => {
    assert.equal(statusText(input({ selections: [120] }), englishOnly), '120 / 1,234 tok · $0.000030 · gpt-5-mini');
    assert.equal(statusText(input({ selections: [40, 50, 30] }), englishOnly), '120 / 1,234 tok · $0.000030 · gpt-5-mini');
  });

  it('says unpriced instead of $0 for a model without a price', () => {
    assert.equal(statusText(input({ model: UNPRICED }), englishOnly), '≈1,234 tok · unpriced · llama');
    assert.match(statusTooltip(input({ model: UNPRICED }), englishOnly), /costs are unknown, not zero/);
  });

  it('converts to CNY when asked', () => {
    assert.equal(statusText(input({ config: config({ profile: { ...DEFAULT_PROFILE, currency: 'CNY' }, cnyPerUsd: '7' }) }), englishOnly), '1,234 tok · ¥0.0022 · gpt-5-mini');
  });

  it('handles a file too large to count, with or without a selection', () => {
    assert.equal(statusText(input({ fileTokens: undefined }), englishOnly), 'too large tok · gpt-5-mini');
    assert.equal(statusText(input({ fileTokens: undefined, selections: [10] }), englishOnly), '10 / too large tok · $0.0000025 · gpt-5-mini');
  });

  it('turns warning past the context threshold and error over the input limit', () => {
    assert.equal(statusLevel(input()), 'normal');
    assert.equal(statusLevel(input({ model: TINY_CONTEXT, fileTokens: 850 })), 'warning');
    assert.equal(statusLevel(input({ model: TINY_CONTEXT, fileTokens: 850, config: config({ contextWarningThreshold: 0.9 }) })), 'normal');
    assert.equal(statusLevel(input({ model: TINY_CONTEXT, fileTokens: 1001 })), 'error');
    // Over the usable input limit (272K) but within the 400K window is still an error.
    assert.equal(statusLevel(input({ fileTokens: 300_000 })), 'error');
  });

  it('puts every figure in the tooltip', () => {
    const tooltip = statusTooltip(input(), englishOnly);
    assert.match(tooltip, /\*\*GPT\\-5 mini\*\*/);
    assert.match(tooltip, /Tokenizer: o200k\\_base \(exact\)/);
    for (const line of [
      '| Input (1,234 tokens) | \\$0\\.00031 |',
      '| Expected output (500 tokens) | \\$0\\.0010 |', // 500 output tokens × $2/M
      '| **Per call** | **\\$0\\.0013** |',
      '| Per 1,000 calls | \\$1\\.31 |',
    ]) {
      assert.ok(tooltip.includes(line), `missing ${line} in\n${tooltip}`);
    }
    assert.match(tooltip, /Context: 0\.3% of the 400K context window · 0\.5% of the 272K input limit/);
    assert.match(tooltip, /Prices: test sheet, as of 2026\\-07\\-24/);
    assert.doesNotMatch(tooltip, /days old/);
    assert.match(tooltip, /\(command:tokenCost\.selectModel\)/);
    assert.match(tooltip, /\(command:tokenCost\.compareModels\)/);
    assert.match(tooltip, /\(command:tokenCost\.copyCountAndCost\)/);
  });

  it('shows an estimate band and a stale-price warning', () => {
    const tooltip = statusTooltip(input({ model: HAIKU, now: new Date('2027-01-01T00:00:00Z') }), englishOnly);
    const band = describeTokenizer(HAIKU.tokenizer)!.band!;
    assert.ok(tooltip.includes(`(estimate, ${formatBand(band).replace('+', '\\+')})`), tooltip);
    assert.match(tooltip, /\$\(warning\) 161 days old/);
  });

  it('shows the likely range for this text from the band the panel measured', () => {
    const fixed = describeTokenizer(HAIKU.tokenizer)!.band!;
    const band = { low: -0.05, high: 0.1 };
    assert.notDeepEqual(band, fixed);
    const tooltip = statusTooltip(input({ model: HAIKU, band }), englishOnly);
    // 1,234 × 0.95 = 1,172.3; × 1.1 = 1,357.4 — the panel's rounding (bandRange).
    assert.ok(tooltip.includes('(estimate, −5% … \\+10%)  \n'), tooltip);
    assert.ok(tooltip.includes('Estimate ≈1,234, likely 1,172–1,357 for this text.'), tooltip);
    assert.ok(!tooltip.includes(formatBand(fixed).replace('+', '\\+')), tooltip);
    // A selection's range is of the selection's tokens.
    assert.ok(statusTooltip(input({ model: HAIKU, band, selections: [100] }), englishOnly).includes('likely 95–110 for this text'));
  });

  it('falls back to the tokenizer band, and shows no range for exact or vendor counts', () => {
    const fixed = describeTokenizer(HAIKU.tokenizer)!.band!;
    const [low, high] = bandRange(1234, fixed);
    assert.ok(statusTooltip(input({ model: HAIKU }), englishOnly).includes(`likely ${low.toLocaleString('en-US')}–${high.toLocaleString('en-US')} for this text`));
    assert.doesNotMatch(statusTooltip(input({ band: { low: -0.05, high: 0.1 } }), englishOnly), /likely|−5%/);
    assert.doesNotMatch(statusTooltip(input({ model: HAIKU, band: { low: -0.05, high: 0.1 }, exactFromVendor: true }), englishOnly), /likely/);
  });

  it('localizes the range sentence', () => {
    const bundle = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const chinese: Translate = fromBundle(bundle);
    assert.match(statusTooltip(input({ model: HAIKU, band: { low: -0.05, high: 0.1 } }), chinese), /估算 ≈1,234，此文本的可能范围为 1,172–1,357。/);
  });

  it('names each bundled long-context or batch rate an override left in force', () => {
    const { catalog } = new ModelCatalog([LONG_CONTEXT]).withUserModels({ [LONG_CONTEXT.id]: { input: '0.5' } }, []);
    const tooltip = statusTooltip(input({ model: catalog.get(LONG_CONTEXT.id) }), englishOnly);
    assert.ok(tooltip.includes(`$(warning) ${escapeMarkdown(KEPT_LONG_CONTEXT_NOTE)}`), tooltip);
    assert.ok(tooltip.includes(escapeMarkdown('The bundled batch input rate $0.625/M still applies; your override sets input $0.50/M')), tooltip);
    assert.doesNotMatch(statusTooltip(input({ model: LONG_CONTEXT }), englishOnly), /still applies/);
  });

  it('breaks down several selections', () => {
    assert.match(statusTooltip(input({ selections: [40, 50, 30] }), englishOnly), /3 selections: 120 tokens \(40 \+ 50 \+ 30\)/);
  });

  it('escapes an XSS payload in the file name and in a custom model name', () => {
    const tooltip = statusTooltip(input({ fileName: XSS, model: { ...UNPRICED, name: XSS } }), englishOnly);
    assert.doesNotMatch(tooltip, /(^|[^\\])</);
    assert.ok(tooltip.includes('\\<img src=x onerror=alert\\(1\\)\\>'));
  });

  it('writes a clipboard line', () => {
    assert.equal(
      statusClipboardLine(input({ selections: [120] }), englishOnly),
      'selection of prompt.md: 120 tokens · $0.000030 input · $0.0010 per call · GPT-5 mini (o200k_base)',
    );
  });

  it('computes price age and bands', () => {
    assert.equal(daysSince('2026-07-24', new Date('2026-08-01T12:00:00Z')), 8);
    assert.equal(daysSince('user', new Date()), undefined);
    assert.equal(formatBand({ low: -0.15, high: 0.3 }), '−15% … +30%');
  });

  it('uses full-width punctuation between labels and values in Chinese', () => {
    const bundle = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const chinese: Translate = fromBundle(bundle);
    const tooltip = statusTooltip(input({ selections: [12, 30] }), chinese);
    assert.ok(tooltip.includes('：prompt\\.md — '), tooltip);
    assert.ok(tooltip.includes('分词器：o200k\\_base（'), tooltip);
    assert.ok(tooltip.includes('个词元（12 + 30）'), tooltip);
    assert.doesNotMatch(tooltip, /[^\s|*]: /, 'no ASCII ": " left between a label and its value');
  });
});
