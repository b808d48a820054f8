import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SIZING } from '../core/counting/chunker';
import { countOnThreads } from '../core/counting/parallel';
import { CountWorkerClient } from '../core/counting/worker/client';
import { nodeWorkerStarter } from '../core/counting/worker/nodeWorker';
import { getTokenizer } from '../core/tokenizers/registry';

/** Texts from this long up are counted on worker threads, one span per core. */
const THREADS_FROM_CHARS = 1_000_000;

/** A text counter that may hold worker threads until disposed. */
export interface ThreadedCounter {
  countText(tokenizer: string, text: string): Promise<number>;
  dispose(): void;
}

/**
 * Counts a text: long ones spread over one worker thread per core (dist/countWorker.js, built
 * beside the CLI), short ones on the calling thread, where a thread's start-up would cost more
 * than it saves. `idleMs` stops idle threads (the MCP server lives long; a one-shot run does not).
 */
export function threadedCounter(options: { readonly idleMs?: number } = {}): ThreadedCounter {
  const script = join(__dirname, 'countWorker.js');
  let threads: CountWorkerClient[] | undefined;
  return {
    countText: async (tokenizer, text) => {
      if (text.length < THREADS_FROM_CHARS || !existsSync(script)) return getTokenizer(tokenizer).count(text);
      threads ??= Array.from(
        { length: Math.max(1, Math.min(availableParallelism(), 8)) },
        () => new CountWorkerClient(nodeWorkerStarter(script), options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
      );
      return (await countOnThreads(text, getTokenizer(tokenizer), threads, DEFAULT_SIZING)).tokens;
    },
    dispose: () => threads?.forEach((thread) => thread.dispose()),
  };
}
