import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { budgetsFor, parseBudgetRules, type AppliedBudget, type BudgetProblem, type BudgetRule } from '../core/budgets/rules';
import { countWithRegistry } from '../core/pricing/analyze';
import { DEFAULT_MODEL_ID, UnknownModelError, type ModelCatalog } from '../core/pricing/catalog';
import { UsageError } from './args';
import type { CountedFile } from './request';

/** The budgets of a workspace, as its `.vscode/settings.json` sets them (the editor's own setting). */
interface WorkspaceBudgets {
  /** The workspace folder: globs are matched against paths relative to it. */
  readonly root: string;
  /** The settings file read, or `undefined` when the workspace has none (front matter budgets still apply). */
  readonly settingsFile?: string;
  readonly rules: readonly BudgetRule[];
  /** `tokenCost.model` of the same file: what a rule without a model counts on, as in the editor. */
  readonly model?: string;
}

/** The folder with `.vscode/settings.json` at or above `from`, or `undefined`. */
function findWorkspace(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.vscode', 'settings.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** A budgets problem in the words the editor uses (English), naming the setting. */
function describeProblem(problem: BudgetProblem): string {
  if (problem.kind === 'notAList') return '"tokenCost.budgets" must be a list of { "glob", "tokens", "model"? }';
  const where = `tokenCost.budgets[${problem.index}]`;
  switch (problem.field) {
    case 'entry':
      return `${where} must be an object like { "glob": "prompts/**/*.md", "tokens": 2000 }`;
    case 'glob':
      return `${where}.glob must be a non-empty glob such as "prompts/**/*.md"`;
    case 'tokens':
      return `${where}.tokens must be a whole number of tokens ≥ 1`;
    case 'model':
      return `${where}.model must be a model id such as "openai/gpt-5-mini"`;
  }
}

/**
 * Reads the budgets from `<workspace>/.vscode/settings.json` (JSON with comments and trailing
 * commas, as VS Code allows). `workspace` given: that folder; else the nearest folder at or above
 * `cwd` with a settings file. A bad settings file or budget is a usage error: a rule skipped in
 * CI would let a file over budget pass.
 */
export function loadWorkspaceBudgets(workspace: string | undefined, cwd: string): WorkspaceBudgets {
  const root = workspace !== undefined ? resolve(cwd, workspace) : findWorkspace(cwd);
  if (root === undefined) return { root: resolve(cwd), rules: [] };
  if (!existsSync(root)) throw new UsageError(`--workspace: no such folder: ${root}.`);
  const settingsFile = join(root, '.vscode', 'settings.json');
  if (!existsSync(settingsFile)) return { root, rules: [] };
  let text: string;
  try {
    text = readFileSync(settingsFile, 'utf8');
  } catch (error) {
    throw new UsageError(`--budgets: cannot read ${settingsFile}: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const errors: ParseError[] = [];
  const settings: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const [first] = errors;
    const before = text.slice(0, first!.offset).split('\n');
    // "CommaExpected" → "comma expected": the parser's code, in words.
    const problem = printParseErrorCode(first!.error).replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
    throw new UsageError(`--budgets: ${settingsFile} line ${before.length}, column ${before.at(-1)!.length + 1}: not valid JSON (${problem}).`);
  }
  const record = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>) : {};
  const problems: string[] = [];
  const rules = parseBudgetRules(record['tokenCost.budgets'], (problem) => problems.push(describeProblem(problem)));
  if (problems.length) throw new UsageError(`--budgets: ${settingsFile}: ${problems.join('; ')}.`);
  const model = record['tokenCost.model'];
  return { root, settingsFile, rules, ...(typeof model === 'string' && model.trim() ? { model: model.trim() } : {}) };
}

/** One budget checked on one file, as `--json` reports it. */
export interface BudgetCheck {
  /** `tokenCost.budgets` with its glob, or the file's front matter. */
  readonly source: string;
  readonly model: string;
  readonly limit: number;
  readonly tokens: number;
  readonly over: boolean;
}

/** The file's path relative to the workspace, or `undefined` when it is outside it (or stdin). */
function workspacePath(path: string, root: string, cwd: string): string | undefined {
  if (path === '<stdin>') return undefined;
  const rel = relative(root, resolve(cwd, path));
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(/[\\/]/).join('/');
}

/**
 * Checks every budget that applies to each counted file: the workspace's rules matching its path,
 * and its front matter's `tokenBudget:`. The file's text is counted on the rule's model, else on
 * the workspace's `tokenCost.model`, else the extension's default — as the editor counts it.
 */
export async function checkBudgets(
  files: readonly CountedFile[],
  budgets: WorkspaceBudgets,
  cwd: string,
  catalog: ModelCatalog,
  /** Counts a whole text (main.ts: long texts over worker threads); on this thread when absent. */
  countText?: (tokenizer: string, text: string) => Promise<number>,
): Promise<Map<CountedFile, BudgetCheck[]>> {
  const checks = new Map<CountedFile, BudgetCheck[]>();
  const modelOf = (budget: AppliedBudget, where: string) => {
    const id = budget.model ?? budgets.model ?? DEFAULT_MODEL_ID;
    try {
      return catalog.get(id);
    } catch (error) {
      if (error instanceof UnknownModelError) throw new UsageError(`--budgets: ${where}: ${error.message}`);
      throw error;
    }
  };
  for (const file of files) {
    const { budgets: applied, invalidFrontMatter } = await budgetsFor(workspacePath(file.input.path, budgets.root, cwd), file.input.text, budgets.rules);
    if (invalidFrontMatter !== undefined) {
      throw new UsageError(`--budgets: ${file.input.path} line ${invalidFrontMatter + 1}: "tokenBudget" must be a whole number of tokens ≥ 1.`);
    }
    const counts = new Map<string, number>();
    const fileChecks: BudgetCheck[] = [];
    for (const budget of applied) {
      const source = budget.source.kind === 'setting' ? `tokenCost.budgets "${budget.source.glob}"` : `front matter tokenBudget (line ${budget.source.line + 1})`;
      const model = modelOf(budget, source);
      let tokens = counts.get(model.tokenizer);
      if (tokens === undefined) {
        tokens = countText ? await countText(model.tokenizer, file.input.text) : countWithRegistry(model.tokenizer, file.input.text);
        counts.set(model.tokenizer, tokens);
      }
      fileChecks.push({ source, model: model.id, limit: budget.tokens, tokens, over: tokens > budget.tokens });
    }
    checks.set(file, fileChecks);
  }
  return checks;
}
