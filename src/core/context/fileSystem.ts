/**
 * The file access a folder walk needs, injected: Node's fs for the CLI (nodeFileSystem.ts) and
 * `vscode.workspace.fs` for the extension, which also serves virtual and web file systems. Paths
 * are absolute with `/` separators (a `vscode.Uri`'s path; on Windows `C:/…`), so the walk's path
 * arithmetic is the same everywhere.
 */

/** What a directory entry or path is. A symlink has its target's type; `broken` when the target is missing. */
export type EntryType = 'file' | 'directory' | 'other' | 'broken';

/** One entry of a directory listing. */
export interface DirectoryEntry {
  readonly name: string;
  readonly type: EntryType;
  readonly symlink: boolean;
}

/** What the walk needs to know about a file before and after reading it. */
export interface FileStat {
  readonly type: EntryType;
  readonly size: number;
  /** Modification time in milliseconds. */
  readonly mtime: number;
}

/** Why a file-system call failed, as far as the walk cares. */
export type FsErrorCode = 'notFound' | 'denied' | 'other';

/** A failed file-system call; adapters translate their platform's errors into it. */
export class FsAccessError extends Error {
  constructor(
    readonly code: FsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FsAccessError';
  }
}

/** File access for a walk. Every call may reject, preferably with an {@link FsAccessError}. */
export interface ContextFileSystem {
  list(path: string): Promise<readonly DirectoryEntry[]>;
  stat(path: string): Promise<FileStat>;
  read(path: string): Promise<Uint8Array>;
  /**
   * The canonical path with every symlink resolved, where the platform has one (Node): it lets the
   * walk recognise a symlink back to a folder it is already in. Without it, nested folder symlinks
   * are followed only a few levels deep.
   */
  realPath?(path: string): Promise<string>;
  /**
   * The path under which a count worker on this machine can open the file itself, where there is
   * one (Node's disks: the CLI, a desktop or remote extension host). Without it, files are read
   * here and their text sent to the workers.
   */
  localPath?(path: string): string | undefined;
}

/** `dir` + `/` + `name`, without doubling the separator at a root (`/`, `C:/`). */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** The folder holding `path`; a root is its own parent. */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/', path.length - 2);
  if (slash < 0) return path;
  // Keep the separator of a root: "/a" → "/", "C:/a" → "C:/".
  return slash === 0 || path[slash - 1] === ':' ? path.slice(0, slash + 1) : path.slice(0, slash);
}

/** `path` relative to `dir` (`a/b.txt`), or `undefined` when it is not inside it (or is `dir` itself). */
export function relativeTo(dir: string, path: string): string | undefined {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : undefined;
}

/** The error's code and a short message (`permission denied`, or the platform's own words). */
export function describeFsError(error: unknown): { code: FsErrorCode; message: string } {
  if (error instanceof FsAccessError) return { code: error.code, message: error.message };
  return { code: 'other', message: error instanceof Error ? error.message : String(error) };
}
