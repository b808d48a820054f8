/**
 * Soak test (issue #9 §1): a seeded random walk of user actions over every surface at once, with
 * a responsiveness watchdog. The last release froze the editor within minutes of ordinary use
 * (status bar and comparison panel cancelling each other's count for ever); each surface had only
 * been tested alone.
 *
 * The walk (soak/plan.ts) is planned from a seed before the workbench starts: open / switch /
 * close files of every fixture kind (prose, Chinese, JSON, a log, code, prompt files, AGENTS.md,
 * request bodies, broken prompt files, the notebook), new untitled files, typing (key by key, or
 * a phrase at once as an input method commits it), pasting 1–6 KB through the clipboard
 * (sometimes Chinese), selections (shift+arrows, select all, multi-cursor), delete, undo / redo,
 * opening, closing and resizing the comparison panel (sash drag, editor width commands, maximize,
 * window size), its controls, picking a model (an exact OpenAI count, a Claude estimate, the
 * Gemma 3, Qwen 3 and DeepSeek vocabularies) through the status bar or the palette, the Context
 * view (filled from open editors, the selection or an Explorer folder; counted, copied, sorted,
 * cleared), the token view (toggled, scrolled), the Token Sections view (rows clicked, sorted),
 * the colour theme, the report, clicks back into an editor, pauses.
 * Same seed, same walk (of this version of the plan): SOAK_SEED=<n> replays one; SOAK_STEPS
 * changes its length; SOAK_VERBOSE=1 prints each action as it is done.
 *
 * It fails on:
 * - an unresponsive extension host, checked after every action (watchdog.ts): its event loop held
 *   up for 1 s or more since the last check (measured in the host), or command round trips of 1 s
 *   or more twice in a row (one slow answer with the host's loop free is the busy page or machine,
 *   and is listed in the summary);
 * - a quiet check (soak/quietCheck.ts, after every 3rd–7th action and at the end) whose status bar
 *   is not about the active document 2 s after the last action: the core's count of the editor's
 *   text (a prompt file's: the request it sends, on the model it names), a cell's count or hidden
 *   in a notebook, with the panel active the count of a text editor beside it or hidden, hidden
 *   without an editor; "counting…" may take longer (a vocabulary's first load), "count failed"
 *   may not;
 * - an error notification on screen, a console error from the extension, or an [error] line in
 *   its log file.
 * A failure names the seed, how to rerun it, and every action so far; the harness takes a
 * screenshot. Actions that do not apply to the screen ("type" with only the panel open) are
 * logged as skipped, so the rest of the walk stays the planned one.
 */
import * as assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTokenizer } from '../../src/core/tokenizers/registry';
import { PLAIN_TYPING, withWorkbench, type Workbench } from '../support/workbench';
import { perform, soakModel, type WalkState } from './soak/actions';
import { describeAction, planWalk, SOAK_MODELS } from './soak/plan';
import { quietCheck, type QuietStats } from './soak/quietCheck';
import { closeStrayUi, focusTrail, SOAK_KEYBINDINGS, traceFocus } from './soak/ui';
import { expectStatusCount, extensionLogErrors, Watchdog } from '../support/watchdog';

/** About 3–4 minutes of walking on a busy 2-core machine. */
const DEFAULT_STEPS = 140;

/** SOAK_SEED (decimal or 0x hex), else a fresh random seed. */
function soakSeed(): number {
  const given = process.env.SOAK_SEED;
  if (given === undefined || given === '') return randomInt(2 ** 32);
  const seed = Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`SOAK_SEED must be an integer in [0, 2^32), not ${given}`);
  return seed;
}

const say = (line: string): void => {
  process.stdout.write(`      ${line}\n`);
};

/** No console error from the extension, no [error] line in its log file. */
function assertNoExtensionErrors(wb: Workbench): void {
  assert.deepEqual(wb.extensionErrors, [], 'console errors from the extension');
  const logged = extensionLogErrors(wb);
  assert.deepEqual(logged.errors, [], `errors in the extension's log ${logged.files.join(', ')}`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

describe('soak: a seeded random walk of user actions', () => {
  it('keeps the extension host responsive and the status bar true to the active document', async function () {
    const seed = soakSeed();
    const steps = Number(process.env.SOAK_STEPS || DEFAULT_STEPS);
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`SOAK_STEPS must be a positive integer, not ${process.env.SOAK_STEPS}`);
    const rerun = `SOAK_SEED=${seed}${steps === DEFAULT_STEPS ? '' : ` SOAK_STEPS=${steps}`} npm run test:e2e -- --grep soak`;
    // Start-up and the walk; the harness's own timeout below ends a hung walk first.
    this.timeout(20 * 60_000);
    say(`[soak] seed ${seed}, ${steps} steps; rerun with: ${rerun}`);
    const plan = planWalk(seed, steps);
    // The oracle's vocabularies load here, not in the middle of the walk (seconds each).
    for (const id of SOAK_MODELS) getTokenizer(soakModel(id).tokenizer).count('warm up');

    const log: string[] = [];
    const record = (line: string): void => {
      log.push(line);
      if (process.env.SOAK_VERBOSE) say(line);
    };
    const stats: QuietStats = { checks: 0, longestCountingMs: 0 };
    try {
      await withWorkbench(
        {
          settings: {
            ...PLAIN_TYPING,
            // Copying an empty document copies nothing (see copyEditorText).
            'editor.emptySelectionClipboard': false,
            // "Untitled-3", not the first line of its text, so tab names stay short and comma-free.
            'workbench.editor.untitled.labelFormat': 'name',
          },
          keybindings: SOAK_KEYBINDINGS,
          timeoutMs: 18 * 60_000,
        },
        async (wb) => {
          const watchdog = new Watchdog(wb);
          const state: WalkState = { model: soakModel('openai/gpt-5-mini'), theme: 'Light Modern' };
          // Activated and counting before the walk begins.
          await wb.openFile('system-prompt.md');
          await expectStatusCount(wb, readFileSync(join(wb.workspace, 'system-prompt.md'), 'utf8'), state.model.bare, state.model.tokenizer, 60_000);
          // The watchdog's first ping covers the start-up; the walk's own checks start after it.
          await watchdog.check('start-up');
          await traceFocus(wb.page);
          const walkStarted = Date.now();
          for (const [index, step] of plan.entries()) {
            const description = `#${index + 1} ${describeAction(step.action)}`;
            // On the page's clock, to place the step among the focus moves of a failure message.
            const pageTime = await wb.page.evaluate('Math.round(performance.now())');
            let done = 'failed';
            try {
              done = await perform(wb, step.action, state);
              const closed = await closeStrayUi(wb);
              if (closed.length) done += ` (closed ${closed.join(', ')})`;
              const roundTrip = await watchdog.check(description);
              done += ` [${roundTrip} ms, host loop ${watchdog.hostLoopDelays.at(-1)} ms]`;
              if (!step.quietCheckAfter) continue;
              // The theme class tells from the log which theme each check ran under.
              const theme = (await wb.page.locator('.monaco-workbench').getAttribute('class'))?.split(' ').find((name) => name.startsWith('vscode-theme-'));
              done += `\n   quiet check (${state.model.bare}, ${theme}): ${await quietCheck(wb, state.model, stats)}`;
              assertNoExtensionErrors(wb);
            } catch (error) {
              if (error instanceof Error) error.message += `\n  focus moves (page clock; ${description} began at ${String(pageTime)} ms):\n    ${(await focusTrail(wb.page)).join('\n    ')}`;
              throw error;
            } finally {
              record(`${description} — ${done}`);
            }
          }
          const walkSeconds = Math.round((Date.now() - walkStarted) / 1000);
          assertNoExtensionErrors(wb);
          assert.ok(extensionLogErrors(wb).files.length > 0, 'the extension wrote no log file (is the log under the user data dir?)');
          const skipped = log.filter((line) => / — skipped/.test(line)).length;
          say(
            `[soak] seed ${seed}: ${plan.length} actions (${skipped} skipped) in ${walkSeconds} s; ` +
              `host round trip median ${median(watchdog.roundTrips)} ms, max ${watchdog.worst} ms; host loop held up ${watchdog.worstHostLoopDelay} ms at most; ` +
              `${stats.checks} quiet checks passed` +
              (stats.longestCountingMs ? ` (longest wait through "counting…" ${stats.longestCountingMs} ms)` : ''),
          );
          for (const kept of watchdog.keysKeptByWebviews) {
            say(`[soak] the ping key went to ${kept.frame} after "${kept.step}" (answered once the focus left it)`);
          }
          for (const slow of watchdog.slowAnswers) {
            say(`[soak] slow answer, host loop free: ${slow.roundTripMs} ms after "${slow.step}", ${slow.againMs} ms asked again`);
          }
        },
      );
    } catch (error) {
      if (error instanceof Error) {
        error.message = `[soak] seed ${seed} — rerun with: ${rerun}\n${error.message}\n  actions so far:\n    ${log.join('\n    ')}`;
      }
      throw error;
    }
  });
});
