import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consentToDownload, isDue, reportDocument } from '../../../../src/extension/prices/view';
import { englishOnly, fromBundle } from '../../../../src/extension/ui/l10n';
import { REPO_ROOT } from '../../../support/paths';

describe('price refresh in the editor', () => {
  it('asks before the first download, naming the address and that no file content is sent', () => {
    const question = consentToDownload('https://mirror.example/prices.json', englishOnly);
    assert.match(question, /^Download the current prices from https:\/\/mirror\.example\/prices\.json\?/);
    assert.match(question, /nothing about your files is sent/);
    const chinese = fromBundle(JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>);
    assert.match(consentToDownload('https://mirror.example/p.json', chinese), /https:\/\/mirror\.example\/p\.json/);
  });

  it('refreshes weekly: due after seven days, or when the date is unreadable', () => {
    const now = new Date('2026-12-08T12:00:00Z');
    assert.equal(isDue('2026-12-01T12:00:00Z', now), true);
    assert.equal(isDue('2026-12-02', now), false);
    assert.equal(isDue('not a date', now), true);
  });

  it('writes the report as a Markdown list under the address it came from', () => {
    const doc = reportDocument(['Prices as of 2026-12-01: 300 models.', '  openai/gpt-5-mini input $0.25 → $0.20 /M'], 'https://x.example/p.json', englishOnly);
    assert.match(doc, /^# Price refresh\n\nFrom https:\/\/x\.example\/p\.json\n\nPrices as of 2026-12-01: 300 models\.\n\n- openai\/gpt-5-mini input \$0\.25 → \$0\.20 \/M\n$/);
  });
});
