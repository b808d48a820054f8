import type { BundleFile } from '../../core/context/bundle';
import type { SkipReason } from '../../core/context/skip';
import type { Counted } from '../../core/counting/types';
import type { TokenizerId } from '../../core/tokenizers/types';

/** Where an entry's text comes from. */
export type EntrySource =
  /** A file: its editor's text while open, else the file on disk. */
  | 'file'
  /** An editor without a file (untitled): its text while it is open. */
  | 'editor'
  /** A selection, kept as selected (its text is held). */
  | 'selection';

/** One file (or selection) of the Context view's bundle. */
export interface ContextEntry extends BundleFile {
  /** Unique: the URI, with the range for a selection. */
  readonly key: string;
  /** The document's URI, as a string. */
  readonly uri: string;
  readonly source: EntrySource;
  /** A selection's text (files are read again when copied). */
  readonly text?: string;
}

/** A path of the bundle left out, with the reason. */
export interface ContextSkipped {
  readonly key: string;
  readonly path: string;
  readonly reason: SkipReason;
}

/**
 * What the Context view holds: the counted entries in the order added, the skipped paths, and the
 * chosen roots (walked again by *Recount*). No VS Code here: the controller feeds it, the tree and
 * the commands read it.
 */
export class ContextBundle {
  private readonly entries = new Map<string, ContextEntry>();
  private readonly skippedPaths = new Map<string, ContextSkipped>();
  /** The files and folders chosen, by URI, for *Recount*. */
  readonly roots = new Set<string>();

  get size(): number {
    return this.entries.size;
  }

  files(): ContextEntry[] {
    return [...this.entries.values()];
  }

  skipped(): ContextSkipped[] {
    return [...this.skippedPaths.values()];
  }

  get(key: string): ContextEntry | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key) || this.skippedPaths.has(key);
  }

  /** Adds or replaces an entry (a recount keeps its place). */
  set(entry: ContextEntry): void {
    this.skippedPaths.delete(entry.key);
    this.entries.set(entry.key, entry);
  }

  skip(skipped: ContextSkipped): void {
    this.entries.delete(skipped.key);
    this.skippedPaths.set(skipped.key, skipped);
  }

  /** Removes the entries (and skipped paths) at `path` or below it (a folder of the tree); how many went. */
  removePath(path: string): number {
    const inside = (shown: string): boolean => shown === path || shown.startsWith(`${path}/`);
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (inside(entry.path)) {
        this.entries.delete(key);
        removed++;
      }
    }
    for (const [key, skipped] of this.skippedPaths) if (inside(skipped.path)) this.skippedPaths.delete(key);
    return removed;
  }

  /** Removes one entry by key (a closed untitled editor, a deleted file). */
  remove(key: string): boolean {
    return this.entries.delete(key) || this.skippedPaths.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.skippedPaths.clear();
    this.roots.clear();
  }

  /** Tokenizers some entry lacks a count for: settings added a model with a new tokenizer. */
  missing(tokenizers: readonly TokenizerId[]): ContextEntry[] {
    return this.files().filter((entry) => tokenizers.some((id) => !entry.counts.has(id)));
  }
}

/** A counted entry from its counts. */
export function contextEntry(key: string, uri: string, path: string, source: EntrySource, characters: number, counts: ReadonlyMap<TokenizerId, Counted>, text?: string): ContextEntry {
  return { key, uri, path, source, characters, counts, ...(text !== undefined ? { text } : {}) };
}
