import { strict as assert } from 'node:assert';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { IncrementalDocumentCounter } from '../../../../src/core/counting/incrementalCounter';
import { FakeDocument, range } from '../../../support/fakeDocument';

describe('extension counter on the incremental engine', () => {
  it('follows change events and counts selections from the index', async () => {
    const counter = new IncrementalDocumentCounter(() => 1_000_000);
    const doc = new FakeDocument('first line\nsecond line\nthird line 中文\n');
    const o200k = getTokenizer('o200k_base');
    let result = await counter.count(doc, [], 'o200k_base');
    assert.deepEqual(result, { kind: 'counted', file: o200k.count(doc.text), ranges: [], length: doc.text.length });
    counter.applyChanges(doc.uri.toString(), doc.version + 1, [doc.edit(6, 4, 'row, edited')]);
    result = await counter.count(doc, [range(1, 0, 2, 5)], 'o200k_base');
    assert.equal(result.kind, 'counted');
    if (result.kind !== 'counted') return;
    assert.equal(result.file, o200k.count(doc.text));
    assert.deepEqual(result.ranges, [o200k.count(doc.getText(range(1, 0, 2, 5)))]);
    // An estimate on o200k_base shares the index and scales the sum.
    const generic = getTokenizer('estimate:generic');
    const estimated = await counter.count(doc, [], 'estimate:generic');
    assert.equal(estimated.kind === 'counted' && estimated.file, generic.count(doc.text));
    counter.dispose();
  });

  it('rebuilds when an event was missed, and skips binary and too-large documents', async () => {
    const counter = new IncrementalDocumentCounter(() => 20);
    const doc = new FakeDocument('short text');
    await counter.count(doc, [], 'cl100k_base');
    doc.edit(0, 5, 'longer'); // no applyChanges: the version moved on without us
    const result = await counter.count(doc, [], 'cl100k_base');
    assert.equal(result.kind === 'counted' && result.file, getTokenizer('cl100k_base').count(doc.text));
    const big = new FakeDocument('x'.repeat(30), { toString: () => 'file:///big.txt' });
    assert.deepEqual(await counter.count(big, [], 'o200k_base'), { kind: 'tooLarge', length: 30, limit: 20 });
    const selected = await counter.count(big, [range(0, 0, 0, 10)], 'o200k_base');
    assert.deepEqual(selected, { kind: 'counted', file: undefined, ranges: [getTokenizer('o200k_base').count('x'.repeat(10))], length: 30 });
    const binary = new FakeDocument('\u0000\u0001bin', { toString: () => 'file:///a.bin' });
    assert.deepEqual(await counter.count(binary, [], 'o200k_base'), { kind: 'binary' });
    counter.dispose();
  });
});
