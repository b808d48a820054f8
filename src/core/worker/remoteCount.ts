import { assertEditInside, type TextChange } from '../incremental/textEdits';
import { DEFAULT_SIZING, type ChunkSizing } from '../incremental/chunker';
import type { CountCallOptions } from '../incremental/documentCount';
import type { CountWorkerClient, OpenedSession } from './countClient';

/**
 * The live token count of one document for one tokenizer, kept in the count worker: the same
 * calls as {@link DocumentTokenCount} (`load`, `applyChanges`, `current`, `count`, `countRange`),
 * but the text, the chunk index and the vocabulary live in the worker, so the calling thread
 * never loads a table nor encodes a character. Each call is one message; a chunked tokenizer
 * answers a keystroke's recount in well under a millisecond of worker time.
 *
 * Only the newest text's count is ever reported: an edit cancels a whole-text count that is still
 * queued for an older text, and a reply for an older text is not kept.
 */
export class RemoteDocumentCount {
  private opened: OpenedSession | undefined;
  private chars: number | undefined;
  /** Edits applied so far; a count answers for the text after exactly this many. */
  private edits = 0;
  private known: { edits: number; value: number } | undefined;
  private totalJob: AbortController | undefined;
  private disposed = false;
  private failed = false;

  constructor(
    private readonly client: CountWorkerClient,
    /** Registry id the worker counts with (the base of an estimate scaled on this side). */
    readonly tokenizerId: string,
    private readonly sizing: ChunkSizing = DEFAULT_SIZING,
  ) {}

  /** Characters in the document as this count knows it (`undefined` before `load`). */
  get length(): number | undefined {
    return this.chars;
  }

  /** False once the worker that held the session stopped (idle, crash) or an edit did not fit. */
  get alive(): boolean {
    return !this.disposed && !this.failed && this.opened !== undefined && this.opened.epoch === this.client.epoch;
  }

  /** Sends the text to the worker and waits for its first count (chunked tokenizers, with progress). */
  async load(text: string, call: CountCallOptions = {}): Promise<void> {
    if (this.opened) throw new Error('RemoteDocumentCount.load() called twice.');
    this.chars = text.length;
    this.opened = this.client.openSession(text, this.tokenizerId, this.sizing, call);
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
    // A whole-text count of the older text is stale now; drop it if the worker has not begun it.
    this.totalJob?.abort();
    this.totalJob = undefined;
    this.client.editSession(this.opened.session, changes);
  }

  /** The count of the current text if already known, else `undefined`. */
  current(): number | undefined {
    return this.known?.edits === this.edits ? this.known.value : undefined;
  }

  /** The document's count, asked of the worker once per text. */
  async count(call: CountCallOptions = {}): Promise<number> {
    const known = this.current();
    if (known !== undefined) return known;
    const opened = this.requireOpened();
    const edits = this.edits;
    const job = new AbortController();
    this.totalJob?.abort();
    this.totalJob = job;
    const onAbort = (): void => job.abort();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const value = await this.client.sessionTotal(opened.session, { signal: job.signal, onProgress: call.onProgress });
      if (this.edits === edits) this.known = { edits, value };
      return value;
    } finally {
      call.signal?.removeEventListener('abort', onAbort);
      if (this.totalJob === job) this.totalJob = undefined;
    }
  }

  /** Count of `[start, end)` (UTF-16 offsets) of the current text. */
  async countRange(start: number, end: number, call: CountCallOptions = {}): Promise<number> {
    const opened = this.requireOpened();
    if (start < 0 || end > (this.chars ?? 0) || start > end) {
      throw new RangeError(`Range ${start}–${end} is outside a document of ${this.chars ?? 0} characters.`);
    }
    return this.client.sessionRange(opened.session, start, end, call);
  }

  /** Closes the session in the worker and cancels running work. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.totalJob?.abort();
    if (this.opened) this.client.closeSession(this.opened.session);
  }

  private requireOpened(): OpenedSession {
    if (!this.opened) throw new Error('RemoteDocumentCount used before load().');
    return this.opened;
  }
}
