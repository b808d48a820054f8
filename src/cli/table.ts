/** Plain-text tables for the terminal: left-aligned text, right-aligned numbers. */

import { maxOf } from '../core/util/arrays';

/** A column: its header and whether values align right. */
export interface Column {
  readonly header: string;
  readonly right?: boolean;
}

/** Character width as a terminal shows it: CJK and emoji take two cells. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(char) || code >= 0x1f300 ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number, right: boolean): string {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? gap + text : text + gap;
}

/** Renders rows under headers, two spaces between columns, no trailing spaces. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) =>
    maxOf(rows.map((row) => displayWidth(row[index] ?? '')), displayWidth(column.header)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => pad(cell, widths[index]!, columns[index]!.right ?? false))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join('\n');
}
