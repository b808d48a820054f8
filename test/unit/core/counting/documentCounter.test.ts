import { strict as assert } from 'node:assert';
import { getTokenizer, listTokenizers } from '../../../../src/core/tokenizers/registry';
import { DocumentTokenCount, countOnce } from '../../../../src/core/counting/documentCount';
import { corpus } from '../../../support/corpus';
import { DocumentCounter } from '../../../../src/core/counting/documentCounter';
import { JobCancelledError } from '../../../../src/core/counting/types';
import type { ScriptEstimateTokenizer } from '../../../../src/core/tokenizers/scriptEstimate';
import { FakeDocument, range } from '../../../support/fakeDocument';

describe('document counter (on the calling thread)', () => {
  it('follows change events and counts selections from the index', async () => {
    const counter = new DocumentCounter({ maxCharacters: () => 1_000_000 });
    const doc = new FakeDocument('first line\nsecond line\nthird line 中文\n');
    const o200k = getTokenizer('o200k_base');
    let result = await counter.count(doc, [], 'o200k_base');
    assert.deepEqual(result, { kind: 'counted', file: { tokens: o200k.count(doc.text), band: undefined }, ranges: [], length: doc.text.length, exactness: 'exact' });
    counter.applyChanges(doc.uri.toString(), doc.version + 1, [doc.edit(6, 4, 'row, edited')]);
    result = await counter.count(doc, [range(1, 0, 2, 5)], 'o200k_base');
    assert.equal(result.kind, 'counted');
    if (result.kind !== 'counted') return;
    assert.equal(result.file?.tokens, o200k.count(doc.text));
    assert.deepEqual(result.ranges.map((counted) => counted.tokens), [o200k.count(doc.getText(range(1, 0, 2, 5)))]);
    // An estimate on o200k_base shares the index and scales the sum.
    const generic = getTokenizer('estimate:generic');
    const estimated = await counter.count(doc, [], 'estimate:generic');
    assert.equal(estimated.kind === 'counted' && estimated.file?.tokens, generic.count(doc.text));
    counter.dispose();
  });

  it('answers spans overtaken by an edit as cancelled, not as a range outside the document', async () => {
    // The sections of a document are found, then counted: an edit that comes in meanwhile (here a
    // shorter text) makes their offsets stale. The edit's own update counts again.
    const counter = new DocumentCounter({ maxCharacters: () => 1_000_000 });
    const doc = new FakeDocument('# One\nfirst section text\n# Two\nsecond section, longer text\n');
    await counter.count(doc, [], 'o200k_base');
    const spans = [{ start: 0, end: 25 }, { start: 25, end: doc.text.length }];
    const version = doc.version;
    const during = counter.countSpans(doc, spans, 'o200k_base', { spansVersion: version });
    counter.applyChanges(doc.uri.toString(), version + 1, [doc.edit(30, 20, '')]);
    await assert.rejects(during, JobCancelledError, 'an edit during the count');
    await assert.rejects(counter.countSpans(doc, spans, 'o200k_base', { spansVersion: version }), JobCancelledError, 'an edit before it');
    const fresh = await counter.countSpans(doc, [{ start: 0, end: 25 }], 'o200k_base', { spansVersion: doc.version });
    assert.equal(fresh.kind === 'counted' && fresh.ranges[0]?.tokens, getTokenizer('o200k_base').count(doc.text.slice(0, 25)));
    counter.dispose();
  });

  it('rebuilds when an event was missed, and skips binary and too-large documents', async () => {
    const counter = new DocumentCounter({ maxCharacters: () => 20 });
    const doc = new FakeDocument('short text');
    await counter.count(doc, [], 'cl100k_base');
    doc.edit(0, 5, 'longer'); // no applyChanges: the version moved on without us
    const result = await counter.count(doc, [], 'cl100k_base');
    assert.equal(result.kind === 'counted' && result.file?.tokens, getTokenizer('cl100k_base').count(doc.text));
    const big = new FakeDocument('x'.repeat(30), { toString: () => 'file:///big.txt' });
    assert.deepEqual(await counter.count(big, [], 'o200k_base'), { kind: 'tooLarge', length: 30, limit: 20 });
    const selected = await counter.count(big, [range(0, 0, 0, 10)], 'o200k_base');
    assert.deepEqual(selected, { kind: 'counted', file: undefined, ranges: [{ tokens: getTokenizer('o200k_base').count('x'.repeat(10)), band: undefined }], length: 30, exactness: 'exact' });
    const binary = new FakeDocument('\u0000\u0001bin', { toString: () => 'file:///a.bin' });
    assert.deepEqual(await counter.count(binary, [], 'o200k_base'), { kind: 'binary' });
    counter.dispose();
  });

  it('gives an estimate\'s count with the band of this very text, for the file and each selection', async () => {
    const counter = new DocumentCounter({ maxCharacters: () => 1_000_000 });
    const claude = getTokenizer('estimate:claude-3') as ScriptEstimateTokenizer;
    const text = 'Plain English prose for the estimate.\n中文的句子，用来估算。\nfunction f(x) { return x * 2; }\n';
    const doc = new FakeDocument(text);
    const selection = range(1, 0, 1, 11);
    const result = await counter.count(doc, [selection], 'estimate:claude-3');
    assert.equal(result.kind, 'counted');
    if (result.kind !== 'counted') return;
    assert.equal(result.exactness, 'estimate');
    const whole = claude.estimate(text);
    assert.deepEqual(result.file, { tokens: whole.count, band: whole.band });
    const part = claude.estimate(doc.getText(selection));
    assert.deepEqual(result.ranges, [{ tokens: part.count, band: part.band }]);
    // Not the tokenizer's widest band: the text's own, narrower one.
    assert.ok(whole.band.high - whole.band.low < claude.band.high - claude.band.low);
    // A one-factor estimate carries its fixed band.
    const generic = await counter.count(doc, [], 'estimate:generic');
    assert.deepEqual(generic.kind === 'counted' && generic.file?.band, getTokenizer('estimate:generic').band);
    counter.dispose();
  });
});

describe('one-off counts (countOnce)', () => {
  it('answers what a document count answers, for every tokenizer, short and long texts, and stops when told', async function () {
    this.timeout(120_000);
    // Short (one call of the base encoding) and long (chunk by chunk): both sides of the limit.
    const texts = [corpus('english', 2_000, 5), corpus('chinese', 30_000, 6), corpus('code', 33_000, 7), `${corpus('json', 80_000, 8)}<|endoftext|>`];
    for (const { id } of listTokenizers()) {
      const tokenizer = getTokenizer(id);
      for (const text of texts) {
        const document = new DocumentTokenCount(tokenizer);
        await document.load(text);
        assert.deepEqual(await countOnce(tokenizer, text), await document.total(), `${id}, ${text.length} characters`);
      }
    }
    let pauses = 0;
    const stop = { pause: () => ++pauses < 3 };
    assert.equal(await countOnce(getTokenizer('o200k_base'), texts[3]!, stop), undefined);
    assert.equal(pauses, 3);
  });
});
