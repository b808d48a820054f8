import { strict as assert } from 'node:assert';
import { TokenHashes } from '../../../../src/core/tokenizers/pairCache';
import { byteString } from '../../../../src/core/tokenizers/bytePairCounter';

// A vocabulary as byte strings by id: every single byte (id = the byte), then a few longer tokens.
const LONGER = ['ab', 'abc', ' the', byteString('中'), byteString('文'), byteString('中文'), byteString('你好world')];
const TOKENS = [...Array.from({ length: 256 }, (_, byte) => String.fromCharCode(byte)), ...LONGER];

/** The byte symbols of a byte string: with id = byte, the bytes themselves. */
const symbolsOf = (bytes: string): Int32Array => Int32Array.from(bytes, (unit) => unit.charCodeAt(0));

describe('TokenHashes: filters that never say no for a token, and exact look-ups without strings', () => {
  const hashes = new TokenHashes(TOKENS);

  it('finds every token from its byte symbols, its ASCII text, and the pairs that make it', () => {
    for (const token of TOKENS) {
      const symbols = symbolsOf(token);
      assert.equal(hashes.mayBeTokenSymbols(symbols, symbols.length), true, JSON.stringify(token));
      if (!/[^\u0000-\u007f]/.test(token)) assert.equal(hashes.isAsciiToken(`<${token}>`, 1, 1 + token.length), true, token);
    }
    const id = (token: string): number => TOKENS.indexOf(token);
    assert.equal(hashes.mayJoin(id('ab'), id('c')), true);
    assert.equal(hashes.mayJoin(id('a'), id('b')), true);
    assert.equal(hashes.mayJoin(id('b'), id('a')), false, 'ba is no token');
  });

  it('reads only the first `length` symbols, and says no for byte strings that are no token', () => {
    const padded = symbolsOf('abcdef');
    assert.equal(hashes.mayBeTokenSymbols(padded, 3), true, 'abc');
    assert.equal(hashes.mayBeTokenSymbols(padded, 2), true, 'ab');
    for (const bytes of ['abd', 'ba', ' teh', byteString('文中'), byteString('中文中'), 'abcdef']) {
      const symbols = symbolsOf(bytes);
      assert.equal(hashes.mayBeTokenSymbols(symbols, symbols.length), false, JSON.stringify(bytes));
    }
    assert.equal(hashes.isAsciiToken('xabdx', 1, 4), false);
    assert.equal(hashes.isAsciiToken('xabcx', 1, 3), true, 'ab inside abc');
    assert.equal(hashes.isAsciiToken('xabcx', 2, 4), false, 'bc');
  });

  it('names the token two tokens make, and only a token', () => {
    const id = (token: string): number => TOKENS.indexOf(token);
    assert.equal(hashes.joined(id('ab'), id('c')), id('abc'));
    assert.equal(hashes.joined(id('a'), id('b')), id('ab'));
    assert.equal(hashes.joined(id(byteString('中')), id(byteString('文'))), id(byteString('中文')));
    assert.equal(hashes.joined(id('b'), id('a')), -1, 'ba is no token');
    assert.equal(hashes.joined(id('abc'), id('d')), -1, 'abcd is no token');
    assert.equal(hashes.joined(id(byteString('文')), id(byteString('中'))), -1, '文中 is no token');
    // Every pair of single bytes: only "ab" joins.
    let joins = 0;
    for (let left = 0; left < 256; left++) for (let right = 0; right < 256; right++) if (hashes.joined(left, right) >= 0) joins++;
    assert.equal(joins, 1);
  });
});
