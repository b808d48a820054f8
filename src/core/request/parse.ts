import { parseDotprompt } from './formats/dotprompt';
import { parseGithubModels } from './formats/githubModels';
import { parseJsonRequest } from './formats/jsonBody';
import { parsePrompty } from './formats/prompty';
import { parseInstructions, parseVscodePrompt } from './formats/vscodeFiles';
import { baseName, formatFromFileName } from './fileFormat';
import { LineIndex } from './position';
import type { ParseOutcome } from './types';

/**
 * A file as the request it sends. Prompt formats are known by name (`*.prompt.yml`,
 * `*.prompt.md`, instruction files, `*.prompty`, `*.prompt`); request bodies by their JSON
 * structure, whatever the name. Anything else is `plain`, counted as text. Never throws: a broken
 * prompt file is an `error` with its place, counted as raw text.
 */
export function parseRequestFile(fileName: string, text: string): ParseOutcome {
  const lines = new LineIndex(text);
  const format = formatFromFileName(fileName);
  try {
    switch (format) {
      case 'github-models':
        return parseGithubModels(text, lines);
      case 'vscode-prompt':
        return parseVscodePrompt(text, lines);
      case 'vscode-instructions':
        return parseInstructions(text, lines, format, baseName(fileName).toLowerCase() !== 'copilot-instructions.md');
      case 'agents-md':
      case 'claude-md':
        return parseInstructions(text, lines, format, false);
      case 'prompty':
        return parsePrompty(text, lines);
      case 'dotprompt':
        return parseDotprompt(text, lines);
      default:
        return parseJsonRequest(text, lines) ?? { kind: 'plain' };
    }
  } catch (error) {
    // A parser bug must never take the count down: the file is counted as raw text, and says why.
    const message = error instanceof Error ? error.message : String(error);
    return format ? { kind: 'error', format, error: { message, position: lines.positionAt(0) } } : { kind: 'plain' };
  }
}
