import { combinedBand } from '../tokenizers/band';
import type { Counted } from '../counting/types';
import type { TokenizerId } from '../tokenizers/types';

/** A file of a bundle as the totals need it: its shown path and its counts. */
export interface BundleFile {
  /** Relative, `/`-separated (`src/a.ts`), as shown and as written in the prompt's headers. */
  readonly path: string;
  readonly characters: number;
  readonly counts: ReadonlyMap<TokenizerId, Counted>;
}

/**
 * The bundle's count for each tokenizer: the sum of its files' counts (what the CLI's `total`
 * and the Context view show), with the estimates' bands weighted by tokens. A tokenizer some file
 * lacks a count for is left out rather than under-counted.
 */
export function bundleTotals(files: readonly BundleFile[], tokenizers: readonly TokenizerId[]): Map<TokenizerId, Counted> {
  const totals = new Map<TokenizerId, Counted>();
  for (const tokenizer of tokenizers) {
    const parts: Counted[] = [];
    for (const file of files) {
      const counted = file.counts.get(tokenizer);
      if (!counted) break;
      parts.push(counted);
    }
    if (parts.length !== files.length) continue;
    const band = combinedBand(parts);
    totals.set(tokenizer, { tokens: parts.reduce((sum, part) => sum + part.tokens, 0), ...(band ? { band } : {}) });
  }
  return totals;
}

/** The `n` files with the most tokens on `tokenizer`, largest first (ties by path). */
export function largestFiles<F extends BundleFile>(files: readonly F[], tokenizer: TokenizerId, n: number): F[] {
  const tokens = (file: F): number => file.counts.get(tokenizer)?.tokens ?? 0;
  return [...files].sort((a, b) => tokens(b) - tokens(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).slice(0, Math.max(0, n));
}

/** A folder or file of the bundle's tree, with the tokens below it. */
export interface BundleNode<F extends BundleFile = BundleFile> {
  /** The last segment (or several joined by `/` where a folder holds a single folder). */
  readonly name: string;
  /** Relative path of the folder or file. */
  readonly path: string;
  readonly tokens: number;
  /** Files at or below this node. */
  readonly files: number;
  /** A folder's children, in the order asked for; absent for a file. */
  readonly children?: readonly BundleNode<F>[];
  readonly file?: F;
}

/** How the tree's siblings are ordered. */
export type BundleOrder = 'tokens' | 'name';

interface MutableFolder<F extends BundleFile> {
  name: string;
  path: string;
  tokens: number;
  files: number;
  folders: Map<string, MutableFolder<F>>;
  leaves: BundleNode<F>[];
}

/**
 * The files as a tree of folders with totals on `tokenizer`. Siblings are ordered by tokens (most
 * first) or by name, folders before files when by name; a chain of folders holding one folder each
 * is shown as one node (`src/core/context`), as VS Code's Explorer compacts them.
 */
export function bundleTree<F extends BundleFile>(files: readonly F[], tokenizer: TokenizerId, order: BundleOrder): BundleNode<F>[] {
  const root: MutableFolder<F> = { name: '', path: '', tokens: 0, files: 0, folders: new Map(), leaves: [] };
  for (const file of files) {
    const tokens = file.counts.get(tokenizer)?.tokens ?? 0;
    const segments = file.path.split('/');
    let folder = root;
    folder.tokens += tokens;
    folder.files++;
    for (const segment of segments.slice(0, -1)) {
      let child = folder.folders.get(segment);
      if (!child) {
        child = { name: segment, path: folder.path ? `${folder.path}/${segment}` : segment, tokens: 0, files: 0, folders: new Map(), leaves: [] };
        folder.folders.set(segment, child);
      }
      child.tokens += tokens;
      child.files++;
      folder = child;
    }
    folder.leaves.push({ name: segments[segments.length - 1]!, path: file.path, tokens, files: 1, file });
  }
  return childrenOf(root, order);
}

function childrenOf<F extends BundleFile>(folder: MutableFolder<F>, order: BundleOrder): BundleNode<F>[] {
  const folders = [...folder.folders.values()].map((child): BundleNode<F> => {
    let compact = child;
    let name = child.name;
    while (compact.leaves.length === 0 && compact.folders.size === 1) {
      compact = compact.folders.values().next().value!;
      name = `${name}/${compact.name}`;
    }
    return { name, path: compact.path, tokens: child.tokens, files: child.files, children: childrenOf(compact, order) };
  });
  const byName = (a: BundleNode<F>, b: BundleNode<F>): number => a.name.localeCompare(b.name);
  if (order === 'name') return [...folders.sort(byName), ...[...folder.leaves].sort(byName)];
  return [...folders, ...folder.leaves].sort((a, b) => b.tokens - a.tokens || byName(a, b));
}
