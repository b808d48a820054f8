import { strict as assert } from 'node:assert';
import { getTokenizer, releaseTokenizers } from '../../../../../src/core/tokenizers/registry';
import { VocabularyTokenizer } from '../../../../../src/core/tokenizers/vendor';
import type { ScriptEstimateTokenizer } from '../../../../../src/core/tokenizers/scriptEstimate';
import { CountWorkerClient } from '../../../../../src/core/counting/worker/client';
import type { CountProgress } from '../../../../../src/core/counting/types';
import { packText, unpackText } from '../../../../../src/core/counting/worker/protocol';
import { RemoteDocumentCount } from '../../../../../src/core/counting/worker/remoteCount';
import { DocumentCounter } from '../../../../../src/core/counting/documentCounter';
import { nodeWorkerStarter } from '../../../../../src/core/counting/worker/nodeWorker';
import { buildCountWorker } from '../../../../support/countWorkerBundle';
import { corpus } from '../../../../support/corpus';
import { FakeDocument, range } from '../../../../support/fakeDocument';

describe('counting in worker sessions (the extension’s path)', function () {
  this.timeout(120_000);
  let script: string;

  before(async () => {
    script = await buildCountWorker('test-worker-sessions', { vocabularies: true });
  });

  it('hands long texts over as transferred UTF-16, unchanged (lone surrogates, CRLF, emoji)', () => {
    const text = `${'a\r\n\uD800 lone \uDC00 👩‍👩‍👧 中文 '.repeat(5000)}\uD83D`;
    const { packed, transfer } = packText(text);
    assert.equal(typeof packed, 'object');
    assert.equal(transfer.length, 1);
    assert.equal(unpackText(packed), text);
    assert.equal(unpackText(packText('short').packed), 'short');
  });

  it('follows edits exactly for an OpenAI encoding, an estimate on it and a vendor vocabulary, never loading the vocabulary here', async () => {
    releaseTokenizers();
    const workers = { fast: new CountWorkerClient(nodeWorkerStarter(script)), slow: new CountWorkerClient(nodeWorkerStarter(script)) };
    const counter = new DocumentCounter({ maxCharacters: () => 10_000_000, workers: workers });
    const doc = new FakeDocument(corpus('code', 60_000, 11));
    for (const id of ['o200k_base', 'estimate:generic', 'deepseek_v3', 'estimate:claude-3']) {
      const result = await counter.count(doc, [], id);
      assert.equal(result.kind, 'counted', id);
    }
    // The host never loaded DeepSeek's vocabulary: the counter only sent text and edits.
    assert.equal((getTokenizer('deepseek_v3') as VocabularyTokenizer).isLoaded, false);
    for (const [offset, length, text] of [[100, 0, 'typed\n'], [5000, 30, ''], [20, 3, '中文 emoji 👩‍👩‍👧\r\n']] as const) {
      counter.applyChanges(doc.uri.toString(), doc.version + 1, [doc.edit(offset, length, text)]);
    }
    const selection = range(3, 0, 40, 2);
    for (const id of ['o200k_base', 'estimate:generic', 'deepseek_v3', 'estimate:claude-3']) {
      const result = await counter.count(doc, [selection], id);
      assert.equal(result.kind, 'counted');
      if (result.kind !== 'counted') return;
      const tokenizer = getTokenizer(id);
      assert.equal(result.file?.tokens, tokenizer.count(doc.text), `${id} file`);
      assert.deepEqual(result.ranges.map((counted) => counted.tokens), [tokenizer.count(doc.getText(selection))], `${id} selection`);
      assert.equal(result.length, doc.text.length);
    }
    counter.dispose();
  });

  it('counts a loose text once on the workers (countText), with its band, never loading a vocabulary here', async () => {
    releaseTokenizers();
    const workers = { fast: new CountWorkerClient(nodeWorkerStarter(script)), slow: new CountWorkerClient(nodeWorkerStarter(script)) };
    const counter = new DocumentCounter({ maxCharacters: () => 10_000_000, workers: workers });
    const text = corpus('chinese', 20_000, 5);
    const qwen = await counter.countText(text, 'qwen3');
    assert.equal((getTokenizer('qwen3') as VocabularyTokenizer).isLoaded, false, 'the host loaded Qwen’s vocabulary');
    assert.deepEqual(qwen, { tokens: getTokenizer('qwen3').count(text) });
    const claude = await counter.countText(text, 'estimate:claude-3');
    const estimate = (getTokenizer('estimate:claude-3') as ScriptEstimateTokenizer).estimate(text);
    assert.deepEqual(claude, { tokens: estimate.count, band: estimate.band });
    counter.dispose();
  });

  it('keeps the thread through a vocabulary load when another job is cancelled meanwhile (no restart, nothing lost)', async () => {
    // A vocabulary load is one long call: the thread reads no message until it ends, so the
    // cancel of another job goes unanswered past its grace. Taken for a thread stuck in a long
    // piece, that restarted the worker and lost the count that was loading; cancelled again
    // during its retry, the count failed ("The count worker lost this document twice in a row").
    const slow = new CountWorkerClient(nodeWorkerStarter(script));
    const counter = new DocumentCounter({ maxCharacters: () => 10_000_000, workers: { fast: new CountWorkerClient(nodeWorkerStarter(script)), slow } });
    const doc = new FakeDocument(corpus('chinese', 5_000, 3), { toString: () => 'file:///loading.md' });
    const other = new FakeDocument(corpus('english', 5_000, 3), { toString: () => 'file:///other.md' });
    // Another document is open on the same thread, so its counts go out at once.
    try {
      await counter.count(other, [], 'qwen3');
      const loading = counter.count(doc, [], 'gemma3');
      // Two cancelled counts while the vocabulary loads, each past the grace of a cancel.
      for (let k = 0; k < 2; k++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const abort = new AbortController();
        const cancelled = counter.count(other, [range(0, 0, 0, 40)], 'qwen3', { signal: abort.signal });
        await new Promise((resolve) => setTimeout(resolve, 20));
        abort.abort();
        await cancelled.catch(() => undefined);
      }
      const result = await loading;
      assert.equal(result.kind === 'counted' && result.file?.tokens, getTokenizer('gemma3').count(doc.text));
      assert.equal(slow.epoch, 0, 'the thread was restarted during the load');
      // The session open before the load was kept, and counts as before.
      const kept = await counter.count(other, [], 'qwen3');
      assert.equal(kept.kind === 'counted' && kept.file?.tokens, getTokenizer('qwen3').count(other.text));
      assert.equal(slow.epoch, 0);
    } finally {
      counter.dispose();
    }
  });

  it('counts loose texts (a request’s messages) in the workers, never loading a vocabulary here', async () => {
    releaseTokenizers();
    const workers = { fast: new CountWorkerClient(nodeWorkerStarter(script)), slow: new CountWorkerClient(nodeWorkerStarter(script)) };
    const counter = new DocumentCounter({ maxCharacters: () => 1000, workers: workers });
    const texts = ['system', 'You summarize support tickets.', corpus('english', 20_000, 3), ''];
    for (const id of ['o200k_base', 'deepseek_v3', 'estimate:claude-3']) {
      const counts = await counter.countTexts(id, texts);
      if (id === 'deepseek_v3') assert.equal((getTokenizer(id) as VocabularyTokenizer).isLoaded, false);
      assert.deepEqual(counts, texts.map((text) => getTokenizer(id).count(text)), id);
    }
    // Past the size limit too: a message is never "too large" to count.
    assert.ok(texts[2]!.length > 1000);
    counter.dispose();
  });

  it('counts a document over the size limit on request ("Count now"), with progress', async () => {
    const workers = { fast: new CountWorkerClient(nodeWorkerStarter(script)), slow: new CountWorkerClient(nodeWorkerStarter(script)) };
    const counter = new DocumentCounter({ maxCharacters: () => 1000, workers: workers });
    const doc = new FakeDocument(corpus('english', 1_500_000, 3), { toString: () => 'file:///big.log' });
    assert.deepEqual(await counter.count(doc, [], 'o200k_base'), { kind: 'tooLarge', length: doc.text.length, limit: 1000 });
    // What the sections and the saved-version counts ask before doing work of their own.
    assert.equal(counter.countsUnasked(1000), true);
    assert.equal(counter.countsUnasked(doc.text.length), false);
    counter.countNow(doc.uri.toString());
    assert.equal(counter.countsUnasked(doc.text.length), false, 'Count now asks for the count, not for the rest');
    const progress: CountProgress[] = [];
    const result = await counter.count(doc, [], 'o200k_base', { onProgress: (p) => progress.push(p) });
    assert.equal(result.kind === 'counted' && result.file?.tokens, getTokenizer('o200k_base').count(doc.text));
    assert.ok(progress.length > 0, 'progress reported');
    assert.ok(progress.every((p, i) => p.total === doc.text.length && p.done <= p.total && (i === 0 || p.done >= progress[i - 1]!.done)));
    // It keeps following the document after that.
    counter.applyChanges(doc.uri.toString(), doc.version + 1, [doc.edit(10, 0, 'more words ')]);
    const after = await counter.count(doc, [], 'o200k_base');
    assert.equal(after.kind === 'counted' && after.file?.tokens, getTokenizer('o200k_base').count(doc.text));
    // Binary content stays skipped even on request.
    const binary = new FakeDocument('\u0000'.repeat(2000), { toString: () => 'file:///a.bin' });
    counter.countNow(binary.uri.toString());
    assert.deepEqual(await counter.count(binary, [], 'o200k_base'), { kind: 'binary' });
    counter.dispose();
  });

  it('reports only the newest text’s count when an edit overtakes a whole-text count', async () => {
    // A generous cancel grace: this is about which count is kept, not about restarting a busy
    // thread (countWorker.test.ts covers that), and a loaded machine may ack a cancel late.
    const client = new CountWorkerClient(nodeWorkerStarter(script), { cancelGraceMs: 5000 });
    const text = corpus('chinese', 200_000, 5);
    const live = new RemoteDocumentCount(client, 'estimate:claude-3');
    await live.load(text);
    const first = live.count();
    live.applyChanges([{ rangeOffset: 0, rangeLength: 0, text: 'new start ' }]);
    // The count of the older text either was cancelled or is not kept as current.
    await first.then(
      () => undefined,
      (error: Error) => assert.equal(error.name, 'JobCancelledError'),
    );
    assert.equal(live.current(), undefined);
    assert.equal((await live.count()).tokens, getTokenizer('estimate:claude-3').count(`new start ${text}`));
    live.dispose();
    client.dispose();
  });

  it('two readers of the same document share one count instead of cancelling each other (the panel + status bar live-lock)', async () => {
    const workers = { fast: new CountWorkerClient(nodeWorkerStarter(script)), slow: new CountWorkerClient(nodeWorkerStarter(script)) };
    const counter = new DocumentCounter({ maxCharacters: () => 10_000_000, workers: workers });
    const doc = new FakeDocument(corpus('english', 300_000, 21));
    const expected = getTokenizer('estimate:claude-3').count(doc.text);
    // The status bar and the panel ask for the same whole-text count at once, again and again.
    const readers = Array.from({ length: 6 }, () => counter.count(doc, [], 'estimate:claude-3'));
    const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('readers cancelled each other: no count in 20 s')), 20_000));
    const results = await Promise.race([Promise.all(readers), deadline]);
    for (const result of results) assert.equal(result.kind === 'counted' && result.file?.tokens, expected);
    counter.dispose();
  });

  it('a reader whose count is cancelled by a newer edit gives up (no retry loop); the next reader counts the newer text', async () => {
    const workers = { fast: new CountWorkerClient(nodeWorkerStarter(script)), slow: new CountWorkerClient(nodeWorkerStarter(script)) };
    const counter = new DocumentCounter({ maxCharacters: () => 10_000_000, workers: workers });
    const doc = new FakeDocument(corpus('english', 300_000, 22));
    await counter.count(doc, [], 'estimate:claude-3');
    counter.applyChanges(doc.uri.toString(), doc.version + 1, [doc.edit(0, 0, 'one ')]);
    const stale = counter.count(doc, [], 'estimate:claude-3');
    counter.applyChanges(doc.uri.toString(), doc.version + 1, [doc.edit(0, 0, 'two ')]);
    await stale.then(
      (result) => assert.equal(result.kind === 'counted' && result.file?.tokens, getTokenizer('estimate:claude-3').count(doc.text)),
      (error: Error) => assert.equal(error.name, 'JobCancelledError'),
    );
    const fresh = await counter.count(doc, [], 'estimate:claude-3');
    assert.equal(fresh.kind === 'counted' && fresh.file?.tokens, getTokenizer('estimate:claude-3').count(doc.text));
    counter.dispose();
  });

  it('stops an idle worker, freeing its memory, and opens the session again on the next count', async () => {
    const slow = new CountWorkerClient(nodeWorkerStarter(script), { idleMs: 100 });
    const counter = new DocumentCounter({ maxCharacters: () => 1_000_000, workers: { fast: slow, slow } });
    const doc = new FakeDocument('some text\nmore text\n');
    const first = await counter.count(doc, [], 'qwen3');
    assert.ok(slow.running);
    const epoch = slow.epoch;
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(slow.running, false, 'stopped after 100 ms idle');
    assert.equal(slow.epoch, epoch + 1);
    counter.applyChanges(doc.uri.toString(), doc.version + 1, [doc.edit(0, 4, 'other')]);
    const second = await counter.count(doc, [], 'qwen3');
    assert.equal(first.kind === 'counted' && first.file?.tokens, getTokenizer('qwen3').count('some text\nmore text\n'));
    assert.equal(second.kind === 'counted' && second.file?.tokens, getTokenizer('qwen3').count(doc.text));
    counter.dispose();
  });
  it('counts sections in one message from the index, each equal to its text counted alone, and tokenizes a window off this thread', async () => {
    releaseTokenizers();
    const workers = { fast: new CountWorkerClient(nodeWorkerStarter(script)), slow: new CountWorkerClient(nodeWorkerStarter(script)) };
    const counter = new DocumentCounter({ maxCharacters: () => 10_000_000, workers });
    try {
      const window = await counter.tokens('one two three\nfour five\n', 4, 8, { atDocumentStart: true, atDocumentEnd: true }, 'qwen3');
      assert.equal(window.tokenizer, 'qwen3');
      assert.ok(window.ids.length >= 2);
      assert.equal((getTokenizer('qwen3') as VocabularyTokenizer).isLoaded, false, 'the vocabulary stayed in the worker');
      const doc = new FakeDocument(corpus('english', 30_000, 4));
      const spans = [
        { start: 0, end: 1000 },
        { start: 1000, end: 17_001 },
        { start: 17_001, end: doc.text.length },
        { start: 500, end: 20_000 },
      ];
      for (const id of ['o200k_base', 'qwen3', 'estimate:claude-3']) {
        const result = await counter.countSpans(doc, spans, id);
        assert.equal(result.kind, 'counted', id);
        if (result.kind !== 'counted') continue;
        const tokenizer = getTokenizer(id);
        assert.equal(result.file?.tokens, tokenizer.count(doc.text), id);
        assert.deepEqual(result.ranges.map((counted) => counted.tokens), spans.map((span) => tokenizer.count(doc.text.slice(span.start, span.end))), id);
        counter.applyChanges(doc.uri.toString(), doc.version + 1, [doc.edit(1500, 10, 'an edit in the second section')]);
        const after = await counter.countSpans(doc, spans, id);
        assert.equal(after.kind === 'counted' && after.ranges[1]?.tokens, tokenizer.count(doc.text.slice(1000, 17_001)), id);
      }
      const o200k = getTokenizer('o200k_base');
      const saved = await counter.countTextSpans('An older version.\nWith two lines.\n', [{ start: 0, end: 18 }], 'o200k_base');
      assert.deepEqual(saved, { total: { tokens: o200k.count('An older version.\nWith two lines.\n') }, ranges: [{ tokens: o200k.count('An older version.\n') }] });
    } finally {
      counter.dispose();
    }
  });
});
