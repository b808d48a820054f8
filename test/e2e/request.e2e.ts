/**
 * Prompt files as a user sees them in the real workbench, light and dark: a `.prompt.yml` counted
 * as the request it sends on the model it names (status bar, tooltip, a hint beside each
 * message), a saved request body priced in the comparison panel with its breakdown, and a broken
 * file's Problems entry with the raw-text count. Screenshots land in test-results/screenshots/.
 */
import * as assert from 'node:assert/strict';
import { THEMES, withWorkbench, type Workbench } from '../support/workbench';
import { expectFileStatus } from '../support/watchdog';

/** A few models keep the panel readable in a screenshot. */
const COMPARED = ['openai/gpt-4o-mini', 'openai/gpt-5-mini', 'anthropic/claude-haiku-4-5', 'google/gemini-2.5-flash'];

/** The hint labels shown in the active editor ("39 tok"), in line order: injected text, with no-break spaces. */
async function hintLabels(wb: Workbench): Promise<string[]> {
  const lines = await wb.page.locator('.editor-instance .view-lines').first().innerText();
  return [...lines.replace(/\u00a0/g, ' ').matchAll(/≈?[\d,]+ tok/g)].map((match) => match[0]);
}

async function waitForHints(wb: Workbench, count: number): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const labels = await hintLabels(wb);
    if (labels.length >= count) return labels;
    if (Date.now() > deadline) throw new Error(`expected ${count} hints in the editor, saw ${JSON.stringify(labels)}`);
    await wb.page.waitForTimeout(250);
  }
}

describe('prompt files in the workbench', () => {
  for (const theme of THEMES) {
    it(`a .prompt.yml and a request body counted as requests, a broken file as raw text (${theme})`, () =>
      withWorkbench({ theme, settings: { 'tokenCost.comparison.models': COMPARED } }, async (wb) => {
        const { page } = wb;

        // The prompt file: its request, on the model it names, with a hint beside each message.
        await wb.openFile('prompts/summarize-ticket.prompt.yml');
        const entry = await expectFileStatus(wb, 'prompts/summarize-ticket.prompt.yml', 30_000);
        assert.match(entry, /^request [\d,]+ tok · 2 msgs · \$[\d.]+ · gpt-4o-mini \(from file\)$/);
        assert.equal((await waitForHints(wb, 2)).length, 2);
        await wb.screenshot('request-prompt-yml');
        await page.locator('.statusbar-item', { hasText: 'gpt-4o-mini (from file)' }).hover();
        const tooltip = page.locator('.monaco-hover', { hasText: 'Request (GitHub Models prompt)' }).first();
        await tooltip.waitFor({ timeout: 10_000 });
        const shown = await tooltip.innerText();
        assert.match(shown, /system message\s+\d+/);
        assert.match(shown, /chat framing\s+\d+/);
        assert.match(shown, /Variables: filled from the file’s sample values/);
        assert.match(shown, /Model from the file: “openai\/gpt-4o-mini”/);
        await wb.screenshot('request-tooltip');
        await page.keyboard.press('Escape');

        // The request body: tools counted; the panel prices the request per model, broken down.
        await wb.openFile('requests/chat-completion.json');
        assert.match(await expectFileStatus(wb, 'requests/chat-completion.json'), /^request [\d,]+ tok · 2 msgs · /);
        await waitForHints(wb, 2);
        await wb.runCommand('Token Cost: Compare Models');
        const panel = await wb.webviewFrame('Priced as the request it sends');
        assert.match(await panel.locator('.request').innerText(), /OpenAI Chat Completions request\): 2 messages/);
        await panel.locator('tr[data-id="openai/gpt-4o-mini"] button.expand').press('Enter');
        const detail = panel.locator('tr.detail:not([hidden])');
        await detail.waitFor({ timeout: 5000 });
        assert.match(await detail.innerText(), /Request\s+messages \d+ · framing \d+ · tools \d+/);
        await page.waitForTimeout(300);
        await wb.screenshot('request-panel');

        // A broken prompt file: one entry in Problems, the raw text counted, line named.
        await wb.runCommand('View: Close All Editors');
        await wb.openFile('prompts/broken/unclosed-list.prompt.yml');
        const raw = await wb.statusBarText(/raw text — could not parse line \d+/);
        assert.match(raw, /^[\d,]+ tok · raw text — could not parse line 8 · \$[\d.]+ · gpt-5-mini$/);
        await wb.runCommand('View: Focus Problems');
        const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'Token Cost counts this file as raw text' }).first();
        await problem.waitFor({ timeout: 10_000 });
        await wb.screenshot('request-broken');
        assert.deepEqual(wb.extensionErrors, []);
      }));
  }
});
