/**
 * Which documents are counted automatically: binary content is skipped with a message, and texts
 * over a size limit wait for an explicit "count now" instead of being silently ignored.
 */

/**
 * Default largest document counted without asking, in characters. Counting is incremental and
 * runs off the UI thread, so this is about memory (the index holds the text once more) rather
 * than lag; VS Code itself stops syncing files over 50 MB to extensions.
 */
export const DEFAULT_MAX_AUTO_COUNT_CHARS = 20_000_000;

/** Characters sniffed at the start of a document. */
const SNIFF_CHARS = 8192;

/** Share of control or replacement characters above which a text is treated as binary. */
const CONTROL_SHARE = 0.1;

/**
 * True for binary content opened as text: a NUL in the first 8 KiB (git's rule), or more than
 * 10% of the sniffed characters being control characters (other than tab, line ends, form feed
 * and escape) or U+FFFD, which is what a binary file decoded as UTF-8 looks like.
 */
export function looksBinary(text: string): boolean {
  const end = Math.min(text.length, SNIFF_CHARS);
  if (end === 0) return false;
  let suspicious = 0;
  for (let i = 0; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0) return true;
    const control = unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d && unit !== 0x0c && unit !== 0x1b;
    if (control || unit === 0xfffd) suspicious++;
  }
  return suspicious / end > CONTROL_SHARE;
}

/** What to do with a document. */
export type CountDecision =
  | { readonly kind: 'auto' }
  /** Over the limit: show the size and offer "count now". */
  | { readonly kind: 'manual'; readonly length: number; readonly limit: number }
  | { readonly kind: 'binary' };

/**
 * Decides for a document's text. `countNow` is the user's explicit request for this document,
 * which lifts the size limit (never the binary check: a binary file's "tokens" mean nothing).
 */
export function decideCounting(text: string, maxAutoChars: number, countNow = false): CountDecision {
  if (looksBinary(text)) return { kind: 'binary' };
  if (!countNow && text.length > maxAutoChars) return { kind: 'manual', length: text.length, limit: maxAutoChars };
  return { kind: 'auto' };
}

/**
 * UTF-8 spends at most 3 bytes on one UTF-16 code unit (4 on a surrogate pair, which is 2 units),
 * so a file of more than 3 × `maxChars` bytes surely decodes to more than `maxChars` characters:
 * readers of unopened files refuse it from its size, before reading it whole.
 */
export function surelyOverLimit(bytes: number, maxChars: number): boolean {
  return bytes > 3 * maxChars;
}
