import { priceModel } from '../../core/pricing/analyze';
import { formatInteger, formatMoney, formatPercent } from '../../core/pricing/format';
import { bareId } from '../../core/pricing/modelIds';
import type { CallProfile } from '../../core/pricing/profile';
import type { ModelInfo } from '../../core/pricing/types';
import type { Section } from '../../core/sections';
import type { Translate } from '../ui/l10n';
import { escapeMarkdown } from '../ui/markdown';
import type { BaselineKind } from './baselines';
import { formatDelta, formatTokenChange, tokenDelta, type TokenDelta } from './delta';

/** What the presenter needs of one counted section (a CountedSection, without VS Code). */
export interface SectionFigures {
  readonly section: Section;
  readonly tokens: number;
  readonly baselines: Partial<Record<BaselineKind, number>>;
}

/** The pricing the figures use: the status bar's model and the call profile. */
export interface SectionPricing {
  readonly model: ModelInfo;
  readonly fileTokens: number;
  readonly profile: CallProfile;
  readonly cnyPerUsd: string;
}

/** A section's name for people: its title, or what it is when it has none. */
export function sectionLabel(section: Section, t: Translate): string {
  if (section.kind === 'preamble') return t('(before the first heading)');
  if (section.title === '') return t('(untitled heading)');
  return section.detail && section.kind === 'message' ? t('{0} ({1})', section.title, section.detail) : section.title;
}

/** The section's share of the file's cost per call (input only: the output does not depend on it), at the file's own rates. */
function costPerCall(figures: SectionFigures, pricing: SectionPricing, t: Translate): string | undefined {
  const cost = priceModel(pricing.model, pricing.fileTokens, { profile: pricing.profile, cnyPerUsd: pricing.cnyPerUsd }).cost;
  if (!cost || pricing.fileTokens === 0) return undefined;
  const amount = cost.input.times(figures.tokens).dividedBy(pricing.fileTokens, 12);
  // Said as input: the panel's and the tooltip's "per call" include the expected output.
  return t({ message: '{0} input/call', comment: 'the input cost of one call that a section accounts for, e.g. $0.0012 input/call' }, formatMoney(amount, cost.currency));
}

/** `412 tok · 31% · $0.0012 input/call`. */
export function sectionSummary(figures: SectionFigures, pricing: SectionPricing, t: Translate): string {
  const parts = [shortSummary(figures, pricing, t)];
  const cost = costPerCall(figures, pricing, t);
  if (cost) parts.push(cost);
  return parts.join(' · ');
}

/** The change against a baseline, when the section was there and changed. */
function sectionDelta(figures: SectionFigures, kind: BaselineKind, pricing: SectionPricing): TokenDelta | undefined {
  const baseline = figures.baselines[kind];
  if (baseline === undefined || baseline === figures.tokens) return undefined;
  return tokenDelta(pricing.model, figures.tokens, baseline, pricing.profile, pricing.cnyPerUsd);
}

/** The baseline a short label compares with: the saved file while there are unsaved edits, else HEAD. */
function shownBaseline(figures: SectionFigures): BaselineKind | undefined {
  return figures.baselines.saved !== undefined ? 'saved' : figures.baselines.head !== undefined ? 'head' : undefined;
}

/** `412 tok · 31%`: what the tree shows by each section (the cost per call is in its tooltip and the CodeLens). */
function shortSummary(figures: SectionFigures, pricing: SectionPricing, t: Translate): string {
  const tokens = t({ message: '{0} tok', comment: 'a number of tokens, abbreviated as in the status bar, e.g. "−120 tok"' }, formatInteger(figures.tokens));
  return `${tokens} · ${formatPercent(pricing.fileTokens ? figures.tokens / pricing.fileTokens : 0)}`;
}

/** The tree item's description: tokens, share, and `−120 tok (−9 %)` against the saved file (while unsaved) or HEAD. */
export function sectionDescription(figures: SectionFigures, pricing: SectionPricing, hasBaseline: boolean, t: Translate): string {
  const summary = shortSummary(figures, pricing, t);
  const kind = shownBaseline(figures);
  if (!kind) return hasBaseline ? `${summary} · ${t({ message: 'new', comment: 'a section that the saved or committed version of the file did not have' })}` : summary;
  const delta = sectionDelta(figures, kind, pricing);
  return delta ? `${summary} · ${formatTokenChange(delta, t)}` : summary;
}

/** `Since the last save: −120 tok (−9 %) · …` / `Since git HEAD: …`. */
export function deltaSentence(kind: BaselineKind, delta: string, t: Translate): string {
  return kind === 'saved' ? t('Since the last save: {0}', delta) : t('Since git HEAD: {0}', delta);
}

/** `−120 tok since the last save`, for the CodeLens. */
function changeSince(kind: BaselineKind, change: string, t: Translate): string {
  return kind === 'saved' ? t('{0} since the last save', change) : t('{0} since git HEAD', change);
}

/** The tree item's tooltip (Markdown; workspace text escaped): figures and both deltas. */
export function sectionTooltip(figures: SectionFigures, pricing: SectionPricing, t: Translate): string {
  const { section } = figures;
  const lines = [`**${escapeMarkdown(sectionLabel(section, t))}**${section.kind === 'symbol' && section.detail ? ` · ${escapeMarkdown(section.detail)}` : ''}`, ''];
  lines.push(`${escapeMarkdown(sectionSummary(figures, pricing, t))} · ${escapeMarkdown(bareId(pricing.model.id))}  `);
  lines.push(t('Counted alone, with its subsections.'));
  for (const kind of ['saved', 'head'] as const) {
    const delta = sectionDelta(figures, kind, pricing);
    if (delta) lines.push('', escapeMarkdown(deltaSentence(kind, formatDelta(delta, t), t)));
  }
  return lines.join('\n');
}

/** The CodeLens above a section: its summary, and its change since the saved file or HEAD. */
export function codeLensTitle(figures: SectionFigures, pricing: SectionPricing, t: Translate): string {
  const summary = sectionSummary(figures, pricing, t);
  const kind = shownBaseline(figures);
  const delta = kind && sectionDelta(figures, kind, pricing);
  return delta ? `${summary} · ${changeSince(kind, formatTokenChange(delta, t), t)}` : summary;
}
