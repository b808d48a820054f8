import { formatContext, formatRate } from '../../core/pricing/format';
import type { CatalogProblem } from '../../core/pricing/catalog';
import type { KeptBundledRate, PriceSheet } from '../../core/pricing/types';
import { CONFIG_SECTION, SETTING_KEYS } from '../settings/config';
import type { Translate } from './l10n';

/**
 * Words what the catalog did with `tokenCost.priceOverrides` and `tokenCost.customModels`: the
 * problems it found (each message names the setting) and the bundled rates an override left in
 * force, for the log, the status bar tooltip and the comparison panel alike.
 */

/** One problem of a price override or custom model, naming the setting. */
export function catalogProblemMessage(problem: CatalogProblem, t: Translate): string {
  const overrides = `${CONFIG_SECTION}.${SETTING_KEYS.priceOverrides}`;
  const custom = `${CONFIG_SECTION}.${SETTING_KEYS.customModels}`;
  switch (problem.kind) {
    case 'unknownOverride': {
      const hint = problem.suggestions.length ? ` ${t('Did you mean: {0}?', problem.suggestions.join(', '))}` : '';
      return `${overrides}: ${t('{0}: unknown model, ignored.', problem.id)}${hint}`;
    }
    case 'duplicateOverride':
      return `${overrides}: ${t('{0}: "{1}" already overrides {2}; this one is ignored.', problem.id, problem.earlierId, problem.modelId)}`;
    case 'overrideNeedsInputAndOutput':
      return `${overrides}: ${t('{0}: the model has no bundled price, so the override needs both "input" and "output"; ignored.', problem.id)}`;
    case 'overrideCurrencyChanged': {
      const dropped = t(
        '{0}: the override is in {1} and the bundled price in {2}; bundled rates are never read as {1}, so these now have no price: {3}.',
        problem.id,
        problem.currency,
        problem.bundledCurrency,
        problem.dropped.join(', '),
      );
      const unpriced = problem.unpriced ? ` ${t('Without both "input" and "output" in {0}, the model is unpriced.', problem.currency)}` : '';
      return `${overrides}: ${dropped}${unpriced}`;
    }
    case 'customReusesBundledId':
      return `${custom}: ${
        problem.replaces
          ? t(
              '{0}: a bundled model has this id; the custom model replaces it (tokenizer {1} instead of {2}, and only the prices and limits given here). To change a bundled model’s prices, use {3}.',
              problem.id,
              problem.tokenizer,
              problem.bundledTokenizer,
              overrides,
            )
          : t(
              '{0}: this is also a name of the bundled model {1}; settings naming "{0}" now mean the custom model (tokenizer {2} instead of {3}).',
              problem.id,
              problem.bundledId,
              problem.tokenizer,
              problem.bundledTokenizer,
            )
      }`;
  }
}

/** One sentence on a bundled rate kept beside an override, with the figures. */
function keptBundledMessage(kept: KeptBundledRate, price: PriceSheet, t: Translate): string {
  const bundled = formatRate(kept.bundled, price.currency);
  const override = formatRate(kept.override, price.currency);
  if (kept.kind === 'longContext') {
    const above = formatContext(kept.above ?? 0);
    return kept.field === 'input'
      ? t('The bundled long-context input rate {0} above {1} tokens still applies; your override sets input {2} (set "longContext" to change it).', bundled, above, override)
      : t('The bundled long-context output rate {0} above {1} tokens still applies; your override sets output {2} (set "longContext" to change it).', bundled, above, override);
  }
  return kept.field === 'input'
    ? t('The bundled batch input rate {0} still applies; your override sets input {1} (set "batchInput" to change it).', bundled, override)
    : t('The bundled batch output rate {0} still applies; your override sets output {1} (set "batchOutput" to change it).', bundled, override);
}

/** Every kept-bundled-rate sentence of a price; none for a price without an override. */
export function keptBundledMessages(price: PriceSheet | null | undefined, t: Translate): string[] {
  return price?.keptBundled?.map((kept) => keptBundledMessage(kept, price, t)) ?? [];
}
