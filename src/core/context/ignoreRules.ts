import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch/posix';
import { relativeTo } from './fileSystem';

/** One folder's `.gitignore`: its patterns apply to paths below that folder, relative to it. */
export interface IgnoreLevel {
  readonly dir: string;
  readonly rules: Ignore;
}

/**
 * Parses a `.gitignore` (pattern semantics by the `ignore` package, git's own: negations, anchors,
 * `**`, trailing `/` for folders, escapes). Case-sensitive, as git is by default. A line the
 * library rejects is reported through `warn` and left out instead of failing the walk.
 */
export function parseGitignore(dir: string, text: string, warn?: (message: string) => void): IgnoreLevel {
  const rules = ignore({ ignorecase: false });
  text.split(/\r?\n/).forEach((line, index) => {
    try {
      rules.add(line);
    } catch (error) {
      warn?.(`${dir}/.gitignore line ${index + 1} left out: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return { dir, rules };
}

/**
 * Whether `path` is ignored by the `.gitignore` files of `levels` (outermost first), as git
 * decides: the deepest file with a matching pattern wins, and within a file the last matching
 * pattern (`!` re-includes). Paths under an ignored folder never get here: the walk does not
 * enter it, as git does not re-include files of an excluded folder.
 */
export function isGitIgnored(levels: readonly IgnoreLevel[], path: string, isDirectory: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    const relative = relativeTo(level.dir, path);
    if (relative === undefined) continue;
    const verdict = level.rules.test(isDirectory ? `${relative}/` : relative);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/** Tests a path relative to the exclude base (a workspace folder) against exclude globs. */
export type ExcludeTest = (relativePath: string) => boolean;

/**
 * Exclude globs as VS Code reads `files.exclude` (`**\/node_modules`, `**\/*.{png,jpg}`, `dist`):
 * matched against the path relative to the workspace folder, dot files included. A folder that
 * matches is left out with everything in it. `undefined` when there is nothing to exclude.
 */
export function excludeTest(globs: readonly string[]): ExcludeTest | undefined {
  const patterns = globs.map((glob) => glob.trim()).filter((glob) => glob !== '');
  if (patterns.length === 0) return undefined;
  return picomatch(patterns, { dot: true, windows: false });
}
