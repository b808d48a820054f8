/**
 * Pure rendering for the comparison webview: state in, HTML text out. No DOM access here, so the
 * same functions run in unit tests. Every piece of text that came from the workspace, settings or
 * the host passes through `escapeHtml`; the markup carries no inline styles or handlers (the CSP
 * forbids both), widths are applied afterwards from `data-share` through the CSSOM.
 */
import type { CallProfile } from '../core/pricing/profile';
import type { ComparisonRow, ComparisonState, SortColumn, SortState, WebviewStringKey } from '../shared/protocol';
import { sortRows } from '../shared/sorting';

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Puts `value` in place of `{0}` in a host-translated string. A replacer function, not a
 * replacement string: `$&`, `$'` or `$1` in a custom model's name must stay what the user typed.
 */
export function fillPlaceholder(template: string, value: string): string {
  return template.replace('{0}', () => value);
}

type Strings = Readonly<Record<WebviewStringKey, string>>;

/**
 * `primary` columns are what a narrow panel (beside the editor, ~520-700 px) must show without
 * scrolling sideways; `secondary` ones are hidden below a width breakpoint in comparison.css and
 * stay reachable through the row's title and its detail row. Vendor and tier are not columns:
 * the vendor is a muted line in the model cell and the tier is the group header (or that same
 * line when the table is flat), which is what made the old 11-column table overflow.
 */
const COLUMNS: readonly { column: SortColumn | null; label: WebviewStringKey; numeric: boolean; secondary: boolean }[] = [
  { column: 'model', label: 'colModel', numeric: false, secondary: false },
  { column: 'tokens', label: 'colTokens', numeric: true, secondary: false },
  { column: 'input', label: 'colInput', numeric: true, secondary: true },
  { column: 'output', label: 'colOutput', numeric: true, secondary: true },
  { column: 'perCall', label: 'colPerCall', numeric: true, secondary: false },
  { column: 'per1000', label: 'colPer1000', numeric: true, secondary: true },
  { column: 'perMonth', label: 'colPerMonth', numeric: true, secondary: false },
  { column: 'context', label: 'colContext', numeric: false, secondary: false },
  { column: null, label: 'colAsOf', numeric: false, secondary: true },
];

/** Columns with a sort button; a restored sort on any other column falls back to the default. */
export const TABLE_SORT_COLUMNS: readonly SortColumn[] = COLUMNS.flatMap(({ column }) => (column ? [column] : []));

/** The toolbar's inputs, filled from `controls`. Rendered once; later states only update values. */
export function renderControls(controls: CallProfile, strings: Strings): string {
  const number = (id: string, label: string, value: number, min: number, step: string, max?: number): string =>
    `<label class="control" for="${id}"><span>${escapeHtml(label)}</span>` +
    `<input id="${id}" type="number" min="${min}"${max === undefined ? '' : ` max="${max}"`} step="${step}" value="${escapeHtml(String(value))}"></label>`;
  return [
    `<div class="controls" role="group" aria-label="${escapeHtml(strings.controlsLabel)}">`,
    number('outputTokens', strings.outputTokens, controls.outputTokens, 0, '100'),
    number('reasoningMultiplier', strings.reasoningMultiplier, controls.reasoningMultiplier, 1, '0.5'),
    number('callsPerDay', strings.callsPerDay, controls.callsPerDay, 0, '10'),
    number('cacheHitShare', strings.cacheHitShare, Math.round(controls.cacheHitShare * 100), 0, '5', 100),
    `<label class="control" for="currency"><span>${escapeHtml(strings.currency)}</span><select id="currency">` +
      (['USD', 'CNY'] as const).map((c) => `<option value="${c}"${controls.currency === c ? ' selected' : ''}>${c}</option>`).join('') +
      '</select></label>',
    `<label class="control checkbox" for="batch"><input id="batch" type="checkbox"${controls.batch ? ' checked' : ''}><span>${escapeHtml(strings.batch)}</span></label>`,
    '</div>',
    '<div class="actions">',
    `<label class="control checkbox" for="grouped"><input id="grouped" type="checkbox"><span>${escapeHtml(strings.groupByTier)}</span></label>`,
    `<button type="button" id="copyMarkdown" class="secondary">${escapeHtml(strings.copyMarkdown)}</button>`,
    `<button type="button" id="copyCsv" class="secondary">${escapeHtml(strings.copyCsv)}</button>`,
    `<button type="button" id="saveDefaults">${escapeHtml(strings.saveDefaults)}</button>`,
    '</div>',
  ].join('');
}

/** The line saying what is compared. */
export function renderSource(state: ComparisonState): string {
  if (state.status !== 'counted') {
    // Too large: the status bar's "Count now", here too (main.ts listens; no inline handler under the CSP).
    const countNow = state.status === 'tooLarge' ? ` <button type="button" id="countNow">${escapeHtml(state.strings.countNow)}</button>` : '';
    return `<p class="source muted">${escapeHtml(state.message ?? state.strings.nothing)}${countNow}</p>`;
  }
  const warning = state.message ? `<p class="warning">${escapeHtml(state.message)}</p>` : '';
  const delta = state.delta ? `<p class="delta">${escapeHtml(state.delta)}</p>` : '';
  const request = state.request ? `<p class="request muted">${escapeHtml(state.request)}</p>` : '';
  const prices = state.priceNote ? `<p class="prices muted">${escapeHtml(state.priceNote)}</p>` : '';
  return `<p class="source">${escapeHtml(state.strings.showing)}: <strong>${escapeHtml(state.sourceLabel)}</strong></p>${delta}${request}${prices}${warning}`;
}

/** ` class="a b"`, or nothing when no class applies. */
function classAttr(...classes: readonly (string | false)[]): string {
  const names = classes.filter(Boolean).join(' ');
  return names ? ` class="${names}"` : '';
}

/** A DOM id for a row's detail; model ids hold "/" and ".", so anything else becomes "_". */
function detailId(row: ComparisonRow): string {
  return `detail-${row.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function contextCell(row: ComparisonRow, strings: Strings): string {
  const bar =
    row.contextShare === null
      ? ''
      : `<span class="bar${row.overLimit ? ' over' : ''}" aria-hidden="true"><span class="fill" data-share="${Math.min(1, row.contextShare).toFixed(4)}"></span>` +
        (row.limitShare === null ? '' : `<span class="limit" data-share="${row.limitShare.toFixed(4)}" title="${escapeHtml(strings.limitMarker)}"></span>`) +
        '</span>';
  // Narrow panels show the bar and "0.5%"; the full "0.5% of 400K · input limit 272K" is the
  // cell's title, the wide layout's text and part of the detail row.
  return (
    `<td class="context" title="${escapeHtml(row.contextLabel)}">${bar}` +
    `<span class="context-short">${escapeHtml(row.contextPercent)}</span>` +
    `<span class="context-label">${escapeHtml(row.contextLabel)}</span></td>`
  );
}

/**
 * The count, and under it how far to trust it: an estimate's likely range for this text,
 * "near-exact", or "vendor API" (an exact count has no mark). The tooltip says it in a sentence,
 * with a prompt file's request broken down.
 */
export function tokensCell(row: ComparisonRow): string {
  const mark = row.accuracyMark ? `<span class="accuracy-mark">${escapeHtml(row.accuracyMark)}</span>` : '';
  const title = `${row.tokenizer} — ${row.accuracyLabel}${row.breakdown ? `\n${row.breakdown}` : ''}`;
  return (
    `<td class="num tokens" data-accuracy="${escapeHtml(row.accuracy)}" title="${escapeHtml(title)}">` +
    `<span class="count">${escapeHtml(row.tokens)}</span>${mark}</td>`
  );
}

/** The figures that narrow panels hide, as one line for the row's tooltip. */
function hiddenFigures(row: ComparisonRow, strings: Strings): string {
  return [
    `${strings.colInput} ${row.input}`,
    `${strings.colOutput} ${row.output}`,
    `${strings.colPer1000} ${row.per1000}`,
    `${strings.colAsOf} ${row.asOf}${row.stale ? ` (${strings.stale})` : ''}`,
  ].join(' · ');
}

function renderRow(row: ComparisonRow, strings: Strings, grouped: boolean, expanded: boolean): string {
  const badges =
    // The leading spaces let a badge wrap under the vendor instead of widening the column.
    (row.cheapest ? ` <span class="badge cheapest-badge">${escapeHtml(strings.cheapest)}</span>` : '') +
    (row.overLimit ? ` <span class="badge over-badge">${escapeHtml(strings.overLimit)}</span>` : '');
  // The tier is the group header when grouped; only a flat table repeats it per row.
  const sub = grouped ? row.vendor : `${row.vendor} · ${row.tierLabel}`;
  const money = (text: string, secondary: boolean, strong = false): string =>
    `<td${classAttr('num', secondary && 'col-secondary', strong && 'strong', row.unpriced && 'muted')}>${escapeHtml(text)}</td>`;
  const id = detailId(row);
  const toggle =
    `<button type="button" class="expand" aria-expanded="${expanded}" aria-controls="${id}" ` +
    `aria-label="${escapeHtml(fillPlaceholder(strings.details, row.name))}" title="${escapeHtml(fillPlaceholder(strings.details, row.name))}"></button>`;
  return (
    `<tr${classAttr(row.cheapest && 'cheapest', row.overLimit && 'over-limit', row.unpriced && 'unpriced')} data-id="${escapeHtml(row.id)}" title="${escapeHtml(hiddenFigures(row, strings))}">` +
    `<th scope="row" class="model">${toggle}<span class="name">${escapeHtml(row.name)}</span>` +
    `<span class="sub">${escapeHtml(sub)}${badges}</span></th>` +
    tokensCell(row) +
    money(row.input, true) +
    money(row.output, true) +
    money(row.perCall, false, true) +
    money(row.per1000, true) +
    money(row.perMonth, false) +
    contextCell(row, strings) +
    `<td${classAttr('col-secondary', row.stale && 'stale')}${row.stale ? ` title="${escapeHtml(strings.stale)}"` : ''}>${escapeHtml(row.asOf)}${row.stale ? ' ⚠' : ''}</td>` +
    '</tr>' +
    renderDetail(row, strings, id, expanded)
  );
}

/** Every figure of one row, for narrow panels and for what never had a column (tokenizer, notes). */
function renderDetail(row: ComparisonRow, strings: Strings, id: string, expanded: boolean): string {
  // dt/dd pairs in a div (valid in a dl) so the grid lays out pairs, not loose terms.
  const item = (label: string, value: string): string => `<div><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`;
  const notes = row.notes.length ? `<ul class="notes">${row.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>` : '';
  return (
    `<tr class="detail" id="${id}"${expanded ? '' : ' hidden'}><td colspan="${COLUMNS.length}"><dl>` +
    item(strings.colVendor, row.vendor) +
    item(strings.colTier, row.tierLabel) +
    item(strings.colTokenizer, row.tokenizer) +
    item(strings.colCount, row.accuracyLabel) +
    (row.breakdown ? item(strings.colRequest, row.breakdown) : '') +
    item(strings.colInput, row.input) +
    item(strings.colOutput, row.output) +
    item(strings.colPerCall, row.perCall) +
    item(strings.colPer1000, row.per1000) +
    item(strings.colPerMonth, row.perMonth) +
    item(strings.colContext, row.contextLabel) +
    item(strings.colAsOf, row.stale ? `${row.asOf} (${strings.stale})` : row.asOf) +
    `</dl>${notes}</td></tr>`
  );
}

/**
 * The comparison table; headers are buttons (keyboard-sortable) with `aria-sort`. `expanded`
 * holds the ids of rows whose detail is open, so a re-render (every keystroke re-prices) keeps them.
 */
export function renderTable(state: ComparisonState, sort: SortState, grouped: boolean, expanded: ReadonlySet<string> = new Set()): string {
  if (state.status !== 'counted' || state.rows.length === 0) return '';
  const strings = state.strings;
  const head = COLUMNS.map(({ column, label, numeric, secondary }) => {
    const text = escapeHtml(strings[label]);
    const classes = classAttr(numeric && 'num', secondary && 'col-secondary');
    if (!column) return `<th scope="col"${classes}>${text}</th>`;
    const active = sort.column === column;
    const aria = active ? ` aria-sort="${sort.descending ? 'descending' : 'ascending'}"` : '';
    const arrow = active ? (sort.descending ? ' ▼' : ' ▲') : '';
    return (
      `<th scope="col"${aria}${classes}>` +
      `<button type="button" class="sort" data-column="${column}" title="${escapeHtml(fillPlaceholder(strings.sortBy, strings[label]))}">${text}${arrow}</button></th>`
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
    body.push(renderRow(row, strings, grouped, expanded.has(row.id)));
  }
  const estimated = state.rows.some((row) => row.estimated) ? `<p class="note muted">${escapeHtml(strings.estimateNote)}</p>` : '';
  return `<table class="comparison"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>${estimated}`;
}
