import { RequestBuilder, emptyContent, variablesOf } from '../builder';
import type { LineIndex } from '../position';
import type { ParseOutcome } from '../types';
import { asArray, asString, field } from '../values';
import { positionOf } from '../yamlDoc';
import { parseFrontMatter } from './frontMatterYaml';

/**
 * VS Code's `${input:name}`, `${selection}`, `${file}` … in prompt files, filled by VS Code when
 * the prompt runs (code.visualstudio.com, "Prompt files" › variables). Counted as written.
 */
const VSCODE_VARIABLE = /\$\{(input:[^}:]+|selection|selectedText|file|fileBasename|fileDirname|fileBasenameNoExtension|workspaceFolder|workspaceFolderBasename)(?::[^}]*)?\}/g;

/** CLAUDE.md imports (`@path/to/file`), expanded by Claude Code, not by this count. */
const CLAUDE_IMPORT = /(?:^|\s)@((?:~\/|\.{0,2}\/)?[\w.-]+(?:\/[\w.-]+)*\.\w+)/gm;

/** A VS Code prompt file (`*.prompt.md`): front matter, then the body as one user message. */
export function parseVscodePrompt(text: string, lines: LineIndex): ParseOutcome {
  const parts = parseFrontMatter(text, lines, 'vscode-prompt');
  if ('error' in parts) return parts.error;
  const builder = new RequestBuilder();
  builder.addMessage('user', { ...emptyContent(), text: parts.body }, lines.positionAt(parts.bodyOffset));
  const toolNames = asArray(field(parts.source?.value, 'tools')).filter((name): name is string => typeof name === 'string');
  for (const name of toolNames) {
    builder.tools.push({ name, kind: 'named', raw: name, position: parts.source ? positionOf(parts.source, ['tools']) : lines.positionAt(0) });
  }
  if (toolNames.length) builder.omit({ kind: 'toolDefinitions', names: toolNames });
  builder.omit({ kind: 'clientContext' });
  const names = [...new Set([...parts.body.matchAll(VSCODE_VARIABLE)].map((match) => match[1]!))];
  return {
    kind: 'request',
    request: builder.build('vscode-prompt', asString(field(parts.source?.value, 'model')) ?? null, variablesOf(names, undefined)),
  };
}

/**
 * Instruction files, sent whole with every request they apply to (code.visualstudio.com, "Custom
 * instructions"): `*.instructions.md` without its front matter (`applyTo`, `description`), and
 * `copilot-instructions.md`, `AGENTS.md`, `CLAUDE.md` as they are.
 */
export function parseInstructions(text: string, lines: LineIndex, format: 'vscode-instructions' | 'agents-md' | 'claude-md', stripFrontMatter: boolean): ParseOutcome {
  let body = text;
  let bodyOffset = 0;
  let applyTo: string | undefined;
  if (stripFrontMatter) {
    const parts = parseFrontMatter(text, lines, format);
    if ('error' in parts) return parts.error;
    ({ body, bodyOffset } = parts);
    applyTo = asString(field(parts.source?.value, 'applyTo'));
  }
  const builder = new RequestBuilder();
  builder.addMessage('system', { ...emptyContent(), text: body }, lines.positionAt(bodyOffset));
  if (format === 'claude-md') {
    for (const match of body.matchAll(CLAUDE_IMPORT)) builder.omit({ kind: 'external', reference: `@${match[1]!}` });
  }
  return { kind: 'request', request: builder.build(format, null, { alwaysOn: true, ...(applyTo !== undefined ? { applyTo } : {}) }) };
}
