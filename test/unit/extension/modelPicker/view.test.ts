import { strict as assert } from 'node:assert';
import { describeTokenizer } from '../../../../src/core/tokenizers/registry';
import { englishOnly } from '../../../../src/extension/ui/l10n';
import { pickerEntries } from '../../../../src/extension/modelPicker/view';
import { FEATURED_MODELS } from '../../../../src/core/pricing/featured';
import { HAIKU, MINI, NANO, UNPRICED } from '../../../support/statusInput';

describe('model picker entries', () => {
  const entries = pickerEntries([MINI, HAIKU, UNPRICED, NANO], MINI.id, englishOnly);

  it('groups by vendor, then tier cheapest first', () => {
    const separators = entries.filter((entry) => entry.kind === 'separator').map((entry) => entry.label);
    assert.deepEqual(separators, ['Anthropic · Flash / mini / Haiku', 'local · Mid', 'OpenAI · Nano', 'OpenAI · Flash / mini / Haiku']);
  });

  it('shows price per 1M, context and tokenizer, and marks the current model', () => {
    const mini = entries.find((entry) => entry.kind === 'model' && entry.id === MINI.id);
    assert.deepEqual(mini, {
      kind: 'model',
      id: MINI.id,
      label: '$(check) GPT-5 mini',
      description: 'openai/gpt-5-mini — current',
      detail: '$0.25/M in · $2.00/M out · 400K context · o200k_base (exact)',
      current: true,
    });
    const haiku = entries.find((entry) => entry.kind === 'model' && entry.id === HAIKU.id);
    assert.ok(haiku?.kind === 'model' && haiku.detail.endsWith(`${describeTokenizer(HAIKU.tokenizer)!.label} (estimate)`) && !haiku.current);
    const llama = entries.find((entry) => entry.kind === 'model' && entry.id === UNPRICED.id);
    assert.ok(llama?.kind === 'model' && llama.detail.startsWith('unpriced · 8K context'));
  });

  it('tells a mainland-China yuan entry from the dollar entry of the same model, with its rates in yuan', () => {
    const dollars = FEATURED_MODELS.find((model) => model.id === 'deepseek/deepseek-v4-flash')!;
    const yuan = FEATURED_MODELS.find((model) => model.id === 'deepseek/deepseek-v4-flash-cn')!;
    const rows = pickerEntries([dollars, yuan], undefined, englishOnly).filter((entry) => entry.kind === 'model');
    assert.deepEqual(
      rows.map((entry) => entry.kind === 'model' && [entry.label, entry.detail.split(' · ').slice(0, 2).join(' · ')]),
      [
        ['DeepSeek V4 Flash', '$0.30/M in · $1.20/M out'],
        ['DeepSeek V4 Flash · mainland China, in yuan', '¥2.00/M in · ¥8.00/M out'],
      ],
    );
  });
});

describe('model picker order', () => {
  it('lists the newest model of a family first (Haiku 4.5 before 3.5)', () => {
    const haiku = (name: string, id: string) => ({ ...HAIKU, id, name, featured: true });
    const models = [haiku('Claude Haiku 3.5', 'anthropic/claude-3-5-haiku'), haiku('Claude Haiku 4.5', 'anthropic/claude-haiku-4-5')];
    const names = pickerEntries(models, undefined, englishOnly).flatMap((entry) => (entry.kind === 'model' ? [entry.label] : []));
    assert.deepEqual(names.map((label) => label.replace(/^\$\([^)]*\)\s*/, '')).slice(0, 2), ['Claude Haiku 4.5', 'Claude Haiku 3.5']);
  });
});
