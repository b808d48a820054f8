/**
 * One edit, shaped like VS Code's `TextDocumentContentChangeEvent`: replace `rangeLength` UTF-16
 * units at `rangeOffset` with `text`. Offsets count the document's own line ends (CRLF is 2).
 */
export interface TextChange {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

/**
 * Throws a RangeError unless `change` lies inside a document of `length` characters. Every holder
 * of a document (chunk index, plain-text session, host-side mirror) checks with this one rule, so
 * a missed or reordered change event fails the same way everywhere instead of corrupting a count.
 */
export function assertEditInside(change: TextChange, length: number): void {
  const { rangeOffset: offset, rangeLength: removed } = change;
  if (!Number.isInteger(offset) || !Number.isInteger(removed) || offset < 0 || removed < 0 || offset + removed > length) {
    throw new RangeError(`Edit ${offset}+${removed} is outside a document of ${length} characters.`);
  }
}

/** The text after applying `changes` in order (each one checked with `assertEditInside`). */
export function applyEdits(text: string, changes: readonly TextChange[]): string {
  let result = text;
  for (const change of changes) {
    assertEditInside(change, result.length);
    result = result.slice(0, change.rangeOffset) + change.text + result.slice(change.rangeOffset + change.rangeLength);
  }
  return result;
}
