/**
 * The soak walk's quiet check: after 2 s without user actions the status bar must be about the
 * active document. A text editor: its entry shows what the core makes of the editor's text
 * (copied through the clipboard, so unsaved and untitled text counts too; test/support/
 * statusOracle.ts): the text's count, or for a prompt file the request it sends on the model it
 * names, or raw text when it does not parse; at once, then as selection / text with everything
 * selected, then without the selection. A notebook: the entry is hidden or shows one of its cells'
 * counts. The comparison panel active: the entry is hidden or about a text editor still on screen
 * beside it (the extension keeps the last one's count there). No editor: hidden. Never the
 * previous document's count, and never "count failed".
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundledCatalog } from '../../../src/core/pricing/bundled';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import { describeFigures, expectedEntry, figuresMatch, formatCount, primaryEntry, readEntry, type EntryFigures, type ExpectedEntry } from '../../support/statusOracle';
import type { Workbench } from '../../support/workbench';
import type { SoakModel } from './actions';
import { SOAK_FIXTURES } from './plan';
import { activeEditor, closeStrayUi, copyEditorText, focusTextEditor, textGroups } from './ui';

/** How long the walk keeps its hands still before looking. */
const QUIET_MS = 2000;
/** How long the status bar then has to show the expected entry. */
const SETTLE_MS = 2000;
/**
 * A first count of a long text with a vendor vocabulary (loaded on first use, seconds on a busy
 * machine) shows "counting… 40%" meanwhile: that is the truth, not a stale count, so the wait is
 * extended while the entry says so, up to this long.
 */
const COUNTING_LIMIT_MS = 60_000;

/** Figures the walk's summary reports. */
export interface QuietStats {
  checks: number;
  /** Longest wait for an entry that showed "counting…" (0 when none did). */
  longestCountingMs: number;
}

/** The primary entry: its text (`undefined`: hidden) and figures (`undefined`: no count in it). */
interface Entry {
  readonly text: string | undefined;
  readonly figures: EntryFigures | undefined;
}

async function readPrimary(wb: Workbench): Promise<Entry> {
  const text = await primaryEntry(wb);
  return { text, figures: text === undefined ? undefined : readEntry(text) };
}

/**
 * Polls the primary entry until `accept` holds for it. Fails on "count failed", and after
 * {@link SETTLE_MS} unless the entry says it is still counting. Returns the accepted entry.
 */
async function expectEntry(wb: Workbench, accept: (entry: Entry) => boolean, expected: string, stats: QuietStats): Promise<Entry> {
  const started = Date.now();
  let counting = false;
  for (;;) {
    const entry = await readPrimary(wb);
    if (entry.text?.includes('count failed')) throw new Error(`the status bar shows "${entry.text}" (expected ${expected})`);
    if (accept(entry)) {
      if (counting) stats.longestCountingMs = Math.max(stats.longestCountingMs, Date.now() - started);
      return entry;
    }
    counting = entry.text?.includes('counting') ?? false;
    const elapsed = Date.now() - started;
    if (elapsed > (counting ? COUNTING_LIMIT_MS : SETTLE_MS)) {
      throw new Error(`after ${QUIET_MS / 1000} s of quiet and ${elapsed} ms more the status bar does not show ${expected}; entries: ${JSON.stringify(await wb.statusBarTexts())}`);
    }
    await wb.page.waitForTimeout(100);
  }
}

/** The workspace file a tab name stands for (the walk's fixtures have distinct base names); `undefined` for an untitled editor. */
function fixturePath(wb: Workbench, name: string): string | undefined {
  if (/^Untitled-\d+$/.test(name)) return undefined;
  const file = SOAK_FIXTURES.find((path) => basename(path) === name);
  if (!file) throw new Error(`${name} is not one of the walk's fixtures`);
  return join(wb.workspace, file);
}

/** Each cell's text of a notebook of the workspace (the walk never edits notebooks). */
function notebookCells(wb: Workbench, name: string): string[] {
  const notebook = JSON.parse(readFileSync(fixturePath(wb, name)!, 'utf8')) as { cells: { source: string | string[] }[] };
  return notebook.cells.map((cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source));
}

/**
 * The figures an entry about the text of `expected` shows: with text selected, the selected
 * tokens over the whole text's on the entry's model (the request a prompt file sends is not
 * shown then), else the expected figures.
 */
function aboutText(shown: EntryFigures, expected: ExpectedEntry): boolean {
  if (shown.selection === undefined) return figuresMatch(shown, expected.figures);
  return shown.kind === 'text' && shown.tokens === expected.textTokens && shown.raw === expected.figures.raw && shown.model === expected.figures.model;
}

/** The focused text editor's text as the status bar must count it. */
async function expectationOf(wb: Workbench, name: string, model: SoakModel): Promise<{ text: string; expected: ExpectedEntry }> {
  const text = await copyEditorText(wb);
  const info = bundledCatalog().find(model.id);
  if (!info) throw new Error(`the catalog has no ${model.id}`);
  return { text, expected: await expectedEntry(fixturePath(wb, name), text, info) };
}

/** Runs one quiet check; returns what it saw, for the action log. */
export async function quietCheck(wb: Workbench, model: SoakModel, stats: QuietStats): Promise<string> {
  const { page } = wb;
  const closed = await closeStrayUi(wb);
  await page.waitForTimeout(QUIET_MS);
  // Read before touching anything: a stale count would be repainted by the selection below.
  const atQuiet = await readPrimary(wb);
  const active = await activeEditor(wb);
  const prefix = closed.length ? `(closed ${closed.join(', ')}) ` : '';
  let seen: string;
  switch (active.kind) {
    case 'none':
      await expectEntry(wb, (entry) => entry.text === undefined, `no entry (no editor)`, stats);
      seen = 'no editor: entry hidden';
      break;
    case 'panel':
      seen = await panelActive(wb, model, stats);
      break;
    case 'notebook': {
      const tokenizer = getTokenizer(model.tokenizer);
      const counts = notebookCells(wb, active.name).map((cell) => tokenizer.count(cell));
      const entry = await expectEntry(
        wb,
        (entry) => entry.text === undefined || (entry.figures?.model === model.bare && counts.includes(entry.figures.tokens)),
        `no entry, or one of the cell counts ${counts.map(formatCount).join(', ')} of ${active.name} on ${model.bare}`,
        stats,
      );
      seen = `${active.name}: ${entry.text ? `"${entry.text}"` : 'entry hidden'}`;
      break;
    }
    case 'text': {
      await focusTextEditor(wb);
      const { text, expected } = await expectationOf(wb, active.name, model);
      const what = `${describeFigures(expected.figures)} for ${active.name} (${text.length} characters)`;
      if (!atQuiet.text?.includes('counting') && !(atQuiet.figures && aboutText(atQuiet.figures, expected))) {
        throw new Error(`after ${QUIET_MS / 1000} s of quiet the status bar shows ${atQuiet.text === undefined ? 'no entry' : `"${atQuiet.text}"`}, not ${what}`);
      }
      // Everything is selected now: "N / N tok" (an empty text has no selection to count).
      const all: EntryFigures = expected.textTokens === 0 ? expected.figures : { ...expected.figures, kind: 'text', tokens: expected.textTokens, selection: expected.textTokens };
      await expectEntry(wb, (entry) => entry.figures !== undefined && figuresMatch(entry.figures, all), `${describeFigures(all)} for ${active.name}, all of it selected`, stats);
      // Collapsed again, as the walk found it apart from the caret.
      await page.keyboard.press('ArrowRight');
      await expectEntry(wb, (entry) => entry.figures !== undefined && figuresMatch(entry.figures, expected.figures), what, stats);
      seen = `${active.name}: ${describeFigures(expected.figures)}${atQuiet.figures ? '' : ` (was "${atQuiet.text}" at quiet)`}`;
      break;
    }
  }
  stats.checks++;
  return prefix + seen;
}

/**
 * The comparison panel is active: the entry stays on the last text editor while that is visible
 * beside the panel (or a notebook cell's), else it hides. Which editor was last is the
 * workbench's knowledge, so the entry must be hidden or about one of the visible text editors.
 */
async function panelActive(wb: Workbench, model: SoakModel, stats: QuietStats): Promise<string> {
  // Not counting any more (a first count may take a while), before the editors are touched.
  const entry = await expectEntry(wb, (entry) => entry.text === undefined || entry.figures !== undefined, 'no entry, or a count', stats);
  if (entry.figures === undefined) return 'panel active: entry hidden';
  const candidates: string[] = [];
  for (const { group, name } of await textGroups(wb.page)) {
    await group.locator('.tabs-container .tab.active').first().click();
    if (!(await focusTextEditor(wb))) continue;
    const { expected } = await expectationOf(wb, name, model);
    if (aboutText(entry.figures, expected)) return `panel active: "${entry.text}", about ${name}`;
    candidates.push(`${describeFigures(expected.figures)} for ${name}`);
  }
  // A notebook beside the panel: its cells are text editors too.
  for (const name of await visibleNotebooks(wb)) {
    const counts = notebookCells(wb, name).map((cell) => getTokenizer(model.tokenizer).count(cell));
    if (entry.figures.model === model.bare && counts.includes(entry.figures.tokens)) return `panel active: "${entry.text}", a cell of ${name}`;
    candidates.push(`a cell of ${name} (${counts.map(formatCount).join(', ')} tok)`);
  }
  throw new Error(`the comparison panel is active and the status bar shows "${entry.text}": about no editor on screen (${candidates.join('; ') || 'none'})`);
}

/** Names of the notebooks shown in visible editor groups. */
async function visibleNotebooks(wb: Workbench): Promise<string[]> {
  const tabs = wb.page.locator('.part.editor .editor-group-container .tabs-container .tab.active').filter({ visible: true });
  const names: string[] = [];
  for (let i = 0; i < (await tabs.count()); i++) {
    const name = ((await tabs.nth(i).getAttribute('aria-label')) ?? '').split(', ')[0]!.trim();
    if (name.endsWith('.ipynb')) names.push(name);
  }
  return names;
}
