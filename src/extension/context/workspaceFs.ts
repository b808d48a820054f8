import * as vscode from 'vscode';
import { FsAccessError, type ContextFileSystem, type EntryType } from '../../core/context/fileSystem';

/**
 * `vscode.workspace.fs` as the core walk's file access, for the folders of one scheme and
 * authority (`base`): local disks, remotes, virtual and web file systems alike. Walk paths are
 * the URIs' paths. `realPath` (Node's, from the wiring) is used for `file:` URIs only: other file
 * systems have no such call, and the walk then follows symlinked folders a few levels deep. Where
 * it is given (a Node extension host), `file:` paths are also offered to the count workers to open
 * themselves, on the same machine.
 */
export function workspaceFileSystem(base: vscode.Uri, realPath?: (fsPath: string) => Promise<string>): ContextFileSystem {
  const at = (path: string): vscode.Uri => base.with({ path });
  return {
    list: async (path) =>
      (await wrap(() => vscode.workspace.fs.readDirectory(at(path)))).map(([name, type]) => ({
        name,
        type: entryType(type),
        symlink: (type & vscode.FileType.SymbolicLink) !== 0,
      })),
    stat: async (path) => {
      const stat = await wrap(() => vscode.workspace.fs.stat(at(path)));
      return { type: entryType(stat.type), size: stat.size, mtime: stat.mtime };
    },
    read: (path) => wrap(() => vscode.workspace.fs.readFile(at(path))),
    ...(realPath && base.scheme === 'file'
      ? { realPath: async (path: string) => (await realPath(at(path).fsPath)).replace(/\\/g, '/'), localPath: (path: string) => at(path).fsPath }
      : {}),
  };
}

/** A `FileType` bit set as the walk's entry type: a symlink with no target type is broken. */
function entryType(type: vscode.FileType): EntryType {
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return type & vscode.FileType.SymbolicLink ? 'broken' : 'other';
}

async function wrap<T>(call: () => Thenable<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof vscode.FileSystemError) {
      if (error.code === 'FileNotFound' || error.code === 'FileNotADirectory') throw new FsAccessError('notFound', error.message);
      if (error.code === 'NoPermissions') throw new FsAccessError('denied', error.message);
    }
    throw new FsAccessError('other', error instanceof Error ? error.message : String(error));
  }
}
