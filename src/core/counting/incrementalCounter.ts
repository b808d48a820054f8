import type { TextChange } from './chunkIndex';
import { DocumentTokenCount, type CountCallOptions } from './documentCount';
import { countingPlan } from './plan';
import { decideCounting, looksBinary } from './filePolicy';
import { getTokenizer } from '../tokenizers/registry';
import { TiktokenTokenizer } from '../tokenizers/tiktoken';
import type { Tokenizer, TokenizerId } from '../tokenizers/types';
import { JobCancelledError, type CountProgress, type CountWorkerClient } from './worker/client';
import { RemoteDocumentCount } from './worker/remoteCount';
import type { CountableDocument, DocumentCount, DocumentCounter, PositionLike, RangeLike } from './documentCounter';

/** A document that can turn positions into offsets (every `vscode.TextDocument` can). */
interface OffsetDocument extends CountableDocument {
  offsetAt(position: PositionLike): number;
}

function hasOffsets(document: CountableDocument): document is OffsetDocument {
  return typeof (document as Partial<OffsetDocument>).offsetAt === 'function';
}

/**
 * The two count workers the extension runs. `fast` holds the OpenAI encodings (small tables,
 * keystroke recounts); `slow` the vendor vocabularies and whole-text estimates, whose long loads
 * and counts must not queue in front of a keystroke's recount, and whose 50–190 MB are released
 * when idle.
 */
export interface CountWorkers {
  readonly fast: CountWorkerClient;
  readonly slow: CountWorkerClient;
}

/** One document × one counting base (an encoding shared by the exact tokenizer and its estimates). */
interface Entry {
  readonly uri: string;
  /** The document version the count reflects once `loading` has settled. */
  version: number;
  readonly count: DocumentTokenCount | RemoteDocumentCount;
  loading: Promise<void>;
  /** Listeners of the first count's progress (the status bar). */
  readonly listeners: Set<(progress: CountProgress) => void>;
}

/** A count's worker session went away under it (eviction, idle stop, crash) while nothing was edited. */
class LostSessionError extends Error {
  constructor() {
    super('The count session was closed while counting.');
    this.name = 'LostSessionError';
  }
}

/** Documents × bases kept; the least recently used beyond this are dropped (memory bound). */
const ENTRY_LIMIT = 12;

/** The worker a tokenizer runs on: vendor vocabularies and whole-text estimates on the slow one. */
function workerFor(workers: CountWorkers, tokenizer: Tokenizer): CountWorkerClient {
  const plan = countingPlan(tokenizer);
  const base = plan.kind === 'chunked' ? plan.base : plan.tokenizer;
  return base instanceof TiktokenTokenizer ? workers.fast : workers.slow;
}

/**
 * The extension's counter on the incremental engine: the first count of a document builds a chunk
 * index, each change event updates it by re-encoding only the chunks around the edit, and
 * selections are summed from cached chunk counts. The status bar and the panel call `count()`;
 * `applyChanges` must be wired to `workspace.onDidChangeTextDocument`, `forget` to
 * `onDidCloseTextDocument`.
 *
 * With workers (the extension), every text, index and vocabulary lives in a worker thread and the
 * host only sends change events and asks for totals: it never loads a table (o200k alone takes
 * ≈ 230 ms to parse, Gemma 3 up to 1.8 s) nor encodes text. Without (unit tests), counts run here.
 *
 * A count for a version the index has not seen (an event missed) rebuilds from `getText()`.
 */
export class IncrementalDocumentCounter implements DocumentCounter {
  private readonly entries = new Map<string, Entry>();
  /** Per document: the last version found binary or over the limit, so it is not read again. */
  private readonly skipped = new Map<string, { version: number; result: DocumentCount }>();
  /** Documents the user asked to count despite the size limit ("Count now"), until they close. */
  private readonly countNowUris = new Set<string>();

  constructor(
    private readonly maxCharacters: () => number,
    private readonly workers?: CountWorkers,
  ) {}

  /** Lifts the size limit for one document until it closes (the "Count now" action). */
  countNow(uri: string): void {
    this.countNowUris.add(uri);
    this.skipped.delete(uri);
  }

  /** Feeds one `TextDocumentChangeEvent` to every index of that document. */
  applyChanges(uri: string, version: number, changes: readonly TextChange[]): void {
    for (const entry of this.entries.values()) {
      if (entry.uri !== uri) continue;
      try {
        entry.count.applyChanges(changes);
        entry.version = version;
      } catch {
        // Out of step (an edit outside the known text): rebuild on the next count.
        this.drop(entry);
      }
    }
  }

  /**
   * Counts a document and its selections. A count that loses its worker session for a reason other
   * than a newer edit (evicted, the worker restarted) starts over once; a count overtaken by an edit
   * rejects with `JobCancelledError`, because whoever made the edit asks again for the newer text.
   * Nothing here retries without a bound.
   */
  async count(
    document: CountableDocument,
    ranges: readonly RangeLike[],
    tokenizerId: TokenizerId,
    call: CountCallOptions = {},
  ): Promise<DocumentCount> {
    const version = document.version;
    try {
      return await this.countOnce(document, ranges, tokenizerId, call);
    } catch (error) {
      const lostSession = error instanceof LostSessionError;
      if (!lostSession || call.signal?.aborted || document.version !== version) throw lostSession ? new JobCancelledError() : error;
      return this.countOnce(document, ranges, tokenizerId, call).catch((again: unknown) => {
        throw again instanceof LostSessionError ? new Error('The count worker lost this document twice in a row.') : again;
      });
    }
  }

  private async countOnce(
    document: CountableDocument,
    ranges: readonly RangeLike[],
    tokenizerId: TokenizerId,
    call: CountCallOptions,
  ): Promise<DocumentCount> {
    const uri = document.uri.toString();
    const skipped = this.skipped.get(uri);
    const noSelection = ranges.every((range) => range.isEmpty);
    if (skipped && skipped.version === document.version && (skipped.result.kind === 'binary' || noSelection)) return skipped.result;

    const tokenizer = getTokenizer(tokenizerId);
    const plan = countingPlan(tokenizer);
    const base = plan.kind === 'chunked' ? plan.base : tokenizer;
    const finish = (n: number): number => (plan.kind === 'chunked' ? plan.finish(n) : n);
    const key = `${uri}#${base.id}`;

    let entry = this.entries.get(key);
    if (entry && !this.alive(entry)) {
      this.drop(entry);
      entry = undefined;
    }
    if (entry && entry.version !== document.version) {
      await this.settled(entry, call);
      if (entry.version !== document.version || !this.alive(entry)) {
        this.drop(entry);
        entry = undefined;
      }
    }
    if (!entry) {
      const text = document.getText();
      const decision = decideCounting(text, this.maxCharacters(), this.countNowUris.has(uri));
      if (decision.kind === 'binary') return this.skip(uri, document.version, { kind: 'binary' });
      if (decision.kind === 'manual') {
        if (noSelection) return this.skip(uri, document.version, { kind: 'tooLarge', length: text.length, limit: decision.limit });
        return this.countSelectionsOnly(document, ranges, tokenizer, decision.length, decision.limit);
      }
      entry = this.open(key, uri, document.version, base, text);
    } else {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    try {
      await this.settled(entry, call);
    } catch (error) {
      // Cancelled (the entry was evicted or its worker stopped) or the worker failed: start over.
      this.drop(entry);
      if (error instanceof JobCancelledError && !call.signal?.aborted) throw new LostSessionError();
      throw error;
    }

    const file = finish(await this.total(entry, call));
    const counts: number[] = [];
    for (const range of ranges) {
      if (range.isEmpty) continue;
      if (hasOffsets(document)) {
        counts.push(finish(await entry.count.countRange(document.offsetAt(range.start), document.offsetAt(range.end), call)));
      } else {
        counts.push(await this.countPlain(document.getText(range), tokenizer));
      }
    }
    return { kind: 'counted', file, ranges: counts, length: entry.count.length ?? 0 };
  }

  forget(uri?: string): void {
    for (const entry of [...this.entries.values()]) if (uri === undefined || entry.uri === uri) this.drop(entry);
    if (uri === undefined) {
      this.skipped.clear();
      this.countNowUris.clear();
    } else {
      this.skipped.delete(uri);
      this.countNowUris.delete(uri);
    }
  }

  dispose(): void {
    this.forget();
    void this.workers?.fast.dispose();
    void this.workers?.slow.dispose();
  }

  private open(key: string, uri: string, version: number, base: Tokenizer, text: string): Entry {
    const listeners = new Set<(progress: CountProgress) => void>();
    const onProgress = (progress: CountProgress): void => {
      for (const listener of listeners) listener(progress);
    };
    const count = this.workers ? new RemoteDocumentCount(workerFor(this.workers, base), base.id) : new DocumentTokenCount(base);
    const entry: Entry = { uri, version, count, loading: count.load(text, { onProgress }), listeners };
    // A rejected first count is handled by whoever awaits it; never an unhandled rejection.
    entry.loading.catch(() => undefined);
    this.entries.set(key, entry);
    this.trim();
    return entry;
  }

  /** Waits for the entry's first count, relaying its progress to this call meanwhile. */
  private async settled(entry: Entry, call: CountCallOptions): Promise<void> {
    const listener = call.onProgress;
    if (listener) entry.listeners.add(listener);
    try {
      await entry.loading;
    } finally {
      if (listener) entry.listeners.delete(listener);
    }
  }

  /**
   * The whole count. Readers of one entry share its job (see RemoteDocumentCount.count); a job
   * cancelled by a newer edit is not asked again here — the edit's own update asks for the newer
   * text — but a job lost with its session (evicted, worker stopped) is reported as such.
   */
  private async total(entry: Entry, call: CountCallOptions): Promise<number> {
    try {
      return await entry.count.count(call);
    } catch (error) {
      if (error instanceof JobCancelledError && !this.alive(entry) && !call.signal?.aborted) throw new LostSessionError();
      throw error;
    }
  }

  private alive(entry: Entry): boolean {
    return entry.count instanceof RemoteDocumentCount ? entry.count.alive : true;
  }

  /** A loose text (a selection of a document without offsets): on the worker when there is one. */
  private countPlain(text: string, tokenizer: Tokenizer): Promise<number> | number {
    if (!this.workers) return tokenizer.count(text);
    return workerFor(this.workers, tokenizer).count(text, tokenizer.id);
  }

  /** Over the size limit but with a selection: count the selections only. */
  private async countSelectionsOnly(
    document: CountableDocument,
    ranges: readonly RangeLike[],
    tokenizer: Tokenizer,
    length: number,
    limit: number,
  ): Promise<DocumentCount> {
    const counts: number[] = [];
    for (const range of ranges) {
      if (range.isEmpty) continue;
      const selected = document.getText(range);
      if (selected.length <= limit && !looksBinary(selected)) counts.push(await this.countPlain(selected, tokenizer));
    }
    if (counts.length === 0) return { kind: 'tooLarge', length, limit };
    return { kind: 'counted', file: undefined, ranges: counts, length };
  }

  private skip(uri: string, version: number, result: DocumentCount): DocumentCount {
    this.skipped.set(uri, { version, result });
    return result;
  }

  private drop(entry: Entry): void {
    for (const [key, value] of this.entries) if (value === entry) this.entries.delete(key);
    entry.count.dispose();
  }

  private trim(): void {
    while (this.entries.size > ENTRY_LIMIT) {
      const oldest = this.entries.values().next().value as Entry;
      this.drop(oldest);
    }
  }
}
