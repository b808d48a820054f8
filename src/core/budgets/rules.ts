import picomatch from 'picomatch/posix';
import { splitFrontMatter } from '../request/frontMatter';
import { isRecord } from '../util/isRecord';

/**
 * Token budgets: the one rule the editor (setting `tokenCost.budgets`, front matter
 * `tokenBudget:`) and the CLI (`--budgets`, reading the same setting from the workspace's
 * `.vscode/settings.json`) hold files to. Parsing and matching live here, so both agree.
 */

/** One entry of `tokenCost.budgets`: files matching `glob` (relative to the workspace folder) hold at most `tokens`. */
export interface BudgetRule {
  readonly glob: string;
  readonly tokens: number;
  /** Counted on this model (its tokenizer); the selected model when absent. */
  readonly model?: string;
}

/** What is wrong with a budgets value, as data: the editor words it in the user's language, the CLI in English. */
export type BudgetProblem =
  | { readonly kind: 'notAList' }
  | { readonly kind: 'badEntry'; readonly index: number; readonly field: 'entry' | 'glob' | 'tokens' | 'model' };

/** The greatest budget accepted (any real file is far below it). */
const MAX_BUDGET = 1_000_000_000_000;

const isBudget = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_BUDGET;

/** Reads a `tokenCost.budgets` value; a bad entry is reported and left out, the others kept. */
export function parseBudgetRules(value: unknown, report: (problem: BudgetProblem) => void): BudgetRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report({ kind: 'notAList' });
    return [];
  }
  const rules: BudgetRule[] = [];
  value.forEach((entry: unknown, index) => {
    if (!isRecord(entry)) return report({ kind: 'badEntry', index, field: 'entry' });
    if (typeof entry.glob !== 'string' || entry.glob.trim() === '') return report({ kind: 'badEntry', index, field: 'glob' });
    if (!isBudget(entry.tokens)) return report({ kind: 'badEntry', index, field: 'tokens' });
    if (entry.model !== undefined && (typeof entry.model !== 'string' || entry.model.trim() === '')) return report({ kind: 'badEntry', index, field: 'model' });
    rules.push({ glob: entry.glob.trim(), tokens: entry.tokens, ...(typeof entry.model === 'string' ? { model: entry.model.trim() } : {}) });
  });
  return rules;
}

/**
 * The rules whose glob matches a path relative to the workspace folder (`/`-separated; a leading
 * `./` is ignored). Globs are picomatch's, the same on every platform; dot files match too.
 */
export function matchingRules(relativePath: string, rules: readonly BudgetRule[]): BudgetRule[] {
  const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  return rules.filter((rule) => matcher(rule.glob)(path));
}

/** Compiled globs: the editor matches on every count. */
const matchers = new Map<string, (path: string) => boolean>();

function matcher(glob: string): (path: string) => boolean {
  let match = matchers.get(glob);
  if (!match) {
    if (matchers.size > 256) matchers.clear();
    match = picomatch(glob.replace(/^\.\//, ''), { dot: true });
    matchers.set(glob, match);
  }
  return match;
}

/** A file's own budget from `tokenBudget:` in its YAML front matter, or why it cannot be used. */
export type FrontMatterBudget =
  | { readonly kind: 'budget'; readonly tokens: number; readonly line: number }
  | { readonly kind: 'invalid'; readonly line: number };

/**
 * The `tokenBudget:` of a Markdown-style front matter (line is 0-based), if the file has one. The
 * YAML parser is loaded only then: with the extension it would add to every activation.
 */
export async function frontMatterBudget(text: string): Promise<FrontMatterBudget | undefined> {
  const split = splitFrontMatter(text);
  if (split.yaml === undefined) return undefined;
  // The last one: a repeated key's last value is the one read below.
  const keys = [...split.yaml.matchAll(/^tokenBudget[ \t]*:/gm)];
  const key = keys.at(-1);
  if (!key) return undefined;
  const line = countLines(text.slice(0, split.yamlOffset + key.index));
  const { parse: parseYaml } = await import('yaml');
  let value: unknown;
  try {
    // Without the unique-keys check, as the request parser (yamlDoc.ts): the yaml package compares
    // each key with every earlier one, and a front matter of 40,000 keys took 12 s (2 MB: 154 s) on
    // the extension host at every budget check. A repeated key is legal JSON; the last one wins.
    const parsed: unknown = parseYaml(split.yaml, { uniqueKeys: false });
    value = isRecord(parsed) ? parsed.tokenBudget : undefined;
  } catch {
    return { kind: 'invalid', line };
  }
  return isBudget(value) ? { kind: 'budget', tokens: value, line } : { kind: 'invalid', line };
}

function countLines(text: string): number {
  return text.split(/\r\n|\r|\n/).length - 1;
}

/** One budget that applies to a file: where it comes from, its limit, and the model it counts on. */
export interface AppliedBudget {
  readonly source: { readonly kind: 'setting'; readonly glob: string } | { readonly kind: 'frontMatter'; readonly line: number };
  readonly tokens: number;
  readonly model?: string;
}

/** Every budget a file is held to: the matching setting rules, then its front matter's own. */
export async function budgetsFor(relativePath: string | undefined, text: string, rules: readonly BudgetRule[]): Promise<{ budgets: AppliedBudget[]; invalidFrontMatter?: number }> {
  const budgets: AppliedBudget[] = relativePath === undefined ? [] : matchingRules(relativePath, rules).map((rule) => ({ source: { kind: 'setting' as const, glob: rule.glob }, tokens: rule.tokens, ...(rule.model ? { model: rule.model } : {}) }));
  const own = await frontMatterBudget(text);
  if (own?.kind === 'budget') budgets.push({ source: { kind: 'frontMatter', line: own.line }, tokens: own.tokens });
  return own?.kind === 'invalid' ? { budgets, invalidFrontMatter: own.line } : { budgets };
}
