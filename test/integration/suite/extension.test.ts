/**
 * The extension in the real extension host, on the fixture workspace: status bar text through the
 * extension's test API, selections, model switch, settings, bad settings, the comparison panel.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import type { TokenCostApi } from '../../../src/extension/extension';
import { openFixture as open, tokenCostApi as api, setSetting } from '../../support/extensionHost';

/** Waits until the predicate holds on the status bar text (events arrive asynchronously). */
async function statusText(meter: TokenCostApi, predicate: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await meter.whenIdle();
    const text = meter.getStatusBarText() ?? '';
    if (predicate(text)) return text;
    if (Date.now() > deadline) assert.fail(`status bar never showed ${what}; last: "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

suite('extension: status bar, model switch, settings, panel', () => {
  let meter: TokenCostApi;

  suiteSetup(async () => {
    meter = await api();
    await setSetting('model', undefined);
  });

  suiteTeardown(async () => {
    for (const key of ['model', 'statusBar.models', 'callsPerDay', 'currency']) await setSetting(key, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('shows the exact o200k count and the cost of the active file', async () => {
    const editor = await open('system-prompt.md');
    const expected = getTokenizer('o200k_base').count(editor.document.getText());
    const text = await statusText(meter, (t) => t.includes('gpt-5-mini'), 'gpt-5-mini');
    const formatted = expected.toLocaleString('en-US');
    assert.match(text, new RegExp(`^\\$\\(symbol-numeric\\) ${formatted} tok · \\$0\\.\\d+ · gpt-5-mini$`));
    const tooltip = meter.getStatusBar().tooltips[0]!;
    assert.match(tooltip, /Tokenizer: o200k\\_base \(exact\)/);
    assert.match(tooltip, /as of \d{4}\\-\d{2}\\-\d{2}/);
  });

  test('shows the selection over the file, and the sum of several selections', async () => {
    const editor = await open('system-prompt.md');
    editor.selection = new vscode.Selection(0, 0, 0, 16); // "# System prompt:"
    const one = getTokenizer('o200k_base').count(editor.document.getText(editor.selection));
    const text = await statusText(meter, (t) => t.includes(` ${one} / `), 'the selection');
    assert.match(text, new RegExp(` ${one} / [\\d,]+ tok`));
    editor.selections = [new vscode.Selection(0, 0, 0, 16), new vscode.Selection(2, 0, 2, 24)];
    const two = getTokenizer('o200k_base').count(editor.document.getText(editor.selections[1]));
    await statusText(meter, (t) => t.includes(` ${one + two} / `), 'the sum of two selections');
    assert.match(meter.getStatusBar().tooltips[0]!, new RegExp(`2 selections: ${one + two} tokens \\(${one} \\+ ${two}\\)`));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
  });

  test('a notebook that is the active editor with no cell focused shows its selected cell, not the file beside it', async () => {
    await open('system-prompt.md');
    const fileTokens = (await statusText(meter, (t) => t.includes('gpt-5-mini'), 'system-prompt.md')).split(' tok')[0];
    const folder = vscode.workspace.workspaceFolders![0]!;
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(folder.uri, 'prompts', 'token-budget.ipynb'));
    const editor = await vscode.window.showNotebookDocument(notebook, { viewColumn: vscode.ViewColumn.Two });
    // Keyboard focus on the notebook's list, not in a cell's text: no active text editor.
    await vscode.commands.executeCommand('notebook.cell.quitEdit');
    editor.selections = [new vscode.NotebookRange(1, 2)];
    const cell = notebook.cellAt(1).document.getText();
    const expected = getTokenizer('o200k_base').count(cell).toLocaleString('en-US');
    const text = await statusText(meter, (t) => t.includes(` ${expected} tok`), `cell 2 (${expected} tokens)`);
    assert.ok(!text.startsWith(`${fileTokens} tok`), `still the file beside it: ${text}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('switching to Claude Haiku marks the count as an estimate', async () => {
    await open('system-prompt.md');
    await setSetting('model', 'anthropic/claude-haiku-4-5');
    const text = await statusText(meter, (t) => t.includes('claude-haiku-4-5'), 'claude-haiku-4-5');
    assert.match(text, /\) ≈[\d,]+ tok · \$/);
    await setSetting('model', undefined);
    await statusText(meter, (t) => t.includes('gpt-5-mini'), 'gpt-5-mini again');
  });

  test('adds status bar entries for tokenCost.statusBar.models', async () => {
    await open('chinese-prompt.md');
    await setSetting('statusBar.models', ['claude-haiku-4-5']);
    const deadline = Date.now() + 10_000;
    while (meter.getStatusBar().texts.length < 2 && Date.now() < deadline) {
      await meter.whenIdle();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const texts = meter.getStatusBar().texts;
    assert.equal(texts.length, 2, JSON.stringify(texts));
    assert.match(texts[1]!, /≈[\d,]+ tok · \$[\d.]+ · claude-haiku-4-5$/);
    await setSetting('statusBar.models', undefined);
  });

  test('a bad setting falls back to the default and keeps working', async () => {
    await open('system-prompt.md');
    await setSetting('currency', 'EUR');
    const text = await statusText(meter, (t) => t.includes('gpt-5-mini'), 'gpt-5-mini');
    assert.match(text, / \$0\.\d+ /);
    await setSetting('currency', 'CNY');
    await statusText(meter, (t) => t.includes('¥'), 'a yuan amount');
    await setSetting('currency', undefined);
  });

  test('an untitled document counts too, and the bar hides without an editor', async () => {
    const document = await vscode.workspace.openTextDocument({ content: 'hello world', language: 'plaintext' });
    await vscode.window.showTextDocument(document);
    await statusText(meter, (t) => /\) 2 tok · /.test(t), '2 tokens for "hello world"');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const deadline = Date.now() + 5000;
    while (meter.getStatusBar().visible && Date.now() < deadline) {
      await meter.whenIdle();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(meter.getStatusBar().visible, false);
  });

  test('the comparison panel prices every featured model with a date and one cheapest row', async () => {
    await open('system-prompt.md');
    await vscode.commands.executeCommand('tokenCost.compareModels');
    assert.equal(meter.isPanelOpen(), true);
    const deadline = Date.now() + 15_000;
    while (meter.getPanelState()?.status !== 'counted' && Date.now() < deadline) {
      await meter.whenIdle();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const state = meter.getPanelState();
    assert.ok(state, 'the panel never received a state (no ready handshake?)');
    assert.equal(state.status, 'counted');
    assert.equal(state.sourceLabel, 'system-prompt.md');
    assert.ok(state.rows.length >= 2);
    assert.equal(state.rows.filter((row) => row.cheapest).length, 1);
    for (const row of state.rows) {
      if (!row.unpriced) assert.match(row.asOf, /^\d{4}-\d{2}-\d{2}$/, row.id);
    }
    // A second "compare" reveals the same panel rather than opening another.
    await vscode.commands.executeCommand('tokenCost.compareModels');
    assert.equal(meter.isPanelOpen(), true);
    // Changing a setting re-prices the open panel.
    await setSetting('callsPerDay', 1000);
    const repriced = Date.now() + 10_000;
    while (meter.getPanelState()?.controls.callsPerDay !== 1000 && Date.now() < repriced) {
      await meter.whenIdle();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(meter.getPanelState()?.strings.colPerMonth, 'Per month (1,000/day)');
    await setSetting('callsPerDay', undefined);
  });

  test('the status bar keeps the compared file\'s count while the panel has focus', async () => {
    const editor = await open('system-prompt.md');
    const expected = getTokenizer('o200k_base').count(editor.document.getText()).toLocaleString('en-US');
    await statusText(meter, (t) => t.includes(`${expected} tok`), 'the file count');
    await vscode.commands.executeCommand('tokenCost.compareModels');
    // Focus the panel's group: no text editor is active any more, the file is still visible.
    await vscode.commands.executeCommand('workbench.action.focusNextGroup');
    assert.equal(vscode.window.activeTextEditor, undefined);
    await meter.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await meter.whenIdle();
    assert.equal(meter.getStatusBar().visible, true);
    assert.match(meter.getStatusBarText() ?? '', new RegExp(`${expected} tok`));
  });
});
