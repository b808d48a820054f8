import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TiktokenTokenizer } from '../../../../src/core/tokenizers/tiktoken';
import { CORPUS_NAMES, corpus } from '../../../support/corpus';

// `count` runs our BytePairCounter; `encode` is tiktoken's WASM, the reference. They must agree
// on every text, special-token strings counted as ordinary text.
const PIECES = [
  'Hello', ' world', "'s", "I'LL", '\r\n', '\n', '\r', ' ', '   ', '\t', '\n\n', '//', ';\n/', '<|endoftext|>', '<|im_start|>',
  '<|fim_prefix|>', '<|endofprompt|>', '中文', '，', '😀', '👨‍👩‍👧‍👦', '\u200d', 'e\u0301', '\ud800', '\udc00', '\u0085', '\ufeff',
  '\u00a0', '\u2028', '\u3000', '\u000b', '123456', 'ǅ', 'ß', 'Ⅻ', '{"a":1}',
];

describe('o200k/cl100k count path (BytePairCounter) against tiktoken', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    const tokenizer = new TiktokenTokenizer(encoding);
    const reference = (text: string): number => (text ? tokenizer.encode(text).length : 0);

    it(`${encoding}: identical counts on English, Chinese with emoji, code and JSON`, () => {
      for (const name of CORPUS_NAMES) {
        for (const seed of [1, 2]) {
          const text = corpus(name, 15_000, seed);
          assert.equal(tokenizer.count(text), reference(text), `${name} #${seed}`);
          const crlf = text.replace(/\n/g, '\r\n');
          assert.equal(tokenizer.count(crlf), reference(crlf), `${name} #${seed} with CRLF`);
        }
      }
    });

    it(`${encoding}: identical counts on Chinese prose with its punctuation taken out (long pieces, words joining across characters)`, () => {
      for (const seed of [1, 2]) {
        const han = corpus('chinese', 12_000, seed).replace(/[^\p{Script=Han}]/gu, '').slice(0, 4_000);
        // One long piece, clauses of 20 characters, and words repeated back to back.
        for (const text of [han, han.replace(/(.{20})/gu, '$1，'), han.slice(0, 400).replace(/(.{2})/gu, '$1$1$1')]) {
          assert.equal(tokenizer.count(text), reference(text), `#${seed}, ${text.length} characters`);
        }
      }
    });

    it(`${encoding}: identical counts on special-token text, lone surrogates and odd whitespace`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((p) => p.join('')), (text) => {
          assert.equal(tokenizer.count(text), reference(text), JSON.stringify(text));
        }),
        { numRuns: 1500 },
      );
    });
  }

  it('counts special-token strings as text and never throws on them', () => {
    const tokenizer = new TiktokenTokenizer('o200k_base');
    assert.equal(tokenizer.count('<|endoftext|>'), 7);
    assert.equal(tokenizer.count('a <|endoftext|>\ufeff'), tokenizer.encode('a <|endoftext|>\ufeff').length);
  });
});
