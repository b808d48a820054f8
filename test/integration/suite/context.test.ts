/**
 * The Context view in the real extension host, on the fixture folder `context/` (a .gitignore with
 * a negation, a binary image, nested sources): Count Tokens on an Explorer-like selection, exclude
 * settings, a file changed on disk and in its editor recounted on its own, Copy as One Prompt
 * counted exactly, the open editors' total in the command and the status bar tooltip.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import type { TokenCostApi } from '../../../src/extension/extension';
import type { CopiedPrompt } from '../../../src/extension/context/controller';

const EXTENSION_ID = 'token-cost-meter.token-cost-meter';
const COUNTED = [
  'context/.gitignore',
  'context/README.md',
  'context/docs/guide.md',
  'context/keep.log',
  'context/src/app.ts',
  'context/src/util/dates.ts',
  'context/src/util/strings.ts',
  'system-prompt.md',
];

function folder(): vscode.Uri {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  assert.ok(workspace, 'no workspace folder');
  return workspace.uri;
}

const at = (path: string): vscode.Uri => vscode.Uri.joinPath(folder(), path);

async function text(path: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(at(path)));
}

/** Polls the Context view's state until `predicate` holds (watchers and recounts are asynchronous). */
async function contextWhere(meter: TokenCostApi, predicate: (state: ReturnType<TokenCostApi['getContext']>) => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await meter.whenIdle();
    const state = meter.getContext();
    if (predicate(state)) return state;
    if (Date.now() > deadline) assert.fail(`the Context view never showed ${what}: ${JSON.stringify(state.files.map((file) => [file.path, file.tokens.o200k_base]))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('Context view: folders, files and open editors counted together', () => {
  let meter: TokenCostApi;
  const o200k = getTokenizer('o200k_base');

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<TokenCostApi>(EXTENSION_ID);
    assert.ok(extension);
    meter = await extension.activate();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('tokenCost').update('context.exclude', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('tokenCost.context.clear');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Count Tokens on a folder and a file: .gitignore respected, the binary image skipped, totals the sum of the files', async () => {
    await vscode.commands.executeCommand('tokenCost.countTokens', at('context'), [at('context'), at('system-prompt.md')]);
    await meter.whenIdle();
    const state = meter.getContext();
    assert.deepEqual(state.files.map((file) => file.path).sort(), COUNTED);
    assert.deepEqual(state.skipped, [{ path: 'context/assets/logo.png', reason: 'binary content' }]);
    let sum = 0;
    for (const file of state.files) {
      const expected = o200k.count(await text(file.path));
      assert.equal(file.tokens.o200k_base, expected, file.path);
      sum += expected;
    }
    assert.equal(state.totals.o200k_base, sum);
    // One row per compared model (the featured ones by default), each against its own window.
    const mini = state.rows.find((row) => row.id === 'openai/gpt-5-mini');
    assert.ok(mini, JSON.stringify(state.rows));
    assert.match(mini.description, new RegExp(`^${sum.toLocaleString('en-US')} · [█░]{10} [\\d.<]+% of 272K · \\$[\\d.]+ per call · \\$[\\d.]+ per month$`));
    assert.ok(state.rows.every((row) => row.level === 'fits'));
    assert.match(state.message, /^8 files · [\d,]+ tokens on GPT-5 mini · fits \d+ of \d+ models$/);
  });

  test('tokenCost.context.exclude and files.exclude leave paths out', async () => {
    await vscode.workspace.getConfiguration('tokenCost').update('context.exclude', ['**/util'], vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('files').update('exclude', { '**/*.log': true }, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('tokenCost.countTokens', at('context'), [at('context')]);
      await meter.whenIdle();
      assert.deepEqual(meter.getContext().files.map((file) => file.path).sort(), ['context/.gitignore', 'context/README.md', 'context/docs/guide.md', 'context/src/app.ts']);
    } finally {
      await vscode.workspace.getConfiguration('tokenCost').update('context.exclude', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a file changed on disk is recounted on its own', async () => {
    await vscode.commands.executeCommand('tokenCost.countTokens', at('context'), [at('context')]);
    await meter.whenIdle();
    const before = meter.getContext();
    const original = await text('context/src/app.ts');
    const changed = `${original}\nexport const VERSION = 'changed on disk, counted again';\n`;
    try {
      await vscode.workspace.fs.writeFile(at('context/src/app.ts'), new TextEncoder().encode(changed));
      const after = await contextWhere(meter, (state) => state.files.find((file) => file.path === 'context/src/app.ts')?.tokens.o200k_base === o200k.count(changed), 'the changed count');
      assert.equal(after.recounts - before.recounts, 1, 'only the changed file was counted again');
      const others = (state: typeof before) => state.files.filter((file) => file.path !== 'context/src/app.ts');
      assert.deepEqual(others(after), others(before));
      assert.equal(after.totals.o200k_base - before.totals.o200k_base, o200k.count(changed) - o200k.count(original));
    } finally {
      await vscode.workspace.fs.writeFile(at('context/src/app.ts'), new TextEncoder().encode(original));
      await contextWhere(meter, (state) => state.files.find((file) => file.path === 'context/src/app.ts')?.tokens.o200k_base === o200k.count(original), 'the original count');
    }
  });

  test('an edit in the editor is counted before it is saved', async () => {
    const document = await vscode.workspace.openTextDocument(at('context/docs/guide.md'));
    const editor = await vscode.window.showTextDocument(document);
    const saved = o200k.count(document.getText());
    const line = 'A new first line, typed and not saved.\n';
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), line));
    await contextWhere(meter, (state) => state.files.find((file) => file.path === 'context/docs/guide.md')?.tokens.o200k_base === o200k.count(document.getText()), 'the edited count');
    // Typed away again: the editor's text is the file's once more.
    await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 1, 0)));
    await contextWhere(meter, (state) => state.files.find((file) => file.path === 'context/docs/guide.md')?.tokens.o200k_base === saved, 'the saved count again');
    await document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Copy as One Prompt writes a header per file and counts exactly that text', async () => {
    await vscode.commands.executeCommand('tokenCost.countTokens', at('context/src'), [at('context/src'), at('context/docs/guide.md')]);
    await meter.whenIdle();
    const copied = await vscode.commands.executeCommand<CopiedPrompt>('tokenCost.context.copyPrompt');
    assert.ok(copied);
    for (const path of ['context/src/app.ts', 'context/src/util/dates.ts', 'context/src/util/strings.ts', 'context/docs/guide.md']) {
      assert.ok(copied.text.includes(`### ${path}\n\`\`\`\n${await text(path)}`), path);
    }
    assert.equal(await vscode.env.clipboard.readText(), copied.text);
    assert.equal(copied.tokens.o200k_base, o200k.count(copied.text));
    assert.equal(copied.tokens['estimate:claude-3'], getTokenizer('estimate:claude-3').count(copied.text));
    // Headers and fences add tokens: the prompt is more than the sum of its files.
    assert.ok(copied.tokens.o200k_base! > meter.getContext().totals.o200k_base!);
  });

  test('open editors: added to the view with unsaved text, totalled by the command and in the status bar tooltip', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(at('system-prompt.md')), { preview: false });
    const untitled = await vscode.workspace.openTextDocument({ content: 'hello world', language: 'plaintext' });
    await vscode.window.showTextDocument(untitled, { preview: false });
    await vscode.commands.executeCommand('tokenCost.context.clear');
    await vscode.commands.executeCommand('tokenCost.context.addOpenEditors');
    await meter.whenIdle();
    const state = meter.getContext();
    const prompt = o200k.count(await text('system-prompt.md'));
    assert.deepEqual(state.files.map((file) => [file.path, file.tokens.o200k_base]).sort(), [['Untitled-1', 2], ['system-prompt.md', prompt]].sort());

    const total = await vscode.commands.executeCommand<{ files: number; tokens: Record<string, number> }>('tokenCost.countOpenEditors');
    assert.equal(total.files, 2);
    assert.equal(total.tokens.o200k_base, prompt + 2);
    const deadline = Date.now() + 10_000;
    let tooltip = '';
    while (Date.now() < deadline) {
      await meter.whenIdle();
      tooltip = meter.getStatusBar().tooltips[0] ?? '';
      if (tooltip.includes('Open editors')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(tooltip.includes(`Open editors: 2 files, ${(prompt + 2).toLocaleString('en-US')} tokens`), tooltip);

    // Closing the untitled editor takes its entry along: its text is gone.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await contextWhere(meter, (s) => s.files.length === 1 && s.files[0]!.path === 'system-prompt.md', 'the untitled entry gone');
  });

  test('Remove takes a folder with everything in it; Clear empties the view', async () => {
    await vscode.commands.executeCommand('tokenCost.countTokens', at('context'), [at('context')]);
    await meter.whenIdle();
    await vscode.commands.executeCommand('tokenCost.context.remove', { kind: 'path', node: { name: 'src', path: 'context/src', tokens: 0, files: 3, children: [] } });
    assert.deepEqual(meter.getContext().files.map((file) => file.path).sort(), ['context/.gitignore', 'context/README.md', 'context/docs/guide.md', 'context/keep.log']);
    await vscode.commands.executeCommand('tokenCost.context.clear');
    assert.deepEqual(meter.getContext().files, []);
    assert.equal(meter.getContext().message, '');
  });
});
