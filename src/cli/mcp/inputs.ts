import { readFile, stat } from 'node:fs/promises';
import { decodeUtf8 } from '../../core/counting/decode';
import { decideCounting, surelyOverLimit } from '../../core/counting/filePolicy';
import { formatInteger } from '../../core/pricing/format';
import type { Input } from '../request';

/** An input ready to count, or why it cannot be counted (a tool error, never a crash). */
export type InputOutcome = { readonly ok: true; readonly input: Input } | { readonly ok: false; readonly reason: string };

function tooLong(label: string, maxChars: number): string {
  return `${label} is too large: the server counts inputs of up to ${formatInteger(maxChars)} characters`;
}

/** A text checked by the editor's rules: binary content is refused, and so is one over `maxChars`. */
export function textInput(text: string, label: string, maxChars: number): InputOutcome {
  const decision = decideCounting(text, maxChars);
  if (decision.kind === 'binary') return { ok: false, reason: `${label} looks binary (NUL or control characters); only text is counted` };
  if (decision.kind === 'manual') return { ok: false, reason: tooLong(label, maxChars) };
  return { ok: true, input: { path: label, text } };
}

/**
 * Reads a file already confined to the roots: a directory, a file too large to decode to at most
 * `maxChars` characters (refused from its size, before reading) and binary content are refused.
 */
export async function fileInput(path: string, maxChars: number): Promise<InputOutcome> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, reason: `${path} is a directory; name a file` };
    if (!info.isFile()) return { ok: false, reason: `${path} is not a regular file` };
    if (surelyOverLimit(info.size, maxChars)) return { ok: false, reason: tooLong(path, maxChars) };
    return textInput(decodeUtf8(await readFile(path)), path, maxChars);
  } catch (error) {
    return { ok: false, reason: `${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
