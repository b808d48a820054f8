import { strict as assert } from 'node:assert';
import { MAX_TOOL_MODELS, parseToolInput } from '../../../../src/extension/lmTool/input';
import { englishOnly } from '../../../../src/extension/ui/l10n';

const parse = (value: unknown) => parseToolInput(value, englishOnly);

describe('tokenCost tool input', () => {
  it('takes text, a path or nothing, with optional models (trimmed)', () => {
    assert.deepEqual(parse({ text: 'hello', models: [' gpt-5-mini ', 'claude-haiku-4-5'] }), { ok: true, input: { text: 'hello', models: ['gpt-5-mini', 'claude-haiku-4-5'] } });
    assert.deepEqual(parse({ path: ' docs/a.md ' }), { ok: true, input: { path: 'docs/a.md' } });
    assert.deepEqual(parse({}), { ok: true, input: {} });
    assert.deepEqual(parse(undefined), { ok: true, input: {} });
    // Given text is counted as given, whitespace included.
    assert.deepEqual(parse({ text: '  ' }), { ok: true, input: { text: '  ' } });
  });

  it('says what is wrong with input a model got wrong', () => {
    assert.deepEqual(parse('count this'), { ok: false, message: 'The input must be an object with text, path or models.' });
    assert.deepEqual(parse([]), { ok: false, message: 'The input must be an object with text, path or models.' });
    assert.deepEqual(parse({ text: 3 }), { ok: false, message: '"text" must be a string.' });
    assert.deepEqual(parse({ path: '  ' }), { ok: false, message: '"path" must be a string.' });
    assert.deepEqual(parse({ text: 'a', path: 'b' }), { ok: false, message: 'Give text or path, not both.' });
    assert.deepEqual(parse({ models: 'gpt-5' }), { ok: false, message: '"models" must be a list of model ids.' });
    assert.deepEqual(parse({ models: ['gpt-5', ''] }), { ok: false, message: '"models" must be a list of model ids.' });
    assert.deepEqual(parse({ models: Array.from({ length: MAX_TOOL_MODELS + 1 }, (_, i) => `m${i}`) }), { ok: false, message: `At most ${MAX_TOOL_MODELS} models per call.` });
  });
});
