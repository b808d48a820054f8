import { formatInteger } from '../pricing/format';

/** Why a file of a bundle was not counted. Every file the walk meets is counted, ignored, or skipped with one of these. */
export type SkipReason =
  | { readonly kind: 'binary' }
  /** `bytes` is the size, or with `unsized` what was read of a pipe or device before stopping past the limit. */
  | { readonly kind: 'tooLarge'; readonly bytes: number; readonly limit: number; readonly unsized?: true }
  | { readonly kind: 'unreadable'; readonly message: string }
  /** Deleted between the listing and the read. */
  | { readonly kind: 'vanished' }
  /** Still changing after the retries: no count would describe a text that existed. */
  | { readonly kind: 'changed' }
  | { readonly kind: 'symlinkLoop' }
  | { readonly kind: 'brokenLink' }
  /** A socket, pipe or device. */
  | { readonly kind: 'notFile' }
  /** Nested deeper than the walk goes. */
  | { readonly kind: 'tooDeep'; readonly depth: number }
  /** The count itself failed (a worker crashed or ran out of time). */
  | { readonly kind: 'countFailed'; readonly message: string };

/** The reason for a count that threw `error`. */
export function countFailed(error: unknown): SkipReason {
  return { kind: 'countFailed', message: error instanceof Error ? error.message : String(error) };
}

/** A file (or folder) left out, with the reason. */
export interface SkippedPath {
  readonly path: string;
  readonly reason: SkipReason;
}

/** The reason in plain English, for the CLI and its JSON (the extension words it through `t`). */
export function describeSkipReason(reason: SkipReason): string {
  switch (reason.kind) {
    case 'binary':
      return 'binary content';
    case 'tooLarge':
      return reason.unsized
        ? `too large (more than ${formatInteger(reason.limit)} bytes read, stopped)`
        : `too large (${formatInteger(reason.bytes)} bytes; the limit is ${formatInteger(reason.limit)})`;
    case 'unreadable':
      return `unreadable: ${reason.message}`;
    case 'vanished':
      return 'deleted while being counted';
    case 'changed':
      return 'changed while being counted';
    case 'symlinkLoop':
      return 'symlink loop';
    case 'brokenLink':
      return 'broken symlink';
    case 'notFile':
      return 'not a regular file';
    case 'tooDeep':
      return `nested more than ${reason.depth} folders deep`;
    case 'countFailed':
      return `count failed: ${reason.message}`;
  }
}
