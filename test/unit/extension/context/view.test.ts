import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { ContextBundle, contextEntry } from '../../../../src/extension/context/contextBundle';
import { fitBar, modelRow, skipReasonText, summaryLine } from '../../../../src/extension/context/view';
import { englishOnly, fromBundle } from '../../../../src/extension/ui/l10n';
import { statusTooltip } from '../../../../src/extension/statusBar/view';
import { config, HAIKU, MINI, statusInput, UNPRICED } from '../../../support/statusInput';

const zh = fromBundle(JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8')));

describe('Context view: model rows', () => {
  it('draws the share of the usable input limit in ten cells, full when over', () => {
    assert.equal(fitBar(0), '░░░░░░░░░░');
    assert.equal(fitBar(0.001), '█░░░░░░░░░', 'any content shows');
    assert.equal(fitBar(0.45), '█████░░░░░');
    assert.equal(fitBar(1.7), '██████████');
  });

  it('shows tokens, the bar against the input limit, cost per call and per month', () => {
    const row = modelRow(MINI, { tokens: 136_000 }, config(), englishOnly);
    // 136,000 × $0.25/M + 500 × $2/M = $0.035 per call; × 100 calls × 30 days.
    assert.equal(row.description, '136,000 · █████░░░░░ 50% of 272K · $0.035 per call · $105.00 per month');
    assert.equal(row.level, 'fits');
    assert.match(row.tooltip, /50% of the 272K input limit/);
    assert.match(row.tooltip, /34% of the 400K context window/);
  });

  it('marks near and over the limit, and says by how much it is over', () => {
    assert.equal(modelRow(MINI, { tokens: 230_000 }, config(), englishOnly).level, 'near');
    const over = modelRow(MINI, { tokens: 300_000 }, config(), englishOnly);
    assert.equal(over.level, 'over');
    assert.match(over.description, /^300,000 · ██████████ 110% of 272K/);
    assert.match(over.tooltip, /Over the input limit by 28,000 tokens/);
  });

  it('marks an estimate with ≈ and its likely range, and an unpriced model as unpriced', () => {
    const estimate = modelRow(HAIKU, { tokens: 1000, band: { low: -0.1, high: 0.2 } }, config(), englishOnly);
    assert.match(estimate.description, /^≈1,000 · /);
    assert.match(estimate.tooltip, /likely 900–1,200/);
    assert.match(modelRow(UNPRICED, { tokens: 10 }, config(), englishOnly).description, /unpriced$/);
  });

  it('is translated', () => {
    assert.match(modelRow(MINI, { tokens: 136_000 }, config(), zh).description, /每次调用 \$0\.035 · 每月 \$105\.00$/);
    assert.equal(skipReasonText({ kind: 'binary' }, zh), '二进制内容');
    assert.equal(summaryLine(3, 1200, MINI, ['fits', 'over'], zh), '3 个文件 · GPT-5 mini 上为 1,200 个词元 · 可放入 2 个模型中的 1 个');
  });

  it('sums up the bundle in one line', () => {
    assert.equal(summaryLine(1, 10, MINI, ['fits', 'near', 'over', 'unknown'], englishOnly), '1 file · 10 tokens on GPT-5 mini · fits 2 of 3 models');
  });
});

describe('Context view: the bundle', () => {
  const entry = (path: string) => contextEntry(`file:///w/${path}`, `file:///w/${path}`, path, 'file', 10, new Map([['o200k_base', { tokens: 3 }]]));

  it('removes a folder with everything in it, and keeps the order of the rest', () => {
    const bundle = new ContextBundle();
    for (const path of ['src/a.ts', 'src/core/b.ts', 'srcx/c.ts', 'README.md']) bundle.set(entry(path));
    bundle.skip({ key: 'file:///w/src/logo.png', path: 'src/logo.png', reason: { kind: 'binary' } });
    assert.equal(bundle.removePath('src'), 2);
    assert.deepEqual(bundle.files().map((file) => file.path), ['srcx/c.ts', 'README.md']);
    assert.deepEqual(bundle.skipped(), []);
  });

  it('knows which entries lack a tokenizer the settings now compare', () => {
    const bundle = new ContextBundle();
    bundle.set(entry('a.ts'));
    assert.deepEqual(bundle.missing(['o200k_base']), []);
    assert.deepEqual(bundle.missing(['o200k_base', 'gemma3']).map((file) => file.path), ['a.ts']);
  });

  it('a recount moves an entry to skipped and back', () => {
    const bundle = new ContextBundle();
    bundle.set(entry('a.ts'));
    bundle.skip({ key: 'file:///w/a.ts', path: 'a.ts', reason: { kind: 'changed' } });
    assert.equal(bundle.size, 0);
    bundle.set(entry('a.ts'));
    assert.deepEqual([bundle.size, bundle.skipped().length], [1, 0]);
  });
});

describe('status bar tooltip: open editors', () => {
  it('adds one line with the open editors total when two or more are open', () => {
    const tooltip = statusTooltip(statusInput(MINI, { openEditors: { files: 3, tokens: 12_345 } }), englishOnly);
    assert.match(tooltip, /\[\$\(files\) Open editors: 3 files, 12,345 tokens\]\(command:tokenCost\.countOpenEditors\)/);
    assert.doesNotMatch(statusTooltip(statusInput(MINI, { openEditors: { files: 1, tokens: 5 } }), englishOnly), /Open editors/);
    assert.doesNotMatch(statusTooltip(statusInput(MINI), englishOnly), /Open editors/);
  });
});
