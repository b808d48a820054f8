/**
 * The extension in VS Code's web worker extension host (what vscode.dev and github.dev run), on
 * the fixture workspace: it activates without Node, the status bar shows the same counts as the
 * desktop build (exact OpenAI encoding, vendor vocabulary), and the comparison panel opens.
 */
import * as vscode from 'vscode';
import type { TokenCostApi } from '../../../src/extension/extension';
import { EXTENSION_ID, openFixture as open, tokenCostApi as api, until, setSetting } from '../../support/extensionHost';
import * as assert from '../assert';

/** Waits until the status bar text holds `what` (the first count of a vocabulary takes seconds). */
async function statusText(meter: TokenCostApi, what: string): Promise<string> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    await meter.whenIdle();
    const text = meter.getStatusBarText() ?? '';
    if (text.includes(what)) return text;
    if (Date.now() > deadline) assert.fail(`status bar never showed ${what}; last: "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expected(file: string, tokenizer: string): string {
  const count = WEB_EXPECTED.counts[`${file}|${tokenizer}`];
  assert.ok(count !== undefined, `no desktop count for ${file} with ${tokenizer}`);
  return count.toLocaleString('en-US');
}

suite('web worker extension host: activation, status bar, panel', () => {
  let meter: TokenCostApi;

  suiteSetup(async () => {
    meter = await api();
  });

  suiteTeardown(async () => {
    await setSetting('model', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('runs in a web worker: no Node globals, and the extension is active', () => {
    assert.equal(typeof (globalThis as { process?: unknown }).process, 'undefined', 'process');
    assert.equal(typeof (globalThis as { Buffer?: unknown }).Buffer, 'undefined', 'Buffer');
    assert.equal(typeof (globalThis as { Worker?: unknown }).Worker, 'function', 'Worker');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  test('the status bar shows the desktop build’s exact o200k count of system-prompt.md', async () => {
    await open('system-prompt.md');
    const text = await statusText(meter, 'gpt-5-mini');
    assert.match(text, new RegExp(`^\\$\\(symbol-numeric\\) ${expected('system-prompt.md', 'o200k_base')} tok · \\$0\\.\\d+ · gpt-5-mini$`));
    assert.match(meter.getStatusBar().tooltips[0] ?? '', /Tokenizer: o200k\\_base \(exact\)/);
  });

  test('a vendor vocabulary (Qwen 3) counts chinese-prompt.md as the desktop build does', async () => {
    await setSetting('model', WEB_EXPECTED.qwenModel);
    await open('chinese-prompt.md');
    const name = WEB_EXPECTED.qwenModel.slice(WEB_EXPECTED.qwenModel.indexOf('/') + 1);
    const text = await statusText(meter, name);
    assert.match(text, new RegExp(` ${expected('chinese-prompt.md', 'qwen3')} tok `));
    await setSetting('model', undefined);
  });

  test('the comparison panel opens and counts the file', async () => {
    await open('system-prompt.md');
    await vscode.commands.executeCommand('tokenCost.compareModels');
    const deadline = Date.now() + 45_000;
    for (;;) {
      await meter.whenIdle();
      const state = meter.getPanelState();
      const row = state?.status === 'counted' ? state.rows.find((candidate) => candidate.tokenizer === 'o200k_base') : undefined;
      if (meter.isPanelOpen() && row) {
        assert.equal(row.tokenCount.toLocaleString('en-US'), expected('system-prompt.md', 'o200k_base'));
        return;
      }
      if (Date.now() > deadline) assert.fail(`the panel did not show a count (open: ${meter.isPanelOpen()})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  test('the Token Sections view and Show Tokens work here, counted in the Web Worker', async () => {
    const editor = await open('tagged-prompt.md');
    const rows = await until(meter, () => meter.getSectionRows(), (list) => list.some((row) => row.label === '<instructions>'), 'the sections of tagged-prompt.md', 45_000);
    assert.match(rows.find((row) => row.label === '<instructions>')!.description, /^\d+ tok · \d+%$/);
    assert.equal(await vscode.commands.executeCommand('tokenCost.toggleTokenView'), true);
    const view = await until(meter, () => meter.getTokenView(editor), (shown) => shown !== undefined && shown.marks > 0, 'token marks', 45_000);
    assert.equal(view!.tokenizer, 'o200k_base');
    assert.equal(await vscode.commands.executeCommand('tokenCost.toggleTokenView'), false);
  });
});
