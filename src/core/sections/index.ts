/**
 * Sections: a text split where a reader sees parts, so that each part's tokens can be shown.
 *
 * - {@link textSections}: Markdown headings and XML-style tag blocks from the text alone, and the
 *   messages of a prompt file or request body from the request model's parse, which the caller
 *   makes (editor and CLI: the parsers load on the first prompt file, not with this module).
 * - {@link symbolSections}: code, from the symbols the editor's language support reports.
 *
 * Every section starts and ends on line boundaries; see {@link Section} for its two spans.
 */
import type { RequestMessage } from '../request/types';
import { buildSections, messageSectionStarts, textSectionStarts } from './split';
import type { Section } from './types';
import { appendAll } from '../util/arrays';

export { symbolSections, type SymbolLike } from './split';
export type { Section, SectionKind } from './types';

/** How a text is read for sections: Markdown (headings and tags) or plain text (tags only). */
export type TextFlavour = 'markdown' | 'plain';

const MARKDOWN_NAMES = /\.(md|mdx|markdown|prompty|prompt|jinja|jinja2|j2|tmpl)$/i;

/** Markdown for Markdown-like names (prompt files included), plain text for the rest. */
export function flavourOf(fileName: string): TextFlavour {
  return MARKDOWN_NAMES.test(fileName) ? 'markdown' : 'plain';
}

/** Where a message starts, as the request model's parse gives it. */
export type MessageStart = Pick<RequestMessage, 'role' | 'name' | 'position'>;

/**
 * The sections of a text: its headings (Markdown flavour) and tag blocks, nested inside the
 * `messages` of the request it sends when it is a prompt file or request body with more than one.
 */
export function textSections(fileName: string, text: string, flavour: TextFlavour = flavourOf(fileName), messages: readonly MessageStart[] = []): Section[] {
  const starts = textSectionStarts(text, { headings: flavour === 'markdown', tags: true });
  if (messages.length > 1) {
    appendAll(starts, messageSectionStarts(text, messages.map((message) => ({ role: message.role, name: message.name, offset: message.position.offset }))));
  }
  return buildSections(text, starts);
}

/** A section as lines (1-based, inclusive), for the CLI: its flat span `[start, end)`. */
export interface SectionLines {
  readonly title: string;
  readonly level: number;
  readonly startLine: number;
  readonly endLine: number;
  readonly start: number;
  readonly end: number;
}

/** The flat split as 1-based line ranges; sections with no text of their own are left out. */
export function sectionLines(text: string, sections: readonly Section[]): SectionLines[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x0a || (unit === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) lineStarts.push(i + 1);
  }
  /** 1-based number of the line holding `offset`. */
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
  return sections
    .filter((section) => section.end > section.start)
    .map((section) => ({
      title: section.title,
      level: section.level,
      startLine: lineOf(section.start),
      endLine: lineOf(section.end - 1),
      start: section.start,
      end: section.end,
    }));
}

/**
 * A key per section that survives edits which leave titles alone: the titles from the top down
 * to it, with its place among same-titled siblings (two `<example>` blocks stay apart). Sections
 * of two versions of a text with the same key are the same section, for per-section deltas.
 */
export function sectionKeys(sections: readonly Section[]): string[] {
  const keys: string[] = [];
  const seen = new Map<string, number>();
  sections.forEach((section) => {
    const parent = section.parent >= 0 ? keys[section.parent]! : '';
    const base = `${parent}\u0000${section.kind}:${section.title}`;
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    keys.push(`${base}#${occurrence}`);
  });
  return keys;
}
