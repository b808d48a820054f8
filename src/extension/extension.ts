import type * as vscode from 'vscode';

/** Placeholder activation until the extension surface lands (issue 3). */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
