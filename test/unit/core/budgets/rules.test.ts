import { strict as assert } from 'node:assert';
import { budgetsFor, frontMatterBudget, matchingRules, parseBudgetRules, type BudgetProblem } from '../../../../src/core/budgets/rules';

describe('budgets: one rule for the editor and the CLI', () => {
  it('reads valid rules and reports each bad entry as data, keeping the rest', () => {
    const problems: BudgetProblem[] = [];
    const rules = parseBudgetRules(
      [
        { glob: 'prompts/**/*.md', tokens: 2000 },
        { glob: ' *.txt ', tokens: 10, model: ' openai/gpt-4 ' },
        'nope',
        { glob: '', tokens: 5 },
        { glob: 'a', tokens: 1.5 },
        { glob: 'a', tokens: 0 },
        { glob: 'a', tokens: 5, model: 3 },
      ],
      (problem) => problems.push(problem),
    );
    assert.deepEqual(rules, [
      { glob: 'prompts/**/*.md', tokens: 2000 },
      { glob: '*.txt', tokens: 10, model: 'openai/gpt-4' },
    ]);
    assert.deepEqual(problems, [
      { kind: 'badEntry', index: 2, field: 'entry' },
      { kind: 'badEntry', index: 3, field: 'glob' },
      { kind: 'badEntry', index: 4, field: 'tokens' },
      { kind: 'badEntry', index: 5, field: 'tokens' },
      { kind: 'badEntry', index: 6, field: 'model' },
    ]);
    const notList: BudgetProblem[] = [];
    assert.deepEqual(parseBudgetRules({ glob: 'x', tokens: 1 }, (problem) => notList.push(problem)), []);
    assert.deepEqual(notList, [{ kind: 'notAList' }]);
    assert.deepEqual(parseBudgetRules(undefined, () => assert.fail('nothing to report')), []);
  });

  it('matches globs against workspace-relative paths the same way on every platform', () => {
    const rules = parseBudgetRules(
      [
        { glob: 'prompts/**/*.md', tokens: 1 },
        { glob: '**/AGENTS.md', tokens: 2 },
        { glob: './docs/*.{md,txt}', tokens: 3 },
        { glob: '.github/*.md', tokens: 4 },
      ],
      () => undefined,
    );
    const limits = (path: string): number[] => matchingRules(path, rules).map((rule) => rule.tokens);
    assert.deepEqual(limits('prompts/a.md'), [1]);
    assert.deepEqual(limits('prompts/deep/er/b.md'), [1]);
    assert.deepEqual(limits('prompts\\win\\c.md'), [1], 'backslashes are separators');
    assert.deepEqual(limits('AGENTS.md'), [2]);
    assert.deepEqual(limits('sub/AGENTS.md'), [2]);
    assert.deepEqual(limits('docs/x.txt'), [3]);
    assert.deepEqual(limits('docs/deeper/x.txt'), []);
    assert.deepEqual(limits('.github/copilot-instructions.md'), [4], 'dot folders match');
    assert.deepEqual(limits('other/a.md'), []);
  });

  it('reads tokenBudget from YAML front matter with its line, and flags a bad value', async () => {
    assert.deepEqual(await frontMatterBudget('---\ntitle: x\ntokenBudget: 1500\n---\nbody'), { kind: 'budget', tokens: 1500, line: 2 });
    assert.deepEqual(await frontMatterBudget('---\r\ntokenBudget: "lots"\r\n---\r\n'), { kind: 'invalid', line: 1 });
    assert.deepEqual(await frontMatterBudget('---\ntokenBudget: [\n---\n'), { kind: 'invalid', line: 1 });
    assert.equal(await frontMatterBudget('no front matter\ntokenBudget: 5\n'), undefined);
    assert.equal(await frontMatterBudget('---\ntitle: x\n---\ntokenBudget: 5\n'), undefined, 'only inside the front matter');
  });

  it('reads tokenBudget from a front matter of 60,000 keys in linear time, a repeated key the last one', async function () {
    // The yaml package's unique-keys check compares every key with every earlier one: 27 s here.
    this.timeout(10_000);
    const keys = Array.from({ length: 60_000 }, (_, i) => `k${i}: value ${i}`).join('\n');
    assert.deepEqual(await frontMatterBudget(`---\ntokenBudget: 100\n${keys}\ntokenBudget: 120\n---\nbody\n`), { kind: 'budget', tokens: 120, line: 60_002 });
  });

  it('applies the matching rules and the front matter together', async () => {
    const rules = parseBudgetRules([{ glob: '**/*.md', tokens: 100, model: 'm' }], () => undefined);
    assert.deepEqual(await budgetsFor('a.md', '---\ntokenBudget: 50\n---\n', rules), {
      budgets: [
        { source: { kind: 'setting', glob: '**/*.md' }, tokens: 100, model: 'm' },
        { source: { kind: 'frontMatter', line: 1 }, tokens: 50 },
      ],
    });
    assert.deepEqual(await budgetsFor(undefined, 'x', rules), { budgets: [] }, 'a file outside the workspace: no rule applies');
    assert.deepEqual(await budgetsFor('a.txt', '---\ntokenBudget: 0\n---\n', rules), { budgets: [], invalidFrontMatter: 1 });
  });
});
