import type { CallProfile } from '../../core/pricing/profile';
import { formatInteger } from '../../core/pricing/format';
import { toMarkdownTable } from '../../core/report/table';
import type { ComparisonRow, WebviewStringKey } from '../../shared/protocol';
import { DEFAULT_SORT, sortRows } from '../../shared/sorting';
import { comparisonTable } from './view';
import type { Translate } from '../ui/l10n';
import { escapeMarkdown } from '../ui/markdown';

/** Inputs of the "show report" Markdown document. */
export interface ReportInput {
  readonly sourceLabel: string;
  readonly rows: readonly ComparisonRow[];
  readonly strings: Readonly<Record<WebviewStringKey, string>>;
  readonly controls: CallProfile;
  readonly now: Date;
  /** For a prompt file: what the figures are (the request it sends, or raw text and why). */
  readonly request?: string;
}

/** A Markdown report of the active text on every compared model: assumptions, table, notes. */
export function reportMarkdown(input: ReportInput, t: Translate): string {
  const { controls } = input;
  const lines = [
    `# ${t('Token cost report: {0}', escapeMarkdown(input.sourceLabel))}`,
    '',
    ...(input.request ? [escapeMarkdown(input.request), ''] : []),
    t('Generated {0}.', input.now.toISOString().slice(0, 10)) +
      ' ' +
      t(
        'Assumptions: {0} expected output tokens, reasoning ×{1}, {2}% of the prompt from cache, batch {3}, {4} calls per day, in {5}.',
        formatInteger(controls.outputTokens),
        controls.reasoningMultiplier,
        Math.round(controls.cacheHitShare * 100),
        controls.batch ? t('on') : t('off'),
        formatInteger(controls.callsPerDay),
        controls.currency,
      ),
    '',
    toMarkdownTable(comparisonTable(sortRows(input.rows, DEFAULT_SORT, true), input.strings)),
  ];
  const notes = input.rows.filter((row) => row.notes.length);
  if (notes.length) {
    lines.push(`## ${t('Notes')}`, '');
    for (const row of notes) lines.push(`- **${escapeMarkdown(row.name)}**: ${row.notes.map(escapeMarkdown).join('; ')}`);
    lines.push('');
  }
  if (input.rows.some((row) => row.estimated)) lines.push(input.strings.estimateNote, '');
  return lines.join('\n');
}
