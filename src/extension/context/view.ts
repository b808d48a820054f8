import { priceModel, type ModelResult } from '../../core/pricing/analyze';
import type { SkipReason } from '../../core/context/skip';
import type { Counted } from '../../core/counting/types';
import { formatContext, formatInteger, formatMoney, formatPercent } from '../../core/pricing/format';
import type { ModelInfo } from '../../core/pricing/types';
import { countMark } from '../../core/tokenizers/exactness';
import type { TokenCostConfig } from '../settings/config';
import { exactnessWord } from '../ui/exactnessText';
import type { Translate } from '../ui/l10n';
import { formatLikelyRange } from '../ui/likelyRange';
import { escapeMarkdown } from '../ui/markdown';
import { modelDisplayName } from '../ui/modelName';

/** How a bundle sits in a model's window: within, near the limit (the warning threshold), or over. */
export type FitLevel = 'fits' | 'near' | 'over' | 'unknown';

/** One compared model's row of the Context view: the texts of its tree item. Pure data. */
export interface ModelRow {
  readonly id: string;
  readonly label: string;
  /** `≈45,678 · ██░░░░░░░░ 17% of 272K · $0.0125 per call · $37.50 per month` */
  readonly description: string;
  /** Markdown; workspace text escaped. */
  readonly tooltip: string;
  readonly level: FitLevel;
}

/** Cells of the text bar. */
const BAR_CELLS = 10;

/**
 * `███░░░░░░░`: the share of the usable input limit, in ten cells (full when over). Block
 * characters draw the bar in any font and theme; the percentage beside it carries the figure, and
 * the row's icon the verdict, so nothing depends on the bar alone.
 */
export function fitBar(share: number): string {
  const filled = share > 0 ? Math.min(BAR_CELLS, Math.max(1, Math.round(share * BAR_CELLS))) : 0;
  return '█'.repeat(filled) + '░'.repeat(BAR_CELLS - filled);
}

/** The bundle's fit on a model: its usable input limit (max input, else the window) against the total. */
function fitLevel(result: ModelResult, config: TokenCostConfig): FitLevel {
  if (result.fractionOfInput === undefined) return 'unknown';
  if (result.overLimit) return 'over';
  return Math.max(result.fractionOfInput, result.fractionOfContext ?? 0) >= config.contextWarningThreshold ? 'near' : 'fits';
}

/** The row of one compared model for the bundle's total on its tokenizer. */
export function modelRow(model: ModelInfo, total: Counted, config: TokenCostConfig, t: Translate): ModelRow {
  const result = priceModel(model, total.tokens, { profile: config.profile, cnyPerUsd: config.cnyPerUsd });
  const level = fitLevel(result, config);
  const limit = model.maxInput ?? model.contextWindow;
  const parts = [`${countMark(result.tokenizer.exactness)}${formatInteger(total.tokens)}`];
  if (result.fractionOfInput !== undefined && limit) {
    parts.push(`${fitBar(result.fractionOfInput)} ${t('{0} of {1}', formatPercent(result.fractionOfInput), formatContext(limit))}`);
  } else {
    parts.push(t('context unknown'));
  }
  const cost = result.cost;
  if (cost) {
    parts.push(t('{0} per call', formatMoney(cost.total, cost.currency)));
    if (cost.perMonth) parts.push(t('{0} per month', formatMoney(cost.perMonth, cost.currency)));
  } else {
    parts.push(t('unpriced'));
  }
  return { id: model.id, label: modelDisplayName(model, t), description: parts.join(' · '), tooltip: modelTooltip(result, total, config, t), level };
}

function modelTooltip(result: ModelResult, total: Counted, config: TokenCostConfig, t: Translate): string {
  const { model, tokenizer, cost } = result;
  const lines = [`**${escapeMarkdown(modelDisplayName(model, t))}** · ${escapeMarkdown(model.id)}`, ''];
  const band = tokenizer.exactness === 'estimate' ? (total.band ?? tokenizer.band) : undefined;
  const count = band
    ? t('Estimate ≈{0}, likely {1} for this text.', formatInteger(total.tokens), formatLikelyRange(total.tokens, band, t))
    : t('{0} tokens', formatInteger(total.tokens));
  lines.push(`${t('{0}: {1}', t('Tokens'), count)}  `);
  lines.push(`${t('{0}: {1}', t('Tokenizer'), t('{0} ({1})', escapeMarkdown(tokenizer.label), exactnessWord(tokenizer.exactness, t)))}  `);
  if (result.fractionOfContext !== undefined && model.contextWindow) {
    lines.push(`${t('{0}: {1}', t('Context'), t('{0} of the {1} context window', formatPercent(result.fractionOfContext), formatContext(model.contextWindow)))}  `);
  }
  if (model.maxInput && model.maxInput !== model.contextWindow && result.fractionOfInput !== undefined) {
    lines.push(`${t('{0} of the {1} input limit', formatPercent(result.fractionOfInput), formatContext(model.maxInput))}  `);
  }
  const limit = model.maxInput ?? model.contextWindow;
  if (result.overLimit && limit) {
    lines.push(`$(error) **${t('Over the input limit by {0} tokens: leave out files until it fits.', formatInteger(total.tokens - limit))}**  `);
  }
  lines.push('');
  if (cost) {
    const money = (amount: Parameters<typeof formatMoney>[0]): string => escapeMarkdown(formatMoney(amount, cost.currency));
    lines.push(`${t('{0}: {1}', t('Per call'), money(cost.total))}  `);
    if (cost.perMonth) lines.push(t('{0}: {1}', t('Per month ({0}/day)', formatInteger(config.profile.callsPerDay)), money(cost.perMonth)));
  } else {
    lines.push(t('This model has no price: costs are unknown, not zero. Add one in {0}.', '`tokenCost.priceOverrides`'));
  }
  return lines.join('\n');
}

/** `1,234` or `≈1,234`: a file's or folder's tokens on the view's model. */
export function tokensText(tokens: number, estimate: boolean): string {
  return `${estimate ? '≈' : ''}${formatInteger(tokens)}`;
}

/** A skip reason in the user's language. */
export function skipReasonText(reason: SkipReason, t: Translate): string {
  switch (reason.kind) {
    case 'binary':
      return t('binary content');
    case 'tooLarge':
      return t('too large ({0} bytes; the limit is {1})', formatInteger(reason.bytes), formatInteger(reason.limit));
    case 'unreadable':
      return t('unreadable: {0}', reason.message);
    case 'vanished':
      return t('deleted while being counted');
    case 'changed':
      return t('changed while being counted');
    case 'symlinkLoop':
      return t('symlink loop');
    case 'brokenLink':
      return t('broken symlink');
    case 'notFile':
      return t('not a regular file');
    case 'tooDeep':
      return t('nested more than {0} folders deep', reason.depth);
    case 'countFailed':
      return t('count failed: {0}', reason.message);
  }
}

/** The line above the tree: `12 files · 45,678 tokens on GPT-5 mini · fits 3 of 4 models`. */
export function summaryLine(files: number, tokens: number | undefined, primary: ModelInfo | undefined, levels: readonly FitLevel[], t: Translate): string {
  const parts = [files === 1 ? t('1 file') : t('{0} files', formatInteger(files))];
  if (tokens !== undefined && primary) parts.push(t('{0} tokens on {1}', formatInteger(tokens), modelDisplayName(primary, t)));
  const known = levels.filter((level) => level !== 'unknown');
  if (known.length) parts.push(t('fits {0} of {1} models', known.filter((level) => level !== 'over').length, known.length));
  return parts.join(' · ');
}
