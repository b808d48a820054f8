import * as vscode from 'vscode';
import { readTextFile, type ReadText } from '../../core/context/readText';
import { looksBinary } from '../../core/counting/filePolicy';
import { workspaceFileSystem } from './workspaceFs';

/** The open document of `uri`, if VS Code has it loaded. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
}

/**
 * A file's text as a bundle counts and copies it: its editor's (unsaved edits included) while it is
 * open, else the file on disk, read by the core's rules (size limit, binary, changing files).
 */
export async function currentText(uri: vscode.Uri, maxBytes: number): Promise<ReadText> {
  const document = openDocument(uri);
  if (document) {
    const text = document.getText();
    if (looksBinary(text)) return { kind: 'skipped', reason: { kind: 'binary' } };
    if (text.length > maxBytes) return { kind: 'skipped', reason: { kind: 'tooLarge', bytes: text.length, limit: maxBytes } };
    return { kind: 'text', text, bytes: text.length };
  }
  return readTextFile(workspaceFileSystem(uri), uri.path, maxBytes);
}
