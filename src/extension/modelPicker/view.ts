import { formatContext, formatRate } from '../../core/pricing/format';
import { TIERS, type ModelInfo } from '../../core/pricing/types';
import { describeTokenizer } from '../../core/tokenizers/registry';
import { tierLabel, vendorName } from '../ui/modelLabels';
import { labelWithExactness } from '../ui/exactnessText';
import type { Translate } from '../ui/l10n';
import { modelDisplayName } from '../ui/modelName';

/** A quick-pick row before it becomes a `vscode.QuickPickItem`: a group header or a model. */
export type PickerEntry =
  | { readonly kind: 'separator'; readonly label: string }
  | {
      readonly kind: 'model';
      readonly id: string;
      readonly label: string;
      readonly description: string;
      readonly detail: string;
      readonly current: boolean;
    };

function tierRank(model: ModelInfo): number {
  return model.tier ? TIERS.indexOf(model.tier) : TIERS.length;
}

/**
 * Models grouped by vendor, then tier (cheapest tier first), each with its price per 1M tokens,
 * context size and tokenizer; the current model is marked and listed first in its group.
 */
export function pickerEntries(models: readonly ModelInfo[], currentId: string | undefined, t: Translate): PickerEntry[] {
  const sorted = [...models].sort(
    (a, b) =>
      vendorName(a.vendor).localeCompare(vendorName(b.vendor)) ||
      tierRank(a) - tierRank(b) ||
      Number(b.featured ?? false) - Number(a.featured ?? false) ||
      // Newest first: "Claude Haiku 4.5" before "Claude Haiku 3.5", "GPT-5 mini" before "GPT-4.1 mini".
      b.name.localeCompare(a.name, 'en', { numeric: true }),
  );
  const entries: PickerEntry[] = [];
  let group: string | undefined;
  for (const model of sorted) {
    const label = `${vendorName(model.vendor)} · ${tierLabel(model.tier, t)}`;
    if (label !== group) {
      group = label;
      entries.push({ kind: 'separator', label });
    }
    const price = model.price
      ? t('{0} in · {1} out', formatRate(model.price.input, model.price.currency), formatRate(model.price.output, model.price.currency))
      : t('unpriced');
    const context = model.contextWindow ? t('{0} context', formatContext(model.contextWindow)) : t('context unknown');
    const tokenizer = describeTokenizer(model.tokenizer);
    // An unknown tokenizer id is counted as the registry's generic estimate (core/pricing/analyze).
    const tokenizerText = labelWithExactness(tokenizer?.label ?? model.tokenizer, tokenizer?.exactness ?? 'estimate', t);
    const current = model.id === currentId;
    entries.push({
      kind: 'model',
      id: model.id,
      label: `${current ? '$(check) ' : ''}${modelDisplayName(model, t)}`,
      description: current ? `${model.id} — ${t('current')}` : model.id,
      detail: [price, context, tokenizerText].join(' · '),
      current,
    });
  }
  return entries;
}
