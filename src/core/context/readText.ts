import { decodeUtf8 } from '../counting/decode';
import { looksBinary } from '../counting/filePolicy';
import type { ContextFileSystem } from './fileSystem';
import type { SkipReason } from './skip';
import { readFailure } from './walk';

/** A file's text, or why it is not counted. */
export type ReadText = { readonly kind: 'text'; readonly text: string; readonly bytes: number } | { readonly kind: 'skipped'; readonly reason: SkipReason };

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
    let bytes: Uint8Array;
    let steady: boolean;
    try {
      const before = await fs.stat(path);
      if (before.type === 'broken') return { kind: 'skipped', reason: { kind: 'brokenLink' } };
      if (before.type !== 'file') return { kind: 'skipped', reason: { kind: 'notFile' } };
      if (before.size > maxBytes) return { kind: 'skipped', reason: { kind: 'tooLarge', bytes: before.size, limit: maxBytes } };
      bytes = await fs.read(path);
      const after = await fs.stat(path);
      steady = bytes.length === before.size && after.size === before.size && after.mtime === before.mtime;
    } catch (error) {
      return { kind: 'skipped', reason: readFailure(error) };
    }
    // Grown past the limit between the stat and the read.
    if (bytes.length > maxBytes) return { kind: 'skipped', reason: { kind: 'tooLarge', bytes: bytes.length, limit: maxBytes } };
    if (!steady) continue;
    const text = decodeUtf8(bytes);
    if (looksBinary(text)) return { kind: 'skipped', reason: { kind: 'binary' } };
    return { kind: 'text', text, bytes: bytes.length };
  }
  return { kind: 'skipped', reason: { kind: 'changed' } };
}
