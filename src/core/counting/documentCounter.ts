import { getTokenizer, isOpenAiEncoding } from '../tokenizers/registry';
import type { Exactness, Tokenizer, TokenizerId } from '../tokenizers/types';
import { DEFAULT_SIZING, type ChunkSizing } from './chunker';
import { DocumentTokenCount } from './documentCount';
import { countSpansInParallel } from './parallel';
import { decideCounting, looksBinary } from './filePolicy';
import { countingPlan } from './plan';
import type { TextChange } from './textEdits';
import { tokenWindow, type TokenWindow, type WindowEdges } from './tokenWindow';
import { JobCancelledError, type CountCallOptions, type CountProgress, type Counted, type RangeCounts } from './types';
import type { CountWorkerClient } from './worker/client';
import type { PackedChunks } from './worker/protocol';
import { RemoteDocumentCount } from './worker/remoteCount';

/** The parts of a `vscode.Position` the counter needs. */
export interface PositionLike {
  readonly line: number;
  readonly character: number;
}

/** The parts of a `vscode.Range` the counter needs. */
export interface RangeLike {
  readonly start: PositionLike;
  readonly end: PositionLike;
  readonly isEmpty: boolean;
}

/** The parts of a `vscode.TextDocument` the counter needs (so tests and the CLI can pass their own). */
export interface CountableDocument {
  readonly uri: { toString(): string };
  readonly version: number;
  getText(range?: RangeLike): string;
  /** Every `vscode.TextDocument` has it; without it a selection is counted as loose text. */
  offsetAt?(position: PositionLike): number;
}

/** Counts of one document for one tokenizer, or why there are none. */
export type DocumentCount =
  | {
      readonly kind: 'counted';
      /** Whole document; `undefined` when it is longer than the size limit. */
      readonly file: Counted | undefined;
      /** One per non-empty range, in the order given; a range over the size limit is left out. */
      readonly ranges: readonly Counted[];
      /** Characters in the document. */
      readonly length: number;
      /** How closely these counts match what the vendor bills. */
      readonly exactness: Exactness;
    }
  /** The text holds NUL or control characters: binary content opened as text; nothing is counted. */
  | { readonly kind: 'binary' }
  /** The document and every range are over the size limit; "Count now" lifts it for the document. */
  | { readonly kind: 'tooLarge'; readonly length: number; readonly limit: number };

/**
 * The threads counting runs on. `fast` holds the OpenAI encodings (small tables, keystroke
 * recounts); `slow` the vendor vocabularies and whole-text estimates, whose long loads and counts
 * must not queue in front of a keystroke, and whose 50–190 MB are released when idle. A first count
 * of a long text on an OpenAI encoding is split between both, so it uses both cores.
 */
interface CountWorkers {
  readonly fast: CountWorkerClient;
  readonly slow: CountWorkerClient;
}

/** Options of a {@link DocumentCounter}. */
export interface DocumentCounterOptions {
  /** Documents longer than this wait for "Count now" (a function: the setting can change). */
  readonly maxCharacters: () => number;
  /** Without workers (the CLI on small inputs, tests) everything is counted on the calling thread. */
  readonly workers?: CountWorkers;
  readonly sizing?: ChunkSizing;
  /** First counts at least this long are split between the two workers (OpenAI encodings only). */
  readonly splitFirstCountAbove?: number;
}

/**
 * Texts from this long up have their first count split over both workers: below it the second
 * thread's start-up and the extra copy of the text cost more than they save.
 */
const SPLIT_FIRST_COUNT_ABOVE = 1_000_000;

/** A live count on the calling thread or in a worker session. */
type LiveCount =
  | { readonly where: 'local'; readonly count: DocumentTokenCount }
  | { readonly where: 'remote'; readonly count: RemoteDocumentCount };

/** One document × one counting base (an encoding shared by the exact tokenizer and its estimates). */
interface Entry {
  readonly uri: string;
  /** The document version the count reflects once `loading` has settled. */
  version: number;
  readonly live: LiveCount;
  loading: Promise<void>;
  /** Listeners of the first count's progress (the status bar). */
  readonly listeners: Set<(progress: CountProgress) => void>;
}

/** What {@link DocumentCounter.acquire} found for one document and tokenizer. */
type Acquired =
  | { readonly kind: 'entry'; readonly entry: Entry; readonly tokenizer: Tokenizer; readonly finish: (counted: Counted) => Counted }
  | { readonly kind: 'skipped'; readonly result: DocumentCount }
  | { readonly kind: 'manual'; readonly tokenizer: Tokenizer; readonly length: number; readonly limit: number };

/** A span of a document in UTF-16 offsets, `start ≤ end`. */
export interface OffsetSpan {
  readonly start: number;
  readonly end: number;
}

/** Spans as the two arrays a `ranges` request carries. */
function packSpans(spans: readonly OffsetSpan[]): { starts: Uint32Array; ends: Uint32Array } {
  return { starts: Uint32Array.from(spans, (span) => span.start), ends: Uint32Array.from(spans, (span) => span.end) };
}

/** Documents × bases kept; the least recently used beyond this are dropped (memory bound). */
const ENTRY_LIMIT = 12;

/** A count's session went away under it (eviction, idle stop, restart) while nothing was edited. */
class LostSessionError extends Error {
  constructor() {
    super('The count session was closed while counting.');
    this.name = 'LostSessionError';
  }
}

/**
 * The one place a document's count is decided: which tokenizer base and worker, whether the text
 * is binary or over the size limit, how an estimate is scaled and with what band. Surfaces ask
 * `count(document, selections, tokenizerId)` and show what comes back; change events go to
 * `applyChanges`, closed documents to `forget`.
 *
 * The first count of a document builds a chunk index (in a worker session, with progress), each
 * change event updates it by re-encoding only the chunks around the edit, and selections are
 * summed from cached chunk counts. Readers of one document share its counts; a count overtaken by
 * an edit rejects with `JobCancelledError` (the edit's own update asks again), and a count that
 * lost its session for another reason starts over once — nothing retries without a bound.
 */
export class DocumentCounter {
  private readonly entries = new Map<string, Entry>();
  /** Per document: the last version found binary or over the limit, so it is not read again. */
  private readonly skipped = new Map<string, { version: number; result: DocumentCount }>();
  /** Documents the user asked to count despite the size limit ("Count now"), until they close. */
  private readonly countNowUris = new Set<string>();
  private readonly sizing: ChunkSizing;

  constructor(private readonly options: DocumentCounterOptions) {
    this.sizing = options.sizing ?? DEFAULT_SIZING;
  }

  /** Lifts the size limit for one document until it closes (the "Count now" action). */
  countNow(uri: string): void {
    this.countNowUris.add(uri);
    this.skipped.delete(uri);
  }

  /**
   * Whether a text of `length` characters is counted without being asked (within `maxCharacters`).
   * Surfaces that add work per document of their own (its sections, its saved and committed
   * versions) ask first: a file counted on request only (Count now) costs nothing more.
   */
  countsUnasked(length: number): boolean {
    return length <= this.options.maxCharacters();
  }

  /** Feeds one `TextDocumentChangeEvent` to every count of that document. */
  applyChanges(uri: string, version: number, changes: readonly TextChange[]): void {
    for (const entry of this.entries.values()) {
      if (entry.uri !== uri) continue;
      try {
        entry.live.count.applyChanges(changes);
        entry.version = version;
      } catch {
        // Out of step (an edit outside the known text): rebuild on the next count.
        this.drop(entry);
      }
    }
  }

  /** Counts a document (and its non-empty `ranges`) with a tokenizer, by registry id. */
  count(document: CountableDocument, ranges: readonly RangeLike[], tokenizerId: TokenizerId, call: CountCallOptions = {}): Promise<DocumentCount> {
    return this.once(document, call, () => this.countOnce(document, ranges, tokenizerId, call));
  }

  /**
   * The document's count and the counts of many spans of it (UTF-16 offsets: its sections), in
   * one worker message from the document's chunk index. Each span's count is its text's alone.
   * The spans are offsets in version `call.spansVersion` (default: the version now): when the
   * document is at another version before or after the count, the spans are stale and the count
   * rejects with `JobCancelledError`, as a count an edit overtook does (the edit's own update asks
   * again), never with a range outside a shorter text.
   */
  async countSpans(document: CountableDocument, spans: readonly OffsetSpan[], tokenizerId: TokenizerId, call: CountCallOptions & { readonly spansVersion?: number } = {}): Promise<DocumentCount> {
    const version = call.spansVersion ?? document.version;
    if (document.version !== version) throw new JobCancelledError();
    let counted: DocumentCount;
    try {
      counted = await this.once(document, call, () => this.countSpansOnce(document, spans, tokenizerId, call));
    } catch (error) {
      throw document.version !== version ? new JobCancelledError() : error;
    }
    if (document.version !== version) throw new JobCancelledError();
    return counted;
  }

  /**
   * A loose text's count and its spans' (a saved or committed version of a document, counted once
   * to compare with), off the calling thread when there are workers.
   */
  async countTextSpans(text: string, spans: readonly OffsetSpan[], tokenizerId: TokenizerId, call: CountCallOptions = {}): Promise<RangeCounts> {
    const tokenizer = getTokenizer(tokenizerId);
    const worker = this.looseWorker(tokenizer);
    const { starts, ends } = packSpans(spans);
    if (worker) return worker.countRanges(text, tokenizer.id, starts, ends, call);
    const local = new DocumentTokenCount(tokenizer, this.sizing);
    await local.load(text);
    const counted = await local.ranges(starts, ends);
    if (!counted) throw new JobCancelledError();
    return counted;
  }

  /**
   * The tokens of `text[from, to)` (a window of a document with some text around it), with the
   * boundaries the token view shows for `tokenizerId`, tokenized where vocabularies live: in the
   * worker of that tokenizer.
   */
  async tokens(text: string, from: number, to: number, edges: WindowEdges, tokenizerId: TokenizerId, call: CountCallOptions = {}): Promise<TokenWindow> {
    const tokenizer = getTokenizer(tokenizerId);
    const worker = this.looseWorker(tokenizer);
    if (worker) return worker.tokens(text, tokenizer.id, from, to, edges, call);
    return tokenWindow(tokenizer, text, from, to, edges);
  }

  /** Runs a count, starting over once when its session went away under it (not for an edit). */
  private async once(document: CountableDocument, call: CountCallOptions, run: () => Promise<DocumentCount>): Promise<DocumentCount> {
    const version = document.version;
    try {
      return await run();
    } catch (error) {
      const lostSession = error instanceof LostSessionError;
      if (!lostSession || call.signal?.aborted || document.version !== version) throw lostSession ? new JobCancelledError() : error;
      return run().catch((again: unknown) => {
        throw again instanceof LostSessionError ? new Error('The count worker lost this document twice in a row.') : again;
      });
    }
  }

  /**
   * Counts a loose text once — given text, a file that is not open — on the worker its tokenizer
   * runs on (the calling thread without workers), keeping nothing; with the band of an estimate.
   * The caller applies the binary and size rules (filePolicy), as `count` does for documents.
   */
  countText(text: string, tokenizerId: TokenizerId, call: CountCallOptions = {}): Promise<Counted> {
    return this.countLoose(text, getTokenizer(tokenizerId), call);
  }

  /**
   * Counts loose texts (a prompt file's messages) with a tokenizer, by registry id: in that
   * tokenizer's worker when there are workers, so the calling thread never encodes them.
   */
  async countTexts(tokenizerId: TokenizerId, texts: readonly string[]): Promise<number[]> {
    const tokenizer = getTokenizer(tokenizerId);
    return Promise.all(texts.map(async (text) => (await this.countLoose(text, tokenizer)).tokens));
  }

  /** Forgets the counts of a document (closed), or of every document. */
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
    this.options.workers?.fast.dispose();
    this.options.workers?.slow.dispose();
  }

  private async countOnce(document: CountableDocument, ranges: readonly RangeLike[], tokenizerId: TokenizerId, call: CountCallOptions): Promise<DocumentCount> {
    const noSelection = ranges.every((range) => range.isEmpty);
    const acquired = await this.acquire(document, tokenizerId, call, noSelection);
    if (acquired.kind === 'skipped') return acquired.result;
    const { tokenizer } = acquired;
    if (acquired.kind === 'manual') return this.countSelectionsOnly(document, ranges, tokenizer, acquired.length, acquired.limit);
    const { entry, finish } = acquired;
    const file = finish(await this.total(entry, call));
    const counts: Counted[] = [];
    for (const range of ranges) {
      if (range.isEmpty) continue;
      if (document.offsetAt) {
        counts.push(finish(await this.range(entry, document.offsetAt(range.start), document.offsetAt(range.end), call)));
      } else {
        counts.push(await this.countLoose(document.getText(range), tokenizer));
      }
    }
    return { kind: 'counted', file, ranges: counts, length: entry.live.count.length ?? 0, exactness: tokenizer.exactness };
  }

  private async countSpansOnce(document: CountableDocument, spans: readonly OffsetSpan[], tokenizerId: TokenizerId, call: CountCallOptions): Promise<DocumentCount> {
    const acquired = await this.acquire(document, tokenizerId, call, true);
    if (acquired.kind === 'skipped') return acquired.result;
    if (acquired.kind === 'manual') return { kind: 'tooLarge', length: acquired.length, limit: acquired.limit };
    const { entry, finish, tokenizer } = acquired;
    const { starts, ends } = packSpans(spans);
    const live = entry.live;
    let counted: RangeCounts | undefined;
    try {
      counted = live.where === 'remote' ? await live.count.countRanges(starts, ends, call) : await live.count.ranges(starts, ends);
    } catch (error) {
      if (error instanceof JobCancelledError && !this.alive(entry) && !call.signal?.aborted) throw new LostSessionError();
      throw error;
    }
    if (!counted) throw new JobCancelledError();
    return { kind: 'counted', file: finish(counted.total), ranges: counted.ranges.map(finish), length: live.count.length ?? 0, exactness: tokenizer.exactness };
  }

  /**
   * The document's live count for a tokenizer's base, its first count done: found, or opened from
   * the document's text. Binary text and text over the size limit are `skipped` (or `manual`
   * when selections may still be counted on their own).
   */
  private async acquire(document: CountableDocument, tokenizerId: TokenizerId, call: CountCallOptions, noSelection: boolean): Promise<Acquired> {
    const uri = document.uri.toString();
    const skipped = this.skipped.get(uri);
    if (skipped && skipped.version === document.version && (skipped.result.kind === 'binary' || noSelection)) return { kind: 'skipped', result: skipped.result };

    const tokenizer = getTokenizer(tokenizerId);
    const plan = countingPlan(tokenizer);
    // Estimates scaled from an encoding share that encoding's index (and its band is fixed).
    const base = plan.kind === 'chunked' ? plan.base : tokenizer;
    const finish = (counted: Counted): Counted => (plan.kind === 'chunked' ? { tokens: plan.finish(counted.tokens), band: tokenizer.band } : counted);
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
      const decision = decideCounting(text, this.options.maxCharacters(), this.countNowUris.has(uri));
      if (decision.kind === 'binary') return { kind: 'skipped', result: this.skip(uri, document.version, { kind: 'binary' }) };
      if (decision.kind === 'manual') {
        if (noSelection) return { kind: 'skipped', result: this.skip(uri, document.version, { kind: 'tooLarge', length: text.length, limit: decision.limit }) };
        return { kind: 'manual', tokenizer, length: decision.length, limit: decision.limit };
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
    return { kind: 'entry', entry, tokenizer, finish };
  }

  /** The worker a base tokenizer runs on: the OpenAI encodings on the fast one, the rest on the slow one. */
  /** The worker a loose text is counted in: that of the tokenizer's chunked base, else its own. */
  private looseWorker(tokenizer: Tokenizer): CountWorkerClient | undefined {
    const plan = countingPlan(tokenizer);
    return this.workerFor(plan.kind === 'chunked' ? plan.base : tokenizer);
  }

  private workerFor(base: Tokenizer): CountWorkerClient | undefined {
    const workers = this.options.workers;
    if (!workers) return undefined;
    return isOpenAiEncoding(base.id) ? workers.fast : workers.slow;
  }

  private open(key: string, uri: string, version: number, base: Tokenizer, text: string): Entry {
    const listeners = new Set<(progress: CountProgress) => void>();
    const onProgress = (progress: CountProgress): void => {
      for (const listener of listeners) listener(progress);
    };
    const worker = this.workerFor(base);
    const live: LiveCount = worker
      ? { where: 'remote', count: new RemoteDocumentCount(worker, base.id, this.sizing) }
      : { where: 'local', count: new DocumentTokenCount(base, this.sizing) };
    const loading =
      live.where === 'remote'
        ? this.splitFirstCount(text, base, onProgress).then((chunks) => live.count.load(text, { onProgress }, chunks))
        : live.count.load(text).then(() => undefined);
    const entry: Entry = { uri, version, live, loading, listeners };
    // A rejected first count is handled by whoever awaits it; never an unhandled rejection.
    entry.loading.catch(() => undefined);
    this.entries.set(key, entry);
    this.trim();
    return entry;
  }

  /**
   * A long first count on an OpenAI encoding, split at a safe cut into two spans counted on both
   * workers at once; `undefined` when the text is short or the base has no cut rule (the session
   * then counts it alone). Vendor vocabularies are not split: a second copy of one is 50–190 MB.
   */
  private async splitFirstCount(text: string, base: Tokenizer, onProgress: (progress: CountProgress) => void): Promise<PackedChunks | undefined> {
    const workers = this.options.workers;
    const plan = countingPlan(base);
    const threshold = this.options.splitFirstCountAbove ?? SPLIT_FIRST_COUNT_ABOVE;
    if (!workers || plan.kind !== 'chunked' || !isOpenAiEncoding(base.id) || text.length < threshold) return undefined;
    return countSpansInParallel(text, plan, [workers.fast, workers.slow], this.sizing, onProgress);
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
   * The whole count. Readers of one entry share its job (RemoteDocumentCount.count); a job
   * cancelled by a newer edit is not asked again here, but one lost with its session is reported
   * as such so that `count` starts over once.
   */
  private async total(entry: Entry, call: CountCallOptions): Promise<Counted> {
    const live = entry.live;
    try {
      if (live.where === 'remote') return await live.count.count(call);
      const counted = await live.count.total();
      if (!counted) throw new JobCancelledError();
      return counted;
    } catch (error) {
      if (error instanceof JobCancelledError && !this.alive(entry) && !call.signal?.aborted) throw new LostSessionError();
      throw error;
    }
  }

  private async range(entry: Entry, start: number, end: number, call: CountCallOptions): Promise<Counted> {
    const live = entry.live;
    try {
      if (live.where === 'remote') return await live.count.countRange(start, end, call);
      const counted = await live.count.range(start, end);
      if (!counted) throw new JobCancelledError();
      return counted;
    } catch (error) {
      // As for the whole count: a session lost under a selection's count starts over once (a
      // JobCancelledError reads as "overtaken by an edit", and nothing would ask again).
      if (error instanceof JobCancelledError && !this.alive(entry) && !call.signal?.aborted) throw new LostSessionError();
      throw error;
    }
  }

  private alive(entry: Entry): boolean {
    return entry.live.where === 'remote' ? entry.live.count.alive : true;
  }

  /** A loose text: a selection of a document without offsets or over the limit, or `countText`'s. */
  private async countLoose(text: string, tokenizer: Tokenizer, call: CountCallOptions = {}): Promise<Counted> {
    const worker = this.looseWorker(tokenizer);
    if (worker) return worker.count(text, tokenizer.id, call);
    const local = new DocumentTokenCount(tokenizer, this.sizing);
    await local.load(text);
    const counted = await local.total();
    if (!counted) throw new JobCancelledError();
    return counted;
  }

  /** Over the size limit but with a selection: count the selections only. */
  private async countSelectionsOnly(document: CountableDocument, ranges: readonly RangeLike[], tokenizer: Tokenizer, length: number, limit: number): Promise<DocumentCount> {
    const counts: Counted[] = [];
    for (const range of ranges) {
      if (range.isEmpty) continue;
      const selected = document.getText(range);
      if (selected.length <= limit && !looksBinary(selected)) counts.push(await this.countLoose(selected, tokenizer));
    }
    if (counts.length === 0) return { kind: 'tooLarge', length, limit };
    return { kind: 'counted', file: undefined, ranges: counts, length, exactness: tokenizer.exactness };
  }

  private skip(uri: string, version: number, result: DocumentCount): DocumentCount {
    this.skipped.set(uri, { version, result });
    return result;
  }

  private drop(entry: Entry): void {
    for (const [key, value] of this.entries) if (value === entry) this.entries.delete(key);
    if (entry.live.where === 'remote') entry.live.count.dispose();
  }

  private trim(): void {
    while (this.entries.size > ENTRY_LIMIT) {
      const oldest = this.entries.values().next().value as Entry;
      this.drop(oldest);
    }
  }
}
