import type { Tokenizer } from '../tokenizers/types';
import type { ChunkSizing } from './chunker';
import { safeCutNear } from './documentCount';
import { countingPlan, type CountingPlan } from './plan';
import type { CountProgress, Counted } from './types';
import type { CountWorkerClient } from './worker/client';
import type { PackedChunks } from './worker/protocol';

/**
 * Counts a long text's chunks on several worker threads at once: the text is cut at safe cuts
 * into one span per thread, each thread chunks and counts its span, and the chunk lists are put
 * end to end — a valid index of the whole text, since every cut is safe wherever it was found.
 * Progress is the sum of the spans' progress.
 */
export async function countSpansInParallel(
  text: string,
  plan: Extract<CountingPlan, { kind: 'chunked' }>,
  threads: readonly CountWorkerClient[],
  sizing: ChunkSizing,
  onProgress?: (progress: CountProgress) => void,
): Promise<PackedChunks> {
  const cuts = [0];
  for (let i = 1; i < threads.length; i++) {
    const cut = safeCutNear(text, Math.floor((text.length * i) / threads.length), plan, sizing);
    if (cut > cuts[cuts.length - 1]! && cut < text.length) cuts.push(cut);
  }
  cuts.push(text.length);
  const done = new Array<number>(cuts.length - 1).fill(0);
  const parts = await Promise.all(
    cuts.slice(0, -1).map((start, i) =>
      threads[i]!.countSpan(text, start, cuts[i + 1]!, plan.base.id, sizing, {
        onProgress: (progress) => {
          done[i] = progress.done;
          onProgress?.({ done: done.reduce((sum, part) => sum + part, 0), total: text.length });
        },
      }),
    ),
  );
  const total = parts.reduce((sum, part) => sum + part.lengths.length, 0);
  const lengths = new Uint32Array(total);
  const counts = new Uint32Array(total);
  let at = 0;
  for (const part of parts) {
    lengths.set(part.lengths, at);
    counts.set(part.counts, at);
    at += part.lengths.length;
  }
  return { lengths, counts };
}

/**
 * A whole text's count on a pool of worker threads (the CLI on a long file): split over every
 * thread when the tokenizer chunks, else counted whole on one of them.
 */
export async function countOnThreads(text: string, tokenizer: Tokenizer, threads: readonly CountWorkerClient[], sizing: ChunkSizing): Promise<Counted> {
  const plan = countingPlan(tokenizer);
  if (plan.kind !== 'chunked' || threads.length < 2) return threads[0]!.count(text, tokenizer.id);
  const chunks = await countSpansInParallel(text, plan, threads, sizing);
  let sum = 0;
  for (const count of chunks.counts) sum += count;
  return { tokens: plan.finish(sum), band: tokenizer.band };
}
