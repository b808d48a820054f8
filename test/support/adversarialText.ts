// Texts that pre-tokenizers cannot split: long runs of one character, two alternating ones, CJK
// without punctuation, emoji, base64, separators, spaces. Shared by the merge property tests and
// `npm run bench`.
import fc from 'fast-check';
import { prng } from './corpus';

/** Characters the adversarial texts are made of (letters, CJK, emoji, separators, spaces). */
const ADVERSARIAL_ALPHABET = ['a', 'b', 'Z', '中', '文', '한', 'é', 'ß', '😀', '👍🏽', '=', '-', ' ', '\t', '0', '7', '/', '+'] as const;

/** `length` characters of base64, deterministic in `seed` (an embedded image or data URI). */
export function base64Text(length: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const rand = prng(seed);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * 64)];
  return out;
}

/** `length` CJK ideographs with no punctuation, varied, deterministic in `seed`. */
export function cjkRun(length: number, seed: number): string {
  const rand = prng(seed);
  const units = new Array<string>(length);
  for (let i = 0; i < length; i++) units[i] = String.fromCharCode(0x4e00 + Math.floor(rand() * 0x5000));
  return units.join('');
}

/**
 * Random adversarial text: runs of one character, two alternating ones, CJK, emoji and base64
 * stretches, joined. Sizes stay small enough for the quadratic references.
 */
export function adversarialText(maxRun: number): fc.Arbitrary<string> {
  const char = fc.constantFrom(...ADVERSARIAL_ALPHABET);
  const run = fc.oneof(
    fc.tuple(char, fc.integer({ min: 1, max: maxRun })).map(([c, n]) => c.repeat(n)),
    fc.tuple(char, char, fc.integer({ min: 1, max: maxRun / 2 })).map(([a, b, n]) => (a + b).repeat(n)),
    fc.tuple(fc.integer({ min: 1, max: maxRun }), fc.nat()).map(([n, seed]) => cjkRun(n, seed)),
    fc.tuple(fc.integer({ min: 1, max: maxRun }), fc.nat()).map(([n, seed]) => base64Text(n, seed)),
    fc.array(char, { maxLength: 40 }).map((chars) => chars.join('')),
  );
  return fc.array(run, { minLength: 1, maxLength: 4 }).map((runs) => runs.join(''));
}
