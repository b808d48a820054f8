import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCatalog } from '../../../src/core/pricing/bundled';
import { countRequest, parseRequestFile } from '../../../src/core/request';
import { getTokenizer } from '../../../src/core/tokenizers/registry';
import { expectedEntry, figuresMatch, readEntry } from '../../support/statusOracle';

const WORKSPACE = join(__dirname, '..', '..', 'fixtures', 'workspace');
const model = (id: string) => bundledCatalog().find(id)!;

async function expectedFor(relativePath: string, configured = 'openai/gpt-5-mini') {
  const path = join(WORKSPACE, relativePath);
  return expectedEntry(path, readFileSync(path, 'utf8'), model(configured));
}

// The e2e tests' oracle for the status bar (test/support/statusOracle.ts): what it reads from an
// entry and what it expects of each kind of fixture file.
describe('status bar oracle of the e2e tests', () => {
  it('reads the figures of every kind of entry', () => {
    assert.deepEqual(readEntry('1,234 tok · $0.00031 · gpt-5-mini'), { kind: 'text', tokens: 1234, raw: false, model: 'gpt-5-mini' });
    assert.deepEqual(readEntry('≈120 / 1,234 tok · $0.00003 · claude-haiku-4-5'), { kind: 'text', tokens: 1234, selection: 120, raw: false, model: 'claude-haiku-4-5' });
    assert.deepEqual(readEntry('request 109 tok · 2 msgs · $0.000016 · gpt-4o-mini (from file)'), { kind: 'request', tokens: 109, raw: false, model: 'gpt-4o-mini (from file)' });
    assert.deepEqual(readEntry('always on 1,121 tok · $0.91/month · gpt-5-mini'), { kind: 'always on', tokens: 1121, raw: false, model: 'gpt-5-mini' });
    assert.deepEqual(readEntry('96 tok · raw text — could not parse line 8 · $0.000024 · gpt-5-mini'), { kind: 'text', tokens: 96, raw: true, model: 'gpt-5-mini' });
    assert.equal(readEntry('counting… 40% · gemini-2.5-flash'), undefined);
    assert.equal(readEntry('count failed — retry · gpt-5-mini'), undefined);
  });

  it('expects plain files and untitled text as text on the picked model', async () => {
    const text = readFileSync(join(WORKSPACE, 'system-prompt.md'), 'utf8');
    const expected = await expectedFor('system-prompt.md', 'anthropic/claude-haiku-4-5');
    assert.deepEqual(expected.figures, { kind: 'text', tokens: getTokenizer(model('anthropic/claude-haiku-4-5').tokenizer).count(text), raw: false, model: 'claude-haiku-4-5' });
    // A request body's text in an untitled editor is only text.
    const body = readFileSync(join(WORKSPACE, 'requests', 'chat-completion.json'), 'utf8');
    assert.equal((await expectedEntry(undefined, body, model('openai/gpt-5-mini'))).figures.kind, 'text');
  });

  it('expects prompt files as the request they send on the model they name, whatever model is picked', async () => {
    const expected = await expectedFor('prompts/summarize-ticket.prompt.yml', 'qwen/qwen-plus');
    assert.equal(expected.figures.kind, 'request');
    assert.equal(expected.figures.model, 'gpt-4o-mini (from file)');
    assert.equal(expected.tokenizer, 'o200k_base');
    const text = readFileSync(join(WORKSPACE, 'prompts', 'summarize-ticket.prompt.yml'), 'utf8');
    assert.equal(expected.textTokens, getTokenizer('o200k_base').count(text));
    assert.equal((await expectedFor('AGENTS.md')).figures.kind, 'always on');
  });

  it('measures the images a request sends, and counts a request whose image is missing as raw text', async () => {
    const path = join(WORKSPACE, 'requests', 'whiteboard-notes.json');
    const expected = await expectedFor('requests/whiteboard-notes.json');
    const outcome = parseRequestFile(path, readFileSync(path, 'utf8'));
    assert.ok(outcome.kind === 'request');
    const withoutImages = countRequest(outcome.request, model('openai/gpt-4o'));
    // A 1600×1200 image at high detail is hundreds of tokens on GPT-4o.
    assert.ok(expected.figures.tokens > withoutImages.tokens + 500, `${expected.figures.tokens} vs ${withoutImages.tokens} without the image`);
    const missing = await expectedFor('prompts/broken/missing-image.json');
    assert.deepEqual([missing.figures.kind, missing.figures.raw, missing.figures.model], ['text', true, 'gpt-5-mini']);
    assert.equal((await expectedFor('prompts/broken/unclosed-list.prompt.yml')).figures.raw, true);
  });

  it('matches figures field by field', () => {
    const shown = readEntry('request 109 tok · 2 msgs · $0.000016 · gpt-4o-mini (from file)')!;
    assert.ok(figuresMatch(shown, { kind: 'request', tokens: 109, raw: false, model: 'gpt-4o-mini (from file)' }));
    assert.ok(!figuresMatch(shown, { kind: 'request', tokens: 109, raw: false, model: 'gpt-4o-mini' }));
    assert.ok(!figuresMatch(shown, { kind: 'text', tokens: 109, raw: false, model: 'gpt-4o-mini (from file)' }));
  });
});
