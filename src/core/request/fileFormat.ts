import type { RequestFormat } from './types';

/*
 * A prompt file's format from its name alone, apart from the parsers (YAML, Jinja, Handlebars):
 * deciding whether a file is worth parsing loads none of them.
 */

/** The last segment of a path or URI path, either slash. */
export function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}

/** The prompt format a file name says, if any; JSON bodies are recognized by content instead. */
export function formatFromFileName(fileName: string): RequestFormat | undefined {
  const name = baseName(fileName).toLowerCase();
  if (name.endsWith('.prompt.yml') || name.endsWith('.prompt.yaml')) return 'github-models';
  if (name.endsWith('.prompt.md')) return 'vscode-prompt';
  if (name.endsWith('.instructions.md') || name === 'copilot-instructions.md') return 'vscode-instructions';
  if (name === 'agents.md') return 'agents-md';
  if (name === 'claude.md' || name === 'claude.local.md') return 'claude-md';
  if (name.endsWith('.prompty')) return 'prompty';
  if (name.endsWith('.prompt')) return 'dotprompt';
  return undefined;
}
