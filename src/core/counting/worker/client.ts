import type { ChunkSizing } from '../chunker';
import type { TextChange } from '../textEdits';
import type { TokenWindow, WindowEdges } from '../tokenWindow';
import { CountTimeLimitError, JobCancelledError, type CountProgress, type Counted, type RangeCounts } from '../types';
import { packText, type FileCount, type PackedChunks, type WorkerRequest, type WorkerResponse } from './protocol';

/** A worker thread as the client needs it; the Node and web builds each supply one (see nodeWorker.ts). */
export interface WorkerHandle {
  postMessage(message: WorkerRequest, transfer?: ArrayBuffer[]): void;
  /** Stops the thread now, whatever it is doing. */
  terminate(): void;
}

/** What a started worker reports back to its client. */
export interface WorkerEvents {
  message(response: WorkerResponse): void;
  /** The thread died (crash, out of memory, exit). */
  failed(error: Error): void;
}

/** Starts a worker thread running the count server, wired to `events`. */
export type StartWorker = (events: WorkerEvents) => WorkerHandle;

/** Options of one worker job. */
export interface JobOptions {
  /** Called about every slice of work. */
  readonly onProgress?: (progress: CountProgress) => void;
  /** Aborting cancels the job; its promise rejects with a `JobCancelledError`. */
  readonly signal?: AbortSignal;
}

/** What a job is sent with beyond the caller's options. */
interface SubmitOptions extends JobOptions {
  /** The job's time limit, when it is several jobs' work (a batch of files). */
  readonly timeLimitMs?: number;
}

/** Options of a {@link CountWorkerClient}. */
export interface CountWorkerOptions {
  /**
   * Stop the thread after this long without a job, freeing its memory (a vendor vocabulary is
   * 50–190 MB of heap); the next job starts a new one and sessions are opened again.
   * `undefined`: never.
   */
  readonly idleMs?: number;
  /** Keep an idle thread while sessions are open (their indexes would otherwise be rebuilt). */
  readonly keepWhileSessions?: boolean;
  /** Longest a job may run; past it the job fails with CountTimeLimitError and the thread restarts. */
  readonly timeLimitMs?: number;
  /**
   * How long a cancelled job may keep the thread busy (a single enormous piece is counted in one
   * call, with no slice boundary to stop at) before the thread is restarted for others waiting.
   */
  readonly cancelGraceMs?: number;
}

/** Default {@link CountWorkerOptions.timeLimitMs}: far above any real count (10 MB: ≈ 1–5 s). */
const DEFAULT_TIME_LIMIT_MS = 60_000;
/** Default {@link CountWorkerOptions.cancelGraceMs}. */
const DEFAULT_CANCEL_GRACE_MS = 50;

/** A session opened in the worker; see {@link CountWorkerClient.openSession}. */
export interface OpenedSession {
  readonly session: number;
  /** The thread generation it lives in: once {@link CountWorkerClient.epoch} differs, it is gone. */
  readonly epoch: number;
  /** Resolves when the first count is done and the session answers. */
  readonly ready: Promise<void>;
}

type JobResult = Counted | RangeCounts | TokenWindow | PackedChunks | readonly FileCount[] | undefined;

interface Pending {
  resolve(value: JobResult): void;
  reject(error: Error): void;
  onProgress?: (progress: CountProgress) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Talks to one count worker. The thread starts on the first job and is restarted after a crash;
 * with `idleMs` it is stopped after a while without work. Every job ends: answered, cancelled,
 * failed with the worker's message, or failed with CountTimeLimitError after `timeLimitMs`.
 */
export class CountWorkerClient {
  private worker: WorkerHandle | undefined;
  private nextJob = 1;
  private nextSession = 1;
  private readonly pending = new Map<number, Pending>();
  /** Cancelled jobs the worker has not acknowledged yet, with their grace timers. */
  private readonly cancelling = new Map<number, ReturnType<typeof setTimeout>>();
  /** A cancelled job overran its grace: the thread is stuck on it and is restarted before the next job. */
  private stuck = false;
  /** The thread said it is loading a tokenizer's tables, during which it answers no cancel. */
  private loadingTables = false;
  private readonly sessions = new Set<number>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly timeLimitMs: number;
  private readonly cancelGraceMs: number;

  constructor(
    private readonly start: StartWorker,
    private readonly options: CountWorkerOptions = {},
  ) {
    this.timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
    this.cancelGraceMs = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
  }

  /** Increases whenever a thread stops (idle, crash, restart, dispose): sessions of older epochs are gone. */
  get epoch(): number {
    return this.generation;
  }

  /** True while a thread is running (tests of the idle release). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Opens a session: the worker keeps `text` for `tokenizer` (chunked and counted when it has a
   * cut rule, with progress; or taking `chunks` counted elsewhere) until {@link closeSession}.
   */
  openSession(text: string, tokenizer: string, sizing: ChunkSizing, options: JobOptions = {}, chunks?: PackedChunks): OpenedSession {
    const session = this.nextSession++;
    const { packed, transfer } = packText(text);
    const chunkBuffers = chunks ? [chunks.lengths.buffer as ArrayBuffer, chunks.counts.buffer as ArrayBuffer] : [];
    const ready = this.submit((job) => ({ type: 'open', job, session, text: packed, tokenizer, sizing, chunks }), options, [...transfer, ...chunkBuffers]).then(
      () => undefined,
    );
    // submit started the thread, so the epoch is the one the session lives in.
    this.sessions.add(session);
    return { session, epoch: this.generation, ready };
  }

  /** Sends a change event to a session; nothing happens if its thread has stopped. */
  editSession(session: number, changes: readonly TextChange[]): void {
    if (!this.sessions.has(session)) return;
    this.worker?.postMessage({ type: 'edit', session, changes: changes.map(({ rangeOffset, rangeLength, text }) => ({ rangeOffset, rangeLength, text })) });
  }

  /** A session's whole count with its band. */
  sessionTotal(session: number, options: JobOptions = {}): Promise<Counted> {
    return this.submit((job) => ({ type: 'total', job, session }), options, [], session) as Promise<Counted>;
  }

  /** The count of `[start, end)` of a session's text, with its band. */
  sessionRange(session: number, start: number, end: number, options: JobOptions = {}): Promise<Counted> {
    return this.submit((job) => ({ type: 'range', job, session, start, end }), options, [], session) as Promise<Counted>;
  }

  /** A session's whole count and the counts of many ranges of its text, in one message. */
  sessionRanges(session: number, starts: Uint32Array, ends: Uint32Array, options: JobOptions = {}): Promise<RangeCounts> {
    return this.submit((job) => ({ type: 'ranges', job, session, starts, ends }), options) as Promise<RangeCounts>;
  }

  /** A loose text's whole count and the counts of many of its ranges (a saved or committed version's sections). */
  countRanges(text: string, tokenizer: string, starts: Uint32Array, ends: Uint32Array, options: JobOptions = {}): Promise<RangeCounts> {
    const { packed, transfer } = packText(text);
    return this.submit((job) => ({ type: 'ranges', job, text: packed, tokenizer, starts, ends }), options, transfer) as Promise<RangeCounts>;
  }

  /** The tokens of `text[from, to)`, tokenized from safe cuts around it (the token view). */
  tokens(text: string, tokenizer: string, from: number, to: number, edges: WindowEdges, options: JobOptions = {}): Promise<TokenWindow> {
    const { packed, transfer } = packText(text);
    const { atDocumentStart, atDocumentEnd } = edges;
    return this.submit((job) => ({ type: 'tokens', job, text: packed, tokenizer, from, to, atDocumentStart, atDocumentEnd }), options, transfer) as Promise<TokenWindow>;
  }

  /** Forgets a session in the worker. */
  closeSession(session: number): void {
    if (!this.sessions.delete(session)) return;
    this.worker?.postMessage({ type: 'close', session });
    this.armIdle();
  }

  /** Counts a loose text whole with a registry tokenizer, off the calling thread. */
  count(text: string, tokenizer: string, options: JobOptions = {}): Promise<Counted> {
    const { packed, transfer } = packText(text);
    return this.submit((job) => ({ type: 'count', job, text: packed, tokenizer }), options, transfer) as Promise<Counted>;
  }

  /**
   * Has the worker read the files at `paths` and count each with every tokenizer (a folder count),
   * in one message each way; each file has the time limit of a job. Rejects when the worker cannot
   * read files (a web worker).
   */
  countFiles(paths: readonly string[], tokenizers: readonly string[], maxBytes: number, options: JobOptions = {}): Promise<readonly FileCount[]> {
    const timeLimitMs = this.timeLimitMs * Math.max(1, paths.length);
    return this.submit((job) => ({ type: 'countFiles', job, paths, tokenizers, maxBytes }), { ...options, timeLimitMs }) as Promise<readonly FileCount[]>;
  }

  /** Chunks and counts `text[start, end)` (one thread's share of a first count). */
  countSpan(text: string, start: number, end: number, tokenizer: string, sizing: ChunkSizing, options: JobOptions = {}): Promise<PackedChunks> {
    const { packed, transfer } = packText(text);
    return this.submit((job) => ({ type: 'span', job, text: packed, start, end, tokenizer, sizing }), options, transfer) as Promise<PackedChunks>;
  }

  /** Stops the thread; pending jobs reject. */
  dispose(): void {
    this.stop(new JobCancelledError());
  }

  private stop(reason: Error): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    for (const timer of this.cancelling.values()) clearTimeout(timer);
    this.cancelling.clear();
    this.stuck = false;
    this.loadingTables = false;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) this.generation++;
    this.sessions.clear();
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      entry.reject(reason);
    }
    worker?.terminate();
  }

  /** Starts the idle countdown when nothing is pending (and no session keeps the thread). */
  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const idleMs = this.options.idleMs;
    if (idleMs === undefined || !this.worker || this.pending.size > 0) return;
    if (this.options.keepWhileSessions && this.sessions.size > 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.pending.size === 0) this.stop(new JobCancelledError());
    }, idleMs);
    unrefTimer(this.idleTimer);
  }

  /** Sends a job; one of `session` rejects as cancelled when that session is gone (closed, or its thread stopped). */
  private submit(make: (job: number) => WorkerRequest, options: SubmitOptions, transfer: ArrayBuffer[] = [], session?: number): Promise<JobResult> {
    if (options.signal?.aborted) return Promise.reject(new JobCancelledError());
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    // The thread is still inside a cancelled job's single long piece: start a fresh one for this job.
    if (this.stuck) this.stop(new JobCancelledError());
    // A fresh thread never had the session (it answered "Unknown count session" and the count
    // failed): the caller opens it again, as after any stop.
    if (session !== undefined && !this.sessions.has(session)) {
      this.armIdle();
      return Promise.reject(new JobCancelledError());
    }
    const job = this.nextJob++;
    return new Promise<JobResult>((resolve, reject) => {
      const onAbort = (): void => {
        const entry = this.pending.get(job);
        if (!entry) return;
        this.pending.delete(job);
        clearTimeout(entry.timer);
        this.worker?.postMessage({ type: 'cancel', job });
        this.watchCancel(job);
        entry.reject(new JobCancelledError());
        this.armIdle();
      };
      const settle = (): void => options.signal?.removeEventListener('abort', onAbort);
      const timer = setTimeout(() => {
        // Past the time limit: whatever holds the thread, other documents must not wait for it.
        const entry = this.pending.get(job);
        if (!entry) return;
        this.pending.delete(job);
        entry.reject(new CountTimeLimitError(options.timeLimitMs ?? this.timeLimitMs));
        this.stop(new JobCancelledError());
      }, options.timeLimitMs ?? this.timeLimitMs);
      unrefTimer(timer);
      this.pending.set(job, {
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
        onProgress: options.onProgress,
        timer,
      });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.ensureWorker().postMessage(make(job), transfer);
    });
  }

  /**
   * A cancelled job gets `cancelGraceMs` to be acknowledged (it stops at its next slice). Past
   * that the thread is stuck in one long piece: restart it now if anyone else waits, else before
   * the next job.
   */
  private watchCancel(job: number): void {
    const timer = setTimeout(() => {
      // Not stuck but loading tables: a new thread would start the load over, and lose the
      // sessions. The job stays cancelling, and its grace starts again when the load ends.
      if (this.loadingTables || !this.cancelling.delete(job)) return;
      if (this.pending.size > 0) this.stop(new JobCancelledError());
      else this.stuck = true;
    }, this.cancelGraceMs);
    unrefTimer(timer);
    this.cancelling.set(job, timer);
  }

  private rearmCancel(job: number): void {
    clearTimeout(this.cancelling.get(job));
    this.watchCancel(job);
  }

  private ensureWorker(): WorkerHandle {
    if (this.worker) return this.worker;
    const generation = this.generation;
    const mine = (): boolean => this.worker !== undefined && this.generation === generation;
    this.worker = this.start({
      message: (response) => {
        if (mine()) this.receive(response);
      },
      failed: (error) => {
        if (mine()) this.stop(error);
      },
    });
    return this.worker;
  }

  private receive(message: WorkerResponse): void {
    if (message.type === 'loading' || message.type === 'loaded') {
      this.loadingTables = message.type === 'loading';
      // The thread reads messages only now: every cancel sent during the load gets its whole
      // grace from here, whatever was left of it when the load began.
      if (message.type === 'loaded') for (const job of [...this.cancelling.keys()]) this.rearmCancel(job);
      return;
    }
    if (message.type !== 'progress') {
      const grace = this.cancelling.get(message.job);
      if (grace !== undefined) {
        clearTimeout(grace);
        this.cancelling.delete(message.job);
      }
    }
    const entry = this.pending.get(message.job);
    if (!entry) return;
    if (message.type === 'progress') {
      entry.onProgress?.({ done: message.done, total: message.total });
      return;
    }
    this.pending.delete(message.job);
    clearTimeout(entry.timer);
    switch (message.type) {
      case 'counted':
        entry.resolve(withBand(message.tokens, message.band));
        break;
      case 'spanned':
        entry.resolve(message.chunks);
        break;
      case 'filesCounted':
        entry.resolve(message.files);
        break;
      case 'ranged':
        entry.resolve({
          total: withBand(message.counts.total.tokens, message.counts.total.band),
          ranges: message.counts.ranges.map((counted) => withBand(counted.tokens, counted.band)),
        });
        break;
      case 'tokenized':
        entry.resolve(message.window);
        break;
      case 'opened':
        entry.resolve(undefined);
        break;
      case 'failed':
        entry.reject(new Error(message.message));
        break;
      case 'cancelled':
        entry.reject(new JobCancelledError());
        break;
    }
    this.armIdle();
  }
}

/** A count as the thread's own counts look: `band` present for estimates only. */
function withBand(tokens: number, band: Counted['band']): Counted {
  return band ? { tokens, band } : { tokens };
}

/** Timers never keep a CLI process alive on their own (Node); browsers have no unref. */
function unrefTimer(timer: ReturnType<typeof setTimeout>): void {
  (timer as { unref?: () => void }).unref?.();
}
