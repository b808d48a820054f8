import { decodeUtf8 } from '../counting/decode';
import { looksBinary } from '../counting/filePolicy';
import type { ContextFileSystem, FileStat } from './fileSystem';
import type { SkipReason } from './skip';
import { readFailure } from './walk';

/** A file's text, or why it is not counted. */
export type ReadText = { readonly kind: 'text'; readonly text: string; readonly bytes: number } | { readonly kind: 'skipped'; readonly reason: SkipReason };

/**
 * The two calls a synchronous reader needs: a count worker reads the files it counts itself, on its
 * own thread, where a blocking call holds up nobody (Node's fs in the Node worker, see
 * nodeFileSystem.ts). Calls throw, preferably an `FsAccessError`.
 */
export interface SyncFileAccess {
  stat(path: string): FileStat;
  read(path: string): Uint8Array;
}

/** Reads tried before a file that keeps changing is given up on. */
const READ_ATTEMPTS = 3;

/**
 * Reads a file as the bundle sees it: the size checked before reading (a 2 GB log is never read),
 * then stat, read, stat again — a file whose size or time moved in between is read again, and
 * after {@link READ_ATTEMPTS} it is skipped as *changed while being counted* rather than counted
 * half-written. The bytes are decoded as UTF-8 and sniffed for binary content with the rule every
 * other surface uses (core/counting/filePolicy).
 */
export async function readTextFile(fs: ContextFileSystem, path: string, maxBytes: number): Promise<ReadText> {
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    let outcome: ReadText | 'again';
    try {
      const before = await fs.stat(path);
      const refused = refuseBeforeRead(before, maxBytes);
      if (refused) return refused;
      const bytes = await fs.read(path);
      outcome = judgeRead(before, bytes, await fs.stat(path), maxBytes);
    } catch (error) {
      return { kind: 'skipped', reason: readFailure(error) };
    }
    if (outcome !== 'again') return outcome;
  }
  return { kind: 'skipped', reason: { kind: 'changed' } };
}

/** {@link readTextFile} with blocking calls, for a worker thread; the same checks and outcomes. */
export function readTextFileSync(fs: SyncFileAccess, path: string, maxBytes: number): ReadText {
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    let outcome: ReadText | 'again';
    try {
      const before = fs.stat(path);
      const refused = refuseBeforeRead(before, maxBytes);
      if (refused) return refused;
      const bytes = fs.read(path);
      outcome = judgeRead(before, bytes, fs.stat(path), maxBytes);
    } catch (error) {
      return { kind: 'skipped', reason: readFailure(error) };
    }
    if (outcome !== 'again') return outcome;
  }
  return { kind: 'skipped', reason: { kind: 'changed' } };
}

/** Why a path is not read at all, judged from its stat; `undefined` when it is read. */
function refuseBeforeRead(before: FileStat, maxBytes: number): ReadText | undefined {
  if (before.type === 'broken') return { kind: 'skipped', reason: { kind: 'brokenLink' } };
  if (before.type !== 'file') return { kind: 'skipped', reason: { kind: 'notFile' } };
  if (before.size > maxBytes) return { kind: 'skipped', reason: { kind: 'tooLarge', bytes: before.size, limit: maxBytes } };
  return undefined;
}

/** The text of one read between two stats, or `'again'` when the file moved in between. */
function judgeRead(before: FileStat, bytes: Uint8Array, after: FileStat, maxBytes: number): ReadText | 'again' {
  // Grown past the limit between the stat and the read.
  if (bytes.length > maxBytes) return { kind: 'skipped', reason: { kind: 'tooLarge', bytes: bytes.length, limit: maxBytes } };
  const steady = bytes.length === before.size && after.size === before.size && after.mtime === before.mtime;
  if (!steady) return 'again';
  const text = decodeUtf8(bytes);
  if (looksBinary(text)) return { kind: 'skipped', reason: { kind: 'binary' } };
  return { kind: 'text', text, bytes: bytes.length };
}
