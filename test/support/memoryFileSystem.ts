import { FsAccessError, type ContextFileSystem, type DirectoryEntry, type EntryType, type FileStat } from '../../src/core/context/fileSystem';
import type { SyncFileAccess } from '../../src/core/context/readText';

/** A file of a {@link MemoryFileSystem}: text or bytes, and hooks for the hard cases. */
interface MemoryFile {
  bytes: Uint8Array;
  mtime: number;
  /** Reading it fails with "permission denied". */
  denied?: boolean;
  /** Called on every read, after the bytes are taken: a file that changes while being read. */
  afterRead?: () => void;
}

type Node = { kind: 'file'; file: MemoryFile } | { kind: 'dir'; denied?: boolean } | { kind: 'link'; target: string } | { kind: 'other' };

/**
 * An in-memory file system for walk tests: absolute `/` paths, folders created implicitly,
 * symlinks (with or without `realPath`), unreadable entries and files that change when read.
 */
export class MemoryFileSystem implements ContextFileSystem {
  private readonly nodes = new Map<string, Node>([['/', { kind: 'dir' }]]);
  /** Calls made, for tests that check what was (not) read. */
  readonly reads: string[] = [];
  realPath?: (path: string) => Promise<string>;

  constructor(options: { realPath?: boolean } = {}) {
    if (options.realPath !== false) this.realPath = async (path) => this.resolve(path);
  }

  /** Adds a file (and its folders). */
  file(path: string, content: string | Uint8Array, extra: Partial<Omit<MemoryFile, 'bytes'>> = {}): this {
    this.mkdirs(parent(path));
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    this.nodes.set(path, { kind: 'file', file: { bytes, mtime: 1, ...extra } });
    return this;
  }

  dir(path: string, denied = false): this {
    this.mkdirs(path);
    this.nodes.set(path, { kind: 'dir', denied });
    return this;
  }

  link(path: string, target: string): this {
    this.mkdirs(parent(path));
    this.nodes.set(path, { kind: 'link', target });
    return this;
  }

  special(path: string): this {
    this.mkdirs(parent(path));
    this.nodes.set(path, { kind: 'other' });
    return this;
  }

  /** Replaces a file's content and bumps its time (what an editor's save does). */
  write(path: string, content: string): void {
    const node = this.nodes.get(path);
    if (node?.kind !== 'file') throw new Error(`${path} is not a file`);
    node.file.bytes = new TextEncoder().encode(content);
    node.file.mtime++;
  }

  async list(path: string): Promise<readonly DirectoryEntry[]> {
    const real = this.resolve(path);
    const node = this.nodes.get(real);
    if (node?.kind !== 'dir') throw new FsAccessError('notFound', 'no such folder');
    if (node.denied) throw new FsAccessError('denied', 'permission denied');
    const prefix = real === '/' ? '/' : `${real}/`;
    const entries: DirectoryEntry[] = [];
    for (const [key, child] of this.nodes) {
      if (!key.startsWith(prefix) || key === real || key.slice(prefix.length).includes('/')) continue;
      const name = key.slice(prefix.length);
      if (child.kind === 'link') entries.push({ name, type: this.typeOf(key), symlink: true });
      else entries.push({ name, type: this.typeOf(key), symlink: false });
    }
    return entries;
  }

  /** The same files through blocking calls, as a count worker reads them (readTextFileSync). */
  readonly sync: SyncFileAccess = {
    stat: (path) => this.statNow(path),
    read: (path) => this.readNow(path),
  };

  async stat(path: string): Promise<FileStat> {
    return this.statNow(path);
  }

  async read(path: string): Promise<Uint8Array> {
    return this.readNow(path);
  }

  private statNow(path: string): FileStat {
    const type = this.typeOf(path);
    if (type === 'broken' && this.nodes.get(path)?.kind !== 'link') throw new FsAccessError('notFound', 'no such file');
    const node = type === 'broken' ? undefined : this.nodes.get(this.resolve(path));
    return { type, size: node?.kind === 'file' ? node.file.bytes.length : 0, mtime: node?.kind === 'file' ? node.file.mtime : 0 };
  }

  private readNow(path: string): Uint8Array {
    this.reads.push(path);
    const node = this.nodes.get(this.resolve(path));
    if (node?.kind !== 'file') throw new FsAccessError('notFound', 'no such file');
    if (node.file.denied) throw new FsAccessError('denied', 'permission denied');
    const bytes = node.file.bytes;
    node.file.afterRead?.();
    return bytes;
  }

  private typeOf(path: string): EntryType {
    let real: string;
    try {
      real = this.resolve(path);
    } catch {
      return 'broken';
    }
    const node = this.nodes.get(real);
    if (!node) return 'broken';
    return node.kind === 'file' ? 'file' : node.kind === 'dir' ? 'directory' : 'other';
  }

  /** Resolves symlinks in every segment of `path`. */
  private resolve(path: string, hops = 0): string {
    if (hops > 40) throw new FsAccessError('other', 'symlink loop');
    const segments = path.split('/').filter(Boolean);
    let current = '/';
    for (const segment of segments) {
      const next = current === '/' ? `/${segment}` : `${current}/${segment}`;
      const node = this.nodes.get(next);
      if (node?.kind === 'link') {
        const target = node.target.startsWith('/') ? node.target : join(current, node.target);
        current = this.resolve(target, hops + 1);
      } else {
        current = next;
      }
    }
    return current;
  }

  private mkdirs(path: string): void {
    if (path === '/' || this.nodes.has(path)) return;
    this.mkdirs(parent(path));
    this.nodes.set(path, { kind: 'dir' });
  }
}

function parent(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function join(dir: string, relative: string): string {
  const parts = dir.split('/').filter(Boolean);
  for (const segment of relative.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return `/${parts.join('/')}`;
}
