/**
 * The comparison webview's script (browser bundle, see esbuild.mjs). It renders what the host
 * sends, persists controls and sort with `setState` (restored by the panel serializer) and sends
 * control changes back; the host re-prices with exact decimals and answers with a new state.
 */
import type { CallProfile } from '../core/pricing/profile';
import { isHostMessage, parsePersistedState, type ComparisonState, type PersistedPanelState, type SortColumn, type SortState, type WebviewMessage } from '../shared/protocol';
import { TABLE_SORT_COLUMNS, renderControls, renderSource, renderTable } from './render';
import { DEFAULT_SORT } from '../shared/sorting';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedPanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const persisted = parsePersistedState(api.getState());
// A sort saved by an older layout (vendor, tier) has no header to show or undo it any more.
let sort: SortState = persisted.sort && TABLE_SORT_COLUMNS.includes(persisted.sort.column) ? persisted.sort : DEFAULT_SORT;
let grouped = persisted.grouped ?? true;
let current: ComparisonState | undefined;
let controlsRendered = false;
/** Rows whose detail is open; kept across re-renders (each control change re-renders the table). */
const expanded = new Set<string>();

const root = document.getElementById('root') as HTMLElement;
const toolbar = document.getElementById('toolbar') as HTMLElement;
const source = document.getElementById('source') as HTMLElement;

function save(): void {
  api.setState({ controls: current?.controls ?? persisted.controls, sort, grouped });
}

function input(id: string): HTMLInputElement | null {
  return document.getElementById(id) as HTMLInputElement | null;
}

/** Reads the toolbar; `undefined` (and the field marked invalid) when a number is out of range. */
function readControls(): CallProfile | undefined {
  let valid = true;
  const number = (id: string, min: number, max: number, integer: boolean): number => {
    const element = input(id);
    const value = element ? Number(element.value) : Number.NaN;
    const ok = element !== null && element.value.trim() !== '' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
    element?.setAttribute('aria-invalid', ok ? 'false' : 'true');
    if (!ok) valid = false;
    return value;
  };
  const controls: CallProfile = {
    outputTokens: number('outputTokens', 0, 10_000_000, true),
    reasoningMultiplier: number('reasoningMultiplier', 1, 1000, false),
    callsPerDay: number('callsPerDay', 0, 1e12, false),
    cacheHitShare: number('cacheHitShare', 0, 100, false) / 100,
    batch: input('batch')?.checked ?? false,
    currency: (document.getElementById('currency') as HTMLSelectElement | null)?.value === 'CNY' ? 'CNY' : 'USD',
  };
  return valid ? controls : undefined;
}

function syncControls(controls: CallProfile): void {
  const set = (id: string, value: number): void => {
    const element = input(id);
    // Never overwrite the field the user is typing in.
    if (element && document.activeElement !== element) element.value = String(value);
  };
  set('outputTokens', controls.outputTokens);
  set('reasoningMultiplier', controls.reasoningMultiplier);
  set('callsPerDay', controls.callsPerDay);
  set('cacheHitShare', Math.round(controls.cacheHitShare * 10000) / 100);
  const batch = input('batch');
  if (batch) batch.checked = controls.batch;
  const currency = document.getElementById('currency') as HTMLSelectElement | null;
  if (currency) currency.value = controls.currency;
}

/** Widths come from data attributes through the CSSOM: the CSP allows no inline style attributes. */
function applyBars(): void {
  root.querySelectorAll<HTMLElement>('[data-share]').forEach((element) => {
    const share = Number(element.dataset.share);
    if (!Number.isFinite(share)) return;
    const percent = `${Math.max(0, Math.min(1, share)) * 100}%`;
    if (element.classList.contains('limit')) element.style.left = percent;
    else element.style.width = percent;
  });
}

function render(): void {
  if (!current) return;
  document.title = current.strings.title;
  if (!controlsRendered) {
    toolbar.innerHTML = renderControls(current.controls, current.strings);
    controlsRendered = true;
    const groupedBox = input('grouped');
    if (groupedBox) groupedBox.checked = grouped;
  } else {
    syncControls(current.controls);
  }
  source.innerHTML = renderSource(current);
  // Keep keyboard focus on the sort button that was used.
  const active = document.activeElement as HTMLElement | null;
  const focusedColumn = active?.dataset?.column;
  const focusedRow = active?.classList.contains('expand') ? active.closest<HTMLElement>('tr[data-id]')?.dataset.id : undefined;
  root.innerHTML = renderTable(current, sort, grouped, expanded);
  applyBars();
  if (focusedColumn) root.querySelector<HTMLElement>(`button[data-column="${CSS.escape(focusedColumn)}"]`)?.focus();
  if (focusedRow) root.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(focusedRow)}"] button.expand`)?.focus();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isHostMessage(event.data)) return;
  current = event.data.state;
  save();
  render();
});

toolbar.addEventListener('input', (event) => {
  const target = event.target as HTMLElement;
  if (target.id === 'grouped') return;
  const controls = readControls();
  if (controls) api.postMessage({ type: 'controls', controls });
});

toolbar.addEventListener('change', (event) => {
  const target = event.target as HTMLInputElement;
  if (target.id === 'grouped') {
    grouped = target.checked;
    save();
    render();
  }
});

toolbar.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest('button');
  if (!target) return;
  if (target.id === 'saveDefaults') {
    const controls = readControls();
    if (controls) api.postMessage({ type: 'saveDefaults', controls });
  } else if (target.id === 'copyMarkdown' || target.id === 'copyCsv') {
    api.postMessage({ type: 'copy', format: target.id === 'copyMarkdown' ? 'markdown' : 'csv' });
  }
});

/** Opens or closes one row's detail in place (no re-render, so focus stays on the button). */
function toggleDetail(button: HTMLButtonElement): void {
  const id = button.closest<HTMLElement>('tr[data-id]')?.dataset.id;
  const detail = document.getElementById(button.getAttribute('aria-controls') ?? '');
  if (!id || !detail) return;
  const open = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(open));
  detail.hidden = !open;
  if (open) expanded.add(id);
  else expanded.delete(id);
}

source.addEventListener('click', (event) => {
  if ((event.target as HTMLElement).closest('button')?.id === 'countNow') api.postMessage({ type: 'countNow' });
});

root.addEventListener('click', (event) => {
  const expand = (event.target as HTMLElement).closest<HTMLButtonElement>('button.expand');
  if (expand) {
    toggleDetail(expand);
    return;
  }
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.sort');
  const column = button?.dataset.column as SortColumn | undefined;
  if (!column) return;
  sort = { column, descending: sort.column === column ? !sort.descending : false };
  save();
  render();
});

api.postMessage({ type: 'ready' });
