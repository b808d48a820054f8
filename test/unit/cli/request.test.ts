import { strict as assert } from 'node:assert';
import { makeNamedPipe } from '../../support/namedPipe';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { runCliForTest as run } from '../../support/cliRun';
import { FIXTURES } from '../../support/paths';

const REQUESTS = join(FIXTURES, 'requests');

const CHAT = JSON.stringify({
  model: 'gpt-5',
  messages: [
    { role: 'system', content: 'You answer in one short sentence.' },
    { role: 'user', content: 'Why is the sky blue?' },
  ],
});

describe('token-cost CLI: prompt files as requests', () => {
  let o200k: Tiktoken;
  before(() => (o200k = get_encoding('o200k_base')));
  after(() => o200k.free());
  const n = (text: string): number => o200k.encode(text, [], []).length;

  it('prints the documented JSON: tokens of the request, fileTokens of the text, the request and its parts', async () => {
    const { code, stdout } = await run(['--json', '-m', 'gpt-5'], CHAT);
    assert.equal(code, 0);
    const [result] = JSON.parse(stdout).files[0].results;
    const system = n('You answer in one short sentence.');
    const user = n('Why is the sky blue?');
    // The cookbook's rule: 3 per message + each field value, 3 to prime the reply.
    const framing = 3 + n('system') + 3 + n('user') + 3;
    assert.equal(result.tokens, system + user + framing);
    assert.equal(result.fileTokens, n(CHAT));
    assert.deepEqual(result.request, {
      format: 'openai-chat',
      model: 'gpt-5',
      variables: 'none',
      alwaysOn: false,
      // gpt-5 is not a model the cookbook checked its rule on.
      exactness: 'estimate',
      parts: [
        { kind: 'message', role: 'system', tokens: system, exactness: 'exact' },
        { kind: 'message', role: 'user', tokens: user, exactness: 'exact' },
        { kind: 'framing', label: 'chat framing', tokens: framing, exactness: 'estimate' },
      ],
      notIncluded: [],
    });
    // Prices follow the request, not the file.
    assert.equal(result.cost.input, String((result.tokens * 1.25) / 1e6));
  });

  it('counts the text as before with --raw', async () => {
    const [result] = JSON.parse((await run(['--json', '--raw', '-m', 'gpt-5'], CHAT)).stdout).files[0].results;
    assert.equal(result.tokens, n(CHAT));
    assert.equal(result.fileTokens, n(CHAT));
    assert.equal(result.request, null);
  });

  it('counts plain text as before, with fileTokens and a null request', async () => {
    const json = JSON.parse((await run(['--json'], 'Hello, world!')).stdout).files[0];
    assert.equal(json.parseError, null);
    assert.deepEqual([json.results[0].tokens, json.results[0].fileTokens, json.results[0].request], [4, 4, null]);
  });

  it('uses the model the file names when none is given, and says so', async () => {
    const table = await run([], CHAT);
    assert.match(table.stdout, /^openai\/gpt-5\s/m);
    assert.match(table.stdout, /Model from the file: "gpt-5" → openai\/gpt-5\./);
    // -m wins over the file.
    assert.match((await run(['-m', 'gpt-5-mini'], CHAT)).stdout, /^openai\/gpt-5-mini\s/m);
  });

  it('names an unknown model from the file with the closest ids and counts on the default', async () => {
    const { stdout } = await run([join(REQUESTS, 'with-sample.prompt.yml')]);
    assert.match(stdout, /^openai\/gpt-5-mini\s/m);
    assert.match(stdout, /The file names "openai\/gpt-4o", which is not a known model \(closest: [^)]*openai\/gpt-4[^)]*\); counted on openai\/gpt-5-mini\./);
  });

  it('shows the request in the table: what it holds, its variables, its parts and the file’s own count', async () => {
    const path = join(REQUESTS, 'with-sample.prompt.yml');
    const { stdout } = await run(['-m', 'gpt-5', path]);
    assert.ok(stdout.startsWith(`${path}  (601 characters) · request: 2 msgs · GitHub Models prompt · variables filled from the file’s sample values\n`), stdout);
    assert.match(stdout, /tokens: the request the file sends, not its text \(file text: \d+ on openai\/gpt-5\); --raw counts the text\./);
    assert.match(stdout, /Parts on openai\/gpt-5: system \d+ · user \d+ · framing ≈\d+\./);
    assert.match(stdout, /≈ estimate \(request\): /);
  });

  it('lists what is not included and marks the count ≈', async () => {
    const { stdout } = await run(['-m', 'gemini-2.5-flash', join(REQUESTS, 'openai-chat-images.json')]);
    assert.match(stdout, /^google\/gemini-2\.5-flash\s+≈\d/m);
    assert.match(stdout, /≈ not included: Gemini chat framing \(no published rule\); remote image https:\/\/example\.com\/chart\.png: size unknown\./);
  });

  it('falls back to the raw text for a broken file, naming the line, and never fails', async () => {
    const path = join(REQUESTS, 'broken.prompt.yml');
    const text = readFileSync(path, 'utf8');
    const json = await run(['--json', '-m', 'gpt-5', path]);
    assert.equal(json.code, 0);
    const [file] = JSON.parse(json.stdout).files;
    assert.deepEqual(file.parseError, { line: 7, column: 5, message: file.parseError.message });
    assert.equal(file.results[0].tokens, n(text));
    assert.equal(file.results[0].request, null);
    const table = await run(['-m', 'gpt-5', path]);
    assert.match(table.stdout, /· raw text — could not parse line 7: Flow sequence/);
    assert.match(table.stdout, new RegExp(`^openai/gpt-5\\s+${n(text)}\\s`, 'm'));
  });

  it('falls back to the raw text when an image cannot be read, naming the image and the line', async () => {
    const { code, stdout } = await run(['-m', 'gpt-5', join(REQUESTS, 'missing-image.json')]);
    assert.equal(code, 0);
    assert.match(stdout, /raw text — could not parse line 4: image images\/no-such-picture\.png: cannot be read/);
  });

  it('does not wait on an image that is a named pipe nobody writes to, nor read a device as one', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'token-cost-pipe-'));
    try {
      makeNamedPipe(join(dir, 'waiting.png'));
      const body = (url: string) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }] });
      writeFileSync(join(dir, 'pipe.json'), body('waiting.png'));
      writeFileSync(join(dir, 'device.json'), body('/dev/zero'));
      const { code, stdout } = await run(['-m', 'gpt-5', join(dir, 'pipe.json'), join(dir, 'device.json')]);
      assert.equal(code, 0);
      assert.match(stdout, /image waiting\.png: cannot be read/);
      assert.match(stdout, /image \/dev\/zero: cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sizes local images next to the prompt file', async () => {
    const [result] = JSON.parse((await run(['--json', '-m', 'gpt-5', join(REQUESTS, 'vision.prompty')])).stdout).files[0].results;
    const image = result.request.parts.find((part: { kind: string }) => part.kind === 'image');
    // 40 × 30 px: one 512 px tile, GPT-4o rates (85 + 170), an estimate on gpt-5.
    assert.deepEqual(image, { kind: 'image', tokens: 255, exactness: 'estimate' });
  });

  it('checks --budget against the request, not the file', async () => {
    const fileTokens = n(CHAT);
    const requestTokens = JSON.parse((await run(['--json', '-m', 'gpt-5'], CHAT)).stdout).files[0].results[0].tokens;
    assert.ok(requestTokens < fileTokens);
    assert.equal((await run(['--budget', String(requestTokens), '-m', 'gpt-5'], CHAT)).code, 0);
    assert.equal((await run(['--budget', String(requestTokens - 1), '-m', 'gpt-5'], CHAT)).code, 1);
    assert.equal((await run(['--raw', '--budget', String(requestTokens), '-m', 'gpt-5'], CHAT)).code, 1);
  });
});
