import type { Translate } from '../ui/l10n';

/** Days between two weekly refreshes. */
const WEEK_DAYS = 7;

/** The question asked before the first download from an address. */
export function consentToDownload(url: string, t: Translate): string {
  return t(
    'Download the current prices from {0}? Token Cost connects to that address now (and once a week if you turned on weekly refreshes); nothing about your files is sent.',
    url,
  );
}

/** Whether prices dated `since` (ISO date or date-time) are a week old at `now`. */
export function isDue(since: string, now: Date): boolean {
  const then = Date.parse(since);
  return Number.isNaN(then) || now.getTime() - then >= WEEK_DAYS * 86_400_000;
}

/** The report of a refresh as a Markdown document: where from, then one line per change. */
export function reportDocument(lines: readonly string[], url: string, t: Translate): string {
  const [first, ...rest] = lines;
  return [`# ${t('Price refresh')}`, '', t('From {0}', url), '', first ?? '', '', ...rest.map((line) => `- ${line.trim()}`), ''].join('\n');
}
