import { Worker } from 'node:worker_threads';
import type { ChunkSizing } from '../incremental/chunker';
import type { WorkerRequest, WorkerResponse } from './protocol';

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

interface Pending {
  resolve(value: IndexedChunks | number): void;
  reject(error: Error): void;
  onProgress?: (progress: CountProgress) => void;
}

/**
 * Talks to the count worker (dist/countWorker.js). The thread starts on the first job and is
 * restarted after a crash; it never keeps the process alive on its own.
 */
export class CountWorkerClient {
  private worker: Worker | undefined;
  private nextJob = 1;
  private readonly pending = new Map<number, Pending>();

  /** @param scriptPath absolute path of the bundled worker, e.g. `join(__dirname, 'countWorker.js')`. */
  constructor(private readonly scriptPath: string) {}

  /** Chunks and counts a text off the calling thread (a first count). */
  index(text: string, encoding: string, sizing: ChunkSizing, options: JobOptions = {}): Promise<IndexedChunks> {
    return this.submit((job) => ({ type: 'index', job, text, encoding, sizing }), options) as Promise<IndexedChunks>;
  }

  /** Counts a whole text with a registry tokenizer off the calling thread. */
  count(text: string, tokenizer: string, options: JobOptions = {}): Promise<number> {
    return this.submit((job) => ({ type: 'count', job, text, tokenizer }), options) as Promise<number>;
  }

  /** Stops the thread; pending jobs reject. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new JobCancelledError());
    if (worker) await worker.terminate();
  }

  private submit(make: (job: number) => WorkerRequest, options: JobOptions): Promise<IndexedChunks | number> {
    if (options.signal?.aborted) return Promise.reject(new JobCancelledError());
    const job = this.nextJob++;
    return new Promise<IndexedChunks | number>((resolve, reject) => {
      const onAbort = (): void => {
        // The worker answers `cancelled` at its next slice; settle now so callers move on.
        this.worker?.postMessage({ type: 'cancel', job } satisfies WorkerRequest);
        const entry = this.pending.get(job);
        if (entry) {
          this.pending.delete(job);
          entry.reject(new JobCancelledError());
        }
      };
      const cleanup = (): void => options.signal?.removeEventListener('abort', onAbort);
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
      this.ensureWorker().postMessage(make(job));
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.scriptPath);
    worker.unref();
    worker.on('message', (message: WorkerResponse) => this.receive(message));
    worker.on('error', (error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error instanceof Error ? error : new Error(String(error)));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(new Error(`The count worker stopped (exit code ${code}).`));
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
