import { countWithRegistry } from '../core/pricing/analyze';
import { formatInteger } from '../core/pricing/format';
import { parseRequestFile } from '../core/request';
import { flavourOf, sectionLines, textSections } from '../core/sections';
import type { CountedFile } from './request';
import { renderTable } from './table';

/** One section in `--sections` output (documented in the README): 1-based lines, its lines' tokens. */
export interface JsonSection {
  title: string;
  /** Markdown heading level, 0 for the text before the first heading; tags one below what holds them. */
  level: number;
  startLine: number;
  endLine: number;
  tokens: number;
}

/**
 * A file's sections (headings, tag blocks, a prompt file's messages), each counted alone on every
 * tokenizer the file's results use: per result, `sections[i].tokens` is on that result's model.
 */
export function sectionsOf(file: CountedFile, raw: boolean): Map<string, JsonSection[]> {
  const text = file.input.text;
  const { input, outcome } = file;
  // Messages come from the request the file was counted as. Under `--raw`, or when an image could
  // not be read (the file was counted as text), the messages are still where they are: parse again.
  const parsed = outcome.kind === 'error' || raw ? parseRequestFile(input.path, text) : outcome;
  const messages = parsed.kind === 'request' ? parsed.request.messages : [];
  const lines = sectionLines(text, textSections(input.path, text, flavourOf(input.path), messages));
  const byTokenizer = new Map<string, JsonSection[]>();
  for (const { result } of file.results) {
    const tokenizer = result.model.tokenizer;
    if (byTokenizer.has(tokenizer)) continue;
    byTokenizer.set(
      tokenizer,
      lines.map((section) => ({
        title: section.title,
        level: section.level,
        startLine: section.startLine,
        endLine: section.endLine,
        tokens: countWithRegistry(tokenizer, text.slice(section.start, section.end)),
      })),
    );
  }
  return byTokenizer;
}

/** The sections as a table under a file's results, counted on its first model. */
export function renderSections(file: CountedFile, sections: ReadonlyMap<string, JsonSection[]>): string {
  const first = file.results[0];
  const list = first && sections.get(first.result.model.tokenizer);
  if (!first || !list) return '';
  if (list.length === 0) return '  Sections: none (no headings, tag blocks or messages).';
  const rows = list.map((section) => [
    formatInteger(section.tokens),
    section.startLine === section.endLine ? String(section.startLine) : `${section.startLine}–${section.endLine}`,
    `${'  '.repeat(Math.max(0, section.level - 1))}${section.level === 0 ? '(before the first heading)' : section.title}`,
  ]);
  const table = renderTable([{ header: 'tokens', right: true }, { header: 'lines', right: true }, { header: `section (on ${first.result.model.id})` }], rows);
  return table
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
