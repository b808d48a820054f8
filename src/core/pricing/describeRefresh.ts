import { CURRENCY_SYMBOL, formatInteger } from './format';
import type { PriceRefreshFailure } from './failures';
import type { PriceChangeReport, RateChange } from './priceChanges';
import { MAX_FEATURED_MOVE } from './table';

/**
 * A translator: an English source string with `{0}` placeholders and its arguments. The editor
 * passes `vscode.l10n.t`; the CLI uses `englishText`.
 */
export type RefreshTranslate = (message: string, ...args: Array<string | number>) => string;

/** Fills `{0}`, `{1}` … in English. */
const englishText: RefreshTranslate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));

/** The one sentence that says why the current prices stay. */
export function describeFailure(failure: PriceRefreshFailure, t: RefreshTranslate = englishText): string {
  const kept = t('The current prices stay in use.');
  const reason = ((): string => {
    switch (failure.kind) {
      case 'badUrl':
        return t('"{0}" is not a URL.', failure.url);
      case 'insecureUrl':
        return t('Prices are downloaded over https only (plain http only from this computer), not from {0}.', failure.url);
      case 'network':
        return t('Could not reach {0}: {1}.', failure.url, failure.message);
      case 'timeout':
        return t('{0} did not send the price file within {1} seconds.', failure.url, failure.seconds);
      case 'httpStatus':
        return t('{0} answered with HTTP status {1}.', failure.url, failure.status);
      case 'redirect':
        switch (failure.problem) {
          case 'tooMany':
            return t('{0} redirected too many times.', failure.url);
          case 'insecure':
            return t('{0} redirected to {1}, which is not https; the redirect was not followed.', failure.url, failure.to ?? '?');
          case 'noLocation':
            return t('{0} sent a redirect without a usable address.', failure.url);
          case 'hidden':
            return t('{0} redirected to an address this editor does not reveal; use the final address instead.', failure.url);
        }
      case 'tooLarge':
        return t('The price file at {0} is larger than {1} MB; the download was stopped.', failure.url, formatInteger(failure.limitBytes / 2 ** 20));
      case 'truncated':
        return failure.expectedBytes !== undefined
          ? t('The price file at {0} arrived incomplete ({1} of {2} bytes).', failure.url, formatInteger(failure.receivedBytes), formatInteger(failure.expectedBytes))
          : t('The connection to {0} broke after {1} bytes.', failure.url, formatInteger(failure.receivedBytes));
      case 'notJson':
        return t('The price file is not JSON, or was cut short ({0}).', failure.detail);
      case 'wrongShape':
        return t('The file is not LiteLLM’s price list ({0}).', failure.detail);
      case 'badRate':
        return t('The price file gives {0} an impossible {1}: {2}.', failure.model, failure.field, failure.value);
      case 'tooFewModels':
        return t('The price file prices only {0} models, fewer than the {1} expected; it looks partial.', failure.found, failure.needed);
      case 'storage':
        return t('The new prices could not be saved: {0}.', failure.message);
    }
  })();
  return `${reason} ${kept}`;
}

/** The name of a rate field, for the report (each a literal, so translations can be checked). */
function fieldLabel(field: RateChange['field'], t: RefreshTranslate): string {
  switch (field) {
    case 'input':
      return t('input');
    case 'output':
      return t('output');
    case 'cachedInput':
      return t('cached input');
    case 'cacheWrite5m':
      return t('cache write (5 min)');
    case 'cacheWrite1h':
      return t('cache write (1 h)');
    case 'reasoningOutput':
      return t('reasoning output');
    case 'batchInput':
      return t('batch input');
    case 'batchOutput':
      return t('batch output');
    case 'longContext':
      return t('long-context rates');
  }
}

/** "openai/gpt-5-mini input $0.25 → $0.2 /M". */
function describeChange(change: RateChange, t: RefreshTranslate = englishText): string {
  const field = fieldLabel(change.field, t);
  const symbol = CURRENCY_SYMBOL[change.currency];
  if (change.field === 'longContext') return t('{0} {1} changed', change.id, field);
  if (change.from === undefined) return t('{0} {1} new: {2} /M', change.id, field, `${symbol}${change.to}`);
  if (change.to === undefined) return t('{0} {1} no longer stated (was {2} /M)', change.id, field, `${symbol}${change.from}`);
  return t('{0} {1} {2} → {3} /M', change.id, field, `${symbol}${change.from}`, `${symbol}${change.to}`);
}

/**
 * The short report after a refresh: the date and size of the new table, the changed rates (the
 * first `maxChanges`), added and removed models, and the held-back featured prices to accept.
 */
export function describeReport(report: PriceChangeReport, t: RefreshTranslate = englishText, maxChanges = 12): string[] {
  const lines = [t('Prices as of {0}: {1} models.', report.asOf, report.models)];
  if (!report.changed.length && !report.added.length && !report.removed.length) lines.push(t('No price changed.'));
  for (const change of report.changed.slice(0, maxChanges)) lines.push(`  ${describeChange(change, t)}`);
  if (report.changed.length > maxChanges) lines.push(`  ${t('… and {0} more changed rates.', report.changed.length - maxChanges)}`);
  const list = (ids: readonly string[]): string => (ids.length > 8 ? `${ids.slice(0, 8).join(', ')} ${t('and {0} more', ids.length - 8)}` : ids.join(', '));
  if (report.added.length) lines.push(t('Added ({0}): {1}', report.added.length, list(report.added)));
  if (report.removed.length) lines.push(t('Removed ({0}): {1}', report.removed.length, list(report.removed)));
  for (const { held, changes } of report.heldBack) {
    const what = changes.filter((change) => change.field === 'input' || change.field === 'output').map((change) => describeChange(change, t));
    const why =
      held.reason === 'moved'
        ? t('moved more than {0}×', MAX_FEATURED_MOVE)
        : t('the curated price differs on purpose: {0}', held.note ?? '');
    lines.push(t('Held back, not applied ({0}): {1}', why, what.join('; ') || held.id));
  }
  return lines;
}
