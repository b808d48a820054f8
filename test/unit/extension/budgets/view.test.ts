import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { budgetDiagnostic, budgetStatusLines, type BudgetCheck } from '../../../../src/extension/budgets/view';
import { parseConfig } from '../../../../src/extension/settings/config';
import { statusLevel, statusTooltip } from '../../../../src/extension/statusBar/view';
import { englishOnly, fromBundle } from '../../../../src/extension/ui/l10n';
import { REPO_ROOT } from '../../../support/paths';
import { MINI, statusInput } from '../../../support/statusInput';

const zh = fromBundle(JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')));
const over: BudgetCheck = { kind: 'counted', budget: { source: { kind: 'setting', glob: 'prompts/**/*.md' }, tokens: 2000 }, model: MINI, tokens: 2345 };
const under: BudgetCheck = { kind: 'counted', budget: { source: { kind: 'frontMatter', line: 1 }, tokens: 3000 }, model: MINI, tokens: 2345 };

describe('token budgets in the editor', () => {
  it('puts an exceeded budget in the Problems panel, saying by how much, on the rule\'s line', () => {
    assert.deepEqual(budgetDiagnostic(over, englishOnly), {
      line: 0,
      code: 'over-budget',
      message: 'Over its token budget by 345: 2,345 tokens on gpt-5-mini, budget 2,000 (tokenCost.budgets "prompts/**/*.md").',
    });
    assert.equal(budgetDiagnostic(under, englishOnly), undefined);
    assert.deepEqual(budgetDiagnostic({ kind: 'invalidFrontMatter', line: 3 }, englishOnly)?.line, 3);
    assert.match(budgetDiagnostic({ kind: 'unknownModel', budget: over.budget, model: 'no/such' }, englishOnly)!.message, /unknown model "no\/such"; this budget is not checked/);
    assert.equal(budgetDiagnostic(over, zh)?.message, '超出词元预算 345：在 gpt-5-mini 上为 2,345 个词元，预算为 2,000（tokenCost.budgets "prompts/**/*.md"）。');
  });

  it('tells the tooltip how far over or how much is used, and turns the entry to the warning colour', () => {
    const lines = budgetStatusLines([over, under], englishOnly);
    // Markdown: the model id and the glob are escaped, so a glob's ** cannot turn into bold text.
    assert.equal(lines[0], String.raw`$(warning) **Over budget by 345 tokens**: 2,345 of 2,000 on gpt\-5\-mini (tokenCost\.budgets \"prompts/\*\*/\*\.md\").  `);
    assert.match(lines[1]!, /^Budget: 2,345 of 3,000 tokens on gpt\\-5\\-mini \(78%, tokenBudget in the front matter\)\.  $/);
    const input = statusInput(MINI, { notes: lines, overBudget: true });
    assert.equal(statusLevel(input), 'warning');
    assert.equal(statusLevel(statusInput(MINI, {})), 'normal');
    assert.ok(statusTooltip(input, englishOnly).includes(lines[0]!));
  });

  it('reads tokenCost.budgets and tokenCost.sections.codeLens, naming each bad entry', () => {
    const { config, problems } = parseConfig(
      (key) => ({ budgets: [{ glob: 'prompts/**/*.md', tokens: 2000 }, { glob: 'x', tokens: 0 }, 'bad'], 'sections.codeLens': 'yes' })[key],
      englishOnly,
    );
    assert.deepEqual(config.budgets, [{ glob: 'prompts/**/*.md', tokens: 2000 }]);
    assert.equal(config.sectionsCodeLens, true);
    assert.deepEqual(problems, [
      'tokenCost.budgets[1]: "tokens" must be a whole number of tokens ≥ 1; ignored.',
      'tokenCost.budgets[2] must be an object like { "glob": "prompts/**/*.md", "tokens": 2000 }; ignored.',
      'Setting "tokenCost.sections.codeLens" must be true or false; using the default (true).',
    ]);
    assert.deepEqual(parseConfig((key) => (key === 'budgets' ? { glob: 'x' } : undefined), englishOnly).problems, [
      'tokenCost.budgets must be a list like [{ "glob": "prompts/**/*.md", "tokens": 2000 }]; ignored.',
    ]);
  });
});
