import { JobCancelledError, type Counted } from '../counting/types';
import type { TokenizerId } from '../tokenizers/types';
import type { TextCounter } from './countText';

/** The part of a CountWorkerClient a pool uses (tests pass their own). */
export interface PoolClient {
  count(text: string, tokenizer: TokenizerId, options?: { readonly signal?: AbortSignal }): Promise<Counted>;
  dispose(): void;
}

interface QueuedJob {
  readonly text: string;
  readonly tokenizer: TokenizerId;
  readonly signal: AbortSignal | undefined;
  resolve(counted: Counted): void;
  reject(error: Error): void;
  /** Set when the job left the queue (started or cancelled). */
  dequeued: boolean;
}

/**
 * Count workers used together: each job goes to the worker with the fewest jobs in flight, at most
 * `perClient` each; the rest wait here as references to their text. Texts are copied for a worker
 * only when they start, so the memory held is a few files' texts, whatever the queue's length.
 */
export class CountPool implements TextCounter {
  private readonly inFlight: number[];
  private readonly queue: QueuedJob[] = [];
  private disposed = false;

  constructor(
    private readonly clients: readonly PoolClient[],
    /** Two per worker: the next job is there the moment one ends. */
    private readonly perClient = 2,
  ) {
    if (clients.length === 0) throw new Error('A count pool needs at least one worker.');
    this.inFlight = clients.map(() => 0);
  }

  /** Workers in the pool. */
  get size(): number {
    return this.clients.length;
  }

  count(text: string, tokenizer: TokenizerId, options: { readonly signal?: AbortSignal } = {}): Promise<Counted> {
    const { signal } = options;
    if (this.disposed || signal?.aborted) return Promise.reject(new JobCancelledError());
    return new Promise<Counted>((resolve, reject) => {
      const onAbort = (): void => {
        if (job.dequeued) return;
        job.dequeued = true;
        this.queue.splice(this.queue.indexOf(job), 1);
        reject(new JobCancelledError());
      };
      const job: QueuedJob = {
        text,
        tokenizer,
        signal,
        resolve: (counted) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(counted);
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

  /** Stops every worker; waiting and running jobs reject. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) {
      job.dequeued = true;
      job.reject(new JobCancelledError());
    }
    for (const client of this.clients) client.dispose();
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
      this.clients[chosen]!.count(job.text, job.tokenizer, { signal: job.signal })
        .then(job.resolve, job.reject)
        .finally(() => {
          this.inFlight[chosen]!--;
          this.pump();
        });
    }
  }
}
