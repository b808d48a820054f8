import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCliArgs } from '../../../src/cli/args';
import { runCli } from '../../../src/cli/run';
import { bundledCatalog } from '../../../src/core/pricing/bundled';
import { DEFAULT_PROFILE } from '../../../src/core/pricing/profile';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import { buildRows } from '../../../src/extension/comparison/view';
import { DEFAULT_CONFIG } from '../../../src/extension/settings/config';
import { englishOnly } from '../../../src/extension/ui/l10n';
import { FIXTURES } from '../../support/paths';

/** The comparison panel's cheapest row for `text` with the default settings, and the CLI's first row. */
async function cheapestBoth(file: string, args: string[] = []): Promise<{ panel: string; cli: string }> {
  const text = readFileSync(file, 'utf8');
  const catalog = bundledCatalog();
  const models = catalog.featured();
  const counts = new Map(models.map((model) => [model.tokenizer, getTokenizer(model.tokenizer).count(text)]));
  const rows = buildRows(
    { counts, models, controls: DEFAULT_PROFILE, cnyPerUsd: DEFAULT_CONFIG.cnyPerUsd, priceStaleDays: DEFAULT_CONFIG.priceStaleDays, now: new Date('2026-12-01') },
    englishOnly,
  );
  const panel = rows.find((row) => row.cheapest)!.id;
  let stdout = '';
  const code = await runCli(parseCliArgs(['--compare', '--raw', '--json', ...args, file]), {
    stdout: (chunk) => (stdout += chunk),
    stderr: () => undefined,
    readStdin: () => ({ kind: 'read', bytes: Buffer.alloc(0) }),
    version: 'test',
  }, catalog);
  assert.equal(code, 0);
  const json = JSON.parse(stdout) as { files: { results: { model: string }[] }[] };
  return { panel, cli: json.files[0]!.results[0]!.model };
}

describe('one call profile for the CLI and the panel', () => {
  for (const name of ['system-prompt.md', 'chinese-prompt.md', 'long-context.log']) {
    it(`ranks the same model cheapest on ${name} with the default settings`, async () => {
      const { panel, cli } = await cheapestBoth(join(FIXTURES, 'workspace', name));
      assert.equal(cli, panel);
    });
  }
});
