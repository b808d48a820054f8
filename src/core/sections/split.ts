import { splitFrontMatter } from '../request/frontMatter';
import type { Section, SectionKind } from './types';

/** One line of a text: where it starts, where its content ends and where the next line starts. */
interface Line {
  readonly start: number;
  readonly contentEnd: number;
  readonly next: number;
}

/** The lines of `text` from `from` on; line ends are `\n`, `\r\n` or a lone `\r`, as in VS Code. */
function* linesOf(text: string, from = 0): Generator<Line> {
  let start = from;
  while (start < text.length) {
    let end = start;
    while (end < text.length) {
      const unit = text.charCodeAt(end);
      if (unit === 0x0a || unit === 0x0d) break;
      end++;
    }
    const next = end < text.length ? (text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? end + 2 : end + 1) : end;
    yield { start, contentEnd: end, next };
    start = next;
  }
}

/** The last character of a line before trailing spaces and tabs (`''` for a blank line). */
function lastChar(text: string, line: Line): string {
  let at = line.contentEnd - 1;
  while (at >= line.start && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09)) at--;
  return at >= line.start ? text[at]! : '';
}

/** The first character of a line after up to three spaces or tabs (`''` for a blank line). */
function leadingChar(text: string, line: Line): string {
  let at = line.start;
  while (at < line.contentEnd && at - line.start < 4 && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09)) at++;
  return at < line.contentEnd ? text[at]! : '';
}

/** Where a section starts, before its ends and its place in the tree are worked out. */
export interface SectionStart {
  /** A line start. */
  readonly start: number;
  readonly kind: Exclude<SectionKind, 'preamble'>;
  readonly title: string;
  /** Headings: their level; others get theirs from what holds them. */
  readonly level?: number;
  /** Tags and symbols: where the block ends (the line after its last line). */
  readonly closeEnd?: number;
  readonly detail?: string;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Lines that cannot be the text of a setext heading (list items, quotes, tables, HTML). */
const NOT_PARAGRAPH = /^ {0,3}(?:[-*+>|<]|\d+[.)]|#{1,6}(?:[ \t]|$)|$)/;
const OPEN_TAG = /^[ \t]*<([A-Za-z][\w.:-]*)(?:[ \t][^<>]*)?>/;
/** Characters a heading, fence, setext underline or tag line can start with: other lines are skipped fast. */
const MARKS = new Set(['#', '=', '-', '`', '~', '<']);

/**
 * Markdown headings (ATX and setext; none inside fenced code or the front matter) and XML-style
 * tag blocks (an opening tag at the start of a line, its closing tag ending a later line; blocks
 * left open are not sections). Most lines start with none of `# = - ` ~ <` and cost one look.
 */
export function textSectionStarts(text: string, options: { headings: boolean; tags: boolean }): SectionStart[] {
  const starts: SectionStart[] = [];
  const openTags = new OpenTags();
  let fence: string | undefined;
  let previous: Line | undefined;
  /** The previous line was taken as a heading, tag or fence line (so it is no setext text). */
  let previousTaken = false;
  for (const line of linesOf(text, splitFrontMatter(text).bodyOffset)) {
    const first = leadingChar(text, line);
    // A closing tag ends a line, whatever it starts with.
    const closes = openTags.size > 0 && lastChar(text, line) === '>';
    if (!MARKS.has(first) && !closes) {
      previous = line;
      previousTaken = false;
      continue;
    }
    const content = text.slice(line.start, line.contentEnd);
    let taken = false;
    const fenceMark = FENCE.exec(content)?.[1];
    if (fence !== undefined) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && content.trim() === fenceMark) fence = undefined;
      previous = line;
      previousTaken = true;
      continue;
    }
    if (options.headings && fenceMark) {
      fence = fenceMark;
      previous = line;
      previousTaken = true;
      continue;
    }
    if (options.headings) {
      const atx = ATX.exec(content);
      const setext = atx ? null : SETEXT.exec(content);
      if (atx) {
        starts.push({ start: line.start, kind: 'heading', level: atx[1]!.length, title: (atx[2] ?? '').trim() });
        taken = true;
      } else if (setext && previous && !previousTaken) {
        const above = text.slice(previous.start, previous.contentEnd);
        if (!NOT_PARAGRAPH.test(above)) {
          starts.push({ start: previous.start, kind: 'heading', level: setext[1]![0] === '=' ? 1 : 2, title: above.trim() });
          taken = true;
        }
      }
    }
    if (options.tags) {
      if (closes) {
        // The one name whose closing tag can end the line (a name holds no `/`): what follows the last `</`.
        const trimmed = content.trimEnd();
        const name = trimmed.slice(trimmed.lastIndexOf('</') + 2, -1);
        const start = trimmed.includes('</') ? openTags.close(name) : -1;
        if (start >= 0) starts.push({ start, kind: 'tag', title: `<${name}>`, closeEnd: line.next });
      }
      const open = first === '<' ? OPEN_TAG.exec(content) : null;
      if (open && !content.includes(`</${open[1]}>`)) {
        openTags.push(open[1]!, line.start);
        taken = true;
      }
    }
    previous = line;
    previousTaken = taken;
  }
  return starts.sort((a, b) => a.start - b.start);
}

/**
 * The tag blocks still open, innermost last, with where each name is in the stack. A line ending
 * in `>` closes the innermost block of its closing tag's name, found without walking the stack:
 * walking it from the top for every such line took 100 s on 80,000 lines of `<section>` (an HTML
 * page of `<p>` and `<br>` lines, in the Sections view, on the extension host's thread).
 */
class OpenTags {
  private readonly stack: { readonly name: string; readonly start: number }[] = [];
  /** For each name, its places in {@link stack}, innermost last. */
  private readonly places = new Map<string, number[]>();

  get size(): number {
    return this.stack.length;
  }

  push(name: string, start: number): void {
    let places = this.places.get(name);
    if (!places) this.places.set(name, (places = []));
    places.push(this.stack.length);
    this.stack.push({ name, start });
  }

  /**
   * Closes the innermost open block named `name`, and the blocks opened inside it (left open, they
   * are no sections); its start, or −1 when no block of that name is open. Each block is pushed
   * and closed once, so a whole text costs time in proportion to its tags.
   */
  close(name: string): number {
    const at = this.places.get(name)?.at(-1);
    if (at === undefined) return -1;
    const start = this.stack[at]!.start;
    while (this.stack.length > at) this.places.get(this.stack.pop()!.name)!.pop();
    return start;
  }
}

/** Sections at the places messages start (snapped to their lines' starts), titled by role. */
export function messageSectionStarts(text: string, messages: readonly { readonly role: string; readonly name?: string; readonly offset: number }[]): SectionStart[] {
  return messages.map((message) => ({
    start: lineStartOf(text, message.offset),
    kind: 'message' as const,
    title: message.role,
    ...(message.name ? { detail: message.name } : {}),
  }));
}

/** The start of the line holding `offset`. */
function lineStartOf(text: string, offset: number): number {
  let start = Math.max(0, Math.min(offset, text.length));
  while (start > 0 && text.charCodeAt(start - 1) !== 0x0a && text.charCodeAt(start - 1) !== 0x0d) start--;
  return start;
}

/** An open section while the starts are swept. */
interface Open {
  readonly index: number;
  readonly kind: SectionKind;
  readonly level: number;
  /** Where it must end at the latest: its closing line, or what holds it. */
  readonly limit: number;
}

/**
 * Sections from their starts (any mix of headings, tags and messages): each ends where the next
 * starts, and holds the starts inside it — a heading the lower-level headings after it, a tag the
 * lines up to its closing tag, a message everything up to the next message. Text before the
 * first start is a level-0 section when it holds more than blank lines.
 */
export function buildSections(text: string, found: readonly SectionStart[]): Section[] {
  const starts = [...found].sort((a, b) => a.start - b.start);
  const sections: { -readonly [K in keyof Section]: Section[K] }[] = [];
  const first = starts[0]?.start ?? text.length;
  if (starts.length > 0 && text.slice(0, first).trim() !== '') {
    sections.push({ title: '', kind: 'preamble', level: 0, start: 0, end: first, extentEnd: first, parent: -1 });
  }
  const stack: Open[] = [];
  const close = (open: Open, at: number): void => {
    sections[open.index]!.extentEnd = Math.min(open.limit, at);
  };
  starts.forEach((marker, k) => {
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const endsHere =
        marker.start >= top.limit ||
        marker.kind === 'message' ||
        (top.kind === 'heading' && marker.kind === 'heading' && (marker.level ?? 1) <= top.level);
      if (!endsHere) break;
      stack.pop();
      close(top, marker.start);
    }
    const holder = stack[stack.length - 1];
    const level = marker.kind === 'heading' ? (marker.level ?? 1) : marker.kind === 'message' ? 1 : (holder?.level ?? 0) + 1;
    const index = sections.length;
    sections.push({
      title: marker.title,
      kind: marker.kind,
      level,
      start: marker.start,
      end: starts[k + 1]?.start ?? text.length,
      extentEnd: text.length,
      parent: holder?.index ?? -1,
      ...(marker.detail !== undefined ? { detail: marker.detail } : {}),
    });
    stack.push({ index, kind: marker.kind, level, limit: Math.min(holder?.limit ?? text.length, marker.closeEnd ?? text.length) });
  });
  for (const open of stack) close(open, text.length);
  return sections;
}

/** A code symbol as the language reports it (VS Code's DocumentSymbol, with offsets). */
export interface SymbolLike {
  readonly name: string;
  /** Its kind in words: "function", "class" … */
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  readonly children: readonly SymbolLike[];
}

/**
 * Sections of code from its document symbols, nested as the symbols are: each runs from the
 * start of its first line to the start of the line after its last.
 */
export function symbolSections(text: string, symbols: readonly SymbolLike[]): Section[] {
  const sections: { -readonly [K in keyof Section]: Section[K] }[] = [];
  const visit = (list: readonly SymbolLike[], parent: number, level: number, limit: number): void => {
    for (const symbol of [...list].sort((a, b) => a.start - b.start)) {
      const start = lineStartOf(text, symbol.start);
      const extentEnd = Math.min(limit, lineAfter(text, Math.max(symbol.start, symbol.end - 1)));
      if (extentEnd <= start) continue;
      const index = sections.length;
      sections.push({ title: symbol.name, kind: 'symbol', level, start, end: extentEnd, extentEnd, parent, detail: symbol.kind });
      visit(symbol.children, index, level + 1, extentEnd);
    }
  };
  visit(symbols, -1, 1, text.length);
  // The flat split: a symbol's own text stops where the next one (a member, or a sibling) starts.
  for (let i = 0; i + 1 < sections.length; i++) sections[i]!.end = Math.min(sections[i]!.extentEnd, sections[i + 1]!.start);
  return sections;
}

/** The start of the line after the one holding `offset` (the text's end on the last line). */
function lineAfter(text: string, offset: number): number {
  for (let i = Math.max(0, offset); i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x0a) return i + 1;
    if (unit === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
  }
  return text.length;
}
