/**
 * The soak walk's quiet check: after 2 s without user actions the status bar must be about the
 * active document. A text editor: its entry shows the core tokenizer's count of the editor's text
 * (copied through the clipboard, so unsaved and untitled text counts too), as the whole-file count
 * at once, then as selection / file with everything selected, then without the selection. A
 * notebook: the entry is hidden or shows one of its cells' counts. The panel or no editor: hidden.
 * Never the previous document's count, and never "count failed".
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import type { Workbench } from '../../support/workbench';
import { formatCount, modelEntry, statusCounts } from '../../support/watchdog';
import type { SoakModel } from './actions';
import { SOAK_FIXTURES } from './plan';
import { activeEditor, closeStrayUi, copyEditorText, focusTextEditor } from './ui';

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

/**
 * Polls the model's entry until `accept` holds for it (`undefined`: no entry). Fails on "count
 * failed", and after {@link SETTLE_MS} unless the entry says it is still counting.
 */
async function expectEntry(wb: Workbench, model: SoakModel, accept: (entry: string | undefined) => boolean, expected: string, stats: QuietStats): Promise<void> {
  const started = Date.now();
  let counting = false;
  for (;;) {
    const texts = await wb.statusBarTexts();
    const entry = modelEntry(texts, model.bare);
    if (entry?.includes('count failed')) throw new Error(`the status bar shows "${entry}" (expected ${expected})`);
    if (accept(entry)) {
      if (counting) stats.longestCountingMs = Math.max(stats.longestCountingMs, Date.now() - started);
      return;
    }
    counting = entry?.includes('counting') ?? false;
    const elapsed = Date.now() - started;
    if (elapsed > (counting ? COUNTING_LIMIT_MS : SETTLE_MS)) {
      throw new Error(`after ${QUIET_MS / 1000} s of quiet and ${elapsed} ms more the status bar does not show ${expected}; entries: ${JSON.stringify(texts)}`);
    }
    await wb.page.waitForTimeout(100);
  }
}

/** Each cell's text of a notebook of the workspace (the walk never edits notebooks). */
function notebookCells(wb: Workbench, name: string): string[] {
  const file = SOAK_FIXTURES.find((path) => basename(path) === name);
  if (!file) throw new Error(`notebook ${name} is not one of the walk's fixtures`);
  const notebook = JSON.parse(readFileSync(join(wb.workspace, file), 'utf8')) as { cells: { source: string | string[] }[] };
  return notebook.cells.map((cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source));
}

/** Runs one quiet check; returns what it saw, for the action log. */
export async function quietCheck(wb: Workbench, model: SoakModel, stats: QuietStats): Promise<string> {
  const { page } = wb;
  const closed = await closeStrayUi(wb);
  await page.waitForTimeout(QUIET_MS);
  // Read before touching anything: a stale count would be repainted by the selection below.
  const atQuiet = modelEntry(await wb.statusBarTexts(), model.bare);
  const active = await activeEditor(wb);
  const tokenizer = getTokenizer(model.tokenizer);
  const prefix = closed.length ? `(closed ${closed.join(', ')}) ` : '';
  let seen: string;
  switch (active.kind) {
    case 'none':
    case 'panel':
      await expectEntry(wb, model, (entry) => entry === undefined, `no entry for ${model.bare} (${active.kind === 'panel' ? 'the panel is active' : 'no editor'})`, stats);
      seen = `${active.kind === 'panel' ? 'panel active' : 'no editor'}: entry hidden`;
      break;
    case 'notebook': {
      const counts = notebookCells(wb, active.name).map((cell) => tokenizer.count(cell));
      await expectEntry(
        wb,
        model,
        (entry) => entry === undefined || counts.includes(statusCounts(entry)?.file ?? -1),
        `no entry, or one of the cell counts ${counts.map(formatCount).join(', ')} of ${active.name}`,
        stats,
      );
      const entry = modelEntry(await wb.statusBarTexts(), model.bare);
      seen = `${active.name}: ${entry ? `"${entry}"` : 'entry hidden'}`;
      break;
    }
    case 'text': {
      await focusTextEditor(wb);
      const text = await copyEditorText(wb);
      const expected = tokenizer.count(text);
      const what = `${formatCount(expected)} tokens (${model.tokenizer}) for ${active.name} (${text.length} characters)`;
      const shown = atQuiet === undefined ? undefined : statusCounts(atQuiet);
      if (shown && shown.file !== expected) {
        throw new Error(`after ${QUIET_MS / 1000} s of quiet the status bar shows "${atQuiet}", not ${what}`);
      }
      // Everything is selected now: "N / N tok" (an empty text has no selection to count).
      await expectEntry(
        wb,
        model,
        (entry) => {
          const counts = entry === undefined ? undefined : statusCounts(entry);
          return counts?.file === expected && counts.selection === (expected === 0 ? undefined : expected);
        },
        `${what}, all of it selected`,
        stats,
      );
      // Collapsed again, as the walk found it apart from the caret.
      await page.keyboard.press('ArrowRight');
      await expectEntry(wb, model, (entry) => {
        const counts = entry === undefined ? undefined : statusCounts(entry);
        return counts?.file === expected && counts.selection === undefined;
      }, what, stats);
      seen = `${active.name}: ${formatCount(expected)} tok${atQuiet && !shown ? ` (was "${atQuiet}" at quiet)` : ''}`;
      break;
    }
  }
  stats.checks++;
  return prefix + seen;
}
