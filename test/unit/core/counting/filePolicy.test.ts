import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DEFAULT_MAX_AUTO_COUNT_CHARS, decideCounting, looksBinary, surelyOverLimit } from '../../../../src/core/counting/filePolicy';

describe('file policy', () => {
  it('treats a NUL or mostly control characters as binary, text with tabs and escapes as text', () => {
    assert.equal(looksBinary('PK\u0003\u0004\u0000\u0000'), true);
    assert.equal(looksBinary('\u0001\u0002\u0003\u0004\ufffd\ufffd abc'), true);
    assert.equal(looksBinary('col1\tcol2\r\n\u001b[31mred\u001b[0m\f'), false);
    assert.equal(looksBinary('中文 😀 plain text'), false);
    assert.equal(looksBinary(''), false);
  });

  it('asks before counting a text over the limit, unless the user said "count now"', () => {
    assert.deepEqual(decideCounting('x'.repeat(11), 10), { kind: 'manual', length: 11, limit: 10 });
    assert.deepEqual(decideCounting('x'.repeat(11), 10, true), { kind: 'auto' });
    assert.deepEqual(decideCounting('\u0000'.repeat(11), 10, true), { kind: 'binary' });
    assert.deepEqual(decideCounting('short', DEFAULT_MAX_AUTO_COUNT_CHARS), { kind: 'auto' });
  });

  it('refuses a file from its size only when it cannot decode to the limit or fewer characters', () => {
    // Any text within the limit, lone surrogates and astral characters included, is never refused from its UTF-8 size.
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.nat(50), (text, slack) => {
        assert.equal(surelyOverLimit(Buffer.byteLength(text, 'utf8'), text.length + slack), false);
      }),
    );
    assert.equal(surelyOverLimit(31, 10), true);
    assert.equal(surelyOverLimit(30, 10), false);
  });
});
