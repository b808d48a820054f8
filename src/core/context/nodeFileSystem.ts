import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { lstatSync, readFileSync, statSync, type Stats } from 'node:fs';
import { FsAccessError, joinPath, type ContextFileSystem, type DirectoryEntry, type EntryType, type FileStat } from './fileSystem';
import type { SyncFileAccess } from './readText';

/** Node's fs as a {@link ContextFileSystem}, for the CLI, the benchmark and tests (never the extension host). */
export const nodeFileSystem: ContextFileSystem = {
  async list(path) {
    const entries = await wrap(() => readdir(path, { withFileTypes: true }));
    return Promise.all(
      entries.map(async (entry): Promise<DirectoryEntry> => {
        if (!entry.isSymbolicLink()) return { name: entry.name, type: typeOf(entry), symlink: false };
        // A symlink has its target's type; a dangling one is `broken`.
        const target = await stat(joinPath(path, entry.name)).catch(() => undefined);
        return { name: entry.name, type: target ? typeOf(target) : 'broken', symlink: true };
      }),
    );
  },
  async stat(path) {
    const target = await stat(path).catch(async (error: unknown) => {
      // A dangling symlink: there is a link, but nothing behind it.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (await lstat(path).catch(() => undefined))?.isSymbolicLink()) return undefined;
      throw translate(error);
    });
    return fileStat(target);
  },
  read: (path) => wrap(() => readFile(path)),
  realPath: (path) => wrap(() => realpath(path)).then((real) => real.replace(/\\/g, '/')),
  localPath: (path) => path,
};

/**
 * Node's blocking fs, for a count worker that reads the files it counts (never the extension
 * host's thread): one file costs a few microseconds of system calls there, where each awaited call
 * of the promise API is a round trip through libuv's thread pool on the thread that walks.
 */
export const nodeSyncFileAccess: SyncFileAccess = {
  stat(path) {
    let target: Stats | undefined;
    try {
      target = statSync(path);
    } catch (error) {
      const dangling = (error as NodeJS.ErrnoException).code === 'ENOENT' && isSymlinkSync(path);
      if (!dangling) throw translate(error);
    }
    return fileStat(target);
  },
  read(path) {
    try {
      return readFileSync(path);
    } catch (error) {
      throw translate(error);
    }
  },
};

function isSymlinkSync(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A stat of a symlink's target as the walk sees it; `undefined` (a dangling link) is `broken`. */
function fileStat(target: Stats | undefined): FileStat {
  if (!target) return { type: 'broken', size: 0, mtime: 0 };
  return { type: typeOf(target), size: target.size, mtime: target.mtimeMs };
}

function typeOf(entry: Pick<Stats, 'isFile' | 'isDirectory'>): EntryType {
  return entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other';
}

async function wrap<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translate(error);
  }
}

function translate(error: unknown): FsAccessError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FsAccessError('notFound', 'no such file or folder');
    case 'EACCES':
    case 'EPERM':
      return new FsAccessError('denied', 'permission denied');
    case 'ELOOP':
      return new FsAccessError('other', 'symlink loop');
    default:
      return new FsAccessError('other', error instanceof Error ? error.message : String(error));
  }
}
