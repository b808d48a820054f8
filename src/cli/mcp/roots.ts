import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The MCP server reads files only inside the directories its client names as roots (or the
 * working directory when it names none). A path is checked twice: as written, so that a `..`
 * escape is refused before the file system is asked anything (no probing of what exists
 * elsewhere), and once its symbolic links are resolved, so that a link inside a root cannot lead
 * out of it.
 */

/** A path confined to the roots: the real path to read, or why it may not be read. */
export type ConfinedPath = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** True when `child` is `parent` or lies below it. */
function within(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** A root's real path (its own links resolved), or `undefined` when it does not exist. */
async function realRoot(root: string): Promise<string | undefined> {
  try {
    return await realpath(root);
  } catch {
    return undefined;
  }
}

/** The local directory a root URI names; `undefined` for other schemes (a remote workspace's). */
export function rootDirectory(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Resolves `requested` (a path, absolute or relative to a root, or a `file:` URI) to the real
 * path of an existing file inside one of `roots` (absolute directories). A relative path is tried
 * against each root in order; the first that holds it wins.
 */
export async function confine(requested: string, roots: readonly string[]): Promise<ConfinedPath> {
  let path = requested;
  if (/^file:/i.test(requested)) {
    const local = rootDirectory(requested);
    if (local === undefined) return { ok: false, reason: `"${requested}" is not a local file URI` };
    path = local;
  } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(requested)) {
    return { ok: false, reason: `"${requested}" is not a local path; only files inside the roots are read` };
  }
  const given = roots.map((root) => resolve(root));
  const candidates = isAbsolute(path) ? [resolve(path)] : given.map((root) => resolve(root, path));
  const real = (await Promise.all(given.map(realRoot))).filter((root): root is string => root !== undefined);
  // A root may be a link itself: a path is inside when it is below the root as named or as resolved.
  const insideAsWritten = candidates.filter((candidate) => [...given, ...real].some((root) => within(root, candidate)));
  if (insideAsWritten.length === 0) return { ok: false, reason: `${requested} is outside the roots; only files inside ${given.join(', ')} are read` };

  for (const candidate of insideAsWritten) {
    let target: string;
    try {
      target = await realpath(candidate);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      return { ok: false, reason: `${requested}: ${code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error)}` };
    }
    if (!real.some((root) => within(root, target))) {
      return { ok: false, reason: `${requested} leads outside the roots through a symbolic link (to ${target}); only files inside ${given.join(', ')} are read` };
    }
    return { ok: true, path: target };
  }
  return { ok: false, reason: `${requested}: no such file in ${given.join(', ')}` };
}
