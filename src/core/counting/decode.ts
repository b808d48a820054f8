/** Turning file bytes into text the way editors and APIs see it. */

/**
 * UTF-8 decode with the byte-order mark removed; invalid sequences become U+FFFD, which
 * `looksBinary` (core/counting/filePolicy) then counts, so one rule decides "binary" for the CLI and the
 * editor alike.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}
