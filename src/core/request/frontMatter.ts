/**
 * A Markdown-style file split at its YAML front matter: a first line `---`, the YAML, a line
 * `---`. Only the fences are found here; the YAML itself goes to the YAML parser.
 */
export interface FrontMatterSplit {
  /** The YAML between the fences, or undefined when the file has no front matter. */
  readonly yaml?: string;
  /** Offset of the YAML's first character in the file. */
  readonly yamlOffset: number;
  /** The text after the closing fence (the whole file without front matter). */
  readonly body: string;
  /** Offset of the body's first character in the file. */
  readonly bodyOffset: number;
}

const OPENING = /^\uFEFF?---[ \t]*(?:\r\n|\n|\r)/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|$)/m;

/** Splits off the front matter; a file without a closing fence has none. */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const opening = OPENING.exec(text);
  if (!opening) return { yamlOffset: 0, body: text, bodyOffset: 0 };
  const yamlOffset = opening[0].length;
  const rest = text.slice(yamlOffset);
  const closing = CLOSING.exec(rest);
  if (!closing) return { yamlOffset: 0, body: text, bodyOffset: 0 };
  const bodyOffset = yamlOffset + closing.index + closing[0].length;
  return { yaml: rest.slice(0, closing.index), yamlOffset, body: text.slice(bodyOffset), bodyOffset };
}
