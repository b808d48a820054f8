import { DEFAULT_SIZING, type ChunkSizing } from '../chunker';
import { assertEditInside, type TextChange } from '../textEdits';
import { JobCancelledError, type CountCallOptions, type CountProgress, type Counted, type RangeCounts } from '../types';
import type { CountWorkerClient, OpenedSession } from './client';
import type { PackedChunks } from './protocol';

/** One whole-text count in the worker and the callers waiting for it. */
interface SharedTotal {
  /** The edit count of the text it counts. */
  readonly edits: number;
  readonly job: AbortController;
  readonly promise: Promise<Counted>;
  readonly listeners: Set<(progress: CountProgress) => void>;
}

/**
 * A document's live count kept in a count worker's session: the calling thread only sends the
 * text once, then change events, and asks for totals and ranges — it never loads a vocabulary nor
 * encodes a character. The worker holds a {@link DocumentTokenCount}, the one implementation.
 *
 * Only the newest text's count is ever reported: an edit cancels a whole-text count of an older
 * text, and a reply for an older text is not kept.
 */
export class RemoteDocumentCount {
  private opened: OpenedSession | undefined;
  private chars: number | undefined;
  /** Edits applied so far; a count answers for the text after exactly this many. */
  private edits = 0;
  private known: { edits: number; value: Counted } | undefined;
  /** The whole-text count in flight, shared by every caller asking for the same text. */
  private total: SharedTotal | undefined;
  private disposed = false;
  private failed = false;

  constructor(
    private readonly client: CountWorkerClient,
    /** Registry id the worker counts with. */
    readonly tokenizerId: string,
    private readonly sizing: ChunkSizing = DEFAULT_SIZING,
  ) {}

  /** Characters in the document as this count knows it (`undefined` before `load`). */
  get length(): number | undefined {
    return this.chars;
  }

  /** False once the worker that held the session stopped (idle, crash, restart) or an edit did not fit. */
  get alive(): boolean {
    return !this.disposed && !this.failed && this.opened !== undefined && this.opened.epoch === this.client.epoch;
  }

  /**
   * Sends the text to the worker and waits for its first count (with progress), or hands it
   * `chunks` counted elsewhere (a first count split over threads).
   */
  async load(text: string, call: CountCallOptions = {}, chunks?: PackedChunks): Promise<void> {
    if (this.opened) throw new Error('RemoteDocumentCount.load() called twice.');
    this.chars = text.length;
    this.opened = this.client.openSession(text, this.tokenizerId, this.sizing, call, chunks);
    try {
      await this.opened.ready;
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  /** Applies one VS Code change event's `contentChanges`, in order (also while `load` runs). */
  applyChanges(changes: readonly TextChange[]): void {
    if (!this.opened || this.chars === undefined || !this.alive) return;
    let chars = this.chars;
    for (const change of changes) {
      try {
        assertEditInside(change, chars);
      } catch (error) {
        this.failed = true;
        throw error;
      }
      chars += change.text.length - change.rangeLength;
    }
    this.chars = chars;
    this.edits++;
    this.known = undefined;
    // A whole-text count of the older text is stale now; drop it.
    this.total?.job.abort();
    this.total = undefined;
    this.client.editSession(this.opened.session, changes);
  }

  /** The count of the current text if already known, else `undefined`. */
  current(): Counted | undefined {
    return this.known?.edits === this.edits ? this.known.value : undefined;
  }

  /**
   * The document's count, asked of the worker once per text. Callers asking while that count runs
   * share it: a second reader never cancels the first (the status bar and the comparison panel
   * read the same document at once; cancelling each other's job live-locked the host). Only an
   * edit cancels it, because its answer would be for an older text. A caller's own `signal` stops
   * that caller's wait, not the shared job.
   */
  count(call: CountCallOptions = {}): Promise<Counted> {
    const known = this.current();
    if (known !== undefined) return Promise.resolve(known);
    const opened = this.requireOpened();
    if (!this.total || this.total.edits !== this.edits) {
      const edits = this.edits;
      const job = new AbortController();
      const listeners = new Set<(progress: CountProgress) => void>();
      const promise = this.client
        .sessionTotal(opened.session, { signal: job.signal, onProgress: (progress) => listeners.forEach((listener) => listener(progress)) })
        .then((value) => {
          if (this.edits === edits) this.known = { edits, value };
          return value;
        })
        .finally(() => {
          if (this.total?.promise === promise) this.total = undefined;
        });
      // Readers that gave up waiting leave nobody to see a rejection; it is not unhandled.
      promise.catch(() => undefined);
      this.total = { edits, job, promise, listeners };
    }
    return this.join(this.total, call);
  }

  /** Count of `[start, end)` (UTF-16 offsets) of the current text. */
  async countRange(start: number, end: number, call: CountCallOptions = {}): Promise<Counted> {
    const opened = this.requireOpened();
    if (start < 0 || end > (this.chars ?? 0) || start > end) {
      throw new RangeError(`Range ${start}–${end} is outside a document of ${this.chars ?? 0} characters.`);
    }
    return this.client.sessionRange(opened.session, start, end, call);
  }

  /** The whole count and the counts of many ranges of the current text, in one message. */
  async countRanges(starts: Uint32Array, ends: Uint32Array, call: CountCallOptions = {}): Promise<RangeCounts> {
    const opened = this.requireOpened();
    const chars = this.chars ?? 0;
    for (let i = 0; i < starts.length; i++) {
      if (ends[i]! > chars || starts[i]! > ends[i]!) throw new RangeError(`Range ${starts[i]}–${ends[i]} is outside a document of ${chars} characters.`);
    }
    return this.client.sessionRanges(opened.session, starts, ends, call);
  }

  /** Closes the session in the worker and cancels running work. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.total?.job.abort();
    if (this.opened) this.client.closeSession(this.opened.session);
  }

  /** Waits for a shared total on behalf of one caller, with its own progress and signal. */
  private join(total: SharedTotal, call: CountCallOptions): Promise<Counted> {
    const { onProgress, signal } = call;
    if (signal?.aborted) return Promise.reject(new JobCancelledError());
    if (onProgress) total.listeners.add(onProgress);
    return new Promise<Counted>((resolve, reject) => {
      const onAbort = (): void => reject(new JobCancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });
      total.promise.then(resolve, reject).finally(() => {
        signal?.removeEventListener('abort', onAbort);
        if (onProgress) total.listeners.delete(onProgress);
      });
    });
  }

  private requireOpened(): OpenedSession {
    if (!this.opened) throw new Error('RemoteDocumentCount used before load().');
    return this.opened;
  }
}
