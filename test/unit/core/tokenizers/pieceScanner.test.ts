import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { pieceScannerFor, type PieceScanner } from '../../../../src/core/tokenizers/pieceScanner';
import { tiktokenSplitRegex } from '../../../../src/core/tokenizers/splitPattern';
import { encoderSetup } from '../../../../src/core/tokenizers/tiktoken';

/** Characters of every class the patterns tell apart, and the ones they treat specially. */
const SCAN_ALPHABET = [
  'a', 's', 't', 'r', 'e', 'v', 'm', 'l', 'd', 'S', 'T', 'R', 'E', 'L', 'D', 'Z', 'ſ', 'É', 'é', 'ǅ', 'ʰ', 'ª', '中', '한',
  '\u0301', '\u0903', '0', '7', '٣', '²', '\u{1D7CE}', '\u{10940}', '\u{1D400}', '\u{1D41A}', '\u{10400}', '\u{10428}', '\u{16F50}',
  "'", '"', ' ', '\u2003', '\t', '\n', '\r', '\u0085', '\u00a0', '\u3000', '\ufeff', '/', '=', '-', '_', '!', '😀', '\u200b', '\ud800', '\udc00',
] as const;

/** Random text of those characters, with runs, so that every alternative and its backtracking is met. */
const scanText = fc
  .array(fc.tuple(fc.constantFrom(...SCAN_ALPHABET), fc.integer({ min: 1, max: 4 })), { maxLength: 24 })
  .map((parts) => parts.map(([char, times]) => char.repeat(times)).join(''));

function scan(scanner: PieceScanner, text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = scanner.end(text, start);
    assert.ok(end > start && end <= text.length, `end ${end} after ${start}`);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

describe('piece scanner (tiktoken split patterns without a regular expression)', () => {
  const qwenPattern = encoderSetup('cl100k_base').pattern.replace('\\p{N}{1,3}', '\\p{N}');
  const patterns = { o200k_base: encoderSetup('o200k_base').pattern, cl100k_base: encoderSetup('cl100k_base').pattern, 'Qwen (cl100k, single digits)': qwenPattern };

  for (const [name, pattern] of Object.entries(patterns)) {
    const scanner = pieceScannerFor(pattern);
    const regex = tiktokenSplitRegex(pattern);

    it(`${name}: the same pieces as the Unicode 16 regular expression on random text of every class`, () => {
      assert.ok(scanner);
      fc.assert(
        fc.property(scanText, (text) => {
          assert.deepEqual(scan(scanner, text), text.match(regex) ?? [], JSON.stringify(text));
        }),
        { numRuns: 20_000 },
      );
    });

    it(`${name}: one piece of 5,000,000 and 20,000,000 characters without a stack overflow (the regular expression throws past ≈ 4.2 M)`, function () {
      this.timeout(120_000); // about a second alone
      assert.ok(scanner);
      for (const length of [5_000_000, 20_000_000]) {
        for (const char of ['a', '中', ' ', '=']) {
          const text = char.repeat(length);
          assert.equal(scanner.end(text, 0), length, `${JSON.stringify(char)} × ${length}`);
        }
      }
      assert.throws(() => regex.exec('a'.repeat(5_000_000)), RangeError);
    });
  }

  it('knows only the patterns it was written for', () => {
    assert.equal(pieceScannerFor('\\p{L}+|\\s+'), undefined);
  });
});
