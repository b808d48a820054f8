import * as vscode from 'vscode';
import type { PriceStorage } from '../../core/pricing/priceStore';

/**
 * The refreshed price table's files in the extension's global storage, through
 * `vscode.workspace.fs` (so it works in the web extension host too).
 */
export class GlobalPriceStorage implements PriceStorage {
  constructor(private readonly folder: vscode.Uri) {}

  async read(name: string): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.folder, name)));
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  }

  async write(name: string, text: string): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.folder, name), new TextEncoder().encode(text));
  }

  async rename(from: string, to: string): Promise<void> {
    await vscode.workspace.fs.rename(vscode.Uri.joinPath(this.folder, from), vscode.Uri.joinPath(this.folder, to), { overwrite: true });
  }

  async remove(name: string): Promise<void> {
    try {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.folder, name));
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) throw error;
    }
  }
}
