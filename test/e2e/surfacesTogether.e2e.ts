/**
 * The status bar and the comparison panel open together, as users run them. These steps once
 * live-locked the extension host (the two surfaces cancelled each other's count of the same
 * document for ever): a new untitled file with the panel open, clicking through files of several
 * kinds with the panel open, and a window reload that restores the panel and an untitled editor.
 * After every step a command must go to the extension host and back within a second, and the
 * status bar must show the active document's own count.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAIN_TYPING, withWorkbench, type Workbench } from '../support/workbench';
import { expectFileStatus, expectStatusCount, Watchdog } from '../support/watchdog';

const SENTENCE = 'A new note typed beside the comparison panel, to see both surfaces count it at once.';

async function openComparison(wb: Workbench): Promise<void> {
  await wb.runCommand('Token Cost: Compare Models');
  await wb.webviewFrame('cheapest');
}

/** Clicks into the editor of the first (left) group, as a user returning from the panel does. */
async function focusLeftEditor(wb: Workbench): Promise<void> {
  await wb.page.locator('.part.editor .editor-group-container').first().locator('.view-lines').first().click();
}

async function newUntitled(wb: Workbench, text: string): Promise<void> {
  await wb.runCommand('File: New Untitled Text File');
  await wb.page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).first().waitFor();
  await wb.page.keyboard.type(text, { delay: 5 });
}

describe('status bar and comparison panel together', () => {
  it('a new untitled file with the panel open gets its own count in both', () =>
    withWorkbench({ settings: PLAIN_TYPING }, async (wb) => {
      const watchdog = new Watchdog(wb);
      await wb.openFile('system-prompt.md');
      await expectStatusCount(wb, readFileSync(join(wb.workspace, 'system-prompt.md'), 'utf8'), 'gpt-5-mini', 'o200k_base', 30_000);
      await openComparison(wb);
      await watchdog.check('compare models');
      await focusLeftEditor(wb);
      await newUntitled(wb, SENTENCE);
      await watchdog.check('new untitled file, typed');
      await expectStatusCount(wb, SENTENCE, 'gpt-5-mini', 'o200k_base');
      const panel = await wb.webviewFrame('Untitled-1');
      assert.match(await panel.locator('.source').innerText(), /Untitled-1/);
      await wb.page.keyboard.type(' More words.', { delay: 5 });
      await expectStatusCount(wb, `${SENTENCE} More words.`, 'gpt-5-mini', 'o200k_base');
      await watchdog.check('typed more');
      process.stdout.write(`      [panel + untitled] longest host round trip ${watchdog.worst} ms\n`);
      assert.deepEqual(wb.extensionErrors, []);
    }));

  it('clicking through files of every kind with the panel open', () =>
    withWorkbench({ settings: PLAIN_TYPING }, async (wb) => {
      const watchdog = new Watchdog(wb);
      await wb.openFile('system-prompt.md');
      await openComparison(wb);
      await focusLeftEditor(wb);
      const files = [
        'prompts/summarize-ticket.prompt.yml',
        'prompts/review-changes.prompt.md',
        'prompts/answer.jinja',
        'chat-transcript.json',
        'chinese-prompt.md',
        'long-context.log',
        'system-prompt.md',
      ];
      for (const file of files) {
        await wb.openFile(file);
        await watchdog.check(`open ${file}`);
        // Prompt files show the request they send, on the model they name.
        await expectFileStatus(wb, file);
        const name = file.split('/').pop()!;
        await wb.webviewFrame(name);
      }
      // A notebook: the status bar follows the focused cell or hides, never keeps the last file's count.
      await wb.openFile('prompts/token-budget.ipynb');
      await watchdog.check('open the notebook');
      await wb.page.locator('.notebook-editor .cell-editor-container .view-lines').first().click();
      await watchdog.check('focus a notebook cell');
      await wb.statusBarText(/tok · \$[\d.]+ · gpt-5-mini/);
      await wb.webviewFrame('token-budget.ipynb, cell');
      process.stdout.write(`      [panel + 8 files] longest host round trip ${watchdog.worst} ms\n`);
      assert.deepEqual(wb.extensionErrors, []);
    }));

  it('reload with the panel and an untitled editor restored', () =>
    withWorkbench({ settings: PLAIN_TYPING }, async (wb) => {
      const watchdog = new Watchdog(wb);
      await wb.openFile('system-prompt.md');
      await openComparison(wb);
      await focusLeftEditor(wb);
      await newUntitled(wb, SENTENCE);
      await expectStatusCount(wb, SENTENCE, 'gpt-5-mini', 'o200k_base');
      // VS Code writes an untitled editor's hot-exit backup about a second after the last edit;
      // a reload before that restores it empty.
      await wb.page.waitForTimeout(3000);
      await wb.runCommand('Developer: Reload Window');
      await wb.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
      await wb.page.locator('.tabs-container .tab', { hasText: 'Untitled-1' }).first().waitFor({ timeout: 60_000 });
      // The panel comes back through its serializer and counts what it shows.
      await wb.webviewFrame('cheapest', 60_000);
      await watchdog.check('reloaded');
      await wb.page.locator('.tabs-container .tab', { hasText: 'Untitled-1' }).first().click();
      await expectStatusCount(wb, SENTENCE, 'gpt-5-mini', 'o200k_base', 30_000);
      await watchdog.check('untitled editor after reload');
      await wb.page.locator('.tabs-container .tab', { hasText: 'system-prompt.md' }).first().click();
      await expectStatusCount(wb, readFileSync(join(wb.workspace, 'system-prompt.md'), 'utf8'), 'gpt-5-mini', 'o200k_base');
      await watchdog.check('back to the file');
      process.stdout.write(`      [reload] longest host round trip ${watchdog.worst} ms\n`);
      assert.deepEqual(wb.extensionErrors, []);
    }));
});
