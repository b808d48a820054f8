import fc from 'fast-check';
import type { TextChange } from '../../src/core/counting/textEdits';
import { CORPUS_NAMES, corpus } from './corpus';

/** Sizes of the random documents and edits one property-test file draws. */
export interface EditArbitraryOptions {
  /** Pieces that stress the tokenizer under test, drawn more often than corpus slices. */
  readonly tricky: readonly string[];
  /** Characters taken from each corpus, and the corpus seed. */
  readonly corpusChars: number;
  readonly seed: number;
  /** Longest corpus slice in one fragment. */
  readonly maxSliceChars: number;
  /** Most fragments in one document. */
  readonly maxParts: number;
  /** Largest removal of one edit. */
  readonly maxRemove: number;
  /** Most fragments one edit inserts. */
  readonly maxInsertParts: number;
}

/** An edit as fractions of the current length, so it always lands inside the document (see toChange). */
export interface RandomEdit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/**
 * Random documents (tricky pieces mixed with slices of every corpus) and random edits of them,
 * shared by the incremental-counting property tests so that each varies only what it stresses.
 */
export function editArbitraries(options: EditArbitraryOptions): {
  fragment: fc.Arbitrary<string>;
  documentArb: fc.Arbitrary<string>;
  editArb: fc.Arbitrary<RandomEdit>;
} {
  const corpora = CORPUS_NAMES.map((name) => corpus(name, options.corpusChars, options.seed));
  const fragment = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...options.tricky) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.nat({ max: corpora.length - 1 }), fc.nat({ max: options.corpusChars - 1000 }), fc.integer({ min: 1, max: options.maxSliceChars }))
        .map(([which, start, length]) => corpora[which].slice(start, start + length)),
    },
  );
  const documentArb = fc.array(fragment, { minLength: 0, maxLength: options.maxParts }).map((parts) => parts.join(''));
  const editArb = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: options.maxRemove })),
    insert: fc.oneof(fc.constant(''), fragment, fc.array(fragment, { maxLength: options.maxInsertParts }).map((p) => p.join(''))),
  });
  return { fragment, documentArb, editArb };
}

/** Places a random edit inside `text`. */
export function toChange(text: string, edit: RandomEdit): TextChange {
  const rangeOffset = Math.min(text.length, Math.floor(edit.at * (text.length + 1)));
  const rangeLength = Math.min(edit.remove, text.length - rangeOffset);
  return { rangeOffset, rangeLength, text: edit.insert };
}
