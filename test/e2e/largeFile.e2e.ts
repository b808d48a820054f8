/**
 * A 10 MB file in the real workbench: over `tokenCost.maxCharacters` the status bar offers
 * "Count now"; clicking it shows "counting… N%" and then the exact count; typing then updates the
 * exact count promptly (time from keystroke to the new text printed), and the extension host keeps
 * answering commands during the first count (the soak's watchdog: round trips and the host's
 * event-loop hold-ups under 1 s). The file is generated into the workspace copy.
 * Screenshots: count-now-<theme>.png (with its tooltip), counting-progress-<theme>.png.
 */
import * as assert from 'node:assert/strict';
import { DocumentTokenCount } from '../../src/core/counting/documentCount';
import { getTokenizer } from '../../src/core/tokenizers/registry';
import { THEMES, withWorkbench } from '../support/workbench';
import { generatedLog } from '../support/generatedLog';
import { Watchdog } from '../support/watchdog';

const CHARS = 10_000_000;
const NAME = 'generated-10mb.log';

const format = (n: number): string => n.toLocaleString('en-US');

/** Resolves when a status bar entry contains `needle`, polling every animation frame. */
function statusBarShows(page: import('playwright-core').Page, needle: string, timeoutMs: number): Promise<unknown> {
  return page.waitForFunction(
    `[...document.querySelectorAll('.part.statusbar .statusbar-item')].some((el) => el.textContent.includes(${JSON.stringify(needle)}))`,
    undefined,
    { polling: 'raf', timeout: timeoutMs },
  );
}

describe('a 10 MB file in the workbench', () => {
  const text = generatedLog(CHARS);
  // The expected counts, kept up to date the same incremental way (checked against full counts in the unit tests).
  const o200k = getTokenizer('o200k_base');

  for (const theme of THEMES) {
    it(`Count now, progress, then typing updates the exact count (${theme})`, () =>
      withWorkbench({ theme, settings: {
            'tokenCost.maxCharacters': 5_000_000,
            // The web workbench asks before opening files over 10 MB.
            'workbench.editorLargeFileConfirmation': 1024,
          }, timeoutMs: 6 * 60_000, files: { [NAME]: text } }, async (wb) => {
        const { page } = wb;
        const expected = new DocumentTokenCount(o200k);
        await expected.load(text);

        const watchdog = new Watchdog(wb);
        await wb.openFile(NAME);
        const offered = await wb.statusBarText('Count now', 60_000);
        assert.match(offered, /10M chars · Count now/);
        const entry = page.locator('.part.statusbar .statusbar-item', { hasText: 'Count now' }).first();
        await entry.hover();
        await page.locator('.monaco-hover', { hasText: 'not counted automatically' }).first().waitFor({ timeout: 10_000 });
        await wb.screenshot('count-now');
        await page.mouse.move(700, 300);

        const clicked = Date.now();
        // The first ping's window reaches back to the host's start-up: take it before the count.
        await watchdog.check('opened the 10 MB file');
        await entry.click();
        await watchdog.check('clicked Count now');
        await wb.statusBarText(/counting… \d+%/, 30_000);
        await wb.screenshot('counting-progress');
        // The host's event loop stays free while the workers count: pinged until the count is shown.
        const counted = `${format(expected.current()!.tokens)} tok`;
        for (let k = 0; k < 5 && !(await statusBarShows(page, counted, 1).then(() => true, () => false)); k++) await watchdog.check(`the first count of 10 MB (ping ${k + 1})`);
        // The extension host answers a command while the worker counts 10 MB.
        const asked = Date.now();
        await wb.runCommand('Token Cost: Show Log');
        await page.locator('.part.panel', { hasText: 'Token Cost activated' }).first().waitFor({ timeout: 30_000 });
        const commandMs = Date.now() - asked;
        // Back to the editor (the Output view took focus, and the entry follows the active editor).
        await page.locator('.editor-instance .view-lines').first().click();
        await statusBarShows(page, counted, 120_000);
        const firstCountMs = Date.now() - clicked;

        // Type at the start of the file, one key at a time; measure keystroke → exact count shown.
        await page.keyboard.press('Control+Home');
        const latencies: number[] = [];
        const typed: string[] = [];
        for (let i = 0; i < 3; i++) {
          // Each key must change the count, or the wait for the new count would measure nothing.
          const before = expected.current()?.tokens;
          const key = ['x', '#', '7', 'Q', '~', '('].find((candidate) => {
            expected.applyChanges([{ rangeOffset: i, rangeLength: 0, text: candidate }]);
            if (expected.current()?.tokens !== before) return true;
            expected.applyChanges([{ rangeOffset: i, rangeLength: 1, text: '' }]);
            return false;
          });
          assert.ok(key, 'no key changes the count');
          typed.push(key);
          const needle = `${format(expected.current()!.tokens)} tok`;
          const pressed = Date.now();
          await page.keyboard.press(key);
          await statusBarShows(page, needle, 10_000);
          latencies.push(Date.now() - pressed);
        }
        const exact = await wb.statusBarText(/tok · \$[\d.]+ · gpt-5-mini/);
        assert.match(exact, new RegExp(`^${format(o200k.count(typed.join('') + text))} tok · `));
        process.stdout.write(
          `      [10 MB, ${theme}] Count now → exact count ${firstCountMs} ms; host round trips during the count ${watchdog.roundTrips.slice(1).join(', ')} ms ` +
            `(host loop held up ${watchdog.worstHostLoopDelay} ms at most); Show Log answered in ${commandMs} ms; ` +
            `keystroke → exact count ${latencies.join(', ')} ms\n`,
        );
        // Generous for a loaded 2-core machine; the status bar's typing debounce is 60–250 ms of it.
        for (const latency of latencies) assert.ok(latency < 2000, `keystroke → count took ${latency} ms`);
        assert.ok(commandMs < 15_000, `a command took ${commandMs} ms during the first count`);
        assert.deepEqual(wb.extensionErrors, []);
      }));
  }
});
