import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PROFILE } from '../../../../src/core/pricing/profile';
import type { Section } from '../../../../src/core/sections';
import { formatDelta, tokenDelta } from '../../../../src/extension/sections/delta';
import { codeLensTitle, sectionDescription, sectionLabel, sectionSummary, sectionTooltip } from '../../../../src/extension/sections/view';
import { englishOnly, fromBundle } from '../../../../src/extension/ui/l10n';
import { REPO_ROOT } from '../../../support/paths';
import { HAIKU, MINI, UNPRICED } from '../../../support/statusInput';

const zh = fromBundle(JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')));
const profile = { ...DEFAULT_PROFILE, callsPerDay: 1000 };

describe('what a cut saves', () => {
  it('says the change in tokens, percent and money per month at the calls per day', () => {
    // 120 tokens × 1,000 calls × 30 days = 3.6M tokens at $1/M input: $3.60 a month.
    const delta = tokenDelta(HAIKU, 1213, 1333, profile, '7.1');
    assert.equal(formatDelta(delta, englishOnly), '−120 tok (−9 %) · −$3.60 / month at 1,000 calls/day');
    assert.equal(formatDelta(delta, zh), '−120 词元（−9%） · 每月 −$3.60（每天调用 1,000 次）');
    assert.equal(formatDelta(tokenDelta(HAIKU, 1400, 1333, profile, '7.1'), englishOnly), '+67 tok (+5 %) · +$2.01 / month at 1,000 calls/day');
  });

  it('leaves out money for an unpriced model and the percent against an empty baseline', () => {
    assert.equal(formatDelta(tokenDelta(UNPRICED, 900, 1000, profile, '7.1'), englishOnly), '−100 tok (−10 %)');
    assert.equal(formatDelta(tokenDelta(MINI, 50, 0, profile, '7.1'), englishOnly), '+50 tok · +$0.38 / month at 1,000 calls/day');
    assert.equal(formatDelta(tokenDelta(MINI, 10_000, 10_001, profile, '7.1'), englishOnly).split(' · ')[0], '−1 tok (−<1 %)');
  });

  it('prices a change across a long-context tier with the tiers, not linearly', () => {
    const tiered = { ...MINI, price: { ...MINI.price!, longContext: [{ above: 1000, input: '1', output: '4' }] } };
    // Below the tier: 900 × $0.25/M; above: 1,100 × $1/M (output at $4/M too): the month changes by much more than 200 tokens' worth.
    const delta = tokenDelta(tiered, 1100, 900, { ...profile, outputTokens: 0 }, '7.1');
    assert.equal(delta.perMonth?.amount.toString(), '26.25');
  });
});

describe('section figures', () => {
  const section: Section = { title: 'Examples', kind: 'heading', level: 2, start: 0, end: 10, extentEnd: 20, parent: -1 };
  const pricing = { model: HAIKU, fileTokens: 1000, profile, cnyPerUsd: '7.1' };

  it('shows tokens, share and the section\'s share of the cost per call', () => {
    // The file's input is 1,000 × $1/M = $0.001 per call; 310 tokens are 31 % of it.
    assert.equal(sectionSummary({ section, tokens: 310, baselines: {} }, pricing, englishOnly), '310 tok · 31% · $0.00031 input/call');
    assert.equal(sectionSummary({ section, tokens: 310, baselines: {} }, { ...pricing, model: UNPRICED }, englishOnly), '310 tok · 31%');
  });

  it('adds the change since the saved file (while unsaved), else since HEAD, or says a section is new (the tree leaves the cost to the tooltip)', () => {
    assert.equal(sectionDescription({ section, tokens: 310, baselines: { saved: 400, head: 500 } }, pricing, true, englishOnly), '310 tok · 31% · −90 tok (−23 %)');
    assert.equal(sectionDescription({ section, tokens: 310, baselines: { head: 300 } }, pricing, true, englishOnly), '310 tok · 31% · +10 tok (+3 %)');
    assert.equal(sectionDescription({ section, tokens: 310, baselines: {} }, pricing, true, englishOnly), '310 tok · 31% · new');
    assert.equal(sectionDescription({ section, tokens: 310, baselines: {} }, pricing, false, englishOnly), '310 tok · 31%');
    assert.equal(codeLensTitle({ section, tokens: 310, baselines: { saved: 400 } }, pricing, englishOnly), '310 tok · 31% · $0.00031 input/call · −90 tok (−23 %) since the last save');
  });

  it('names untitled parts and escapes titles in the tooltip', () => {
    assert.equal(sectionLabel({ ...section, kind: 'preamble', title: '' }, englishOnly), '(before the first heading)');
    assert.equal(sectionLabel({ ...section, title: '' }, englishOnly), '(untitled heading)');
    assert.equal(sectionLabel({ ...section, kind: 'message', title: 'user', detail: 'alice' }, englishOnly), 'user (alice)');
    const tooltip = sectionTooltip({ section: { ...section, title: '[x](command:evil)' }, tokens: 310, baselines: { saved: 400, head: 300 } }, pricing, englishOnly);
    assert.ok(tooltip.startsWith('**\\[x\\]\\(command\\:evil\\)**'), tooltip);
    assert.ok(tooltip.includes('Since the last save\\: −90 tok \\(−23 %\\) · −\\$2\\.70 / month at 1,000 calls/day'), tooltip);
    assert.ok(tooltip.includes('Since git HEAD\\: \\+10 tok'), tooltip);
  });
});
