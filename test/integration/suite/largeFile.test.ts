/**
 * Big files in the real extension host: a document over `tokenCost.maxCharacters` shows "Count
 * now"; the command counts it in the worker with "counting… N%" meanwhile and follows its edits
 * after that; the extension host's event loop is measured the whole time. The file is generated
 * into the workspace copy (no multi-megabyte fixture in the repository).
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import type { TokenCostApi } from '../../../src/extension/extension';
import { generatedLog } from '../../support/generatedLog';
import { setSetting } from '../../support/extensionHost';

const EXTENSION_ID = 'token-cost-meter.token-cost-meter';
const CHARS = 4_000_000;

/** Polls the primary status bar text (not through whenIdle: that would wait for the count). */
async function waitForStatus(meter: TokenCostApi, predicate: (text: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = meter.getStatusBarText() ?? '';
    if (predicate(text)) return text;
    if (Date.now() > deadline) assert.fail(`status bar never showed ${what}; last: "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

suite('large files: count now, progress, typing', () => {
  let meter: TokenCostApi;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<TokenCostApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    meter = await extension.activate();
    await setSetting('model', undefined);
    await setSetting('maxCharacters', 1_000_000);
  });

  suiteTeardown(async () => {
    await setSetting('maxCharacters', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a file over the limit offers Count now; counting shows progress, then follows edits', async function () {
    this.timeout(180_000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'generated-large.log');
    const text = generatedLog(CHARS);
    writeFileSync(uri.fsPath, text);
    // Expected counts first: counting here (in the test) would block the loop being measured.
    const o200k = getTokenizer('o200k_base');
    const expected = [o200k.count(text)];
    // Each typed key must change the count, or the wait for the new count would measure nothing.
    const typed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const key = ['x', '#', '7', 'Q', '~', '('].find((candidate) => o200k.count(typed.join('') + candidate + text) !== expected[i]);
      assert.ok(key, 'no key changes the count');
      typed.push(key);
      expected.push(o200k.count(typed.join('') + text));
    }
    const format = (n: number): string => n.toLocaleString('en-US');

    const loop = monitorEventLoopDelay({ resolution: 5 });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    loop.enable();
    const offered = await waitForStatus(meter, (t) => t.includes('Count now'), 'Count now');
    assert.match(offered, /\$\(circle-slash\) 4M chars · \$\(play\) Count now/);
    assert.match(meter.getStatusBar().tooltips[0]!, /command:tokenCost\.countNow/);

    const started = Date.now();
    const counting = vscode.commands.executeCommand('tokenCost.countNow');
    const progress = await waitForStatus(meter, (t) => /counting… \d+%/.test(t), 'counting… N%');
    const progressTooltip = meter.getStatusBar().tooltips[0]!;
    const done = await waitForStatus(meter, (t) => t.includes(` ${format(expected[0]!)} tok`), `${format(expected[0]!)} tok`);
    const firstCountMs = Date.now() - started;
    await counting;
    assert.match(progress, /^\$\(sync~spin\) counting… \d+% · gpt-5-mini$/);
    assert.match(progressTooltip, /Counting \*\*generated\\-large\\\.log\*\* \(4,000,000 characters\) with o200k\\_base/);
    assert.match(done, /^\$\(symbol-numeric\) [\d,]+ tok · \$[\d.]+ · gpt-5-mini$/);

    const latencies: number[] = [];
    for (let i = 0; i < typed.length; i++) {
      const before = Date.now();
      await editor.edit((edit) => edit.insert(new vscode.Position(0, i), typed[i]!));
      await waitForStatus(meter, (t) => t.includes(` ${format(expected[i + 1]!)} tok`), `${format(expected[i + 1]!)} tok after typing`, 10_000);
      latencies.push(Date.now() - before);
    }
    loop.disable();
    const maxBlockMs = loop.max / 1e6;
    const figures =
      `[large file] ${CHARS.toLocaleString('en-US')} chars: first count ${firstCountMs} ms (with progress: ${/%/.test(progress)}); ` +
        `keystroke → exact count ${latencies.join(', ')} ms (including the status bar's 60–250 ms typing delay); longest host event-loop block ${maxBlockMs.toFixed(0)} ms`;
    // The extension host's console does not reach the runner's output: leave the figures beside the bundle.
    writeFileSync(join(__dirname, 'large-file-figures.txt'), `${figures}\n`);
    for (const latency of latencies) assert.ok(latency < 2000, `keystroke took ${latency} ms`);
    // The target is 50 ms; VS Code's own document sync of a 4 MB file runs on this loop too, so the
    // bound is generous enough for a loaded 2-core machine.
    assert.ok(maxBlockMs < 250, `the extension host was blocked for ${maxBlockMs.toFixed(0)} ms`);
  });
});
