/**
 * Smoke suite: the extension is installed in a real VS Code, activates, and sees the fixture
 * workspace. Runs in the extension host (code-server here and in CI; @vscode/test-electron
 * elsewhere), so it proves the test host itself as much as the extension.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'token-cost-meter.token-cost-meter';

suite('smoke: real VS Code extension host', () => {
  test('runs in the pinned VS Code', () => {
    if (vscode.env.appName === 'code-server') {
      // The project's own test host: code-server 4.100.3 carries exactly this VS Code.
      assert.equal(vscode.version, '1.100.3');
    } else {
      const [major, minor] = vscode.version.split('.').map(Number);
      assert.ok(major > 1 || (major === 1 && minor >= 100), `engines.vscode needs >= 1.100, got ${vscode.version}`);
    }
  });

  test('the extension is present and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('every contributed command has a handler', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const contributed: { command: string }[] = extension.packageJSON?.contributes?.commands ?? [];
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((entry) => entry.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'contributed commands without a registered handler');
  });

  test('opens the fixture workspace and a sample file', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    const uri = vscode.Uri.joinPath(folder.uri, 'system-prompt.md');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.ok(editor.document.getText().length > 200, 'fixture file is unexpectedly short');
  });
});
