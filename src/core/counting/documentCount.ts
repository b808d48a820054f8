import type { Tokenizer } from '../tokenizers/types';
import type { CountProgress, CountWorkerClient } from './worker/client';
import { ChunkIndex } from './chunkIndex';
import { DEFAULT_SIZING, type ChunkSizing } from './chunker';
import { countingPlan, type CountingPlan } from './plan';
import { applyEdits, type TextChange } from './textEdits';

/** Options shared by every document count. */
export interface DocumentCountOptions {
  /** Runs first counts of long texts and whole-text recounts; without it everything runs inline. */
  readonly worker?: CountWorkerClient;
  /**
   * Texts up to this many characters are counted on the calling thread (≈ 25 ms at 100 k with
   * gpt-tokenizer); longer ones go to the worker.
   */
  readonly inlineLimit?: number;
  readonly sizing?: ChunkSizing;
}

/** Options of one long-running call. */
export interface CountCallOptions {
  readonly onProgress?: (progress: CountProgress) => void;
  readonly signal?: AbortSignal;
}

/** Longest stretch spent replaying queued edits before letting other work run. */
const REPLAY_SLICE_MS = 10;

/** Default {@link DocumentCountOptions.inlineLimit}. */
export const DEFAULT_INLINE_LIMIT = 100_000;

/**
 * The live token count of one document for one tokenizer.
 *
 * Chunked tokenizers (see plan.ts) keep a {@link ChunkIndex}: after the first count every edit
 * costs a re-encode of the chunks around it, and selections are summed from cached chunk counts.
 * Other tokenizers keep the text and count it whole again, on the worker for long texts, a newer
 * edit cancelling the older count.
 *
 * Usage: `load(text)` once, then `applyChanges(event.contentChanges)` on every change (also while
 * `load` is still running: edits are queued and replayed), and `count()` / `countRange()`.
 */
export class DocumentTokenCount {
  private readonly plan: CountingPlan;
  private readonly inlineLimit: number;
  private readonly sizing: ChunkSizing;
  private index: ChunkIndex | undefined;
  /** Edits that arrived while the first count was running. */
  private queued: TextChange[] | undefined;
  /** `whole` plan: the current text, and its count once known. */
  private text: string | undefined;
  private wholeCount: number | undefined;
  private wholeJob: AbortController | undefined;
  private disposed = false;

  constructor(
    readonly tokenizer: Tokenizer,
    private readonly options: DocumentCountOptions = {},
  ) {
    this.plan = countingPlan(tokenizer);
    this.inlineLimit = options.inlineLimit ?? DEFAULT_INLINE_LIMIT;
    this.sizing = options.sizing ?? DEFAULT_SIZING;
  }

  /** True when edits update the count by re-encoding only the chunks they touch. */
  get incremental(): boolean {
    return this.plan.kind === 'chunked';
  }

  /** Characters in the document as this count knows it (`undefined` before `load`). */
  get length(): number | undefined {
    return this.index?.length ?? this.text?.length;
  }

  /**
   * Takes the document text and makes the first count (chunked plans) or stores it (whole plans).
   * Long texts are counted on the worker with progress; an abort rejects with JobCancelledError.
   */
  async load(text: string, call: CountCallOptions = {}): Promise<void> {
    this.index = undefined;
    this.text = undefined;
    this.wholeCount = undefined;
    this.wholeJob?.abort();
    if (this.plan.kind === 'whole') {
      this.text = text;
      return;
    }
    const plan = this.plan;
    const count = (piece: string): number => plan.base.count(piece);
    if (text.length <= this.inlineLimit || !this.options.worker) {
      this.index = ChunkIndex.build(text, count, plan.rule, this.sizing);
      return;
    }
    this.queued = [];
    try {
      const chunks = await this.options.worker.index(text, plan.base.id, this.sizing, call);
      if (this.disposed) return;
      const index = ChunkIndex.fromCounts(text, chunks.lengths, chunks.counts, count, plan.rule, this.sizing);
      // Replay the edits typed meanwhile in slices: a few hundred of them at once would block the
      // thread for longer than one keystroke should. Edits arriving during a pause join the queue.
      const queued = this.queued;
      for (let next = 0; next < queued.length; ) {
        const sliceStart = performance.now();
        while (next < queued.length && performance.now() - sliceStart < REPLAY_SLICE_MS) index.applyChange(queued[next++]);
        if (next < queued.length) await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.disposed) return;
      }
      this.index = index;
    } finally {
      this.queued = undefined;
    }
  }

  /** Applies one VS Code change event's `contentChanges`, in order. */
  applyChanges(changes: readonly TextChange[]): void {
    if (this.queued) {
      this.queued.push(...changes);
      return;
    }
    if (this.index) {
      this.index.applyChanges(changes);
      return;
    }
    if (this.text !== undefined) {
      this.text = applyEdits(this.text, changes);
      this.wholeCount = undefined;
      // The running count is for an older text: stop it.
      this.wholeJob?.abort();
      this.wholeJob = undefined;
    }
  }

  /** The count if known without any work (chunked plans after `load`), else `undefined`. */
  current(): number | undefined {
    if (this.index) return this.finish(this.index.total);
    return this.wholeCount;
  }

  /** The document's count; whole plans count long texts on the worker (a newer edit cancels). */
  async count(call: CountCallOptions = {}): Promise<number> {
    const known = this.current();
    if (known !== undefined) return known;
    if (this.plan.kind === 'chunked' || this.text === undefined) {
      throw new Error('DocumentTokenCount.count() called before load() finished.');
    }
    const text = this.text;
    const value = await this.countWhole(text, call, true);
    if (this.text === text) this.wholeCount = value;
    return value;
  }

  /**
   * Count of `[start, end)` (UTF-16 offsets). Chunked plans sum cached chunk counts and encode
   * only the two partial chunks; estimates scale the range's base count.
   */
  async countRange(start: number, end: number, call: CountCallOptions = {}): Promise<number> {
    if (this.index) return this.finish(this.index.countRange(start, end));
    if (this.text === undefined) throw new Error('DocumentTokenCount.countRange() called before load() finished.');
    if (start < 0 || end > this.text.length || start > end) {
      throw new RangeError(`Range ${start}–${end} is outside a document of ${this.text.length} characters.`);
    }
    return this.countWhole(this.text.slice(start, end), call, false);
  }

  /** Drops the index and cancels running work. */
  dispose(): void {
    this.disposed = true;
    this.wholeJob?.abort();
    this.index = undefined;
    this.text = undefined;
    this.queued = undefined;
  }

  private finish(base: number): number {
    return this.plan.kind === 'chunked' ? this.plan.finish(base) : base;
  }

  /** `document`: the job counts the whole document, so the next edit makes it stale and cancels it. */
  private async countWhole(text: string, call: CountCallOptions, document: boolean): Promise<number> {
    if (this.plan.kind !== 'whole') throw new Error('countWhole on a chunked plan');
    if (text.length <= this.inlineLimit || !this.options.worker) return this.plan.tokenizer.count(text);
    const job = new AbortController();
    if (document) {
      this.wholeJob?.abort();
      this.wholeJob = job;
    }
    const onAbort = (): void => job.abort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.options.worker.count(text, this.plan.tokenizer.id, { onProgress: call.onProgress, signal: job.signal });
    } finally {
      call.signal?.removeEventListener('abort', onAbort);
      if (this.wholeJob === job) this.wholeJob = undefined;
    }
  }
}
