import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { tokenWindow } from '../../../../src/core/counting/tokenWindow';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { boundaryTokenizer, tokenPieces } from '../../../../src/core/tokenizers/tokenPieces';
import { editArbitraries } from '../../../support/editArbitraries';

const TRICKY = ['\n', '\r\n', ' ', '  ', '\t', '\n\n', '\n  ', '\n/', '/', '😀', '龘', '中文', "'s", 'a', '123456', ',', '{', '\u00a0', '\ufeff'];
const { documentArb } = editArbitraries({ tricky: TRICKY, corpusChars: 20_000, seed: 9, maxSliceChars: 200, maxParts: 30, maxRemove: 10, maxInsertParts: 2 });

/** A document, a window in it, and the text sent around the window (as the token view sends it). */
const caseArb = documentArb.chain((text) =>
  fc
    .tuple(fc.nat(text.length), fc.nat(text.length), fc.nat(text.length), fc.nat(text.length))
    .map((points) => {
      const [a, from, to, b] = [...points].sort((x, y) => x - y) as [number, number, number, number];
      return { text, a, from, to, b };
    }),
);

/** `[id, start, end]` of each token overlapping `[from, to)`, in document offsets. */
function wholeDocumentTokens(tokenizerId: string, text: string, from: number, to: number): [number, number, number][] {
  const placed = tokenPieces(boundaryTokenizer(getTokenizer(tokenizerId)), text);
  const out: [number, number, number][] = [];
  for (let i = 0; i < placed.placed; i++) if (placed.ends[i]! > from && placed.starts[i]! < to) out.push([placed.ids[i]!, placed.starts[i]!, placed.ends[i]!]);
  return out;
}

describe('token window: the visible range tokenized as inside the whole document', () => {
  for (const tokenizerId of ['o200k_base', 'cl100k_base', 'estimate:claude-3', 'qwen3', 'gemma3']) {
    it(`${tokenizerId}: from safe cuts around the window, the tokens are the whole document's`, () => {
      let compared = 0;
      let runs = 0;
      fc.assert(
        fc.property(caseArb, ({ text, a, from, to, b }) => {
          const sent = text.slice(a, b);
          const window = tokenWindow(getTokenizer(tokenizerId), sent, from - a, to - a, { atDocumentStart: a === 0, atDocumentEnd: b === text.length });
          runs++;
          if (!window.exactStart || !window.exactEnd || !window.allPlaced) return;
          compared++;
          const got = Array.from(window.ids, (id, i): [number, number, number] => [id, window.starts[i]! + a, window.ends[i]! + a]);
          assert.deepEqual(got, wholeDocumentTokens(tokenizerId, text, from, to));
        }),
        { numRuns: tokenizerId === 'gemma3' || tokenizerId === 'qwen3' ? 40 : 200 },
      );
      // Windows with cuts around them in the text sent are common (Gemma cuts only after newlines):
      // the property is not vacuous.
      assert.ok(compared > runs / (tokenizerId === 'gemma3' ? 10 : 3), `${compared} of ${runs} windows compared`);
    });
  }

  it('says whose boundaries it shows, and when it found no safe cut in the text sent', () => {
    const estimate = tokenWindow(getTokenizer('estimate:claude-3'), 'Hello world.\nSecond line here.\n', 14, 20, { atDocumentStart: true, atDocumentEnd: true });
    assert.equal(estimate.tokenizer, 'o200k_base');
    assert.ok(estimate.exactStart && estimate.exactEnd);
    // Gemma cuts only after newlines: a window inside one long line sent without its start has none.
    const noCut = tokenWindow(getTokenizer('gemma3'), 'one two three four five six', 8, 13, { atDocumentStart: false, atDocumentEnd: false });
    assert.equal(noCut.exactStart, false);
    assert.equal(noCut.exactEnd, false);
    assert.ok(noCut.ids.length > 0);
  });

  it('keeps only the tokens overlapping the window, with their bytes', () => {
    const text = 'alpha beta gamma delta';
    const window = tokenWindow(getTokenizer('o200k_base'), text, 6, 10, { atDocumentStart: true, atDocumentEnd: true });
    const texts = Array.from(window.starts, (start, i) => text.slice(start, window.ends[i]));
    assert.deepEqual(texts, [' beta']);
    assert.equal(Buffer.from(window.bytes).toString('utf8'), ' beta');
    assert.deepEqual(Array.from(window.byteEnds), [5]);
  });

  it('rejects a window outside the text', () => {
    assert.throws(() => tokenWindow(getTokenizer('o200k_base'), 'abc', 2, 9, { atDocumentStart: true, atDocumentEnd: true }), RangeError);
  });
});
