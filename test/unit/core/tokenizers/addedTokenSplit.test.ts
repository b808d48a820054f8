import { strict as assert } from 'node:assert';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import fc from 'fast-check';
import { AddedTokenSplitter, dictionaryWords } from '../../../../src/core/tokenizers/addedTokenSplit';

/** @huggingface/tokenizers' own DictionarySplitter, reached through a minimal tokenizer (the class is not exported). */
function librarySplitter(words: readonly string[]): { split(text: string): string[] } {
  const tokenizer = new HfTokenizer(
    { normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, added_tokens: [], model: { type: 'BPE', vocab: { a: 0 }, merges: [] } } as never,
    {},
  ) as unknown as { splitter_unnormalized: { constructor: new (words: readonly string[]) => { split(text: string): string[] } } };
  return new tokenizer.splitter_unnormalized.constructor(words);
}

// Overlapping words (one a prefix of another, one inside another) over a small alphabet, so that
// the longest match and the order of matches matter; `中` and an astral character for UTF-16.
const unit = fc.constantFrom('a', 'b', '<', '>', '中', '😀');
const word = fc.array(unit, { minLength: 1, maxLength: 4 }).map((units) => units.join(''));

describe('split around added tokens (addedTokenSplit.ts)', () => {
  it('gives the pieces of the library’s DictionarySplitter, on overlapping words', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.array(unit, { maxLength: 40 }), (words, units) => {
        const text = units.join('');
        const library = librarySplitter(words);
        const own = new AddedTokenSplitter(dictionaryWords(library) ?? assert.fail('trie not read'));
        assert.deepEqual(own.split(text), library.split(text));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the longest word at a position, not the first listed, and rescans after it', () => {
    const own = new AddedTokenSplitter(['<t', '<think>', 'k>']);
    assert.deepEqual(own.split('x<think>k><tk>'), ['x', '<think>', 'k>', '<t', 'k>']);
  });

  it('reads every word of the library’s trie, and refuses a shape it does not know', () => {
    assert.deepEqual(dictionaryWords(librarySplitter(['ab', 'a', 'b中']))?.sort(), ['a', 'ab', 'b中']);
    assert.equal(dictionaryWords({ trie: { ab: {} } }), undefined);
    assert.equal(dictionaryWords({}), undefined);
  });
});
