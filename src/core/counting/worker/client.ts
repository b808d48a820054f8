import { Worker } from 'node:worker_threads';
import type { TextChange } from '../chunkIndex';
import type { ChunkSizing } from '../chunker';
import { packText, type WorkerRequest, type WorkerResponse } from './protocol';

/** Progress of a long job: characters done out of the total. */
export interface CountProgress {
  readonly done: number;
  readonly total: number;
}

/** Options of one worker job. */
export interface JobOptions {
  /** Called every ~30 ms of work. */
  readonly onProgress?: (progress: CountProgress) => void;
  /** Aborting cancels the job; its promise rejects with a `JobCancelledError`. */
  readonly signal?: AbortSignal;
}

/** Chunk lengths and their token counts, as {@link ChunkIndex.fromCounts} takes them. */
export interface IndexedChunks {
  readonly lengths: Uint32Array;
  readonly counts: Uint32Array;
}

/** The job was cancelled (a newer edit or a closed document); not an error to show anyone. */
export class JobCancelledError extends Error {
  constructor() {
    super('Count cancelled.');
    this.name = 'JobCancelledError';
  }
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
}

/** A session opened in the worker; see {@link CountWorkerClient.openSession}. */
export interface OpenedSession {
  readonly session: number;
  /** The thread generation it lives in: once {@link CountWorkerClient.epoch} differs, it is gone. */
  readonly epoch: number;
  /** Resolves when the first count (chunked tokenizers) is done and the session answers. */
  readonly ready: Promise<void>;
}

interface Pending {
  resolve(value: IndexedChunks | number | undefined): void;
  reject(error: Error): void;
  onProgress?: (progress: CountProgress) => void;
}

/**
 * Talks to the count worker (dist/countWorker.js). The thread starts on the first job and is
 * restarted after a crash; it never keeps the process alive on its own, and with `idleMs` it is
 * stopped after a while without work.
 */
export class CountWorkerClient {
  private worker: Worker | undefined;
  private nextJob = 1;
  private nextSession = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly sessions = new Set<number>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  /** @param scriptPath absolute path of the bundled worker, e.g. `join(__dirname, 'countWorker.js')`. */
  constructor(
    private readonly scriptPath: string,
    private readonly options: CountWorkerOptions = {},
  ) {}

  /** Increases whenever a thread stops (idle, crash, dispose): sessions of older epochs are gone. */
  get epoch(): number {
    return this.generation;
  }

  /** True while a thread is running (tests of the idle release). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Opens a session: the worker keeps `text` for `tokenizer` (chunked and counted when it has a
   * cut rule, with progress) until {@link closeSession}. Edits go in with {@link editSession}.
   */
  openSession(text: string, tokenizer: string, sizing: ChunkSizing, options: JobOptions = {}): OpenedSession {
    const session = this.nextSession++;
    const { packed, transfer } = packText(text);
    const ready = this.submit((job) => ({ type: 'open', job, session, text: packed, tokenizer, sizing }), options, transfer).then(() => undefined);
    // submit started the thread, so the epoch is the one the session lives in.
    this.sessions.add(session);
    return { session, epoch: this.generation, ready };
  }

  /** Sends a change event to a session; nothing happens if its thread has stopped. */
  editSession(session: number, changes: readonly TextChange[]): void {
    if (!this.sessions.has(session)) return;
    this.worker?.postMessage({ type: 'edit', session, changes: changes.map(({ rangeOffset, rangeLength, text }) => ({ rangeOffset, rangeLength, text })) } satisfies WorkerRequest);
  }

  /** A session's whole count (chunked: the index total; otherwise the text counted whole). */
  sessionTotal(session: number, options: JobOptions = {}): Promise<number> {
    return this.submit((job) => ({ type: 'total', job, session }), options) as Promise<number>;
  }

  /** The count of `[start, end)` of a session's text. */
  sessionRange(session: number, start: number, end: number, options: JobOptions = {}): Promise<number> {
    return this.submit((job) => ({ type: 'range', job, session, start, end }), options) as Promise<number>;
  }

  /** Forgets a session in the worker. */
  closeSession(session: number): void {
    if (!this.sessions.delete(session)) return;
    this.worker?.postMessage({ type: 'close', session } satisfies WorkerRequest);
    this.armIdle();
  }

  /** Chunks and counts a text off the calling thread (a first count). */
  index(text: string, encoding: string, sizing: ChunkSizing, options: JobOptions = {}): Promise<IndexedChunks> {
    const { packed, transfer } = packText(text);
    return this.submit((job) => ({ type: 'index', job, text: packed, encoding, sizing }), options, transfer) as Promise<IndexedChunks>;
  }

  /** Counts a whole text with a registry tokenizer off the calling thread. */
  count(text: string, tokenizer: string, options: JobOptions = {}): Promise<number> {
    const { packed, transfer } = packText(text);
    return this.submit((job) => ({ type: 'count', job, text: packed, tokenizer }), options, transfer) as Promise<number>;
  }

  /** Stops the thread; pending jobs reject. */
  async dispose(): Promise<void> {
    await this.stop(new JobCancelledError());
  }

  private async stop(reason: Error): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) this.generation++;
    this.sessions.clear();
    this.failAll(reason);
    if (worker) await worker.terminate();
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
      if (this.pending.size === 0) void this.stop(new JobCancelledError());
    }, idleMs);
    this.idleTimer.unref?.();
  }

  private submit(make: (job: number) => WorkerRequest, options: JobOptions, transfer: ArrayBuffer[] = []): Promise<IndexedChunks | number | undefined> {
    if (options.signal?.aborted) return Promise.reject(new JobCancelledError());
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const job = this.nextJob++;
    return new Promise<IndexedChunks | number | undefined>((resolve, reject) => {
      const onAbort = (): void => {
        // The worker answers `cancelled` at its next slice; settle now so callers move on.
        this.worker?.postMessage({ type: 'cancel', job } satisfies WorkerRequest);
        const entry = this.pending.get(job);
        if (entry) {
          this.pending.delete(job);
          entry.reject(new JobCancelledError());
          this.armIdle();
        }
      };
      const cleanup = (): void => {
        options.signal?.removeEventListener('abort', onAbort);
        this.armIdle();
      };
      this.pending.set(job, {
        resolve: (value) => {
          cleanup();
          resolve(value);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
        onProgress: options.onProgress,
      });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.ensureWorker().postMessage(make(job), transfer);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.scriptPath);
    worker.unref();
    worker.on('message', (message: WorkerResponse) => this.receive(message));
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      void this.stop(error instanceof Error ? error : new Error(String(error)));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      void this.stop(new Error(`The count worker stopped (exit code ${code}).`));
    });
    this.worker = worker;
    return worker;
  }

  private receive(message: WorkerResponse): void {
    const entry = this.pending.get(message.job);
    if (!entry) return;
    switch (message.type) {
      case 'progress':
        entry.onProgress?.({ done: message.done, total: message.total });
        return;
      case 'indexed':
        this.pending.delete(message.job);
        entry.resolve({ lengths: message.lengths, counts: message.counts });
        return;
      case 'counted':
        this.pending.delete(message.job);
        entry.resolve(message.count);
        return;
      case 'opened':
        this.pending.delete(message.job);
        entry.resolve(undefined);
        return;
      case 'failed':
        this.pending.delete(message.job);
        entry.reject(new Error(message.message));
        return;
      case 'cancelled':
        this.pending.delete(message.job);
        entry.reject(new JobCancelledError());
        return;
    }
  }

  private failAll(error: Error): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
  }
}
