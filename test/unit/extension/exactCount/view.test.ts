import { strict as assert } from 'node:assert';
import { ExactCountError, type ExactCountErrorKind } from '../../../../src/core/exact/errors';
import { consentKey, consentQuestion, exactErrorMessage, exactScope, secretKeyName, vendorLabel } from '../../../../src/extension/exactCount/view';
import { englishOnly } from '../../../../src/extension/ui/l10n';
import { statusClipboardLine, statusText, statusTooltip, type StatusInput } from '../../../../src/extension/statusBar/view';
import { HAIKU, statusInput } from '../../../support/statusInput';

const input = (overrides: Partial<StatusInput> = {}): StatusInput => statusInput(HAIKU, overrides);

describe('exact count in the status bar', () => {
  it('drops ≈ once the vendor counted the text, and says where the count came from', () => {
    assert.match(statusText(input(), englishOnly), /^≈1,234 tok/);
    assert.match(statusText(input({ exactFromVendor: true }), englishOnly), /^1,234 tok · /);
    assert.match(statusTooltip(input({ exactFromVendor: true }), englishOnly), /exact, counted by the vendor’s API \(until the text changes\)/);
    assert.doesNotMatch(statusTooltip(input({ exactFromVendor: true }), englishOnly), /−\d+% … \+\d+%/);
    assert.match(statusClipboardLine(input({ exactFromVendor: true }), englishOnly), /^prompt\.md: 1,234 tokens/);
  });
});

describe('exact count command helpers', () => {
  it('asks before text leaves the machine, naming what is sent, how long it is and to whom', () => {
    const question = consentQuestion('prompt.md', 12345, 'anthropic', englishOnly);
    assert.match(question, /^Send prompt\.md \(12,345 characters\) to Anthropic \(Claude\)/);
    assert.match(question, /leaves this computer/);
    assert.notEqual(consentKey('anthropic'), consentKey('google'));
  });


  it('sends the whole file, or the one selection, and refuses several', () => {
    assert.deepEqual(exactScope([]), { kind: 'file' });
    assert.deepEqual(exactScope([true]), { kind: 'file' });
    assert.deepEqual(exactScope([true, false]), { kind: 'selection', index: 1 });
    assert.deepEqual(exactScope([false, false]), { kind: 'several-selections' });
  });

  it('keeps each vendor’s key under its own secret name', () => {
    assert.equal(secretKeyName('anthropic'), 'tokenCost.apiKey.anthropic');
    assert.equal(secretKeyName('google'), 'tokenCost.apiKey.google');
    assert.equal(vendorLabel('google', englishOnly), 'Google (Gemini)');
  });

  it('says what to do for every kind of failure', () => {
    const kinds: ExactCountErrorKind[] = [
      'no-key', 'unauthorized', 'forbidden', 'rate-limited', 'bad-request', 'server', 'offline', 'timeout', 'cancelled', 'bad-response', 'unsupported-model',
    ];
    for (const kind of kinds) {
      const message = exactErrorMessage(new ExactCountError(kind, 'detail', 503), 'anthropic', englishOnly);
      assert.ok(message.length > 10 && !/\{\d\}/.test(message), `${kind}: ${message}`);
    }
    assert.equal(
      exactErrorMessage(new ExactCountError('rate-limited', 'x', 429, 12), 'anthropic', englishOnly),
      'Anthropic (Claude) is rate-limiting token counts (429). Try again in 12 s.',
    );
    assert.match(exactErrorMessage(new ExactCountError('unauthorized', 'x', 401), 'google', englishOnly), /Google \(Gemini\) rejected the API key \(401\)/);
  });
});
