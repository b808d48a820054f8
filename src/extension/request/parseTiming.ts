/**
 * When the editor parses prompt files. Parsing runs on the extension host's thread (the core's
 * YAML and JSON parsers are synchronous), so its cost is bounded twice: by the size of what is
 * parsed, and by how often a slow parse may run again while someone types.
 */

/**
 * Prompt files longer than this many characters are counted as text, not parsed. At this size a
 * request JSON of short messages parsed in 110–200 ms here and a `.prompt.yml` in 30–40 ms
 * (`npm run bench`, section 6); real prompt files are a few kilobytes.
 */
export const REQUEST_PARSE_LIMIT = 1_000_000;

/** A parse that took at least this long spaces out the next parse of the same document. */
const SLOW_PARSE_MS = 20;

/**
 * After a slow parse the next one of that document waits this many times as long, so typing in
 * a large prompt file leaves the extension host at least 80% of its time; files parsed in a
 * millisecond or two are parsed again on every recount.
 */
const PARSE_SPACING = 4;

/** The last parse of a document: how long it took, and when it ended (ms since the epoch). */
export interface ParseCost {
  readonly ms: number;
  readonly end: number;
}

/** How long to wait, at `now`, before parsing a document again. */
export function parseDelay(last: ParseCost | undefined, now: number): number {
  if (!last || last.ms < SLOW_PARSE_MS) return 0;
  return Math.max(0, last.end + last.ms * PARSE_SPACING - now);
}
