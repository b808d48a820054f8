/**
 * The `tokenCost` language-model tool in the real extension host, called the way Copilot's agent
 * mode and other chat extensions call it: `vscode.lm.invokeTool('tokenCost', …)`.
 */
import * as assert from 'node:assert/strict';
import { makeNamedPipe } from '../../support/namedPipe';
import { unlinkSync } from 'node:fs';
import * as vscode from 'vscode';
import { getTokenizer } from '../../../src/core/tokenizers/registry';

const EXTENSION_ID = 'token-cost-meter.token-cost-meter';

interface Report {
  source: { kind: string; label: string; characters: number };
  profile: { outputTokens: number; currency: string };
  results: {
    model: string;
    tokens: number;
    exactness: string;
    band: { low: number; high: number } | null;
    likelyRange: [number, number] | null;
    costPerCall: string | null;
    currency: string | null;
    shareOfContextWindow: number | null;
    fits: boolean | null;
  }[];
}

/** The tool's text parts: the summary line, and the JSON report when the call succeeded. */
async function invoke(input: object): Promise<{ summary: string; report?: Report }> {
  const result = await vscode.lm.invokeTool('tokenCost', { input, toolInvocationToken: undefined });
  const texts = result.content.map((part) => {
    assert.ok(part instanceof vscode.LanguageModelTextPart, 'every part is text');
    return part.value;
  });
  return texts.length === 2 ? { summary: texts[0]!, report: JSON.parse(texts[1]!) as Report } : { summary: texts.join('\n') };
}

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function fileText(name: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture(name)));
}

suite('language-model tool: #tokenCost through vscode.lm.invokeTool', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.workspace.getConfiguration('tokenCost').update('model', undefined, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('offers the MCP server only where VS Code can take it (1.101+), and activates cleanly where not', async () => {
    const api = await vscode.extensions.getExtension<{ mcpServerOffered: boolean }>(EXTENSION_ID)?.activate();
    assert.ok(api);
    const [major, minor] = vscode.version.split('.').map(Number) as [number, number];
    assert.equal(api.mcpServerOffered, major > 1 || minor >= 101, `VS Code ${vscode.version}`);
  });

  test('is registered with its tags', () => {
    const tool = vscode.lm.tools.find((candidate) => candidate.name === 'tokenCost');
    assert.ok(tool, `tokenCost not among ${vscode.lm.tools.map((candidate) => candidate.name).join(', ')}`);
    assert.ok(tool.tags.includes('tokens'));
    assert.match(tool.description, /offline: nothing is sent anywhere/);
  });

  test('counts a fixture file by its workspace path on the status bar model', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const text = await fileText('system-prompt.md');
    const { summary, report } = await invoke({ path: 'system-prompt.md' });
    assert.ok(report, summary);
    assert.deepEqual(report.source, { kind: 'file', label: 'system-prompt.md', characters: text.length });
    assert.equal(report.results.length, 1);
    const [result] = report.results;
    assert.equal(result!.model, 'openai/gpt-5-mini');
    assert.equal(result!.tokens, getTokenizer('o200k_base').count(text));
    assert.equal(result!.exactness, 'exact');
    assert.equal(result!.fits, true);
    assert.match(result!.costPerCall ?? '', /^0\.\d+$/);
    assert.match(summary, new RegExp(`^system-prompt\\.md \\([\\d,]+ characters\\): openai/gpt-5-mini: ${result!.tokens.toLocaleString('en-US')} tokens \\(exact\\) · \\$0\\.\\d+ per call · `));
  });

  test('counts given text on two models: exact, and an estimate with its band and likely range', async () => {
    const text = 'You are a terse assistant. Answer in one sentence.';
    const { report, summary } = await invoke({ text, models: ['gpt-5-mini', 'claude-haiku-4-5'] });
    assert.ok(report, summary);
    assert.equal(report.source.kind, 'text');
    assert.deepEqual(
      report.results.map((result) => [result.model, result.exactness]),
      [
        ['openai/gpt-5-mini', 'exact'],
        ['anthropic/claude-haiku-4-5', 'estimate'],
      ],
    );
    assert.equal(report.results[0]!.tokens, getTokenizer('o200k_base').count(text));
    const estimate = report.results[1]!;
    assert.ok(estimate.band && estimate.likelyRange, JSON.stringify(estimate));
    assert.ok(estimate.likelyRange[0] <= estimate.tokens && estimate.tokens <= estimate.likelyRange[1]);
    assert.match(summary, /anthropic\/claude-haiku-4-5: ≈\d+ tokens \(estimate, likely \d+–\d+\)/);
  });

  test('counts the active selection when given neither text nor path', async () => {
    const document = await vscode.workspace.openTextDocument(fixture('chinese-prompt.md'));
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    const selected = document.getText(editor.selection);
    const { report, summary } = await invoke({});
    assert.ok(report, summary);
    assert.deepEqual(report.source, { kind: 'selection', label: 'chinese-prompt.md', characters: selected.length });
    assert.equal(report.results[0]!.tokens, getTokenizer('o200k_base').count(selected));
  });

  test('answers an unknown model with the closest ids, and a path outside the workspace, as text', async () => {
    const unknown = await invoke({ text: 'hello', models: ['gpt-5-mnii'] });
    assert.equal(unknown.report, undefined);
    assert.match(unknown.summary, /^Unknown model "gpt-5-mnii"\. Did you mean: openai\/gpt-5-mini/);
    const outside = await invoke({ path: '../outside.md' });
    assert.match(outside.summary, /outside the workspace/);
    const missing = await invoke({ path: 'no-such-file.md' });
    assert.match(missing.summary, /no-such-file\.md was not found/);
  });

  test('refuses a named pipe in the workspace instead of waiting on it for ever', async function () {
    if (process.platform === 'win32') this.skip();
    const pipe = fixture('waiting.pipe');
    // Nobody ever writes to it: a read would wait until the agent gave up, and hold the tool.
    makeNamedPipe(pipe.fsPath);
    try {
      const refused = await invoke({ path: 'waiting.pipe' });
      assert.equal(refused.report, undefined);
      assert.match(refused.summary, /waiting\.pipe is not a regular file \(a pipe, socket or device\); name a file\./);
    } finally {
      unlinkSync(pipe.fsPath);
    }
  });
});
