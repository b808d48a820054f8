/**
 * What a user sees, in the real workbench: the status bar entry for a prompt file, a selection,
 * switching to Claude Haiku through the quick pick (≈ appears), the comparison panel's rows and
 * instant re-pricing, and an XSS file name shown as text. Screenshots in the
 * light and dark themes land in test-results/screenshots/.
 */
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { THEMES, withWorkbench } from '../support/workbench';

const XSS = '<img src=x onerror=alert(1)>';

/**
 * The panel opens beside the editor (about half the 1400 px window): the columns users open it
 * for must be inside it without scrolling sideways. (A string: no DOM library in this project.)
 */
async function assertFitsBesideEditor(panel: Frame): Promise<void> {
  const layout = (await panel.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const root = document.getElementById('root');
    const right = (selector) => Math.max(...[...document.querySelectorAll(selector)].map((el) => el.getBoundingClientRect().right));
    return {
      width,
      scrolls: root.scrollWidth > root.clientWidth,
      perCall: right('button[data-column="perCall"]'),
      perMonth: right('button[data-column="perMonth"]'),
      context: right('td.context .bar'),
      // Every toolbar control is on screen (a hidden-class clash once hid the copy buttons).
      hiddenControls: [...document.querySelectorAll('#toolbar button, #toolbar input, #toolbar select')]
        .filter((el) => el.getBoundingClientRect().width === 0 || el.getBoundingClientRect().right > width)
        .map((el) => el.id),
    };
  })()`)) as { width: number; scrolls: boolean; perCall: number; perMonth: number; context: number; hiddenControls: string[] };
  assert.ok(layout.width > 400 && layout.width < 900, `panel width ${layout.width}`);
  assert.equal(layout.scrolls, false, JSON.stringify(layout));
  assert.deepEqual(layout.hiddenControls, []);
  for (const key of ['perCall', 'perMonth', 'context'] as const) assert.ok(layout[key] <= layout.width, `${key} cut off: ${JSON.stringify(layout)}`);
}

describe('Token Cost in the workbench', () => {
  for (const theme of THEMES) {
    it(`status bar, quick pick and comparison panel (${theme})`, () =>
      withWorkbench({ theme }, async (wb) => {
        const { page } = wb;
        await wb.openFile('system-prompt.md');
        const file = await wb.statusBarText(/tok · \$[\d.]+ · gpt-5-mini/);
        assert.match(file, /^[\d,]+ tok · \$0\.\d+ · gpt-5-mini$/);

        // Select the first line: the entry shows selection / file.
        await page.locator('.editor-instance .view-lines').first().click();
        await page.keyboard.press('Control+Home');
        await page.keyboard.press('Shift+End');
        const selection = await wb.statusBarText(/^\d+ \/ [\d,]+ tok/);
        assert.match(selection, /^\d+ \/ [\d,]+ tok · \$[\d.]+ · gpt-5-mini$/);
        await page.locator('.statusbar-item', { hasText: 'gpt-5-mini' }).hover();
        await page.locator('.monaco-hover', { hasText: 'Per 1,000 calls' }).first().waitFor({ timeout: 10_000 });
        await wb.screenshot('status-tooltip');
        await page.keyboard.press('Escape');

        // Click the entry → quick pick → Claude Haiku 4.5: the count becomes an estimate.
        await page.locator('.statusbar-item', { hasText: 'gpt-5-mini' }).click();
        const quickInput = page.locator('.quick-input-widget');
        await quickInput.waitFor({ state: 'visible' });
        await page.keyboard.type('claude-haiku-4-5');
        await quickInput.locator('.monaco-list-row', { hasText: 'Claude Haiku 4.5' }).first().waitFor();
        await wb.screenshot('quick-pick');
        await page.keyboard.press('Enter');
        // (Wait past "counting… · claude-haiku-4-5", shown while the estimate is being made.)
        const haiku = await wb.statusBarText(/^≈.*claude-haiku-4-5/);
        // (Escape above also cleared the selection: VS Code binds it to cancelSelection.)
        assert.match(haiku, /^≈[\d,]+ tok · \$[\d.]+ · claude-haiku-4-5$/);

        // The comparison: every row priced, one cheapest, re-priced when calls per day change.
        await page.keyboard.press('Control+A');
        await wb.runCommand('Token Cost: Compare Models');
        const panel = await wb.webviewFrame('cheapest');
        const rows = panel.locator('tbody tr[data-id]');
        assert.ok((await rows.count()) >= 2);
        assert.equal(await panel.locator('tr.cheapest').count(), 1);
        assert.match(await panel.locator('.source').innerText(), /system-prompt\.md/);
        await panel.locator('#callsPerDay').fill('1000');
        await panel.locator('th', { hasText: 'Per month (1,000/day)' }).waitFor({ timeout: 5000 });
        await page.waitForTimeout(300);
        await assertFitsBesideEditor(panel);
        await wb.screenshot('comparison');

        // The hidden figures are one key press away: the cheapest row's detail.
        await panel.locator('tr.cheapest button.expand').press('Enter');
        const detail = panel.locator('tr.detail:not([hidden])');
        await detail.waitFor({ timeout: 5000 });
        assert.match(await detail.innerText(), /Per 1,000 calls[\s\S]*Price as of/);
        await wb.screenshot('comparison-detail');
      }));
  }

  // Chinese text is where vocabularies differ most: Gemini (Gemma 3), Qwen and DeepSeek count
  // with their own vocabularies, Claude is an estimate with its likely range for this text.
  for (const theme of THEMES) {
    it(`comparison panel on Chinese text: each vendor's own count and how exact it is (${theme})`, () =>
      withWorkbench(
        {
          theme,
          settings: {
            'tokenCost.comparison.models': [
              'openai/gpt-5-mini',
              'google/gemini-2.5-flash',
              'qwen/qwen-plus',
              'deepseek/deepseek-v3.2',
              'anthropic/claude-haiku-4-5',
              'anthropic/claude-sonnet-5',
            ],
          },
        },
        async (wb) => {
          await wb.openFile('chinese-prompt.md');
          await wb.statusBarText(/tok · \$[\d.]+ · gpt-5-mini/);
          await wb.runCommand('Token Cost: Compare Models');
          const panel = await wb.webviewFrame('cheapest');
          await panel.locator('tr[data-id="deepseek/deepseek-v3.2"] td.tokens').waitFor({ timeout: 30_000 });
          const cell = async (id: string): Promise<{ accuracy: string; count: string; mark: string; title: string }> => {
            const td = panel.locator(`tr[data-id="${id}"] td.tokens`);
            return {
              accuracy: (await td.getAttribute('data-accuracy')) ?? '',
              count: await td.locator('.count').innerText(),
              mark: (await td.locator('.accuracy-mark').count()) ? await td.locator('.accuracy-mark').innerText() : '',
              title: (await td.getAttribute('title')) ?? '',
            };
          };
          const number = (text: string): number => Number(text.replace(/[^\d]/g, ''));
          const openai = await cell('openai/gpt-5-mini');
          assert.equal(openai.accuracy, 'exact');
          assert.match(openai.count, /^[\d,]+$/);
          const expected = { 'google/gemini-2.5-flash': 'near-exact', 'qwen/qwen-plus': 'exact', 'deepseek/deepseek-v3.2': 'exact' } as const;
          for (const [id, accuracy] of Object.entries(expected)) {
            const row = await cell(id);
            assert.equal(row.accuracy, accuracy, id);
            assert.match(row.count, /^[\d,]+$/, `${id}: no ≈ on its own vocabulary`);
            assert.notEqual(number(row.count), number(openai.count), `${id} counts with its own vocabulary`);
            if (accuracy === 'near-exact') assert.equal(row.mark, 'near-exact');
          }
          for (const id of ['anthropic/claude-haiku-4-5', 'anthropic/claude-sonnet-5']) {
            const row = await cell(id);
            assert.equal(row.accuracy, 'estimate', id);
            assert.match(row.count, /^≈[\d,]+$/);
            const [low, high] = row.mark.split('–').map(number);
            assert.ok(low! < number(row.count) && number(row.count) < high!, `${id}: ${row.count} within ${row.mark}`);
            assert.match(row.title, /likely [\d,]+–[\d,]+ for this text/);
          }
          await wb.page.waitForTimeout(300);
          await wb.screenshot('comparison-chinese');
          // The detail row says how each count was made.
          await panel.locator('tr[data-id="anthropic/claude-haiku-4-5"] button.expand').press('Enter');
          const detail = panel.locator('tr.detail:not([hidden])');
          await detail.waitFor({ timeout: 5000 });
          assert.match(await detail.innerText(), /Count[\s\S]*Estimate ≈[\d,]+, likely/);
          await wb.screenshot('comparison-chinese-detail');
        },
      ));
  }

  it('comparison panel in high contrast', () =>
    withWorkbench({ theme: 'high-contrast' }, async (wb) => {
      await wb.openFile('system-prompt.md');
      await wb.statusBarText(/tok · \$[\d.]+ · gpt-5-mini/);
      await wb.runCommand('Token Cost: Compare Models');
      const panel = await wb.webviewFrame('cheapest');
      await assertFitsBesideEditor(panel);
      await wb.page.waitForTimeout(300);
      await wb.screenshot('comparison');
    }));

  // Chinese is checked by the unit tests only: without a VS Code language pack (not installable
  // offline) the workbench reports the language as "en" and extensions follow it.
  it('shows an XSS payload in a file name and in the text as text', () =>
    withWorkbench({ theme: 'dark', files: { [`${XSS}.md`]: `# ${XSS}\n\nPrompt text with ${XSS} inside.\n` } }, async (wb) => {
      await wb.openFile('onerror');
      await wb.statusBarText(/^[\d,]+ tok · \$[\d.]+ · gpt-5-mini$/);
      await wb.page.keyboard.press('Control+A');
      await wb.statusBarText(/^\d+ \/ [\d,]+ tok/);
      await wb.runCommand('Token Cost: Compare Models');
      const panel = await wb.webviewFrame('cheapest');
      assert.equal(await panel.locator('img').count(), 0, 'the payload became an element');
      assert.match(await panel.locator('.source').innerText(), /<img src=x onerror=alert\(1\)>\.md — selection/);
      await wb.screenshot('comparison-xss');
    }));
});
