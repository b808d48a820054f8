/** What starts a section. */
export type SectionKind =
  /** Text before the first heading (or tag, message): level 0. */
  | 'preamble'
  /** A Markdown heading (ATX `#` or setext underline). */
  | 'heading'
  /** An XML-style block common in prompts: `<instructions>` … `</instructions>` on lines of their own. */
  | 'tag'
  /** A message of a prompt file or request body. */
  | 'message'
  /** A code symbol from the language's document symbols. */
  | 'symbol';

/**
 * One section of a text, in a list in document order. Offsets are UTF-16 and fall on line starts
 * (or the text's end), so a section's text is whole lines, each with its line end.
 *
 * Two spans, for two readers: `[start, end)` splits the text at every section start (the CLI's
 * flat list: Markdown split at every heading), and `[start, extentEnd)` also holds the
 * subsections (the tree view and the CodeLens: what cutting the whole section would save).
 */
export interface Section {
  /** The heading's text, `<tag>`, the message's role, the symbol's name; '' for the preamble. */
  readonly title: string;
  readonly kind: SectionKind;
  /** Markdown heading level (1–6), 0 for the preamble; a tag is one below what holds it; a message 1. */
  readonly level: number;
  readonly start: number;
  /**
   * Where the next section starts (or the text ends). Text after a closing tag, before the next
   * start, stays in the flat span of the section before it (past that section's `extentEnd`), so
   * that the flat spans tile the text.
   */
  readonly end: number;
  /** Where this section and its subsections end: for a tag, its closing line. */
  readonly extentEnd: number;
  /** Index of the section holding this one in the list, -1 at the top. */
  readonly parent: number;
  /** A symbol's kind ("function", "class" …) or a message's name. */
  readonly detail?: string;
}
