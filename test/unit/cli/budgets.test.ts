import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import { runCliForTest as run } from '../../support/cliRun';

/** A workspace on disk: `.vscode/settings.json` (JSONC) and some prompt files. */
function workspace(settings: string | undefined, files: Record<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'token-cost-budgets-'));
  if (settings !== undefined) {
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode', 'settings.json'), settings);
  }
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const o200k = (text: string): number => getTokenizer('o200k_base').count(text);
const LONG = 'Every word of this prompt costs tokens on every call. '.repeat(20);
const SHORT = 'Be brief.\n';
const SETTINGS = `{
  // Held in the editor and in CI alike.
  "tokenCost.budgets": [
    { "glob": "prompts/**/*.md", "tokens": 100 },
    { "glob": "**/*.txt", "tokens": 5, "model": "openai/gpt-4" },
  ],
}`;

describe('token-cost --budgets: the editor\'s budgets in CI', () => {
  it('exits 1 when a file matching a rule of .vscode/settings.json (JSONC) is over, naming the rule, tokens and overshoot', async () => {
    const ws = workspace(SETTINGS, { 'prompts/deep/long.md': LONG, 'prompts/short.md': SHORT });
    try {
      const over = await run(['--budgets', '--workspace', ws.dir, join(ws.dir, 'prompts/deep/long.md'), join(ws.dir, 'prompts/short.md')]);
      assert.equal(over.code, 1, over.stderr);
      const tokens = o200k(LONG);
      assert.match(over.stderr, new RegExp(`long\\.md: Budget 100 \\(tokenCost\\.budgets "prompts/\\*\\*/\\*\\.md"\\): ${tokens} tokens on openai/gpt-5-mini, ${tokens - 100} over\\.`));
      assert.doesNotMatch(over.stderr, /short\.md/);
      const shortBlock = over.stdout.slice(over.stdout.indexOf('short.md'));
      assert.match(shortBlock, /Budget 100 \(tokenCost\.budgets "prompts\/\*\*\/\*\.md"\): \d+ tokens on openai\/gpt-5-mini, \d+ left\./);
      const under = await run(['--budgets', '--workspace', ws.dir, join(ws.dir, 'prompts/short.md')]);
      assert.equal(under.code, 0);
    } finally {
      ws.cleanup();
    }
  });

  it('counts on the rule\'s model, and reports the checks in --json', async () => {
    const ws = workspace(SETTINGS, { 'notes/a.txt': 'one two three four five six seven\n' });
    try {
      const { code, stdout } = await run(['--budgets', '--json', '--workspace', ws.dir, join(ws.dir, 'notes/a.txt')]);
      assert.equal(code, 1);
      const [check] = JSON.parse(stdout).files[0].budgets;
      assert.deepEqual(check, {
        source: 'tokenCost.budgets "**/*.txt"',
        model: 'openai/gpt-4',
        limit: 5,
        tokens: getTokenizer('cl100k_base').count('one two three four five six seven\n'),
        over: true,
      });
    } finally {
      ws.cleanup();
    }
  });

  it('finds the workspace above the current folder, and holds a file to its front matter\'s tokenBudget', async () => {
    const text = `---\ntokenBudget: 10\n---\n${SHORT}`;
    const ws = workspace(SETTINGS, { 'docs/own.md': text, 'prompts/long.md': LONG });
    try {
      // Run from docs/: the paths are relative to it, the globs to the workspace found above.
      const { code, stderr } = await run(['--budgets', 'own.md', '../prompts/long.md'], '', join(ws.dir, 'docs'));
      assert.equal(code, 1);
      assert.match(stderr, new RegExp(`own\\.md: Budget 10 \\(front matter tokenBudget \\(line 2\\)\\): ${o200k(text)} tokens on openai/gpt-5-mini, ${o200k(text) - 10} over`));
      assert.match(stderr, /long\.md: Budget 100 \(tokenCost\.budgets "prompts\/\*\*\/\*\.md"\)/);
    } finally {
      ws.cleanup();
    }
  });

  it('exits 2 for a broken settings file, a bad rule or a bad tokenBudget, naming the setting', async () => {
    const broken = workspace('{ "tokenCost.budgets": [ { "glob": "*.md", "tokens": 10 } ', { 'a.md': SHORT });
    const badRule = workspace('{ "tokenCost.budgets": [ { "glob": "*.md", "tokens": -1 } ] }', { 'a.md': SHORT });
    const badFront = workspace(undefined, { 'a.md': '---\ntokenBudget: lots\n---\ntext\n' });
    try {
      const one = await run(['--budgets', '--workspace', broken.dir, join(broken.dir, 'a.md')]);
      assert.equal(one.code, 2);
      // The parser's code in words, at the end of the text, where the list is still open.
      assert.match(one.stderr, /settings\.json line 1, column 59: not valid JSON \(close bracket expected\)\./);
      const two = await run(['--budgets', '--workspace', badRule.dir, join(badRule.dir, 'a.md')]);
      assert.equal(two.code, 2);
      assert.match(two.stderr, /tokenCost\.budgets\[0\]\.tokens must be a whole number of tokens ≥ 1/);
      const three = await run(['--budgets', '--workspace', badFront.dir, join(badFront.dir, 'a.md')]);
      assert.equal(three.code, 2);
      assert.match(three.stderr, /a\.md line 2: "tokenBudget" must be a whole number of tokens ≥ 1/);
      assert.equal((await run(['--workspace', '.'], 'x')).code, 2, '--workspace without --budgets');
      assert.match((await run(['--budgets', '--workspace', join(broken.dir, 'nowhere')], 'x')).stderr, /--workspace: no such folder/);
    } finally {
      broken.cleanup();
      badRule.cleanup();
      badFront.cleanup();
    }
  });

  it('refuses a folder with --budgets or --sections rather than counting it as a bundle without them', async () => {
    const ws = workspace(SETTINGS, { 'prompts/deep/long.md': LONG });
    try {
      for (const flag of ['--budgets', '--sections']) {
        const { code, stdout, stderr } = await run([flag, join(ws.dir, 'prompts')]);
        assert.equal(code, 2, flag);
        assert.equal(stdout, '', flag);
        assert.match(stderr, new RegExp(`${flag} reads files named one by one, not folders`), flag);
      }
    } finally {
      ws.cleanup();
    }
  });

  it('says so when no budget applies, and passes', async () => {
    const ws = workspace(SETTINGS, { 'other.md': SHORT });
    try {
      const { code, stderr } = await run(['--budgets', '--workspace', ws.dir, join(ws.dir, 'other.md')]);
      assert.equal(code, 0);
      assert.match(stderr, /no budget applies to this input/);
    } finally {
      ws.cleanup();
    }
  });
});

describe('token-cost --sections', () => {
  it('adds each file\'s sections to every result: 1-based lines, level 0 before the first heading, tokens of its lines', async () => {
    const text = 'Intro.\n# One\nFirst part.\n## One.a\nDetail 中文.\n# Two\nLast.\n';
    const ws = workspace(undefined, { 'p.md': text });
    try {
      const { code, stdout } = await run(['--sections', '--json', '-m', 'gpt-5', '-m', 'gpt-4', join(ws.dir, 'p.md')]);
      assert.equal(code, 0);
      const [gpt5, gpt4] = JSON.parse(stdout).files[0].results;
      const lines = text.split(/(?<=\n)/);
      const expected = (count: (text: string) => number) => [
        { title: '', level: 0, startLine: 1, endLine: 1, tokens: count(lines[0]!) },
        { title: 'One', level: 1, startLine: 2, endLine: 3, tokens: count(lines.slice(1, 3).join('')) },
        { title: 'One.a', level: 2, startLine: 4, endLine: 5, tokens: count(lines.slice(3, 5).join('')) },
        { title: 'Two', level: 1, startLine: 6, endLine: 7, tokens: count(lines.slice(5).join('')) },
      ];
      assert.deepEqual(gpt5.sections, expected(o200k));
      assert.deepEqual(gpt4.sections, expected((s) => getTokenizer('cl100k_base').count(s)));
      const table = await run(['--sections', join(ws.dir, 'p.md')]);
      assert.match(table.stdout, /tokens\s+lines\s+section \(on openai\/gpt-5-mini\)/);
      assert.match(table.stdout, /\d+\s+4–5\s+ {2}One\.a/);
      assert.match(table.stdout, /\d+\s+1\s+\(before the first heading\)/);
    } finally {
      ws.cleanup();
    }
  });

  it('prints a table of 200,000 sections (its column widths were a spread of every row)', async () => {
    const ws = workspace(undefined, { 'long.md': '# h\nx\n'.repeat(200_000) });
    try {
      const { code, stdout, stderr } = await run(['--sections', join(ws.dir, 'long.md')]);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      assert.equal(stdout.match(/^ +5 +\d+–\d+ {2}h$/gm)?.length, 200_000);
      assert.match(stdout, / 399999–400000 {2}h\n/);
    } finally {
      ws.cleanup();
    }
  });

  it('splits a prompt file at its messages, also under --raw (which counts its text)', async () => {
    const text = 'messages:\n  - role: system\n    content: You sort tickets.\n  - role: user\n    content: Sort this one.\n';
    const ws = workspace(undefined, { 'sort.prompt.yml': text });
    try {
      for (const args of [[], ['--raw']]) {
        const { code, stdout } = await run(['--sections', '--json', ...args, join(ws.dir, 'sort.prompt.yml')]);
        assert.equal(code, 0, args.join(' '));
        const sections = JSON.parse(stdout).files[0].results[0].sections as { title: string }[];
        assert.deepEqual(sections.map((section) => section.title), ['', 'system', 'user'], args.join(' '));
      }
    } finally {
      ws.cleanup();
    }
  });
});
