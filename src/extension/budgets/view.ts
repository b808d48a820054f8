import type { AppliedBudget } from '../../core/budgets/rules';
import { formatInteger, formatPercent } from '../../core/pricing/format';
import { bareId } from '../../core/pricing/modelIds';
import type { ModelInfo } from '../../core/pricing/types';
import type { Translate } from '../ui/l10n';
import { escapeMarkdown } from '../ui/markdown';

/** One budget of a document, checked: counted, or why it could not be. */
export type BudgetCheck =
  | { readonly kind: 'counted'; readonly budget: AppliedBudget; readonly model: ModelInfo; readonly tokens: number }
  | { readonly kind: 'unknownModel'; readonly budget: AppliedBudget; readonly model: string }
  | { readonly kind: 'invalidFrontMatter'; readonly line: number };

/** Where a budget comes from, for people: `tokenCost.budgets "prompts/**"`, or the front matter. */
function budgetSource(budget: AppliedBudget, t: Translate): string {
  return budget.source.kind === 'setting' ? t('{0} "{1}"', 'tokenCost.budgets', budget.source.glob) : t('{0} in the front matter', 'tokenBudget');
}

/** The line a budget's diagnostic sits on: the front matter's `tokenBudget:`, else the first line. */
function budgetLine(budget: AppliedBudget): number {
  return budget.source.kind === 'frontMatter' ? budget.source.line : 0;
}

/** A Problems-panel entry for a budget exceeded or unusable; `undefined` when the file is within it. */
export function budgetDiagnostic(check: BudgetCheck, t: Translate): { readonly line: number; readonly message: string; readonly code: string } | undefined {
  switch (check.kind) {
    case 'invalidFrontMatter':
      return { line: check.line, code: 'invalid-budget', message: t('"{0}" must be a whole number of tokens ≥ 1; this budget is not checked.', 'tokenBudget') };
    case 'unknownModel':
      return { line: budgetLine(check.budget), code: 'unknown-model', message: t('Token budget of {0} ({1}): unknown model "{2}"; this budget is not checked.', formatInteger(check.budget.tokens), budgetSource(check.budget, t), check.model) };
    case 'counted': {
      const over = check.tokens - check.budget.tokens;
      if (over <= 0) return undefined;
      return {
        line: budgetLine(check.budget),
        code: 'over-budget',
        message: t(
          'Over its token budget by {0}: {1} tokens on {2}, budget {3} ({4}).',
          formatInteger(over),
          formatInteger(check.tokens),
          bareId(check.model.id),
          formatInteger(check.budget.tokens),
          budgetSource(check.budget, t),
        ),
      };
    }
  }
}

/** Status bar tooltip lines (Markdown): each budget with what is used or how far over it is. */
export function budgetStatusLines(checks: readonly BudgetCheck[], t: Translate): string[] {
  const lines: string[] = [];
  for (const check of checks) {
    if (check.kind !== 'counted') {
      const problem = budgetDiagnostic(check, t);
      if (problem) lines.push(`$(warning) ${escapeMarkdown(problem.message)}  `);
      continue;
    }
    const over = check.tokens - check.budget.tokens;
    const source = escapeMarkdown(budgetSource(check.budget, t));
    const model = escapeMarkdown(bareId(check.model.id));
    lines.push(
      over > 0
        ? `$(warning) **${t('Over budget by {0} tokens', formatInteger(over))}**: ${t('{0} of {1} on {2} ({3}).', formatInteger(check.tokens), formatInteger(check.budget.tokens), model, source)}  `
        : `${t('Budget: {0} of {1} tokens on {2} ({3}, {4}).', formatInteger(check.tokens), formatInteger(check.budget.tokens), model, formatPercent(check.tokens / check.budget.tokens), source)}  `,
    );
  }
  return lines;
}
