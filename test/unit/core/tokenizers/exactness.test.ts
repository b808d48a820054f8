import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countMark, ESTIMATE_MARK, EXACTNESS_LEVELS, EXACTNESS_WORDS } from '../../../../src/core/tokenizers/exactness';
import type { ModelInfo } from '../../../../src/core/pricing/types';
import { describeTokenizer } from '../../../../src/core/tokenizers/registry';
import type { Exactness } from '../../../../src/core/tokenizers/types';
import { buildRows, comparisonTable, webviewStrings } from '../../../../src/extension/comparison/view';
import { exactnessWord, labelWithExactness } from '../../../../src/extension/ui/exactnessText';
import { englishOnly, type Translate, fromBundle } from '../../../../src/extension/ui/l10n';
import { escapeMarkdown } from '../../../../src/extension/ui/markdown';
import { pickerEntries } from '../../../../src/extension/modelPicker/view';
import { statusClipboardLine, statusText, statusTooltip } from '../../../../src/extension/statusBar/view';
import { HAIKU, MINI, statusInput } from '../../../support/statusInput';
import { REPO_ROOT } from '../../../support/paths';

const bundle: Record<string, string> = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'));
const chinese: Translate = fromBundle(bundle);

/** One model per level: o200k_base, the Gemma 3 vocabulary, the Claude estimate. */
const MODEL_AT: Readonly<Record<Exactness, ModelInfo>> = {
  exact: MINI,
  'near-exact': { ...MINI, id: 'google/gemini-test', name: 'Gemini Test', vendor: 'google', tokenizer: 'gemma3' },
  estimate: HAIKU,
};

describe('one vocabulary of exactness', () => {
  it('has three distinct words, the extension’s English ones being the core’s, each translated', () => {
    for (const level of EXACTNESS_LEVELS) {
      assert.equal(describeTokenizer(MODEL_AT[level].tokenizer)?.exactness, level);
      assert.equal(exactnessWord(level, englishOnly), EXACTNESS_WORDS[level]);
      assert.ok(bundle[EXACTNESS_WORDS[level]], `no Chinese for "${EXACTNESS_WORDS[level]}"`);
    }
    for (const t of [englishOnly, chinese]) assert.equal(new Set(EXACTNESS_LEVELS.map((level) => exactnessWord(level, t))).size, 3);
    assert.deepEqual(EXACTNESS_LEVELS.map(countMark), ['', '', ESTIMATE_MARK]);
  });

  for (const [language, t] of [['English', englishOnly], ['Chinese', chinese]] as const) {
    it(`marks and names each level alike in the status bar, tooltip, picker and panel (${language})`, () => {
      for (const level of EXACTNESS_LEVELS) {
        const model = MODEL_AT[level];
        const label = describeTokenizer(model.tokenizer)!.label;
        const word = exactnessWord(level, t);
        const mark = countMark(level);
        const input = statusInput(model);

        assert.ok(statusText(input, t).startsWith(`${mark}1,234 `), `${level}: status bar "${statusText(input, t)}"`);
        assert.ok(statusClipboardLine(input, t).includes(`: ${mark}1,234`), `${level}: clipboard`);
        // "label (word" — an estimate adds its band inside the same brackets.
        const named = labelWithExactness(escapeMarkdown(label), level, t).slice(0, -1);
        assert.ok(statusTooltip(input, t).includes(named), `${level}: tooltip lacks ${named}`);

        const picked = pickerEntries([model], undefined, t).find((entry) => entry.kind === 'model');
        assert.ok(picked?.kind === 'model' && picked.detail.endsWith(labelWithExactness(label, level, t)), `${level}: picker`);

        const counts = new Map([[model.tokenizer, 1234]]);
        const controls = { outputTokens: 0, reasoningMultiplier: 1, callsPerDay: 1, cacheHitShare: 0, batch: false, currency: 'USD' as const };
        const [row] = buildRows({ counts, models: [model], controls, cnyPerUsd: '7', priceStaleDays: 90, now: new Date('2026-08-01') }, t);
        assert.equal(row!.tokens, `${mark}1,234`, `${level}: panel count`);
        if (level === 'near-exact') assert.equal(row!.accuracyMark, word);
        const copied = comparisonTable([row!], webviewStrings(t, 1)).rows[0]![3]!;
        assert.ok(copied.startsWith(`${mark}1,234`) && (level !== 'near-exact' || copied.includes(word)), `${level}: copied table "${copied}"`);
      }
    });
  }

  it('says what near-exact means wherever a near-exact count is shown without a mark', () => {
    const sentence = 'Near-exact: the vendor’s published local tokenizer (text only).';
    assert.ok(statusTooltip(statusInput(MODEL_AT['near-exact']), englishOnly).includes(sentence));
    assert.ok(!statusTooltip(statusInput(MODEL_AT.exact), englishOnly).includes(sentence));
  });
});
