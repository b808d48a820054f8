/**
 * The extension in Simplified Chinese, in the real workbench: with the test-only zh-cn language
 * pack installed (see the harness's `locale` option) VS Code reports zh-cn to extensions, so the
 * status bar entry, the command title and the comparison panel come from
 * l10n/bundle.l10n.zh-cn.json and package.nls.zh-cn.json. VS Code's own UI stays English (the pack
 * translates nothing). Screenshots in light and dark show whether the Chinese renders (a CJK font
 * must be installed, see .ci/run) and whether the wider labels still fit.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../scripts/vscode-host/paths';
import { THEMES, withWorkbench } from '../support/workbench';

const bundle = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const nls = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;

/**
 * The Chinese for an English source string — keyed as is, or as "message/comment" when the string
 * carries a note for translators; fails the test when the bundle lacks it.
 */
function zh(english: string): string {
  const chinese = bundle[english] ?? Object.entries(bundle).find(([key]) => key.startsWith(`${english}/`))?.[1];
  assert.ok(chinese, `l10n/bundle.l10n.zh-cn.json has no translation for "${english}"`);
  assert.notEqual(chinese, english, `"${english}" is not translated`);
  return chinese;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('Token Cost in Simplified Chinese (zh-cn)', () => {
  for (const theme of THEMES) {
    it(`status bar and comparison panel in Chinese (${theme})`, () =>
      withWorkbench({ theme, locale: 'zh-cn' }, async (wb) => {
        const { page } = wb;
        await wb.openFile('chinese-prompt.md');

        // "342 词元 · $0.000… · gpt-5-mini": the count's unit comes from the zh-cn bundle.
        const entry = await wb.statusBarText(new RegExp(`^[\\d,]+ ${escapeRegExp(zh('tok'))} · `));
        assert.match(entry, new RegExp(`^[\\d,]+ ${escapeRegExp(zh('tok'))} · \\$[\\d.]+ · gpt-5-mini$`));
        assert.ok(!(await wb.statusBarTexts()).some((text) => / tok · /.test(text)), 'an English "tok" entry is still shown');
        // The editor's own entry stays English: the test pack translates nothing of VS Code.
        await wb.statusBarText(/^Ln \d+, Col \d+/);
        await wb.screenshot('locale-zh-cn-status');
        await page.locator('.statusbar-item', { hasText: 'gpt-5-mini' }).hover();
        await page.locator('.monaco-hover', { hasText: zh('Per 1,000 calls') }).first().waitFor({ timeout: 10_000 });
        await wb.screenshot('locale-zh-cn-tooltip');
        await page.keyboard.press('Escape');

        // The palette lists the command under its Chinese title from package.nls.zh-cn.json.
        const title = `${nls['command.category']}: ${nls['command.compareModels']}`;
        assert.notEqual(nls['command.compareModels'], 'Compare Models');
        await wb.runCommand(title);
        const panel = await wb.webviewFrame(zh('cheapest'));

        const header = (await panel.locator('thead').innerText()).replace(/\s+/g, ' ');
        for (const label of ['Model', 'Tokens', 'Per call']) assert.ok(header.includes(zh(label)), `header lacks ${zh(label)}: ${header}`);
        const body = await panel.locator('body').innerText();
        for (const english of ['Per call', 'Tokens', 'cheapest']) {
          assert.ok(!new RegExp(`\\b${english}\\b`).test(body), `English "${english}" left in the panel`);
        }
        assert.match(await panel.locator('.source').innerText(), /chinese-prompt\.md/);

        // Chinese labels are a different width: the columns must still fit beside the editor.
        const layout = (await panel.evaluate(`(() => {
          const width = document.documentElement.clientWidth;
          const root = document.getElementById('root');
          const overflowing = [...document.querySelectorAll('th, #toolbar label, #toolbar button')]
            .filter((el) => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > el.clientWidth + 1)
            .map((el) => el.textContent.trim());
          return { width, scrolls: root.scrollWidth > root.clientWidth, overflowing };
        })()`)) as { width: number; scrolls: boolean; overflowing: string[] };
        assert.equal(layout.scrolls, false, `panel scrolls sideways: ${JSON.stringify(layout)}`);
        assert.deepEqual(layout.overflowing, [], `cut-off labels at ${layout.width} px`);
        await page.waitForTimeout(300);
        await wb.screenshot('locale-zh-cn-panel');

        // The figures behind a row, one key press away, in Chinese too.
        await panel.locator('tr.cheapest button.expand').press('Enter');
        const detail = panel.locator('tr.detail:not([hidden])');
        await detail.waitFor({ timeout: 5000 });
        const detailText = await detail.innerText();
        for (const label of ['Per 1,000 calls', 'Price as of']) assert.ok(detailText.includes(zh(label)), `detail lacks ${zh(label)}: ${detailText}`);
        await wb.screenshot('locale-zh-cn-detail');
      }));
  }
});
