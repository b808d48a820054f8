/**
 * Helpers for suites that run inside a VS Code extension host, the Node one (test/integration)
 * and the web worker one (test/web) alike: nothing here may need Node.
 */
import * as vscode from 'vscode';
import type { TokenCostApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'token-cost-meter.token-cost-meter';

/** Activates the extension (if needed) and returns its test API. */
export async function tokenCostApi(): Promise<TokenCostApi> {
  const extension = vscode.extensions.getExtension<TokenCostApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Sets (or, with `undefined`, resets) a `tokenCost.*` setting in the user settings. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenCost').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Opens a file of the fixture workspace in the first editor column. */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

/**
 * Polls `read` (after the extension is idle) until `predicate` holds, and returns that value;
 * fails after `timeoutMs`, naming `what` with the last value read.
 */
export async function until<T>(meter: TokenCostApi, read: () => T, predicate: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await meter.whenIdle();
    const value = read();
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`never saw ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
