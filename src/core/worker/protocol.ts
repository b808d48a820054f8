import type { ChunkSizing } from '../incremental/chunker';

/**
 * Messages between the extension host (or CLI, or a test) and the count worker. Plain data only:
 * they cross `postMessage`.
 */
export type WorkerRequest =
  /** Chunk `text` with `encoding`'s cut rule and count every chunk (a first count). */
  | {
      readonly type: 'index';
      readonly job: number;
      readonly text: string;
      readonly encoding: string;
      readonly sizing: ChunkSizing;
    }
  /** Count `text` whole with a registry tokenizer (tokenizers without a cut rule). */
  | { readonly type: 'count'; readonly job: number; readonly text: string; readonly tokenizer: string }
  /** Drop a job: its document changed or closed. */
  | { readonly type: 'cancel'; readonly job: number };

/** Replies from the worker; every job ends with exactly one of indexed/counted/failed/cancelled. */
export type WorkerResponse =
  | { readonly type: 'progress'; readonly job: number; readonly done: number; readonly total: number }
  | { readonly type: 'indexed'; readonly job: number; readonly lengths: Uint32Array; readonly counts: Uint32Array }
  | { readonly type: 'counted'; readonly job: number; readonly count: number }
  | { readonly type: 'failed'; readonly job: number; readonly message: string }
  | { readonly type: 'cancelled'; readonly job: number };
