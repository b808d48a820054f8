/**
 * Pure rendering for the comparison webview: state in, HTML text out. No DOM access here, so the
 * same functions run in unit tests. Every piece of text that came from the workspace, settings or
 * the host passes through `escapeHtml`; the markup carries no inline styles or handlers (the CSP
 * forbids both), widths are applied afterwards from `data-share` through the CSSOM.
 */
import type { ComparisonControls, ComparisonRow, ComparisonState, SortColumn, SortState, WebviewStringKey } from '../shared/protocol';

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

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

type Strings = Readonly<Record<WebviewStringKey, string>>;

const COLUMNS: readonly { column: SortColumn | null; label: WebviewStringKey; numeric: boolean }[] = [
  { column: 'model', label: 'colModel', numeric: false },
  { column: 'vendor', label: 'colVendor', numeric: false },
  { column: 'tier', label: 'colTier', numeric: false },
  { column: 'tokens', label: 'colTokens', numeric: true },
  { column: 'input', label: 'colInput', numeric: true },
  { column: 'output', label: 'colOutput', numeric: true },
  { column: 'perCall', label: 'colPerCall', numeric: true },
  { column: 'per1000', label: 'colPer1000', numeric: true },
  { column: 'perMonth', label: 'colPerMonth', numeric: true },
  { column: 'context', label: 'colContext', numeric: false },
  { column: null, label: 'colAsOf', numeric: false },
];

/** The toolbar's inputs, filled from `controls`. Rendered once; later states only update values. */
export function renderControls(controls: ComparisonControls, strings: Strings): string {
  const number = (id: string, label: string, value: number, min: number, step: string, max?: number): string =>
    `<label class="control" for="${id}"><span>${escapeHtml(label)}</span>` +
    `<input id="${id}" type="number" min="${min}"${max === undefined ? '' : ` max="${max}"`} step="${step}" value="${escapeHtml(String(value))}"></label>`;
  return [
    '<div class="controls" role="group">',
    number('outputTokens', strings.outputTokens, controls.outputTokens, 0, '100'),
    number('reasoningMultiplier', strings.reasoningMultiplier, controls.reasoningMultiplier, 1, '0.5'),
    number('callsPerDay', strings.callsPerDay, controls.callsPerDay, 0, '10'),
    number('cacheHitShare', strings.cacheHitShare, Math.round(controls.cacheHitShare * 100), 0, '5', 100),
    `<label class="control checkbox" for="batch"><input id="batch" type="checkbox"${controls.batch ? ' checked' : ''}><span>${escapeHtml(strings.batch)}</span></label>`,
    `<label class="control" for="currency"><span>${escapeHtml(strings.currency)}</span><select id="currency">` +
      (['USD', 'CNY'] as const).map((c) => `<option value="${c}"${controls.currency === c ? ' selected' : ''}>${c}</option>`).join('') +
      '</select></label>',
    '</div>',
    '<div class="actions">',
    `<button type="button" id="saveDefaults">${escapeHtml(strings.saveDefaults)}</button>`,
    `<button type="button" id="copyMarkdown" class="secondary">${escapeHtml(strings.copyMarkdown)}</button>`,
    `<button type="button" id="copyCsv" class="secondary">${escapeHtml(strings.copyCsv)}</button>`,
    `<label class="control checkbox" for="grouped"><input id="grouped" type="checkbox"><span>${escapeHtml(strings.groupByTier)}</span></label>`,
    '</div>',
  ].join('');
}

/** The line saying what is compared. */
export function renderSource(state: ComparisonState): string {
  if (state.status !== 'counted') {
    return `<p class="source muted">${escapeHtml(state.message ?? state.strings.nothing)}</p>`;
  }
  const warning = state.message ? `<p class="warning">${escapeHtml(state.message)}</p>` : '';
  return `<p class="source">${escapeHtml(state.strings.showing)}: <strong>${escapeHtml(state.sourceLabel)}</strong></p>${warning}`;
}

function contextCell(row: ComparisonRow, strings: Strings): string {
  const bar =
    row.contextShare === null
      ? ''
      : `<span class="bar${row.overLimit ? ' over' : ''}" aria-hidden="true"><span class="fill" data-share="${Math.min(1, row.contextShare).toFixed(4)}"></span>` +
        (row.limitShare === null ? '' : `<span class="limit" data-share="${row.limitShare.toFixed(4)}" title="${escapeHtml(strings.limitMarker)}"></span>`) +
        '</span>';
  return `<td class="context">${bar}<span class="context-label">${escapeHtml(row.contextLabel)}</span></td>`;
}

function renderRow(row: ComparisonRow, strings: Strings): string {
  const classes = [row.cheapest ? 'cheapest' : '', row.overLimit ? 'over-limit' : '', row.unpriced ? 'unpriced' : ''].filter(Boolean);
  const badges =
    (row.cheapest ? ` <span class="badge cheapest-badge">${escapeHtml(strings.cheapest)}</span>` : '') +
    (row.overLimit ? ` <span class="badge over-badge">${escapeHtml(strings.overLimit)}</span>` : '');
  const money = (text: string): string => `<td class="num${row.unpriced ? ' muted' : ''}">${escapeHtml(text)}</td>`;
  const title = row.notes.length ? ` title="${escapeHtml(row.notes.join('\n'))}"` : '';
  return (
    `<tr class="${classes.join(' ')}" data-id="${escapeHtml(row.id)}">` +
    `<th scope="row" class="model"${title}>${escapeHtml(row.name)}${badges}</th>` +
    `<td>${escapeHtml(row.vendor)}</td>` +
    `<td>${escapeHtml(row.tierLabel)}</td>` +
    `<td class="num" title="${escapeHtml(row.tokenizer)}">${escapeHtml(row.tokens)}</td>` +
    money(row.input) +
    money(row.output) +
    `<td class="num strong${row.unpriced ? ' muted' : ''}">${escapeHtml(row.perCall)}</td>` +
    money(row.per1000) +
    money(row.perMonth) +
    contextCell(row, strings) +
    `<td class="${row.stale ? 'stale' : ''}"${row.stale ? ` title="${escapeHtml(strings.stale)}"` : ''}>${escapeHtml(row.asOf)}${row.stale ? ' ⚠' : ''}</td>` +
    '</tr>'
  );
}

/** The comparison table; headers are buttons (keyboard-sortable) with `aria-sort`. */
export function renderTable(state: ComparisonState, sort: SortState, grouped: boolean): string {
  if (state.status !== 'counted' || state.rows.length === 0) return '';
  const strings = state.strings;
  const head = COLUMNS.map(({ column, label, numeric }) => {
    const text = escapeHtml(strings[label]);
    if (!column) return `<th scope="col">${text}</th>`;
    const active = sort.column === column;
    const aria = active ? ` aria-sort="${sort.descending ? 'descending' : 'ascending'}"` : '';
    const arrow = active ? (sort.descending ? ' ▼' : ' ▲') : '';
    return (
      `<th scope="col"${aria} class="${numeric ? 'num' : ''}">` +
      `<button type="button" class="sort" data-column="${column}" title="${escapeHtml(strings.sortBy.replace('{0}', strings[label]))}">${text}${arrow}</button></th>`
    );
  }).join('');
  const rows = sortRows(state.rows, sort, grouped);
  const body: string[] = [];
  let tier: string | undefined;
  for (const row of rows) {
    if (grouped && row.tier !== tier) {
      tier = row.tier;
      body.push(`<tr class="group"><th scope="rowgroup" colspan="${COLUMNS.length}">${escapeHtml(row.tierLabel)}</th></tr>`);
    }
    body.push(renderRow(row, strings));
  }
  const estimated = state.rows.some((row) => row.estimated) ? `<p class="note muted">${escapeHtml(strings.estimateNote)}</p>` : '';
  return `<div class="table-wrap"><table class="comparison"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>${estimated}`;
}
