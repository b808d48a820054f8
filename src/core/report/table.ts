/**
 * Plain tables of results for copying: GitHub-flavoured Markdown and RFC 4180 CSV. Cells are
 * already-formatted strings; this module only lays them out and escapes them.
 */

/** A table: one header row and any number of body rows, every row as long as the header. */
export interface TextTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns to right-align in Markdown (numbers). */
  readonly numeric?: readonly boolean[];
}

/** Escapes a Markdown table cell: pipes and backslashes would break the row, newlines end it. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The table as GitHub-flavoured Markdown, numeric columns right-aligned. */
export function toMarkdownTable(table: TextTable): string {
  checkShape(table);
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  const rule = `|${table.headers.map((_, index) => (table.numeric?.[index] ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(table.headers), rule, ...table.rows.map(line)].join('\n') + '\n';
}

/**
 * Escapes a CSV field (RFC 4180). Fields that a spreadsheet would run as a formula (leading
 * `=`, `+`, `-`, `@`, tab, CR) get a leading apostrophe, because file names and custom model
 * names are user text; numbers such as "-0.5" are left alone.
 */
export function escapeCsvField(text: string): string {
  let value = text;
  if (/^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value)) value = `'${value}`;
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The table as CSV with CRLF line ends (what spreadsheets expect). */
export function toCsv(table: TextTable): string {
  checkShape(table);
  return [table.headers, ...table.rows].map((row) => row.map(escapeCsvField).join(',')).join('\r\n') + '\r\n';
}

function checkShape(table: TextTable): void {
  const width = table.headers.length;
  table.rows.forEach((row, index) => {
    if (row.length !== width) throw new RangeError(`Row ${index + 1} has ${row.length} cells; the header has ${width}.`);
  });
}
