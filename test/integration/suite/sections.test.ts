/**
 * Sections, deltas, budgets and the token view in the real extension host, on the fixture
 * workspace: the token view's marks in the visible range, the Token Sections view's rows, budget
 * diagnostics, and what a cut saved after an edit and after a save.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import type { TokenCostApi } from '../../../src/extension/extension';
import { openFixture as open, tokenCostApi as api, until, setSetting } from '../../support/extensionHost';

suite('sections, deltas, budgets and the token view', () => {
  let meter: TokenCostApi;

  suiteSetup(async () => {
    meter = await api();
    await setSetting('model', undefined);
    // VS Code for the web (code-server) saves after a second by default; the deltas since the last save need unsaved edits.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    for (const key of ['model', 'budgets', 'sections.codeLens']) await setSetting(key, undefined);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the Token Sections view lists the headings and tag blocks nested, each counted alone', async () => {
    const editor = await open('tagged-prompt.md');
    const text = editor.document.getText();
    const rows = await until(meter, () => meter.getSectionRows(), (list) => list.some((row) => row.label === '<instructions>'), 'the sections of tagged-prompt.md');
    assert.deepEqual(
      rows.map((row) => `${'  '.repeat(row.depth)}${row.label}`),
      [
        '(before the first heading)',
        'Agent prompt: release notes writer',
        '  <instructions>',
        '    Tone',
        '  <examples>',
        '    <example>',
        '    <example>',
        '  <context>',
        '  Output',
      ],
    );
    // `<instructions>` counted alone: its lines, from the tag to the closing tag.
    const start = text.indexOf('<instructions>');
    const end = text.indexOf('</instructions>') + '</instructions>\n'.length;
    const tokens = getTokenizer('o200k_base').count(text.slice(start, end));
    const instructions = rows.find((row) => row.label === '<instructions>')!;
    assert.match(instructions.description, new RegExp(`^${tokens} tok · \\d+%$`));
    await vscode.commands.executeCommand('tokenCost.sortSectionsByTokens');
    const sorted = meter.getSectionRows().filter((row) => row.depth === 1).map((row) => Number(row.description.split(' ')[0]!.replace(/,/g, '')));
    assert.deepEqual(sorted, [...sorted].sort((a, b) => b - a), 'siblings sorted by tokens');
    await vscode.commands.executeCommand('tokenCost.sortSectionsByPosition');
  });

  test('a prompt file is split at its messages, from the parse the other prompt-file surfaces share', async () => {
    await open('prompts/summarize-ticket.prompt.yml');
    const rows = await until(meter, () => meter.getSectionRows(), (list) => list.some((row) => row.label === 'user'), 'the messages of summarize-ticket.prompt.yml');
    assert.deepEqual(
      rows.filter((row) => row.depth === 0 && row.label !== '(before the first heading)').map((row) => row.label),
      ['system', 'user'],
    );
  });

  test('an edit shows what the cut saved since the last save, in the status bar tooltip, the panel and per section; a save resets it', async () => {
    const editor = await open('system-prompt.md');
    const document = editor.document;
    await until(meter, () => meter.getStatusBar().tooltips[0] ?? '', (tooltip) => tooltip.includes('gpt\\-5\\-mini'), 'the status bar');
    // Cut the "## Tools" section's bullet list.
    const text = document.getText();
    const from = text.indexOf('- `lookup_account');
    const to = text.indexOf('\n\nCall a tool');
    assert.ok(from > 0 && to > from, 'the fixture still has its Tools list');
    const cut = getTokenizer('o200k_base').count(text) - getTokenizer('o200k_base').count(text.slice(0, from) + text.slice(to));
    await editor.edit((edit) => edit.delete(new vscode.Range(document.positionAt(from), document.positionAt(to))));
    const tooltip = await until(meter, () => meter.getStatusBar().tooltips[0] ?? '', (value) => value.includes('Since the last save'), 'the delta in the tooltip');
    assert.match(tooltip, new RegExp(`Since the last save\\\\: −${cut} tok \\\\\\(−\\d+ %\\\\\\) · −\\\\\\$[\\d\\\\.]+ / month at 100 calls/day`));
    const rows = await until(meter, () => meter.getSectionRows(), (list) => list.some((row) => row.label === 'Tools' && row.description.includes('−')), 'the delta on the Tools section');
    assert.match(rows.find((row) => row.label === 'Tools')!.description, new RegExp(` · −${cut} tok \\(−\\d+ %\\)$`));
    await vscode.commands.executeCommand('tokenCost.compareModels');
    const panel = await until(meter, () => meter.getPanelState(), (state) => state?.delta?.startsWith('Since the last save') === true, 'the delta line in the panel');
    assert.match(panel!.delta!, new RegExp(`^Since the last save: −${cut} tok`));
    await document.save();
    await until(meter, () => meter.getStatusBar().tooltips[0] ?? '', (value) => !value.includes('Since the last save'), 'no delta after the save');
    await until(meter, () => meter.getSectionRows(), (list) => list.every((row) => !row.description.includes('−')), 'no section delta after the save');
    // Put the fixture back for the suites after this one.
    const restore = new vscode.WorkspaceEdit();
    restore.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
    await vscode.workspace.applyEdit(restore);
    await document.save();
  });

  test('a file over its budget gets a warning in the Problems panel and the warning colour, saying by how much', async () => {
    await setSetting('budgets', [{ glob: '*.md', tokens: 50 }]);
    const editor = await open('chinese-prompt.md');
    const tokens = getTokenizer('o200k_base').count(editor.document.getText());
    const diagnostics = await until(meter, () => meter.getBudgetDiagnostics(editor.document.uri), (list) => list.length > 0, 'a budget diagnostic');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostics[0]!.message, `Over its token budget by ${(tokens - 50).toLocaleString('en-US')}: ${tokens.toLocaleString('en-US')} tokens on gpt-5-mini, budget 50 (tokenCost.budgets "*.md").`);
    const status = await until(meter, () => meter.getStatusBar(), (bar) => bar.levels[0] === 'warning', 'the warning colour');
    assert.match(status.tooltips[0]!, new RegExp(`Over budget by ${(tokens - 50).toLocaleString('en-US')} tokens`));
    // The front matter's own budget, with its line.
    const tagged = await open('tagged-prompt.md');
    const own = await until(meter, () => meter.getBudgetDiagnostics(tagged.document.uri), (list) => list.length === 2, 'both budgets of tagged-prompt.md');
    assert.deepEqual(own.map((diagnostic) => diagnostic.range.start.line).sort(), [0, 1]);
    await setSetting('budgets', undefined);
    await until(meter, () => meter.getBudgetDiagnostics(editor.document.uri), (list) => list.length === 0, 'the diagnostic gone with the budget');
  });

  test('the token view colours the visible range only, token by token, and follows scrolling and edits', async () => {
    const editor = await open('long-context.log');
    assert.equal(await vscode.commands.executeCommand('tokenCost.toggleTokenView'), true);
    const first = await until(meter, () => meter.getTokenView(editor), (view) => view !== undefined && view.marks > 0, 'token marks');
    const visible = editor.visibleRanges;
    assert.equal(first!.tokenizer, 'o200k_base');
    assert.ok(first!.firstLine <= visible[0]!.start.line + 1 && first!.lastLine >= visible[visible.length - 1]!.end.line - 1, `marks cover the visible lines: ${JSON.stringify(first)}`);
    assert.ok(first!.lastLine - first!.firstLine < 400, 'and not the whole file');
    assert.ok(first!.newlines > 0, 'line breaks are marked');
    // The marks follow each other through the text: joined, they are a piece of it.
    const text = editor.document.getText();
    assert.ok(text.includes(first!.texts.join('')), 'the marks are consecutive tokens of the text');
    editor.revealRange(new vscode.Range(editor.document.lineCount - 5, 0, editor.document.lineCount - 1, 0), vscode.TextEditorRevealType.InCenter);
    const scrolled = await until(meter, () => meter.getTokenView(editor), (view) => view !== undefined && view.firstLine > first!.lastLine, 'marks after scrolling');
    assert.ok(scrolled!.lastLine >= editor.document.lineCount - 2);
    assert.equal(await vscode.commands.executeCommand('tokenCost.toggleTokenView'), false);
    assert.equal(meter.getTokenView(editor), undefined);
  });

  test('the token view of an estimate shows its reference encoding and says so; emoji bytes are fragments', async () => {
    await setSetting('model', 'anthropic/claude-haiku-4-5');
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Emoji 🫠 and a rare 𠀀 character.\nSecond line.\n' });
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('tokenCost.toggleTokenView');
    const view = await until(meter, () => meter.getTokenView(editor), (shown) => shown !== undefined && shown.marks > 0, 'token marks');
    assert.equal(view!.tokenizer, 'o200k_base');
    assert.match(view!.boundaries, /^o200k_base boundaries; Claude Haiku 4\.5’s own tokenizer is not public/);
    assert.ok(view!.fragments >= 1, 'the rare character is byte tokens');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 1));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))).join('\n');
    assert.match(text, /\*\*Token \d+\*\*/);
    assert.match(text, /Bytes: `45 6d( [0-9a-f]{2})*`/, 'the hovered token starts with "Em"');
    await vscode.commands.executeCommand('tokenCost.toggleTokenView');
    await setSetting('model', undefined);
  });
  test('a committed file shows what a cut saved since git HEAD, after the save too', async () => {
    // The workspace (a throw-away copy) becomes a repository; the test host starts with git off.
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: folder, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);
    try {
      const editor = await open('system-prompt.md');
      const document = editor.document;
      const text = document.getText();
      const from = text.indexOf('## How you answer');
      const to = text.indexOf('## Tools');
      const cut = getTokenizer('o200k_base').count(text) - getTokenizer('o200k_base').count(text.slice(0, from) + text.slice(to));
      await editor.edit((edit) => edit.delete(new vscode.Range(document.positionAt(from), document.positionAt(to))));
      await document.save();
      const tooltip = await until(meter, () => meter.getStatusBar().tooltips[0] ?? '', (value) => value.includes('Since git HEAD'), 'the delta since HEAD');
      assert.match(tooltip, new RegExp(`Since git HEAD\\\\: −${cut} tok \\\\\\(−\\d+ %\\\\\\) · −\\\\\\$[\\d\\\\.]+ / month at 100 calls/day`));
      assert.doesNotMatch(tooltip, /Since the last save/, 'saved: nothing since the last save');
      const rows = await until(meter, () => meter.getSectionRows(), (list) => list.some((row) => row.label === 'System prompt: support assistant for Acme Cloud Storage' && row.description.includes('−')), 'the delta on the top section');
      assert.match(rows[0]!.description, new RegExp(` · −${cut} tok \\(−\\d+ %\\)$`));
      const restore = new vscode.WorkspaceEdit();
      restore.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
      await vscode.workspace.applyEdit(restore);
      await document.save();
      await until(meter, () => meter.getStatusBar().tooltips[0] ?? '', (value) => !value.includes('Since git HEAD'), 'no delta once the file is as committed');
    } finally {
      await vscode.workspace.getConfiguration('git').update('enabled', false, vscode.ConfigurationTarget.Global);
    }
  });
});
