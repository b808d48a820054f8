import { JobCancelledError } from '../counting/types';
import { decodeUtf8 } from '../counting/decode';
import { describeFsError, joinPath, parentPath, relativeTo, type ContextFileSystem, type DirectoryEntry } from './fileSystem';
import { isGitIgnored, parseGitignore, type ExcludeTest, type IgnoreLevel } from './ignoreRules';
import type { SkippedPath, SkipReason } from './skip';

/** A file or folder the user chose. */
export interface WalkRoot {
  readonly path: string;
  /**
   * The workspace folder it belongs to: exclude globs are relative to it, and it is where
   * `.gitignore` rules start when no `.git` is found above the root (default: the root itself).
   */
  readonly base?: string;
  /** Exclude globs (relative to `base`): a match is left out like an ignored path. */
  readonly exclude?: ExcludeTest;
}

/** Options of a {@link FolderWalk}. */
export interface WalkOptions {
  /** Read `.gitignore` files (false: `--no-ignore`). `.git` folders are left out either way. */
  readonly gitignore: boolean;
  /** Aborting ends the walk with a `JobCancelledError`. */
  readonly signal?: AbortSignal;
  /** Hears problems that do not stop the walk (an unreadable `.gitignore`, a pattern left out). */
  readonly warn?: (message: string) => void;
}

/** What the walk yields: a file to count, or a path left out with the reason. */
export type WalkItem = { readonly kind: 'file'; readonly path: string } | ({ readonly kind: 'skipped' } & SkippedPath);

/** Folders deeper than this are not entered (a guard against runaway nesting, not a real limit). */
const MAX_DEPTH = 128;
/**
 * Without a `realPath` a symlink back to an ancestor cannot be recognised, so symlinked folders
 * are followed at most this many deep: a loop ends there, after a few repetitions of its folder.
 */
const MAX_LINK_HOPS = 4;
/** Levels searched upwards for the `.git` that marks where `.gitignore` rules start. */
const MAX_GIT_SEARCH = 64;

/** A folder being walked. */
interface Frame {
  readonly path: string;
  readonly root: WalkRoot;
  /** Its canonical path (symlinks resolved) when the file system can tell, for loop detection. */
  readonly identity: string;
  readonly depth: number;
  readonly linkHops: number;
  readonly levels: readonly IgnoreLevel[];
  readonly parent: Frame | undefined;
}

/**
 * Walks the chosen files and folders depth-first in name order and yields every file to count,
 * and every path left out for a reason (binary and size checks come later, when the file is
 * read). Folders are listed one at a time and nothing is kept but the folders still to visit, so
 * a folder of 100,000 files streams through. Ignored paths (`.gitignore`, exclude globs) are not
 * yielded, only counted in {@link ignored}.
 *
 * A chosen path is never ignored: the user named it. A chosen folder that the `.gitignore` files
 * above it exclude is walked with only the rules found inside it.
 */
export class FolderWalk {
  private ignoredCount = 0;
  private readonly seenFiles = new Set<string>();
  private readonly walkedFolders = new Set<string>();
  private readonly gitFound = new Map<string, boolean>();

  constructor(
    private readonly fs: ContextFileSystem,
    private readonly roots: readonly WalkRoot[],
    private readonly options: WalkOptions,
  ) {}

  /** Paths left out by `.gitignore` or exclude globs so far (a folder counts once). */
  get ignored(): number {
    return this.ignoredCount;
  }

  async *items(): AsyncGenerator<WalkItem> {
    for (const root of this.roots) {
      this.checkCancelled();
      let type;
      try {
        type = (await this.fs.stat(root.path)).type;
      } catch (error) {
        // A chosen path that does not exist was never there: "deleted while counted" would mislead.
        const reason = readFailure(error);
        yield skipped(root.path, reason.kind === 'vanished' ? { kind: 'unreadable', message: 'no such file or folder' } : reason);
        continue;
      }
      if (type === 'file') {
        if (this.firstSight(root.path)) yield { kind: 'file', path: root.path };
      } else if (type === 'directory') {
        yield* this.walkFolder(root);
      } else {
        yield skipped(root.path, type === 'broken' ? { kind: 'brokenLink' } : { kind: 'notFile' });
      }
    }
  }

  private async *walkFolder(root: WalkRoot): AsyncGenerator<WalkItem> {
    if (this.walkedFolders.has(root.path)) return;
    const identity = this.fs.realPath ? await this.fs.realPath(root.path).catch(() => root.path) : root.path;
    const levels = this.options.gitignore ? await this.levelsAbove(root) : [];
    const stack: Frame[] = [{ path: root.path, root, identity, depth: 0, linkHops: 0, levels, parent: undefined }];
    while (stack.length > 0) {
      this.checkCancelled();
      const frame = stack.pop()!;
      if (this.walkedFolders.has(frame.path)) continue;
      this.walkedFolders.add(frame.path);
      let entries: DirectoryEntry[];
      try {
        entries = [...(await this.fs.list(frame.path))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (error) {
        yield skipped(frame.path, readFailure(error));
        continue;
      }
      const levelsHere = await this.withOwnGitignore(frame, entries);
      const folders: Frame[] = [];
      for (const entry of entries) {
        // git's own folder (or a worktree's `.git` file) is never part of the working tree.
        if (entry.name === '.git') continue;
        const path = joinPath(frame.path, entry.name);
        if (this.isIgnored(frame.root, levelsHere, path, entry.type === 'directory')) {
          this.ignoredCount++;
          continue;
        }
        switch (entry.type) {
          case 'file':
            if (this.firstSight(path)) yield { kind: 'file', path };
            break;
          case 'directory': {
            const child = await this.enter(frame, entry, path, levelsHere);
            if ('kind' in child) yield skipped(path, child);
            else folders.push(child);
            break;
          }
          case 'broken':
            yield skipped(path, { kind: 'brokenLink' });
            break;
          case 'other':
            yield skipped(path, { kind: 'notFile' });
            break;
        }
      }
      // Reversed onto the stack, so the first folder by name is walked first.
      for (let i = folders.length - 1; i >= 0; i--) stack.push(folders[i]!);
    }
  }

  /** The frame of a subfolder, or why it is not entered (a symlink loop, too deep). */
  private async enter(frame: Frame, entry: DirectoryEntry, path: string, levels: readonly IgnoreLevel[]): Promise<Frame | SkipReason> {
    const depth = frame.depth + 1;
    if (depth > MAX_DEPTH) return { kind: 'tooDeep', depth: MAX_DEPTH };
    let identity = joinPath(frame.identity, entry.name);
    let linkHops = frame.linkHops;
    if (entry.symlink) {
      if (this.fs.realPath) {
        try {
          identity = await this.fs.realPath(path);
        } catch (error) {
          return readFailure(error);
        }
        for (let ancestor: Frame | undefined = frame; ancestor; ancestor = ancestor.parent) {
          if (ancestor.identity === identity) return { kind: 'symlinkLoop' };
        }
      } else if (++linkHops > MAX_LINK_HOPS) {
        return { kind: 'symlinkLoop' };
      }
    }
    return { path, root: frame.root, identity, depth, linkHops, levels, parent: frame };
  }

  /** The folder's own `.gitignore` joins the rules of the folders above it. */
  private async withOwnGitignore(frame: Frame, entries: readonly DirectoryEntry[]): Promise<readonly IgnoreLevel[]> {
    if (!this.options.gitignore || !entries.some((entry) => entry.name === '.gitignore' && entry.type === 'file')) return frame.levels;
    const level = await this.readGitignore(frame.path);
    return level ? [...frame.levels, level] : frame.levels;
  }

  private async readGitignore(dir: string): Promise<IgnoreLevel | undefined> {
    const path = joinPath(dir, '.gitignore');
    try {
      return parseGitignore(dir, decodeUtf8(await this.fs.read(path)), this.options.warn);
    } catch (error) {
      const { code, message } = describeFsError(error);
      if (code !== 'notFound') this.options.warn?.(`${path} could not be read (${message}); its rules are not applied.`);
      return undefined;
    }
  }

  /**
   * The `.gitignore` rules of the folders from where they start (the nearest `.git` above the root,
   * else the root's workspace folder) down to the root's parent — unless they exclude the root
   * itself, which the user chose anyway.
   */
  private async levelsAbove(root: WalkRoot): Promise<readonly IgnoreLevel[]> {
    const start = (await this.gitRoot(root.path)) ?? root.base;
    if (start === undefined || (start !== root.path && relativeTo(start, root.path) === undefined)) return [];
    const folders: string[] = [];
    for (let dir = root.path; dir !== start; dir = parentPath(dir)) folders.unshift(parentPath(dir));
    const levels: IgnoreLevel[] = [];
    for (const dir of folders) {
      const level = await this.readGitignore(dir);
      if (level) levels.push(level);
    }
    return isGitIgnored(levels, root.path, true) ? [] : levels;
  }

  /** The nearest folder at or above `path` that holds a `.git`, if any. */
  private async gitRoot(path: string): Promise<string | undefined> {
    let dir = path;
    for (let level = 0; level < MAX_GIT_SEARCH; level++) {
      let found = this.gitFound.get(dir);
      if (found === undefined) {
        found = await this.fs.stat(joinPath(dir, '.git')).then(
          () => true,
          () => false,
        );
        this.gitFound.set(dir, found);
      }
      if (found) return dir;
      const parent = parentPath(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
    return undefined;
  }

  private isIgnored(root: WalkRoot, levels: readonly IgnoreLevel[], path: string, isDirectory: boolean): boolean {
    if (root.exclude && root.base !== undefined) {
      const relative = relativeTo(root.base, path);
      if (relative !== undefined && root.exclude(relative)) return true;
    }
    return levels.length > 0 && isGitIgnored(levels, path, isDirectory);
  }

  /** True the first time a file is met (chosen roots may overlap). */
  private firstSight(path: string): boolean {
    if (this.seenFiles.has(path)) return false;
    this.seenFiles.add(path);
    return true;
  }

  private checkCancelled(): void {
    if (this.options.signal?.aborted) throw new JobCancelledError();
  }
}

function skipped(path: string, reason: SkipReason): WalkItem {
  return { kind: 'skipped', path, reason };
}

/** A failed stat, list or read as a skip reason. */
export function readFailure(error: unknown): SkipReason {
  const { code, message } = describeFsError(error);
  return code === 'notFound' ? { kind: 'vanished' } : { kind: 'unreadable', message };
}
