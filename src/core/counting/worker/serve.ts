import { countWithTokenizers, thisThreadCounter } from '../../context/countText';
import { readTextFileSync, type SyncFileAccess } from '../../context/readText';
import { countFailed } from '../../context/skip';
import { DocumentTokenCount, countOnce, countSpan } from '../documentCount';
import { countingPlan } from '../plan';
import { timeSlices, type Slices } from '../slices';
import { getTokenizer } from '../../tokenizers/registry';
import { ScriptEstimateTokenizer } from '../../tokenizers/scriptEstimate';
import type { Tokenizer } from '../../tokenizers/types';
import { tokenWindow } from '../tokenWindow';
import { JobCancelledError } from '../types';
import { parseWorkerRequest, unpackText, type FileCount, type PackedChunks, type WorkerRequest, type WorkerResponse } from './protocol';

/**
 * Work between two looks at the message queue: a cancellation, or another document's request,
 * waits at most this long (plus the piece being counted), well inside the client's 50 ms grace.
 */
const SLICE_MS = 15;

/** The two ends of a worker's message channel, whatever the platform (worker_threads, Web Worker). */
export interface WorkerPort {
  post(message: WorkerResponse, transfer?: ArrayBuffer[]): void;
  /** Lets messages that arrived in. */
  yieldToMessages(): Promise<void>;
}

/**
 * Words and a long piece of Chinese without punctuation: counting it loads the vocabulary and
 * builds what a first count of CJK text builds on its first long piece (the junction tables),
 * each one long call.
 */
const WARM_UP_TEXT = 'warm up, 预热用的一段没有标点的中文句子';

/** Counts a short text with every table the count will need, so they are loaded and built. */
function warmUp(tokenizer: Tokenizer): void {
  const plan = countingPlan(tokenizer);
  const base = plan.kind === 'chunked' ? plan.base : plan.tokenizer;
  base.count(WARM_UP_TEXT);
  if (base instanceof ScriptEstimateTokenizer) base.reference.count(WARM_UP_TEXT);
}

/** One document × one tokenizer kept in the worker; `broken` once an edit did not fit. */
interface Session {
  readonly count: DocumentTokenCount;
  broken?: string;
}

/**
 * The count worker's side of the protocol: sessions, one-off counts and span counts, each job
 * answered exactly once (counted/spanned/opened/failed/cancelled), malformed requests included.
 *
 * Requests of one session (or one one-off job) run in order; different sessions interleave at
 * slice boundaries, so a 10 MB first count never keeps another document's keystroke waiting. A
 * cancelled job that has not started is answered at once; a running one at its next slice.
 */
export class CountServer {
  private readonly sessions = new Map<number, Session>();
  /** Per session (or `job:N` for one-offs): the tail of its queue. */
  private readonly tails = new Map<string, Promise<void>>();
  /** Jobs received and not yet answered. */
  private readonly open = new Set<number>();
  /** Jobs asked to stop. */
  private readonly cancelled = new Set<number>();
  /** Jobs running now (their cancellation is answered at their next slice). */
  private readonly running = new Set<number>();
  /** Tokenizers whose tables this thread has loaded and built (a thread never releases them). */
  private readonly warmed = new Set<string>();

  constructor(
    private readonly port: WorkerPort,
    /** How this thread reads files itself (`countFiles`); absent where it cannot (a web worker). */
    private readonly files?: SyncFileAccess,
  ) {}

  /** Handles one message as it arrives. */
  receive(raw: unknown): void {
    const request = parseWorkerRequest(raw);
    if ('invalid' in request) {
      if (request.job !== undefined) this.port.post({ type: 'failed', job: request.job, message: request.invalid });
      return;
    }
    switch (request.type) {
      case 'cancel':
        if (!this.open.has(request.job)) return;
        this.cancelled.add(request.job);
        // Still queued behind its session's earlier work: answer now, skip it when its turn comes.
        if (!this.running.has(request.job)) {
          this.open.delete(request.job);
          this.port.post({ type: 'cancelled', job: request.job });
        }
        return;
      case 'edit':
        this.enqueue(`session:${request.session}`, async () => this.edit(request));
        return;
      case 'close':
        this.enqueue(`session:${request.session}`, async () => {
          this.sessions.delete(request.session);
        });
        return;
    }
    const job = request.job;
    this.open.add(job);
    const key = 'session' in request && request.session !== undefined ? `session:${request.session}` : `job:${job}`;
    this.enqueue(key, () => this.run(request));
  }

  private enqueue(key: string, task: () => Promise<void>): void {
    const tail = (this.tails.get(key) ?? Promise.resolve()).then(task, task);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
  }

  private edit(request: Extract<WorkerRequest, { type: 'edit' }>): void {
    const session = this.sessions.get(request.session);
    if (!session || session.broken) return;
    try {
      session.count.applyChanges(request.changes);
    } catch (error) {
      session.broken = error instanceof Error ? error.message : String(error);
    }
  }

  private slicesFor(job: number): Slices {
    return timeSlices({
      sliceMs: SLICE_MS,
      yieldToOthers: () => this.port.yieldToMessages(),
      cancelled: () => this.cancelled.has(job),
      onProgress: ({ done, total }) => this.port.post({ type: 'progress', job, done, total }),
    });
  }

  /**
   * Reads each file here and counts it with every tokenizer asked for, at slice boundaries like
   * any job; `undefined` when cancelled. A file that fails to count is skipped with the reason,
   * and the others are still counted.
   */
  private async countFiles(request: Extract<WorkerRequest, { type: 'countFiles' }>, slices: Slices): Promise<FileCount[] | undefined> {
    const files = this.files;
    if (!files) throw new Error('This count worker cannot read files; send their text instead.');
    const counter = thisThreadCounter(slices);
    const counted: FileCount[] = [];
    for (const path of request.paths) {
      const read = readTextFileSync(files, path, request.maxBytes);
      if (read.kind === 'skipped') {
        counted.push(read);
        continue;
      }
      try {
        const counts = await countWithTokenizers(read.text, request.tokenizers, counter);
        counted.push({
          kind: 'text',
          bytes: read.bytes,
          characters: read.text.length,
          counts: [...counts].map(([tokenizer, count]) => ({ tokenizer, tokens: count.tokens, ...(count.band ? { band: count.band } : {}) })),
        });
      } catch (error) {
        if (error instanceof JobCancelledError) return undefined;
        counted.push({ kind: 'skipped', reason: countFailed(error) });
      }
    }
    return counted;
  }

  /**
   * Loads the tables of the tokenizers `request` names before its work starts, between a
   * `loading` and a `loaded` message. A load is one long call with no slice boundary (a vendor
   * vocabulary takes seconds): the client, told so, waits for the cancels it sends meanwhile
   * instead of restarting a thread it would take for stuck, which lost the load and every session.
   * True when it posted the two (the request names a tokenizer this thread has not warmed up).
   */
  private loadTables(request: Exclude<WorkerRequest, { type: 'cancel' | 'edit' | 'close' }>, job: number): boolean {
    const names = 'tokenizers' in request ? request.tokenizers : 'tokenizer' in request && request.tokenizer !== undefined ? [request.tokenizer] : [];
    const cold = names.filter((name) => !this.warmed.has(name));
    if (cold.length === 0) return false;
    this.port.post({ type: 'loading', job });
    try {
      for (const name of cold) {
        warmUp(getTokenizer(name));
        this.warmed.add(name);
      }
    } catch {
      // An unknown or damaged tokenizer: the job meets the same error where it uses it, and answers it there.
    } finally {
      this.port.post({ type: 'loaded', job });
    }
    return true;
  }

  private session(id: number): Session {
    const found = this.sessions.get(id);
    if (!found) throw new Error(`Unknown count session ${id} (the worker was restarted or the document closed).`);
    if (found.broken) throw new Error(found.broken);
    return found;
  }

  private async run(request: Exclude<WorkerRequest, { type: 'cancel' | 'edit' | 'close' }>): Promise<void> {
    const job = request.job;
    // Cancelled while queued: already answered.
    if (!this.open.has(job)) {
      this.cancelled.delete(job);
      return;
    }
    const stop = (): void => this.port.post({ type: 'cancelled', job });
    this.running.add(job);
    try {
      // Cancels that came in during a load are answered before the work starts.
      if (this.loadTables(request, job)) await this.port.yieldToMessages();
      const slices = this.slicesFor(job);
      switch (request.type) {
        case 'open': {
          const count = new DocumentTokenCount(getTokenizer(request.tokenizer), request.sizing);
          const chunks = request.chunks && { lengths: Array.from(request.chunks.lengths), counts: Array.from(request.chunks.counts) };
          if (!(await count.load(unpackText(request.text), slices, chunks))) return stop();
          this.sessions.set(request.session, { count });
          this.port.post({ type: 'opened', job });
          return;
        }
        case 'total':
        case 'range': {
          const count = this.session(request.session).count;
          const counted = request.type === 'total' ? await count.total(slices) : await count.range(request.start, request.end, slices);
          if (!counted) return stop();
          this.port.post({ type: 'counted', job, tokens: counted.tokens, band: counted.band });
          return;
        }
        case 'ranges': {
          let count: DocumentTokenCount;
          if (request.session !== undefined) {
            count = this.session(request.session).count;
          } else {
            count = new DocumentTokenCount(getTokenizer(request.tokenizer ?? ''));
            if (!(await count.load(unpackText(request.text ?? ''), slices))) return stop();
          }
          const counted = await count.ranges(request.starts, request.ends, slices);
          if (!counted) return stop();
          this.port.post({ type: 'ranged', job, counts: counted });
          return;
        }
        case 'tokens': {
          const window = tokenWindow(getTokenizer(request.tokenizer), unpackText(request.text), request.from, request.to, request);
          const buffers = [window.ids, window.starts, window.ends, window.fragments, window.bytes, window.byteEnds].map((array) => array.buffer as ArrayBuffer);
          this.port.post({ type: 'tokenized', job, window }, buffers);
          return;
        }
        case 'count': {
          const counted = await countOnce(getTokenizer(request.tokenizer), unpackText(request.text), slices);
          if (!counted) return stop();
          this.port.post({ type: 'counted', job, tokens: counted.tokens, band: counted.band });
          return;
        }
        case 'countFiles': {
          const files = await this.countFiles(request, slices);
          if (!files) return stop();
          this.port.post({ type: 'filesCounted', job, files });
          return;
        }
        case 'span': {
          const plan = countingPlan(getTokenizer(request.tokenizer));
          if (plan.kind !== 'chunked') throw new Error(`${request.tokenizer} has no cut rule; it cannot be counted in spans.`);
          const text = unpackText(request.text);
          if (request.start > request.end || request.end > text.length) throw new RangeError(`Span ${request.start}–${request.end} is outside a text of ${text.length} characters.`);
          const spanned = await countSpan(text, request.start, request.end, plan, request.sizing, slices);
          if (!spanned) return stop();
          const chunks: PackedChunks = { lengths: Uint32Array.from(spanned.lengths), counts: Uint32Array.from(spanned.counts) };
          this.port.post({ type: 'spanned', job, chunks }, [chunks.lengths.buffer as ArrayBuffer, chunks.counts.buffer as ArrayBuffer]);
          return;
        }
      }
    } catch (error) {
      this.port.post({ type: 'failed', job, message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.running.delete(job);
      this.open.delete(job);
      this.cancelled.delete(job);
    }
  }
}
