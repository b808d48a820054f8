/**
 * Runs in code-server beside the extension installed from the .vsix (scripts/package-test.ts):
 * the packaged build — not the repo — activates and counts. A file missing from the package
 * (WASM, rank tables, webview bundle) fails here although every other suite passes.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'token-cost-meter.token-cost-meter';

/** The subset of the extension's test API (src/extension/extension.ts) this suite reads. */
interface InstalledApi {
  whenIdle(): Promise<void>;
  getStatusBar(): { primary?: { fileTokens?: number } };
  getStatusBarText(): string | undefined;
}

suite('package: the installed .vsix', () => {
  test('is loaded from the extensions dir, not from the repository', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const extensionsDir = process.env.PACKAGE_TEST_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'PACKAGE_TEST_EXTENSIONS_DIR not set by the runner');
    assert.ok(
      extension.extensionPath.startsWith(extensionsDir + sep),
      `loaded from ${extension.extensionPath}, expected under ${extensionsDir}`,
    );
  });

  test('carries the runtime files', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    for (const file of ['dist/extension.js', 'dist/countWorker.js', 'dist/tiktoken_bg.wasm', 'dist/tokenizers/gpt-tokenizer-o200k_base.js']) {
      assert.ok(existsSync(join(extension.extensionPath, file)), `${file} missing from the installed extension`);
    }
  });

  test('activates and registers every contributed command', async () => {
    const extension = vscode.extensions.getExtension<InstalledApi>(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const contributed: { command: string }[] = extension.packageJSON?.contributes?.commands ?? [];
    assert.ok(contributed.length > 0, 'the manifest contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.map((entry) => entry.command).filter((id) => !registered.has(id)), []);
  });

  test('counts the tokens of an open file', async () => {
    const extension = vscode.extensions.getExtension<InstalledApi>(EXTENSION_ID);
    assert.ok(extension);
    const api = await extension.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'system-prompt.md'));
    await vscode.window.showTextDocument(document);
    // The status bar recounts on a short timer after the editor changes.
    let tokens: number | undefined;
    for (let attempt = 0; attempt < 40 && !tokens; attempt++) {
      await api.whenIdle();
      tokens = api.getStatusBar().primary?.fileTokens;
      if (!tokens) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(tokens && tokens > 100, `expected a token count for system-prompt.md, got ${tokens} (${api.getStatusBarText()})`);
  });
});
