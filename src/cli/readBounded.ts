import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** What {@link readUpTo} read: the whole input, or the sign that it holds more than the limit. */
export type BoundedRead =
  | { readonly kind: 'read'; readonly bytes: Uint8Array }
  /**
   * More than `limit` bytes. `bytes` is the size when the input has one (a file), else how many
   * bytes were read before stopping (a pipe or a device such as /dev/zero, which has no end).
   */
  | { readonly kind: 'tooLarge'; readonly bytes: number; readonly sized: boolean };

/** The first buffer for an input without a size (a pipe, a terminal, a device); doubled as it fills. */
const FIRST_CHUNK = 1 << 16;

/** How long a read that would block (a non-blocking stdin) waits before trying again, in ms. */
const RETRY_MS = 5;

/**
 * Reads a path, or a descriptor (0: stdin), to its end, and stops once it holds more than `limit`
 * bytes. `readFileSync` reads a device such as /dev/zero, or a pipe that never closes, until the
 * process runs out of memory; a regular file is refused from its size before anything is read.
 */
export function readUpTo(input: string | number, limit: number): BoundedRead {
  const fd = typeof input === 'number' ? input : openSync(input, 'r');
  try {
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size > limit) return { kind: 'tooLarge', bytes: stats.size, sized: true };
    // A regular file is read into one buffer of its size (and one byte more, to see it grew).
    let buffer = Buffer.allocUnsafe(Math.min(limit + 1, stats.isFile() ? stats.size + 1 : FIRST_CHUNK));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) return { kind: 'tooLarge', bytes: length, sized: false };
        const grown = Buffer.allocUnsafe(Math.min(limit + 1, 2 * buffer.length));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const read = readOnce(fd, buffer, length);
      if (read === 0) break;
      length += read;
    }
    return { kind: 'read', bytes: buffer.subarray(0, length) };
  } finally {
    if (typeof input !== 'number') closeSync(fd);
  }
}

/** One read into `buffer` from `at`; waits and tries again while a non-blocking descriptor has nothing yet. */
function readOnce(fd: number, buffer: Buffer, at: number): number {
  for (;;) {
    try {
      return readSync(fd, buffer, at, buffer.length - at, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EOF') return 0;
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_MS);
    }
  }
}
