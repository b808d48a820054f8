import { JobCancelledError, type Counted } from '../counting/types';
import type { TokenizerId } from '../tokenizers/types';
import type { FileCount } from '../counting/worker/protocol';
import type { FileCounter } from './countText';

/** The part of a CountWorkerClient a pool uses (tests pass their own). */
export interface PoolClient {
  count(text: string, tokenizer: TokenizerId, options?: { readonly signal?: AbortSignal }): Promise<Counted>;
  /** Reads and counts files on the worker's thread; absent where workers cannot read files. */
  countFiles?(paths: readonly string[], tokenizers: readonly TokenizerId[], maxBytes: number, options?: { readonly signal?: AbortSignal }): Promise<readonly FileCount[]>;
  dispose(): void;
}

interface QueuedJob {
  /** Starts the job on a client. */
  run(client: PoolClient): Promise<unknown>;
  readonly signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** Set when the job left the queue (started or cancelled). */
  dequeued: boolean;
}

/**
 * Count workers used together: each job goes to the worker with the fewest jobs in flight, at most
 * `perClient` each; the rest wait here as references to their text (or path). Texts are copied for
 * a worker only when they start, so the memory held is a few files' texts, whatever the queue's
 * length.
 */
export class CountPool implements FileCounter {
  private readonly inFlight: number[];
  private readonly queue: QueuedJob[] = [];
  private disposed = false;

  private readonly perClient: number;
  /** True when the workers read files themselves (Node worker threads), so {@link countFiles} works. */
  readonly readsFiles: boolean;

  constructor(
    private readonly clients: readonly PoolClient[],
    options: {
      /** Jobs sent to one worker at a time; two, so the next job is there the moment one ends. */
      readonly perClient?: number;
      /** The workers can open files (Node's worker threads; not a browser's Web Workers). */
      readonly readsFiles?: boolean;
    } = {},
  ) {
    if (clients.length === 0) throw new Error('A count pool needs at least one worker.');
    this.inFlight = clients.map(() => 0);
    this.perClient = options.perClient ?? 2;
    this.readsFiles = (options.readsFiles ?? false) && clients.every((client) => client.countFiles !== undefined);
  }

  /** Workers in the pool. */
  get size(): number {
    return this.clients.length;
  }

  /**
   * Jobs a folder count should have in flight at once (its `concurrency`). When the workers read
   * the files, a job waiting in a worker's queue is only paths, so enough are sent to fill every
   * worker's queue and one more: a worker that has just finished then always has the next job,
   * instead of idling while its result goes to the walking thread and the next paths come back.
   * When the walking thread reads them, each file in flight holds its text, so one per worker and
   * one being read: memory stays a few times the largest file.
   */
  get folderLanes(): number {
    return (this.readsFiles ? this.clients.length * this.perClient : this.clients.length) + 1;
  }

  count(text: string, tokenizer: TokenizerId, options: { readonly signal?: AbortSignal } = {}): Promise<Counted> {
    return this.enqueue((client) => client.count(text, tokenizer, options), options.signal);
  }

  countFiles(paths: readonly string[], tokenizers: readonly TokenizerId[], maxBytes: number, options: { readonly signal?: AbortSignal } = {}): Promise<readonly FileCount[]> {
    if (!this.readsFiles) return Promise.reject(new Error('The count workers cannot read files.'));
    return this.enqueue((client) => client.countFiles!(paths, tokenizers, maxBytes, options), options.signal);
  }

  /** Stops every worker; waiting and running jobs reject. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) {
      job.dequeued = true;
      job.reject(new JobCancelledError());
    }
    for (const client of this.clients) client.dispose();
  }

  private enqueue<T>(run: (client: PoolClient) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (this.disposed || signal?.aborted) return Promise.reject(new JobCancelledError());
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        if (job.dequeued) return;
        job.dequeued = true;
        this.queue.splice(this.queue.indexOf(job), 1);
        reject(new JobCancelledError());
      };
      const job: QueuedJob = {
        run,
        signal,
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        dequeued: false,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let chosen = -1;
      for (let i = 0; i < this.clients.length; i++) {
        if (this.inFlight[i]! < this.perClient && (chosen < 0 || this.inFlight[i]! < this.inFlight[chosen]!)) chosen = i;
      }
      if (chosen < 0) return;
      const job = this.queue.shift()!;
      job.dequeued = true;
      this.inFlight[chosen]!++;
      job
        .run(this.clients[chosen]!)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.inFlight[chosen]!--;
          this.pump();
        });
    }
  }
}
