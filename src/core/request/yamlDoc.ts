import { isNode, isSeq, parseDocument, type Document } from 'yaml';
import type { LineIndex } from './position';
import type { SourcePosition, SourceProblem } from './types';

/** A parsed YAML document and where it sits in the file. */
export interface YamlSource {
  readonly value: unknown;
  readonly doc: Document.Parsed;
  /** Offset of the YAML text in the file. */
  readonly offset: number;
  readonly lines: LineIndex;
}

/**
 * Parses YAML (front matter, a `.prompt.yml`, or JSON, which YAML 1.2 reads too) with the `yaml`
 * package's core schema: no custom tags, so nothing in a workspace file can run code, and at most
 * 100 alias expansions (its default), so a "billion laughs" file fails fast instead of filling memory.
 */
export function parseYaml(text: string, offset: number, lines: LineIndex): { ok: true; source: YamlSource } | { ok: false; error: SourceProblem } {
  // Duplicate keys are legal JSON (the last wins) and common in hand-edited YAML; report nothing for them.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    return { ok: false, error: { message: firstLine(first.message), position: lines.positionAt(offset + first.pos[0]) } };
  }
  try {
    return { ok: true, source: { value: doc.toJS({ maxAliasCount: 100 }), doc, offset, lines } };
  } catch (error) {
    return { ok: false, error: { message: firstLine(error instanceof Error ? error.message : String(error)), position: lines.positionAt(offset) } };
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.trim();
}

/** Where the node at `path` starts, or the document's start when there is no such node. */
export function positionOf(source: YamlSource, path: readonly (string | number)[]): SourcePosition {
  const node = path.length ? source.doc.getIn(path, true) : source.doc.contents;
  const start = isNode(node) ? node.range?.[0] : undefined;
  return source.lines.positionAt(source.offset + (start ?? 0));
}

/** Start positions of the items of the sequence at `path` (empty when it is not a sequence). */
export function itemPositions(source: YamlSource, path: readonly (string | number)[]): SourcePosition[] {
  const node = source.doc.getIn(path, true);
  if (!isSeq(node)) return [];
  return node.items.map((item) => source.lines.positionAt(source.offset + (isNode(item) ? (item.range?.[0] ?? 0) : 0)));
}
