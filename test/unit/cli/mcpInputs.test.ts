import { strict as assert } from 'node:assert';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileInput, textInput } from '../../../src/cli/mcp/inputs';
import { confine } from '../../../src/cli/mcp/roots';

describe('token-cost mcp: inputs and roots (in-process)', () => {
  let dir: string;
  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'token-cost-inputs-')));
    writeFileSync(join(dir, 'eleven.txt'), 'x'.repeat(11));
    writeFileSync(join(dir, 'ten.txt'), '中'.repeat(10));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses inputs over the character limit, counting characters, not bytes', async () => {
    assert.deepEqual(await fileInput(join(dir, 'eleven.txt'), 10), { ok: false, reason: `${join(dir, 'eleven.txt')} is too large: the server counts inputs of up to 10 characters` });
    // 30 bytes of UTF-8, 10 characters: within a limit of 10.
    assert.deepEqual(await fileInput(join(dir, 'ten.txt'), 10), { ok: true, input: { path: join(dir, 'ten.txt'), text: '中'.repeat(10) } });
    assert.equal(textInput('y'.repeat(11), '<text>', 10).ok, false);
    assert.deepEqual(textInput('fine', '<text>', 10), { ok: true, input: { path: '<text>', text: 'fine' } });
  });

  it('refuses a directory and a non-local URI; finds a relative path in the second root', async () => {
    assert.match(((await fileInput(dir, 10)) as { reason: string }).reason, /is a directory/);
    assert.deepEqual(await confine('ten.txt', [join(dir, 'none'), dir]), { ok: true, path: join(dir, 'ten.txt') });
    assert.match(((await confine('ssh://host/etc/passwd', [dir])) as { reason: string }).reason, /not a local path/);
    assert.match(((await confine(join(dir, '..'), [dir])) as { reason: string }).reason, /outside the roots/);
  });
});
