/** Turning file bytes into text the way editors and APIs see it. */

/** How many leading bytes to inspect for binary content; git uses the same 8,000-byte window. */
const SNIFF_BYTES = 8000;

/**
 * True when the bytes look like a binary file: a NUL byte in the first 8,000 bytes (git's rule),
 * or more than 10% of that window failing UTF-8 decoding.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const window = bytes.subarray(0, SNIFF_BYTES);
  if (window.includes(0)) return true;
  if (window.length === 0) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(window);
  let replacements = 0;
  for (const char of text) if (char === '\uFFFD') replacements++;
  // The window may cut a multi-byte character in two at its end; that one is not evidence.
  return replacements > 1 && replacements / text.length > 0.1;
}

/** UTF-8 decode with the byte-order mark removed; invalid sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}
