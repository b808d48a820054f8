/**
 * The web build as a vscode.dev user sees it: the extension's `browser` entry alone (a manifest
 * without `main`), in the browser's web worker extension host. The status bar counts Chinese text
 * with Qwen's own vocabulary (a vendor file decoded in a Web Worker) and the comparison panel
 * opens beside it; screenshot test-results/screenshots/web-host-light.png.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTokenizer } from '../../src/core/tokenizers/registry';
import { FIXTURE_WORKSPACE } from '../../scripts/vscode-host/paths';
import { withWorkbench } from '../support/workbench';

describe('Token Cost on the web (web worker extension host)', () => {
  it('counts with a vendor vocabulary in a Web Worker and opens the comparison panel (light)', () =>
    withWorkbench(
      {
        extension: 'web',
        settings: {
          'tokenCost.model': 'qwen/qwen3-max',
          'tokenCost.comparison.models': ['openai/gpt-5-mini', 'google/gemini-2.5-flash', 'qwen/qwen3-max', 'deepseek/deepseek-v3.2', 'anthropic/claude-haiku-4-5'],
        },
      },
      async (wb) => {
        const desktop = getTokenizer('qwen3').count(readFileSync(join(FIXTURE_WORKSPACE, 'chinese-prompt.md'), 'utf8'));
        await wb.openFile('chinese-prompt.md');
        const text = await wb.statusBarText(/tok · \$[\d.]+ · qwen3-max/, 60_000);
        assert.match(text, new RegExp(`^${desktop.toLocaleString('en-US')} tok · \\$[\\d.]+ · qwen3-max$`), 'the desktop build’s count');

        await wb.runCommand('Token Cost: Compare Models');
        const panel = await wb.webviewFrame('cheapest', 60_000);
        // Every vendor's count is in, the vocabularies' included (Gemma 3 and DeepSeek load in the worker).
        await panel.locator('tbody tr[data-id]').nth(4).waitFor({ timeout: 60_000 });
        await panel.locator('tbody:not(:has-text("counting"))').waitFor({ timeout: 60_000 });
        assert.equal(await panel.locator('tr.cheapest').count(), 1);
        assert.deepEqual(wb.extensionErrors, []);
        await wb.screenshot('web-host');
      },
    ));
});
