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

/** Opens a file of the fixture workspace in the first editor column. */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}
