import { countingPlan } from '../counting/plan';
import { countOnce } from '../counting/documentCount';
import { NO_SLICES, type Slices } from '../counting/slices';
import { JobCancelledError, type Counted } from '../counting/types';
import type { FileCount } from '../counting/worker/protocol';
import { getTokenizer } from '../tokenizers/registry';
import type { TokenizerId } from '../tokenizers/types';

/** Counts a text with a registry tokenizer, somewhere: worker threads ({@link CountPool}) or in-process. */
export interface TextCounter {
  count(text: string, tokenizer: TokenizerId, options?: { readonly signal?: AbortSignal }): Promise<Counted>;
}

/**
 * A counter whose workers can also read files themselves (Node worker threads): a folder count then
 * sends them paths, and the thread that walks neither reads, decodes nor copies any text.
 */
export interface FileCounter extends TextCounter {
  /** False where the workers cannot read files (a browser); then `countFiles` rejects. */
  readonly readsFiles: boolean;
  /** Reads and counts each file in a worker; the answers in the order of `paths`. */
  countFiles(paths: readonly string[], tokenizers: readonly TokenizerId[], maxBytes: number, options?: { readonly signal?: AbortSignal }): Promise<readonly FileCount[]>;
}

/**
 * Counts on the calling thread with {@link countOnce}, pausing at `slices` (a count worker's own
 * counts of the files it reads); rejects with `JobCancelledError` when the slices say stop.
 */
export function thisThreadCounter(slices: Slices = NO_SLICES): TextCounter {
  return {
    async count(text, tokenizer) {
      const counted = await countOnce(getTokenizer(tokenizer), text, slices);
      if (!counted) throw new JobCancelledError();
      return counted;
    },
  };
}

/** Counts on the calling thread, exactly as a count worker does, for tests and the CLI's small runs. */
export const inProcessCounter: TextCounter = thisThreadCounter();

/**
 * Counts `text` with every tokenizer, asking the counter once per counting base: a one-factor
 * estimate built on an encoding (Gemini 3, DeepSeek V4, generic) is that encoding's count scaled,
 * so with the featured models a file costs six counts instead of nine. The result is what a worker
 * counting each id would answer (the same plan, the same rounding).
 */
export async function countWithTokenizers(
  text: string,
  tokenizers: readonly TokenizerId[],
  counter: TextCounter,
  signal?: AbortSignal,
): Promise<Map<TokenizerId, Counted>> {
  const jobs = new Map<TokenizerId, Promise<Counted>>();
  const job = (id: TokenizerId): Promise<Counted> => {
    let running = jobs.get(id);
    if (!running) {
      running = counter.count(text, id, { signal });
      jobs.set(id, running);
    }
    return running;
  };
  const counted = await Promise.all(
    tokenizers.map(async (id): Promise<[TokenizerId, Counted]> => {
      const tokenizer = getTokenizer(id);
      const plan = countingPlan(tokenizer);
      if (plan.kind === 'chunked' && plan.base.id !== tokenizer.id) {
        const base = await job(plan.base.id);
        return [id, { tokens: plan.finish(base.tokens), band: tokenizer.band }];
      }
      return [id, await job(id)];
    }),
  );
  return new Map(counted);
}
