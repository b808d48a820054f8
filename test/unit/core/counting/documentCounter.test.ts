import { strict as assert } from 'node:assert';
import { FullDocumentCounter, type CountableDocument, type RangeLike } from '../../../../src/core/counting/documentCounter';

/** A document over lines of text, with the subset of the vscode API the counter uses. */
function doc(text: string, version = 1, uri = 'file:///p.md'): CountableDocument {
  const lines = text.split('\n');
  const offset = (line: number, character: number): number =>
    lines.slice(0, line).reduce((sum, value) => sum + value.length + 1, 0) + character;
  return {
    uri: { toString: () => uri },
    version,
    getText: (range?: RangeLike) =>
      range ? text.slice(offset(range.start.line, range.start.character), offset(range.end.line, range.end.character)) : text,
  };
}

function range(startLine: number, startChar: number, endLine: number, endChar: number): RangeLike {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar }, isEmpty: startLine === endLine && startChar === endChar };
}

/** Counts words, and remembers how often it was asked. */
function wordCounter() {
  const calls: string[] = [];
  return {
    calls,
    count: (_tokenizer: string, text: string) => {
      calls.push(text);
      return text.split(/\s+/).filter(Boolean).length;
    },
  };
}

describe('FullDocumentCounter', () => {
  it('counts the file and each non-empty selection', async () => {
    const words = wordCounter();
    const counter = new FullDocumentCounter(() => 1000, words.count);
    const result = await counter.count(doc('one two three\nfour five'), [range(0, 0, 0, 7), range(1, 0, 1, 0), range(1, 0, 1, 9)], 'o200k_base');
    assert.deepEqual(result, { kind: 'counted', file: 5, ranges: [2, 2], length: 23 });
  });

  it('caches by document version and tokenizer', async () => {
    const words = wordCounter();
    const counter = new FullDocumentCounter(() => 1000, words.count);
    await counter.count(doc('a b c', 1), [], 'o200k_base');
    await counter.count(doc('a b c', 1), [], 'o200k_base');
    assert.equal(words.calls.length, 1);
    await counter.count(doc('a b c', 1), [], 'cl100k_base');
    await counter.count(doc('a b c d', 2), [], 'o200k_base');
    assert.equal(words.calls.length, 3);
    counter.forget('file:///p.md');
    await counter.count(doc('a b c d', 2), [], 'o200k_base');
    assert.equal(words.calls.length, 4);
  });

  it('refuses binary text', async () => {
    const counter = new FullDocumentCounter(() => 1000, wordCounter().count);
    assert.deepEqual(await counter.count(doc('PK\u0003\u0004\u0000\u0000data'), [], 'o200k_base'), { kind: 'binary' });
  });

  it('skips a file over the limit but still counts a small selection in it', async () => {
    const words = wordCounter();
    const counter = new FullDocumentCounter(() => 10, words.count);
    const text = 'alpha beta gamma delta';
    assert.deepEqual(await counter.count(doc(text), [], 'o200k_base'), { kind: 'tooLarge', length: 22, limit: 10 });
    assert.deepEqual(await counter.count(doc(text), [range(0, 0, 0, 10)], 'o200k_base'), { kind: 'counted', file: undefined, ranges: [2], length: 22 });
    assert.deepEqual(words.calls, ['alpha beta']);
  });

  it('counts a real prompt with the real tokenizer, special tokens included', async () => {
    const counter = new FullDocumentCounter(() => 1_000_000);
    const result = await counter.count(doc('Hello <|endoftext|> world'), [], 'o200k_base');
    assert.equal(result.kind, 'counted');
    assert.ok(result.kind === 'counted' && result.file! > 3);
  });
});
