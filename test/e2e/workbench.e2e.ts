/**
 * First end-to-end check of the test host itself: the real workbench loads the fixture
 * workspace with this extension in development mode, opens a sample prompt, renders a webview
 * (VS Code's Markdown preview, which proves the harness can reach webview iframes before the
 * extension's own panel exists), in a light and a dark theme, with screenshots of each.
 */
import * as assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { THEMES, withWorkbench } from '../support/workbench';

describe('workbench (real VS Code in Chromium)', () => {
  for (const theme of THEMES) {
    it(`opens a sample prompt and a webview in the ${theme} theme`, () =>
      withWorkbench({ theme }, async (wb) => {
        const themeClass = theme === 'dark' ? 'vs-dark' : 'vs';
        const expected = theme === 'dark' ? 'dark_modern' : 'light_modern';
        const classes = (await wb.page.locator('.monaco-workbench').getAttribute('class')) ?? '';
        assert.ok(classes.split(' ').includes(themeClass), `workbench is not in the ${theme} theme: ${classes}`);
        assert.ok(classes.includes(expected), `theme setting not applied: ${classes}`);

        await wb.openFile('system-prompt.md');
        await wb.page.locator('.view-lines', { hasText: 'Acme Cloud Storage' }).first().waitFor();
        // The editor's own status entry: proves the status bar is readable where ours will be.
        assert.match(await wb.statusBarText(/Ln \d+, Col \d+/), /^Ln 1, Col 1/);
        const editorShot = await wb.screenshot('workbench-prompt');

        await wb.runCommand('Markdown: Open Preview to the Side');
        const preview = await wb.webviewFrame('Acme Cloud Storage');
        assert.ok(await preview.locator('h2', { hasText: 'How you answer' }).count(), 'preview lacks the headings');
        const previewShot = await wb.screenshot('workbench-webview');

        for (const shot of [editorShot, previewShot]) {
          assert.ok(existsSync(shot) && statSync(shot).size > 10_000, `screenshot ${shot} is missing or blank`);
        }
      }));
  }
});
