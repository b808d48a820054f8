/**
 * Where the tokens go and what a cut saves, as a user sees it in the real workbench: the Token
 * Sections view and the section CodeLens after a cut (with its delta), a file over its budget
 * (Problems panel, warning colour, tooltip), and the token view (alternating marks, line breaks,
 * byte fragments, the hover). Light and dark, English and Simplified Chinese; every screenshot is
 * meant to be looked at.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/vscode-host/paths';
import { THEMES, withWorkbench, type Workbench } from '../support/workbench';

const bundle = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const nlsEn = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const nlsZh = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;

/** Edits stay unsaved (code-server saves after a second by default), and typing lands as typed. */
const SETTINGS: Record<string, unknown> = {
  'files.autoSave': 'off',
  'editor.autoClosingBrackets': 'never',
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'workbench.editor.untitled.hint': 'hidden',
  'editor.minimap.enabled': false,
};

/**
 * Text for the token view: words, line breaks, indentation, a symbol and rare CJK characters that
 * are byte tokens (ones the CI's fonts draw: an emoji or an Extension B character would be a box).
 */
const TOKEN_TEXT = 'Tokenization splits unbelievably long words,\n  indented lines ♞ and rare 饕餮 characters.\n中文的句子也会被切分。\n';

/** The Token Sections view's visible rows, as text. */
async function sectionRows(wb: Workbench, viewName: string): Promise<string[]> {
  const pane = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: viewName }) });
  return (await pane.locator('.monaco-list-row').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

async function waitFor(wb: Workbench, what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      await wb.screenshot(`sections-FAILED-${what.replace(/\W+/g, '-')}`);
      assert.fail(`never saw ${what}`);
    }
    await wb.page.waitForTimeout(250);
  }
}

describe('sections, deltas, budgets and the token view in the workbench', () => {
  for (const locale of ['en', 'zh-cn'] as const) {
    const zh = locale === 'zh-cn';
    const say = (english: string): string => (zh ? (bundle[english] ?? english) : english);
    const nls = zh ? nlsZh : nlsEn;
    const tok = zh ? say('{0} tok/a number of tokens, abbreviated as in the status bar, e.g. "−120 tok"').replace('{0} ', '') : 'tok';
    for (const theme of THEMES) {
      const suffix = zh ? '-zh-cn' : '';
      it(`Token Sections, CodeLens, a budget warning and the token view (${theme}${zh ? ', zh-cn' : ''})`, () =>
        // A rule the file exceeds even after the cut (tagged-prompt.md also has its own, in its front matter).
        withWorkbench({ theme, settings: { ...SETTINGS, 'tokenCost.budgets': [{ glob: '*.md', tokens: zh ? 100 : 150 }] }, ...(zh ? { locale } : {}) }, async (wb) => {
          const { page } = wb;
          const file = zh ? 'chinese-prompt.md' : 'tagged-prompt.md';
          await wb.openFile(file);
          await wb.statusBarText(/gpt-5-mini$/);

          // The Token Sections view, in the Explorer.
          const viewName = nls['view.sections']!;
          await wb.runCommand(`Focus on ${viewName} View`);
          // Room for the view: fold the file tree above it, and widen the side bar.
          await page.locator('.pane-header', { hasText: /^workspace$/i }).first().click();
          const sash = await page.locator('.part.sidebar').boundingBox();
          if (sash) {
            await page.mouse.move(sash.x + sash.width + 1, sash.y + 300);
            await page.mouse.down();
            await page.mouse.move(sash.x + sash.width + 160, sash.y + 300, { steps: 5 });
            await page.mouse.up();
          }
          await waitFor(wb, 'section rows with tokens', async () => (await sectionRows(wb, viewName)).some((row) => row.includes(` ${tok} · `)));
          // A cut: the second section's body (the lines after its heading) goes.
          const heading = zh ? '## 工作范围' : '<examples>';
          await page.locator('.view-lines .view-line', { hasText: heading }).first().click();
          await page.keyboard.press('Home');
          for (let i = 0; i < (zh ? 5 : 8); i++) await page.keyboard.press('Shift+ArrowDown');
          await page.keyboard.press('Delete');
          const change = zh ? '自上次保存以来' : 'since the last save';
          await waitFor(wb, 'a CodeLens and rows with the change', async () => {
            const lenses = await page.locator('.contentWidgets .codelens-decoration').allInnerTexts();
            return lenses.some((lens) => lens.includes(tok)) && (await sectionRows(wb, viewName)).some((row) => row.includes('−'));
          });
          const rows = await sectionRows(wb, viewName);
          assert.ok(rows.some((row) => new RegExp(`[\\d,]+ ${tok} · \\d+% · −[\\d,]+ ${tok}`).test(row)), `rows: ${JSON.stringify(rows)}`);
          const lenses = await page.locator('.contentWidgets .codelens-decoration').allInnerTexts();
          assert.ok(lenses.some((lens) => lens.includes(change)) || rows.some((row) => row.includes('−')), `lenses: ${JSON.stringify(lenses)}`);
          await page.waitForTimeout(300);
          await wb.screenshot(`sections-tree${suffix}`);

          // Over budget: the warning colour, the Problems panel, the tooltip.
          const entry = page.locator('.statusbar-item', { hasText: 'gpt-5-mini' }).first();
          await waitFor(wb, 'the warning colour', async () => ((await entry.getAttribute('class')) ?? '').includes('warning-kind'));
          await page.keyboard.press('Control+Shift+M');
          const problems = page.locator('.markers-panel .monaco-list-row');
          await problems.first().waitFor({ timeout: 20_000 });
          const problem = (await problems.allInnerTexts()).join('\n');
          assert.match(problem, zh ? /超出词元预算/ : /Over its token budget by/);
          await entry.hover();
          const tooltip = page.locator('.monaco-hover', { hasText: zh ? '超出预算' : 'Over budget by' }).first();
          await tooltip.waitFor({ timeout: 10_000 });
          assert.match(await tooltip.innerText(), zh ? /自上次保存以来/ : /Since the last save: −[\d,]+ tok/);
          await page.waitForTimeout(300);
          await wb.screenshot(`sections-budget${suffix}`);
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+Shift+M');

          // The token view, on a new note with an emoji and a rare character.
          await wb.runCommand('File: New Untitled Text File');
          await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).first().waitFor();
          await page.keyboard.insertText(TOKEN_TEXT);
          await wb.runCommand(`${nls['command.category']}: ${nls['command.toggleTokenView']}`);
          await wb.statusBarText(/o200k_base/);
          // Background decorations are drawn in the editor's overlay layer, one element per mark and line.
          const marks = page.locator('.monaco-editor .view-overlays [class*="ced-"]');
          await waitFor(wb, 'token marks', async () => (await marks.count()) > 20);
          await page.waitForTimeout(300);
          await wb.screenshot(`token-view${suffix}`);
          // The hover of the rare characters: several byte tokens for one character.
          const line = TOKEN_TEXT.split('\n')[1]!;
          await page.locator('.view-lines .view-line', { hasText: '饕餮' }).first().click();
          await page.keyboard.press('Home');
          await page.keyboard.press('Home');
          for (let i = 0; i < line.indexOf('饕') + 1; i++) await page.keyboard.press('ArrowRight');
          await wb.runCommand('Show or Focus Hover');
          const hover = page.locator('.monaco-hover', { hasText: zh ? '字节' : 'Bytes' }).first();
          await hover.waitFor({ timeout: 10_000 });
          assert.match(await hover.innerText(), zh ? /一个字符对应 \d 个词元/ : /\d tokens for one character/);
          await page.waitForTimeout(300);
          await wb.screenshot(`token-view-hover${suffix}`);
          assert.deepEqual(wb.extensionErrors, []);
        }),
      );
    }
  }
  it('the token view in high contrast: outlined marks, no backgrounds', () =>
    withWorkbench({ theme: 'high-contrast', settings: SETTINGS }, async (wb) => {
      const { page } = wb;
      await wb.runCommand('File: New Untitled Text File');
      await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).first().waitFor();
      await page.keyboard.insertText(TOKEN_TEXT);
      await wb.runCommand(`${nlsEn['command.category']}: ${nlsEn['command.toggleTokenView']}`);
      await wb.statusBarText(/o200k_base/);
      const marks = page.locator('.monaco-editor .view-overlays [class*="ced-"]');
      await waitFor(wb, 'token marks', async () => (await marks.count()) > 20);
      await page.waitForTimeout(300);
      await wb.screenshot('token-view');
    }),
  );
});
