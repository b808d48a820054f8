import { priceModel } from '../../core/pricing/analyze';
import { Decimal } from '../../core/pricing/decimal';
import { formatContext, formatMoney, formatPercent, formatTokens } from '../../core/pricing/format';
import type { CallProfile } from '../../core/pricing/profile';
import type { Currency, ModelInfo } from '../../core/pricing/types';
import { bandRange } from '../../core/tokenizers/band';
import type { ErrorBand, Exactness } from '../../core/tokenizers/types';
import type { TokenCostConfig } from '../settings/config';
import { exactnessWord } from '../ui/exactnessText';
import type { Translate } from '../ui/l10n';
import { formatLikelyRange } from '../ui/likelyRange';

/** What was counted: given text, a file, the active editor's selections or its whole document. */
export interface CountedSource {
  readonly kind: 'text' | 'file' | 'selection' | 'activeFile';
  /** Shown to people: a file's workspace-relative path or name, "given text". */
  readonly label: string;
  readonly characters: number;
}

/** One model's count of the source. */
export interface ModelCount {
  readonly model: ModelInfo;
  readonly tokens: number;
  readonly exactness: Exactness;
  /** An estimate's error band for this very text; absent for exact and near-exact counts. */
  readonly band?: ErrorBand;
}

/** One model in the tool's JSON: what an agent needs to decide, nothing more. */
interface ToolModelResult {
  readonly model: string;
  readonly name: string;
  readonly tokens: number;
  /** The core's words: exact, near-exact or estimate. */
  readonly exactness: Exactness;
  /** For estimates: the relative error band and the likely range of tokens it gives. */
  readonly band: { readonly low: number; readonly high: number } | null;
  readonly likelyRange: readonly [number, number] | null;
  /** One call's cost (input plus the profile's expected output), exact decimal; null when unpriced. */
  readonly costPerCall: string | null;
  readonly currency: Currency | null;
  readonly contextWindow: number | null;
  /** tokens ÷ context window. */
  readonly shareOfContextWindow: number | null;
  /** Whether the input alone fits the model's usable input limit (max input, else the window). */
  readonly fits: boolean | null;
}

/** The tool's JSON result (compact: it goes into the agent's context). */
export interface ToolReport {
  readonly source: CountedSource;
  /** The call priced: the user's `tokenCost.*` call settings. */
  readonly profile: CallProfile;
  readonly results: readonly ToolModelResult[];
}

/** Prices each count with the user's call profile and says whether it fits. */
export function toolReport(source: CountedSource, counts: readonly ModelCount[], config: TokenCostConfig): ToolReport {
  return {
    source,
    profile: config.profile,
    results: counts.map(({ model, tokens, exactness, band }) => {
      const result = priceModel(model, tokens, { profile: config.profile, cnyPerUsd: config.cnyPerUsd });
      const limit = model.maxInput ?? model.contextWindow;
      return {
        model: model.id,
        name: model.name,
        tokens,
        exactness,
        band: band ? { low: band.low, high: band.high } : null,
        likelyRange: band ? bandRange(tokens, band) : null,
        costPerCall: result.cost?.total.toString() ?? null,
        currency: result.cost?.currency ?? null,
        contextWindow: model.contextWindow ?? null,
        shareOfContextWindow: result.fractionOfContext === undefined ? null : Number(result.fractionOfContext.toFixed(6)),
        fits: limit === undefined ? null : !result.overLimit,
      };
    }),
  };
}

/** "openai/gpt-5-mini: 395 tokens (exact) · $0.0011 per call · 0.1% of the 400K context window · fits". */
function modelSummary(result: ToolModelResult, count: ModelCount, t: Translate): string {
  const word = exactnessWord(result.exactness, t);
  const exactness = count.band ? t('{0}, likely {1}', word, formatLikelyRange(result.tokens, count.band, t)) : word;
  const parts = [t('{0}: {1} tokens ({2})', result.model, formatTokens(result.tokens, result.exactness), exactness)];
  parts.push(result.costPerCall !== null && result.currency !== null ? t('{0} per call', formatMoney(Decimal.from(result.costPerCall), result.currency)) : t('unpriced'));
  if (result.shareOfContextWindow !== null && result.contextWindow !== null) {
    parts.push(t('{0} of the {1} context window', formatPercent(result.shareOfContextWindow), formatContext(result.contextWindow)));
  }
  if (result.fits !== null) parts.push(result.fits ? t('fits') : t('does not fit'));
  // ' · ' reads the same in every language the extension speaks (the status bar uses it too).
  return parts.join(' · ');
}

/** The one-line summary for people (and for models that skim): the source, then each model. */
export function toolSummary(report: ToolReport, counts: readonly ModelCount[], t: Translate): string {
  const models = report.results.map((result, index) => modelSummary(result, counts[index]!, t)).join(t({ message: '; ', comment: 'separates the models in one line' }));
  return t('{0} ({1} characters): {2}.', report.source.label, report.source.characters.toLocaleString('en-US'), models);
}
