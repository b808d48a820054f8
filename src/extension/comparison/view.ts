import { priceModel } from '../../core/pricing/analyze';
import { countMark } from '../../core/tokenizers/exactness';
import { formatContext, formatInteger, formatMoney, formatPercent } from '../../core/pricing/format';
import type { Decimal } from '../../core/pricing/decimal';
import type { ModelCatalog } from '../../core/pricing/catalog';
import { TIERS, type Currency, type ModelInfo } from '../../core/pricing/types';
import type { TextTable } from '../../core/report/table';
import type { ErrorBand, TokenizerId, TokenizerInfo } from '../../core/tokenizers/types';
import type { CallProfile } from '../../core/pricing/profile';
import type { ComparisonRow, WebviewStringKey } from '../../shared/protocol';
import type { TokenCostConfig } from '../settings/config';
import { exactnessWord, nearExactSentence } from '../ui/exactnessText';
import type { Translate } from '../ui/l10n';
import { tierLabel, vendorName } from '../ui/modelLabels';
import { daysSince } from '../statusBar/view';
import { modelDisplayName } from '../ui/modelName';
import { keptBundledMessages } from '../ui/priceNotes';
import { formatLikelyRange } from '../ui/likelyRange';
import type { RequestCount } from '../../core/request';
import { inputOnly, omissionText, requestBreakdown, requestExactnessSentence } from '../request/view';

/** The compared models: `tokenCost.comparison.models` when set (unknown ids skipped), else the featured ones. */
export function comparisonModels(config: TokenCostConfig, catalog: ModelCatalog): ModelInfo[] {
  if (config.comparisonModels.length) {
    const seen = new Set<string>();
    const models: ModelInfo[] = [];
    for (const id of config.comparisonModels) {
      const model = catalog.find(id);
      if (model && !seen.has(model.id)) {
        seen.add(model.id);
        models.push(model);
      }
    }
    if (models.length) return models;
  }
  return catalog.featured();
}

/** What one comparison is made of. */
export interface ComparisonInput {
  /** Token count per tokenizer for the compared text. */
  readonly counts: ReadonlyMap<TokenizerId, number>;
  readonly models: readonly ModelInfo[];
  /** The call priced (the panel's controls). */
  readonly controls: CallProfile;
  readonly cnyPerUsd: string;
  readonly priceStaleDays: number;
  readonly now: Date;
  /** Error band of each estimating tokenizer's count of this text (see countBand). */
  readonly bands?: ReadonlyMap<TokenizerId, ErrorBand>;
  /** Counts the vendor's API returned for this very text, by model id ("Count exactly…"). */
  readonly exactCounts?: ReadonlyMap<string, number>;
  /** A prompt file: the request it sends, counted on each model (by id); these replace the text's counts. */
  readonly requests?: ReadonlyMap<string, RequestCount>;
  /**
   * Instructions sent with every request: priced as the input they add to each call, without
   * output of their own.
   */
  readonly inputOnly?: boolean;
}

/** How a row's count was made, with its short mark and its sentence. */
function rowAccuracy(
  tokenizer: TokenizerInfo,
  tokens: number,
  fromApi: boolean,
  band: ErrorBand | undefined,
  t: Translate,
): Pick<ComparisonRow, 'accuracy' | 'accuracyMark' | 'accuracyLabel'> {
  if (fromApi) {
    return { accuracy: 'api', accuracyMark: t('vendor API'), accuracyLabel: t('Exact: counted by the vendor’s API for this text.') };
  }
  switch (tokenizer.exactness) {
    case 'exact':
      return { accuracy: 'exact', accuracyMark: '', accuracyLabel: t('Exact: the vendor’s own tokenizer.') };
    case 'near-exact':
      return { accuracy: 'near-exact', accuracyMark: exactnessWord('near-exact', t), accuracyLabel: nearExactSentence(t) };
    case 'estimate': {
      const range = formatLikelyRange(tokens, band ?? tokenizer.band ?? { low: 0, high: 0 }, t);
      return {
        accuracy: 'estimate',
        accuracyMark: range,
        // The method itself is in the row's notes.
        accuracyLabel: t('Estimate ≈{0}, likely {1} for this text.', formatInteger(tokens), range),
      };
    }
  }
}

/** How far to trust a request's count: its own exactness (framing and tool rules, omissions), not only its tokenizer's. */
function requestAccuracy(tokenizer: TokenizerInfo, count: RequestCount, t: Translate): Pick<ComparisonRow, 'accuracy' | 'accuracyMark' | 'accuracyLabel'> {
  const label = requestExactnessSentence(count.exactness, t);
  switch (count.exactness) {
    case 'exact':
      return { accuracy: 'exact', accuracyMark: '', accuracyLabel: label };
    case 'near-exact':
      return { accuracy: 'near-exact', accuracyMark: exactnessWord('near-exact', t), accuracyLabel: label };
    case 'estimate':
      // The tokenizer's own band where it estimates; otherwise the estimate lies in what is left out.
      return {
        accuracy: 'estimate',
        accuracyMark: tokenizer.exactness === 'estimate' && tokenizer.band ? formatLikelyRange(count.tokens, tokenizer.band, t) : exactnessWord('estimate', t),
        accuracyLabel: label,
      };
  }
}

/**
 * Prices every model on its own tokenizer's count and formats the row. The cheapest per-call
 * cost among models the text fits is flagged; unpriced models are never cheapest (nor $0).
 */
export function buildRows(input: ComparisonInput, t: Translate): ComparisonRow[] {
  const { controls } = input;
  const profile = input.inputOnly ? inputOnly(controls) : controls;
  const priced = input.models.flatMap((model) => {
    // A prompt file's request replaces the text's count; for other text, the vendor's own count
    // (when the user asked for one) replaces ours — it counted the text, not the request.
    const tokens = input.requests ? input.requests.get(model.id)?.tokens : (input.exactCounts?.get(model.id) ?? input.counts.get(model.tokenizer));
    if (tokens === undefined) return [];
    return [
      priceModel(model, tokens, { profile, cnyPerUsd: input.cnyPerUsd }),
    ];
  });
  let cheapest: Decimal | undefined;
  for (const result of priced) {
    if (result.cost && !result.overLimit && (!cheapest || result.cost.total.compare(cheapest) < 0)) cheapest = result.cost.total;
  }
  return priced.map((result): ComparisonRow => {
    const { model, cost } = result;
    const money = (amount: Decimal | undefined): string =>
      cost && amount ? formatMoney(amount, cost.currency) : t('unpriced');
    const limit = model.maxInput ?? model.contextWindow;
    const notes: string[] = [];
    if (cost?.batchUnavailable) notes.push(t('no batch price; list rates used'));
    if (cost?.cacheUnavailable) notes.push(t('no cached-input price; input rate used'));
    if (cost?.longContextAbove) notes.push(t('long-context rates (above {0} tokens)', formatInteger(cost.longContextAbove)));
    notes.push(...keptBundledMessages(result.price, t));
    const request = input.requests?.get(model.id);
    const fromApi = !request && (input.exactCounts?.has(model.id) ?? false);
    if (result.tokenizer.exactness !== 'exact' && !fromApi) {
      notes.push(t('{0}: {1}', result.tokenizer.label, result.tokenizer.method));
    }
    if (request?.omissions.length) notes.push(t('Not included: {0}', request.omissions.map((omission) => omissionText(omission, t)).join('; ')));
    const accuracy = request ? requestAccuracy(result.tokenizer, request, t) : rowAccuracy(result.tokenizer, result.tokens, fromApi, input.bands?.get(model.tokenizer), t);
    const age = result.price ? daysSince(result.price.asOf, input.now) : undefined;
    const contextParts: string[] = [];
    if (result.fractionOfContext !== undefined && model.contextWindow) {
      contextParts.push(t('{0} of {1}', formatPercent(result.fractionOfContext), formatContext(model.contextWindow)));
    }
    if (limit && model.contextWindow && limit < model.contextWindow) {
      contextParts.push(t('input limit {0}', formatContext(limit)));
    }
    return {
      id: model.id,
      name: modelDisplayName(model, t),
      vendor: vendorName(model.vendor),
      tier: model.tier ?? 'other',
      tierLabel: tierLabel(model.tier, t),
      tierOrder: model.tier ? TIERS.indexOf(model.tier) : TIERS.length,
      tokens: `${fromApi ? '' : countMark(request?.exactness ?? result.tokenizer.exactness)}${formatInteger(result.tokens)}`,
      tokenCount: result.tokens,
      estimated: accuracy.accuracy === 'estimate',
      ...accuracy,
      tokenizer: result.tokenizer.label,
      input: money(cost?.input),
      output: money(cost?.output),
      perCall: money(cost?.total),
      per1000: money(cost?.per1000Calls),
      perMonth: money(cost?.perMonth),
      inputValue: cost ? cost.input.toNumber() : null,
      outputValue: cost ? cost.output.toNumber() : null,
      perCallValue: cost ? cost.total.toNumber() : null,
      contextShare: result.fractionOfContext ?? null,
      limitShare: limit && model.contextWindow && limit < model.contextWindow ? limit / model.contextWindow : null,
      contextLabel: contextParts.join(' · ') || t('unknown'),
      contextPercent: result.fractionOfContext === undefined ? t('unknown') : formatPercent(result.fractionOfContext),
      overLimit: result.overLimit,
      cheapest: !!cost && !result.overLimit && cheapest !== undefined && cost.total.compare(cheapest) === 0,
      unpriced: !cost,
      asOf: result.price?.asOf ?? '—',
      stale: age !== undefined && age > input.priceStaleDays,
      notes,
      ...(request ? { breakdown: requestBreakdown(request, t) } : {}),
    };
  });
}

/**
 * The line under "Showing": the price dates (visible at any panel width, not only in a row's
 * detail) and, when a price is in the other currency, the rate it was converted at.
 */
export function priceNote(models: readonly ModelInfo[], rows: readonly ComparisonRow[], currency: Currency, cnyPerUsd: string, t: Translate): string | undefined {
  const shown = new Set(rows.map((row) => row.id));
  const dates = [...new Set(models.filter((model) => shown.has(model.id) && model.price).map((model) => model.price!.asOf))].sort();
  if (dates.length === 0) return undefined;
  const parts = [dates.length === 1 ? t('Prices as of {0}', dates[0]!) : t('Prices as of {0} to {1}', dates[0]!, dates[dates.length - 1]!)];
  const stale = rows.filter((row) => row.stale).length;
  if (stale) parts.push(t('{0} older than the stale limit', stale));
  if (models.some((model) => shown.has(model.id) && model.price && model.price.currency !== currency)) {
    parts.push(t('converted at {0} CNY per USD', cnyPerUsd));
  }
  return parts.join(' · ');
}

/** The rows as a table for copying (Markdown or CSV), in the order given. */
export function comparisonTable(rows: readonly ComparisonRow[], strings: Readonly<Record<WebviewStringKey, string>>): TextTable {
  return {
    headers: [
      strings.colModel,
      strings.colVendor,
      strings.colTier,
      strings.colTokens,
      strings.colInput,
      strings.colOutput,
      strings.colPerCall,
      strings.colPer1000,
      strings.colPerMonth,
      strings.colContext,
      strings.colAsOf,
    ],
    rows: rows.map((row) => [
      row.name + (row.cheapest ? ` (${strings.cheapest})` : '') + (row.overLimit ? ` (${strings.overLimit})` : ''),
      row.vendor,
      row.tierLabel,
      // The mark under the count in the panel travels with it: "1,500 (near-exact)", "≈2,300 (2,070–2,760)".
      row.accuracyMark ? `${row.tokens} (${row.accuracyMark})` : row.tokens,
      row.input,
      row.output,
      row.perCall,
      row.per1000,
      row.perMonth,
      row.contextLabel,
      row.asOf,
    ]),
    numeric: [false, false, false, true, true, true, true, true, true, false, false],
  };
}

/** The webview's strings, localised by the host. */
export function webviewStrings(t: Translate, callsPerDay: number): Record<WebviewStringKey, string> {
  return {
    title: t('Model comparison'),
    showing: t({ message: 'Showing', comment: 'label before the file or selection the panel compares, e.g. "Showing: prompt.md"' }),
    nothing: t('Open a text file to compare models.'),
    outputTokens: t('Expected output tokens'),
    reasoningMultiplier: t('Reasoning multiplier'),
    callsPerDay: t('Calls per day'),
    cacheHitShare: t('Cache-hit share (%)'),
    batch: t({ message: 'Batch', comment: 'checkbox: price with the vendors\' batch API rates (about half price, answers within 24 h)' }),
    currency: t('Currency'),
    saveDefaults: t('Save as default'),
    copyMarkdown: t('Copy Markdown'),
    copyCsv: t('Copy CSV'),
    groupByTier: t('Group by tier'),
    colModel: t('Model'),
    colVendor: t('Vendor'),
    colTier: t({ message: 'Tier', comment: 'column header: the model\'s price tier (nano, mini, mid, top)' }),
    colTokens: t('Tokens'),
    colInput: t('Input'),
    colOutput: t('Output'),
    colPerCall: t('Per call'),
    colPer1000: t('Per 1,000 calls'),
    colPerMonth: t('Per month ({0}/day)', formatInteger(callsPerDay)),
    colContext: t('Context'),
    colAsOf: t('Price as of'),
    colTokenizer: t('Tokenizer'),
    colCount: t({ message: 'Count', comment: 'column header: how the token count was made (exact, near-exact, estimate)' }),
    controlsLabel: t('Pricing assumptions'),
    details: t('All figures for {0}'),
    cheapest: t({ message: 'cheapest', comment: 'badge on the row of the cheapest model that fits' }),
    overLimit: t('over input limit'),
    unpriced: t('unpriced'),
    stale: t('price may be stale'),
    estimateNote: t('≈ marks an estimated count (the vendor’s tokenizer is not available offline).'),
    sortBy: t('Sort by {0}'),
    limitMarker: t('input limit'),
    countNow: t('Count now'),
    colRequest: t('Request'),
  };
}
