import type { ComparisonRow, SortColumn, SortState } from './protocol';

/*
 * The comparison's row order, used by the panel (webview) and by the host for copies and the
 * report, so a copied table lists the rows as the panel shows them.
 */

/** Default order: grouped by tier, cheapest first inside each group. */
export const DEFAULT_SORT: SortState = { column: 'perCall', descending: false };

function sortKey(row: ComparisonRow, column: SortColumn): number | string | null {
  switch (column) {
    case 'model':
      return row.name.toLowerCase();
    case 'vendor':
      return row.vendor.toLowerCase();
    case 'tier':
      return row.tierOrder;
    case 'tokens':
      return row.tokenCount;
    case 'input':
      return row.inputValue;
    case 'output':
      return row.outputValue;
    case 'perCall':
    case 'per1000':
    case 'perMonth':
      return row.perCallValue;
    case 'context':
      return row.contextShare;
  }
}

/** Rows in display order; unpriced / unknown values always last, whichever the direction. */
export function sortRows(rows: readonly ComparisonRow[], sort: SortState, grouped: boolean): ComparisonRow[] {
  return [...rows].sort((a, b) => {
    if (grouped && a.tierOrder !== b.tierOrder) return a.tierOrder - b.tierOrder;
    const x = sortKey(a, sort.column);
    const y = sortKey(b, sort.column);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return (sort.descending ? -order : order) || a.name.localeCompare(b.name);
  });
}
