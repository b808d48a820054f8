import { priceModel, type ModelResult } from '../../core/pricing/analyze';
import { countMark } from '../../core/tokenizers/exactness';
import { formatContext, formatInteger, formatMoney, formatPercent } from '../../core/pricing/format';
import { bareId } from '../../core/pricing/modelIds';
import type { ModelInfo } from '../../core/pricing/types';
import type { ErrorBand } from '../../core/tokenizers/types';
import { COMMANDS } from '../commandIds';
import type { TokenCostConfig } from '../settings/config';
import type { Translate } from '../ui/l10n';
import { exactnessWord, nearExactSentence } from '../ui/exactnessText';
import { escapeMarkdown } from '../ui/markdown';
import { modelDisplayName } from '../ui/modelName';
import { keptBundledMessages } from '../ui/priceNotes';
import { formatLikelyRange } from '../ui/likelyRange';
import { inputOnly, modelOriginLine, modelWithOrigin, rawTextNote, requestCountText, requestTooltipLines, type ModelOrigin, type RequestView } from '../request/view';

/** What the status bar shows for one editor and one model. Pure data, so it is unit-testable. */
export interface StatusInput {
  /** File name (base name) or "Untitled-1"; workspace text, escaped wherever shown. */
  readonly fileName: string;
  /** A notebook cell is counted on its own. */
  readonly isNotebookCell: boolean;
  /** Tokens in the whole document; `undefined` when it is too large to count. */
  readonly fileTokens: number | undefined;
  /** Tokens of each non-empty selection, in editor order; empty without a selection. */
  readonly selections: readonly number[];
  readonly model: ModelInfo;
  readonly config: TokenCostConfig;
  readonly now: Date;
  /** The shown count came from the vendor's count endpoint (exact until the text changes). */
  readonly exactFromVendor?: boolean;
  /**
   * An estimate's error band for the shown text (the selections, else the file), worked out as the
   * comparison panel does (textBand.ts); the tokenizer's fixed band when absent.
   */
  readonly band?: ErrorBand;
  /** A prompt file: the request it sends on `model`, or why it is counted as text. Absent for other files. */
  readonly request?: RequestView;
  /** Where `model` comes from when the file names one (the primary entry only). */
  readonly modelOrigin?: ModelOrigin;
  /** All open text editors together on this model's tokenizer (a tooltip line when there are two or more). */
  readonly openEditors?: { readonly files: number; readonly tokens: number };
  /**
   * Markdown lines other features add to the tooltip (what a cut saved since the last save or
   * HEAD, token budgets), workspace text already escaped.
   */
  readonly notes?: readonly string[];
  /** A token budget is exceeded: the warning colour (the error colour still wins). */
  readonly overBudget?: boolean;
}

/** The request the entry shows: a prompt file's, unless a selection narrows the entry to text. */
function shownRequest(input: StatusInput): Extract<RequestView, { kind: 'request' }> | undefined {
  return input.selections.length === 0 && input.request?.kind === 'request' ? input.request : undefined;
}

/** The mark before the shown count: none for the vendor's own answer, else the tokenizer's (core/tokenizers/exactness). */
function shownMark(input: StatusInput, result: ModelResult): string {
  return input.exactFromVendor === true ? '' : countMark(shownRequest(input)?.count.exactness ?? result.tokenizer.exactness);
}

/** Background severity: context share above the threshold → warning, over the input limit → error. */
export type StatusLevel = 'normal' | 'warning' | 'error';

/** Tokens the entry is about: the selections' sum when there is one, else the request a prompt file sends, else the file. */
function shownTokens(input: StatusInput): number | undefined {
  return input.selections.length ? input.selections.reduce((sum, count) => sum + count, 0) : (shownRequest(input)?.count.tokens ?? input.fileTokens);
}

/** The shown tokens priced on the entry's model with the configured profile (instructions: input only) and currency. */
function statusResult(input: StatusInput): ModelResult | undefined {
  const tokens = shownTokens(input);
  if (tokens === undefined) return undefined;
  const profile = shownRequest(input)?.request.alwaysOn ? inputOnly(input.config.profile) : input.config.profile;
  return priceModel(input.model, tokens, { profile, cnyPerUsd: input.config.cnyPerUsd });
}

/**
 * `1,234 tok · $0.0003 · gpt-5-mini`, `≈120 / 1,234 tok · …` with a selection, `unpriced` without a
 * price; `request 1,204 tok · 3 msgs · $… · gpt-4o-mini (from file)` for a prompt file,
 * `always on 121 tok · $0.91/month · …` for instructions, a raw-text note for a broken one.
 */
export function statusText(input: StatusInput, t: Translate): string {
  const result = statusResult(input);
  const request = shownRequest(input);
  let count: string;
  if (request) {
    count = requestCountText(request, t);
  } else {
    const approx = result ? shownMark(input, result) : '';
    const file = input.fileTokens === undefined ? t('too large') : formatInteger(input.fileTokens);
    const figure = input.selections.length
      ? `${approx}${formatInteger(shownTokens(input) ?? 0)} / ${file}`
      : input.fileTokens === undefined
        ? file
        : `${approx}${file}`;
    count = `${figure} ${t({ message: 'tok', comment: 'abbreviation of "tokens" in the status bar, e.g. "1,234 tok"; keep it short' })}`;
  }
  const raw = input.request?.kind === 'raw' ? rawTextNote(input.request, t) : undefined;
  let cost = !result ? undefined : result.cost ? formatMoney(result.cost.input, result.cost.currency) : t('unpriced');
  // Instructions join every request: what they cost is their share of a month of calls.
  if (request?.request.alwaysOn && result?.cost) cost = t('{0}/month', formatMoney(result.cost.perMonth, result.cost.currency));
  return [count, raw, cost, modelWithOrigin(bareId(input.model.id), input.modelOrigin, t)].filter((part) => part !== undefined).join(' · ');
}

/** Warning / error background from the shown tokens' share of context and input limit. */
export function statusLevel(input: StatusInput): StatusLevel {
  const result = statusResult(input);
  if (!result) return input.overBudget ? 'warning' : 'normal';
  if (result.overLimit) return 'error';
  const share = Math.max(result.fractionOfContext ?? 0, result.fractionOfInput ?? 0);
  return share >= input.config.contextWarningThreshold || input.overBudget ? 'warning' : 'normal';
}

/** Whole days from an ISO date to `now`; `undefined` when `asOf` is not a date (e.g. "user"). */
export function daysSince(asOf: string, now: Date): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return undefined;
  const then = Date.parse(`${asOf}T00:00:00Z`);
  if (Number.isNaN(then)) return undefined;
  return Math.floor((now.getTime() - then) / 86_400_000);
}

/** "−15% … +30%" for an estimate's error band. */
export function formatBand(band: ErrorBand): string {
  const part = (value: number): string => `${value < 0 ? '−' : '+'}${Math.round(Math.abs(value) * 100)}%`;
  return `${part(band.low)} … ${part(band.high)}`;
}

/** The command ids the tooltip links to (the MarkdownString trusts exactly these). */
export const TOOLTIP_COMMANDS = [COMMANDS.selectModel, COMMANDS.compareModels, COMMANDS.copyCountAndCost, COMMANDS.countNow, COMMANDS.recount, COMMANDS.showLog, COMMANDS.countOpenEditors] as const;

/** A status entry that is not a count: counting, over the size limit, binary, failed. */
export interface StatusState {
  readonly text: string;
  /** Markdown; workspace text in it is escaped. */
  readonly tooltip: string;
  /** What a click runs; the default (change model / compare) when absent. */
  readonly command?: string;
}

/** Progress of a first count, as the worker reports it. */
export interface StatusProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * "counting… 40%" while a long first count runs (no percentage before the first report, and for
 * tokenizers that count the text in one go); the tooltip names the file, the size and the tokenizer.
 */
export function countingState(
  fileName: string,
  model: ModelInfo,
  tokenizerLabel: string,
  progress: StatusProgress | undefined,
  t: Translate,
): StatusState {
  const percent = progress && progress.total > 0 ? Math.min(99, Math.floor((progress.done / progress.total) * 100)) : undefined;
  const label = percent === undefined ? t('counting…') : t('counting… {0}%', percent);
  const what = progress
    ? t('Counting {0} ({1} characters) with {2}.', `**${escapeMarkdown(fileName)}**`, formatInteger(progress.total), escapeMarkdown(tokenizerLabel))
    : t('Counting {0} with {1}.', `**${escapeMarkdown(fileName)}**`, escapeMarkdown(tokenizerLabel));
  const tooltip = [
    what,
    '',
    t('The first count of a long file runs in the background; after it, edits update the count at once.'),
  ].join('\n');
  return { text: `$(sync~spin) ${label} · ${bareId(model.id)}`, tooltip };
}

/** Over `tokenCost.maxCharacters`: the size, and a "Count now" action (the click runs it too). */
export function tooLargeState(fileName: string, length: number, limit: number, t: Translate): StatusState {
  const tooltip = [
    t('{0} has {1} characters, more than {2} (setting {3}), so it is not counted automatically.', `**${escapeMarkdown(fileName)}**`, formatInteger(length), formatInteger(limit), '`tokenCost.maxCharacters`'),
    '',
    `[$(play) ${t('Count now')}](command:${COMMANDS.countNow}) — ${t('counts this file once, in the background with progress, and follows its edits until it is closed.')}`,
  ].join('\n');
  return { text: `$(circle-slash) ${t('{0} chars', formatContext(length))} · $(play) ${t('Count now')}`, tooltip, command: COMMANDS.countNow };
}

/** Binary content opened as text: skipped, with the reason. */
export function binaryState(fileName: string, t: Translate): StatusState {
  return {
    text: `$(file-binary) ${t('binary file')}`,
    tooltip: t('{0} looks like a binary file (NUL or control characters near its start); Token Cost does not count binary content.', escapeMarkdown(fileName)),
  };
}

/** The count could not finish (a missing table, a crashed or stuck worker): the reason and a retry. */
export function failedState(model: ModelInfo, error: unknown, t: Translate): StatusState {
  const reason = error instanceof Error ? error.message : String(error);
  const tooltip = [
    t('Counting {0} failed: {1}', escapeMarkdown(model.id), escapeMarkdown(reason)),
    '',
    `[$(refresh) ${t('Retry')}](command:${COMMANDS.recount}) · [$(output) ${t('Show Log')}](command:${COMMANDS.showLog})`,
  ].join('\n');
  return { text: `$(warning) ${t('count failed — retry')} · ${bareId(model.id)}`, tooltip, command: COMMANDS.recount };
}

/** The tooltip, as Markdown. Every piece of workspace or user text is escaped. */
export function statusTooltip(input: StatusInput, t: Translate): string {
  const result = statusResult(input);
  const model = input.model;
  const lines: string[] = [];
  // Label and value through the bundle so Chinese gets full-width punctuation ("文件：…").
  const labelled = (label: string, value: string): string => t('{0}: {1}', label, value);
  lines.push(`**${escapeMarkdown(modelDisplayName(model, t))}** · ${escapeMarkdown(model.id)}`);
  const origin = modelOriginLine(input.modelOrigin, bareId(model.id), t);
  if (origin) lines.push('', origin);
  lines.push('');
  const where = input.isNotebookCell ? t('Notebook cell') : t('File');
  const fileFigure = input.fileTokens === undefined ? t('too large to count') : t('{0} tokens', formatInteger(input.fileTokens));
  lines.push(`${labelled(where, `${escapeMarkdown(input.fileName)} — ${fileFigure}`)}  `);
  if (input.selections.length === 1) {
    lines.push(`${labelled(t('Selection'), t('{0} tokens', formatInteger(input.selections[0]!)))}  `);
  } else if (input.selections.length > 1) {
    const shown = input.selections.slice(0, 10).map(formatInteger).join(' + ');
    const more = input.selections.length > 10 ? ' + …' : '';
    lines.push(
      `${labelled(t('{0} selections', input.selections.length), t('{0} ({1})', t('{0} tokens', formatInteger(shownTokens(input) ?? 0)), `${shown}${more}`))}  `,
    );
  }
  if (input.request) {
    lines.push('', ...requestTooltipLines(input.request, { model, profile: input.config.profile, cnyPerUsd: input.config.cnyPerUsd }, t), '');
  }
  if (result) {
    const tokenizer = result.tokenizer;
    const exactness = exactnessWord(tokenizer.exactness, t);
    const textBand = tokenizer.exactness === 'estimate' ? (input.band ?? tokenizer.band) : undefined;
    const band = textBand ? `, ${formatBand(textBand)}` : '';
    if (input.exactFromVendor) {
      lines.push(labelled(t('Tokens'), t('exact, counted by the vendor’s API (until the text changes)')));
    } else {
      // The same sentence as the comparison panel's row: an estimate's range for this text, or
      // what near-exact means (its count carries no ≈, being no estimate).
      const sentence = textBand
        ? t('Estimate ≈{0}, likely {1} for this text.', formatInteger(result.tokens), formatLikelyRange(result.tokens, textBand, t))
        : tokenizer.exactness === 'near-exact'
          ? nearExactSentence(t)
          : undefined;
      // Two trailing spaces: a Markdown line break before the sentence.
      lines.push(`${labelled(t('Tokenizer'), t('{0} ({1})', escapeMarkdown(tokenizer.label), `${exactness}${escapeMarkdown(band)}`))}${sentence ? '  ' : ''}`);
      if (sentence) lines.push(sentence);
    }
    lines.push('');
    if (!result.cost) {
      lines.push(t('This model has no price: costs are unknown, not zero. Add one in {0}.', '`tokenCost.priceOverrides`'));
    } else {
      const cost = result.cost;
      const money = (amount: Parameters<typeof formatMoney>[0]): string => escapeMarkdown(formatMoney(amount, cost.currency));
      lines.push(`| | |`, `|---|--:|`);
      lines.push(`| ${t('Input ({0} tokens)', formatInteger(result.tokens))} | ${money(cost.input)} |`);
      const reasoning = cost.reasoningTokens ? ` + ${t('{0} reasoning', formatInteger(cost.reasoningTokens))}` : '';
      lines.push(`| ${t('Expected output ({0} tokens)', formatInteger(cost.outputTokens))}${reasoning} | ${money(cost.output)} |`);
      lines.push(`| **${t('Per call')}** | **${money(cost.total)}** |`);
      lines.push(`| ${t('Per 1,000 calls')} | ${money(cost.per1000Calls)} |`);
      lines.push('');
    }
    const context: string[] = [];
    if (result.fractionOfContext !== undefined && model.contextWindow) {
      context.push(t('{0} of the {1} context window', formatPercent(result.fractionOfContext), formatContext(model.contextWindow)));
    }
    const limit = model.maxInput ?? model.contextWindow;
    if (result.fractionOfInput !== undefined && limit && model.maxInput && model.maxInput !== model.contextWindow) {
      context.push(t('{0} of the {1} input limit', formatPercent(result.fractionOfInput), formatContext(limit)));
    }
    if (context.length) lines.push(`${labelled(t('Context'), context.join(' · '))}  `);
    if (result.overLimit) lines.push(`$(error) **${t('Over the input limit of {0} tokens.', formatInteger(limit ?? 0))}**  `);
    if (result.price) {
      const age = daysSince(result.price.asOf, input.now);
      const stale =
        age !== undefined && age > input.config.priceStaleDays
          ? ` — $(warning) ${t('{0} days old; check the vendor’s page', age)}`
          : '';
      lines.push(`${labelled(t('Prices'), `${escapeMarkdown(result.price.source)}, ${t('as of {0}', escapeMarkdown(result.price.asOf))}`)}${stale}`);
      for (const note of keptBundledMessages(result.price, t)) lines.push('', `$(warning) ${escapeMarkdown(note)}`);
    }
  }
  if (input.openEditors && input.openEditors.files > 1) {
    const { files, tokens } = input.openEditors;
    lines.push('', `[$(files) ${t('Open editors: {0} files, {1} tokens', files, formatInteger(tokens))}](command:${COMMANDS.countOpenEditors})`);
  }
  if (input.notes?.length) lines.push('', ...input.notes);
  lines.push('');
  lines.push(
    [
      `[$(list-selection) ${t('Change model')}](command:${COMMANDS.selectModel})`,
      `[$(graph) ${t('Compare models')}](command:${COMMANDS.compareModels})`,
      `[$(copy) ${t('Copy')}](command:${COMMANDS.copyCountAndCost})`,
    ].join(' · '),
  );
  return lines.join('\n');
}

/** One line for the clipboard: `report.md: 1,234 tokens · $0.00031 input · $0.0013 per call · GPT-5 mini (o200k_base, exact)`. */
export function statusClipboardLine(input: StatusInput, t: Translate): string {
  const result = statusResult(input);
  const scope = input.selections.length
    ? t('selection of {0}', input.fileName)
    : shownRequest(input)
      ? t('{0} (request)', input.fileName)
      : input.fileName;
  if (!result) return `${scope}: ${t('too large to count')}`;
  const approx = shownMark(input, result);
  const parts = [`${scope}: ${approx}${t('{0} tokens', formatInteger(result.tokens))}`];
  if (result.cost) {
    parts.push(t('{0} input', formatMoney(result.cost.input, result.cost.currency)));
    parts.push(t('{0} per call', formatMoney(result.cost.total, result.cost.currency)));
  } else {
    parts.push(t('unpriced'));
  }
  parts.push(`${modelDisplayName(input.model, t)} (${result.tokenizer.label})`);
  return parts.join(' · ');
}
