/**
 * Prompt files in the real extension host: the status bar shows the request a file sends (as the
 * core counts it, on the model the file names), the hints count each message, the panel prices
 * the request, images are read through the workspace file system, and a broken file gets one
 * Problems entry and the raw-text count until it is fixed.
 */
import * as assert from 'node:assert/strict';
import { makeNamedPipe } from '../../support/namedPipe';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { bundledCatalog } from '../../../src/core/pricing/bundled';
import type { ModelInfo } from '../../../src/core/pricing/types';
import { countRequest, measureImages, parseRequestFile, type ParsedRequest, type RequestCount } from '../../../src/core/request';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import type { TokenCostApi } from '../../../src/extension/extension';
import { setSetting } from '../../support/extensionHost';

const EXTENSION_ID = 'token-cost-meter.token-cost-meter';
const catalog = bundledCatalog();

async function api(): Promise<TokenCostApi> {
  const extension = vscode.extensions.getExtension<TokenCostApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(name));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

/** Waits until `read` gives a value the predicate accepts (events and counts arrive asynchronously). */
async function until<T>(meter: TokenCostApi, read: () => T | Promise<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await meter.whenIdle();
    const value = await read();
    if (predicate(value)) return value;
    if (Date.now() > deadline) assert.fail(`never saw ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function request(document: vscode.TextDocument): ParsedRequest {
  const outcome = parseRequestFile(document.uri.path, document.getText());
  assert.equal(outcome.kind, 'request', document.uri.path);
  return (outcome as { request: ParsedRequest }).request;
}

function model(id: string): ModelInfo {
  const found = catalog.find(id);
  assert.ok(found, id);
  return found;
}

/** en-US grouping, as the status bar formats counts. */
const format = (n: number): string => n.toLocaleString('en-US');

/** The hints VS Code gets for the whole document. */
async function hints(document: vscode.TextDocument): Promise<vscode.InlayHint[]> {
  const range = new vscode.Range(0, 0, document.lineCount, 0);
  return (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, range)) ?? [];
}

function label(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

/** Each message's own tokens, images included: what its hint says. */
function messageTokens(count: RequestCount, index: number): number {
  return count.parts.filter((part) => part.messageIndex === index).reduce((sum, part) => sum + part.tokens, 0);
}

suite('prompt files: the request in the status bar, hints, panel and Problems', () => {
  let meter: TokenCostApi;

  suiteSetup(async () => {
    meter = await api();
    for (const key of ['model', 'useModelFromFile', 'requestHints']) await setSetting(key, undefined);
  });

  suiteTeardown(async () => {
    for (const key of ['model', 'useModelFromFile', 'requestHints']) await setSetting(key, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a .prompt.yml shows the request it sends, on the model it names', async () => {
    const editor = await open('prompts/summarize-ticket.prompt.yml');
    const expected = countRequest(request(editor.document), model('openai/gpt-4o-mini'));
    const text = await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.includes('request'), 'the request');
    assert.match(text, new RegExp(`^\\$\\(symbol-numeric\\) request ${format(expected.tokens)} tok · 2 msgs · \\$0\\.\\d+ · gpt-4o-mini \\(from file\\)$`));
    const tooltip = meter.getStatusBar().tooltips[0]!;
    assert.ok(tooltip.includes(`**Request (GitHub Models prompt): ${format(expected.tokens)} tokens**`), tooltip);
    assert.match(tooltip, /Model from the file: “openai\/gpt\\-4o\\-mini”/);
    assert.match(tooltip, /Variables: filled from the file’s sample values/);
    assert.match(tooltip, /\| chat framing \| \d+ \|/);
  });

  test('a saved request body: tools and framing counted, one hint per message', async () => {
    const editor = await open('requests/chat-completion.json');
    const parsed = request(editor.document);
    const expected = countRequest(parsed, model('openai/gpt-4o-mini'));
    const text = await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.includes('request'), 'the request');
    assert.match(text, new RegExp(`^\\$\\(symbol-numeric\\) request ${format(expected.tokens)} tok · 2 msgs · \\$0\\.\\d+ · gpt-4o-mini \\(from file\\)$`));
    const tools = expected.parts.filter((part) => part.kind === 'tools').reduce((sum, part) => sum + part.tokens, 0);
    assert.ok(meter.getStatusBar().tooltips[0]!.includes(`| tool definitions (2) | ${tools} |`));

    const shown = await until(meter, () => hints(editor.document), (found) => found.length === 2, 'two hints');
    assert.deepEqual(
      shown.map((hint) => [hint.position.line, hint.position.character, label(hint)]),
      parsed.messages.map((message, index) => [message.position.line, message.position.character, `${format(messageTokens(expected, index))} tok`]),
    );
    await setSetting('requestHints', false);
    await until(meter, () => hints(editor.document), (found) => found.length === 0, 'no hints with tokenCost.requestHints off');
    await setSetting('requestHints', undefined);
  });

  test('with tokenCost.useModelFromFile off, the configured model counts the request', async () => {
    const editor = await open('prompts/summarize-ticket.prompt.yml');
    await setSetting('useModelFromFile', false);
    const expected = countRequest(request(editor.document), model('openai/gpt-5-mini'));
    // gpt-5-mini: the cookbook's framing rule was not checked on it, so the request is ≈.
    const text = await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.endsWith('· gpt-5-mini'), 'gpt-5-mini');
    assert.match(text, new RegExp(`^\\$\\(symbol-numeric\\) request ≈${format(expected.tokens)} tok · 2 msgs · `));
    await setSetting('useModelFromFile', undefined);
    await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.endsWith('(from file)'), 'the file’s model again');
  });

  test('an unknown model name is said, with the closest ids, and the configured model counts', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'json',
      content: JSON.stringify({ model: 'gpt-9-ultra', messages: [{ role: 'user', content: 'Summarize this ticket in three lines.' }] }, null, 2),
    });
    await vscode.window.showTextDocument(document);
    const expected = countRequest(request(document), model('openai/gpt-5-mini'));
    const text = await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.includes('request'), 'the request');
    assert.match(text, new RegExp(`request ≈${format(expected.tokens)} tok · 1 msg · \\$[\\d.]+ · gpt-5-mini \\(file’s model unknown\\)$`));
    assert.match(meter.getStatusBar().tooltips[0]!, /The file names “gpt\\-9\\-ultra”, which is not a known model; counted on gpt\\-5\\-mini\. Closest known: /);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('an image beside the request is read through the workspace file system', async () => {
    const editor = await open('requests/whiteboard-notes.json');
    const parsed = request(editor.document);
    const path = editor.document.uri.fsPath;
    const images = await measureImages(parsed, path, { readBytes: async (file) => new Uint8Array(readFileSync(file)) });
    assert.deepEqual(images.map((image) => image.ok), [true]);
    const expected = countRequest(parsed, model('openai/gpt-4o'), { images });
    assert.ok(expected.parts.some((part) => part.kind === 'image' && part.tokens > 0));
    const text = await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.includes('request'), 'the request');
    assert.match(text, new RegExp(`^\\$\\(symbol-numeric\\) request ${format(expected.tokens)} tok · 2 msgs · `));
    assert.match(meter.getStatusBar().tooltips[0]!, /\| images \(1\) \| 765 \|/);
  });

  test('a broken .prompt.yml: one diagnostic, the raw text counted; fixed, the request; closed, no diagnostic', async () => {
    const editor = await open('prompts/broken/unclosed-list.prompt.yml');
    const document = editor.document;
    const outcome = parseRequestFile(document.uri.path, document.getText());
    assert.equal(outcome.kind, 'error');
    if (outcome.kind !== 'error') return;
    const line = outcome.error.position.line;
    const diagnostics = await until(meter, () => vscode.languages.getDiagnostics(document.uri), (found) => found.length > 0, 'a diagnostic');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.range.start.line, line);
    assert.equal(diagnostics[0]!.source, 'Token Cost');
    assert.match(diagnostics[0]!.message, /^GitHub Models prompt: .+\. Token Cost counts this file as raw text until it is fixed\.$/);
    const raw = getTokenizer('o200k_base').count(document.getText());
    const text = await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.includes('raw text'), 'raw text');
    assert.equal(text.replace(/ · \$[\d.]+ · /, ' · $ · '), `$(symbol-numeric) ${format(raw)} tok · raw text — could not parse line ${line + 1} · $ · gpt-5-mini`);
    assert.match(meter.getStatusBar().tooltips[0]!, new RegExp(`\\*\\*Raw text — could not parse line ${line + 1}\\*\\*`));
    assert.equal((await hints(document)).length, 0);

    // Fixed in the editor: the request comes back, the diagnostic goes.
    const original = document.getText();
    const broken = document.lineAt(line - 1).range.with({ end: document.lineAt(line).range.end });
    await editor.edit((edit) => edit.replace(broken, '    content: |\n      {{report}}'));
    const fixed = countRequest(request(document), model('openai/gpt-4o-mini'));
    await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.includes(`request ${format(fixed.tokens)} tok`), 'the fixed request');
    await until(meter, () => vscode.languages.getDiagnostics(document.uri), (found) => found.length === 0, 'no diagnostic once fixed');

    // Broken again, then closed: the diagnostic leaves with the file.
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), original));
    await until(meter, () => vscode.languages.getDiagnostics(document.uri), (found) => found.length === 1, 'the diagnostic again');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await until(meter, () => vscode.languages.getDiagnostics(document.uri), (found) => found.length === 0, 'no diagnostic once closed', 60_000);
  });

  test('an image that cannot be read: a diagnostic at the image, the raw text counted', async () => {
    const editor = await open('prompts/broken/missing-image.json');
    const parsed = request(editor.document);
    const imageLine = parsed.images[0]!.position.line;
    const diagnostics = await until(meter, () => vscode.languages.getDiagnostics(editor.document.uri), (found) => found.length > 0, 'a diagnostic');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.range.start.line, imageLine);
    assert.match(diagnostics[0]!.message, /charts\/q3-signups\.png: cannot be read/);
    const text = await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.includes('raw text'), 'raw text');
    assert.ok(text.includes(`raw text — could not read the image on line ${imageLine + 1}`), text);
  });

  test('an image that is a named pipe is not read (it would wait for ever): a diagnostic, the raw text counted', async function () {
    if (process.platform === 'win32') this.skip();
    const folder = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'prompts', 'broken');
    const pipe = join(folder, 'waiting.png');
    makeNamedPipe(pipe);
    try {
      const body = { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'waiting.png' } }] }] };
      writeFileSync(join(folder, 'pipe-image.json'), JSON.stringify(body, null, 2));
      const editor = await open('prompts/broken/pipe-image.json');
      const diagnostics = await until(meter, () => vscode.languages.getDiagnostics(editor.document.uri), (found) => found.length > 0, 'a diagnostic');
      assert.match(diagnostics[0]!.message, /waiting\.png: cannot be read/);
      await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.includes('raw text — could not read the image'), 'raw text');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      unlinkSync(pipe);
    }
  });

  test('a prompt file over the parse limit is counted as text, and says so', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const line = '  - role: user\n    content: Summarize the ticket for the on-call engineer in three lines.\n';
    writeFileSync(join(folder, 'prompts', 'generated-huge.prompt.yml'), `model: openai/gpt-4o-mini\nmessages:\n${line.repeat(Math.ceil(1_100_000 / line.length))}`);
    const editor = await open('prompts/generated-huge.prompt.yml');
    const raw = getTokenizer('o200k_base').count(editor.document.getText());
    const text = await until(meter, () => meter.getStatusBarText() ?? '', (t) => t.includes(`${format(raw)} tok`), 'the text count');
    assert.match(text, / · gpt-5-mini$/);
    assert.match(meter.getStatusBar().tooltips[0]!, /Longer than 1,000,000 characters: counted as text, not read as the request it sends\./);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('the comparison panel prices the request on each model, with its breakdown', async () => {
    const editor = await open('requests/chat-completion.json');
    const parsed = request(editor.document);
    await vscode.commands.executeCommand('tokenCost.compareModels');
    const state = await until(
      meter,
      () => meter.getPanelState(),
      (found) => found?.status === 'counted' && found.sourceLabel === 'chat-completion.json' && found.rows.every((row) => row.breakdown !== undefined),
      'the request priced in the panel',
      60_000,
    );
    assert.ok(state);
    assert.match(state.request ?? '', /^Priced as the request it sends \(OpenAI Chat Completions request\): 2 messages\.$/);
    let compared = 0;
    for (const row of state.rows) {
      const found = model(row.id);
      // The vendor vocabularies are counted in the extension's worker; here only what loads cheaply.
      if (!['o200k_base', 'cl100k_base', 'estimate:claude-3', 'estimate:generic'].includes(found.tokenizer)) continue;
      assert.equal(row.tokenCount, countRequest(parsed, found).tokens, row.id);
      compared++;
    }
    assert.ok(compared >= 2, `compared ${compared} rows`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
