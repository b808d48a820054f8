// Entry point of the count worker (bundled by esbuild.mjs as dist/countWorker.js). Runs first
// counts of large documents and whole-text counts of tokenizers without a cut rule, so the
// extension host's event loop never waits on a tokenizer for long.
import { parentPort } from 'node:worker_threads';
import { NEED_MORE, nextCut } from '../incremental/chunker';
import { cutRuleFor } from '../incremental/cutRules';
import { getTokenizer } from '../tokenizers/registry';
import type { WorkerRequest, WorkerResponse } from './protocol';

/** Work between two looks at the message queue (cancellations) and two progress reports. */
const SLICE_MS = 30;

const port = parentPort;
if (!port) throw new Error('countWorker.js must run in a worker thread.');

const cancelled = new Set<number>();
/** Jobs queued or running; a cancellation for any other job is ignored. */
const pending = new Set<number>();
const queue: WorkerRequest[] = [];
let running = false;

function post(message: WorkerResponse, transfer?: ArrayBuffer[]): void {
  port?.postMessage(message, transfer);
}

/** Lets queued messages (cancellations) in. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function index(job: number, text: string, encoding: string, sizing: { minChars: number; softMaxChars: number }): Promise<void> {
  const rule = cutRuleFor(encoding);
  if (!rule) throw new Error(`No cut rule for encoding "${encoding}".`);
  const tokenizer = getTokenizer(encoding);
  const lengths: number[] = [];
  const counts: number[] = [];
  const seen = new Map<string, number>();
  let from = 0;
  let sliceStart = performance.now();
  while (from < text.length) {
    const cut = nextCut(text, from, rule, sizing, true);
    if (cut === NEED_MORE) throw new Error('nextCut asked for more text on a final text.');
    const piece = text.slice(from, cut);
    let n = seen.get(piece);
    if (n === undefined) {
      n = tokenizer.count(piece);
      seen.set(piece, n);
    }
    lengths.push(cut - from);
    counts.push(n);
    from = cut;
    if (performance.now() - sliceStart > SLICE_MS) {
      post({ type: 'progress', job, done: from, total: text.length });
      await yieldToMessages();
      if (cancelled.has(job)) {
        post({ type: 'cancelled', job });
        return;
      }
      sliceStart = performance.now();
    }
  }
  const lengthArray = Uint32Array.from(lengths);
  const countArray = Uint32Array.from(counts);
  post({ type: 'indexed', job, lengths: lengthArray, counts: countArray }, [lengthArray.buffer, countArray.buffer]);
}

async function run(request: WorkerRequest): Promise<void> {
  if (request.type === 'cancel') return;
  if (cancelled.has(request.job)) {
    post({ type: 'cancelled', job: request.job });
    return;
  }
  try {
    if (request.type === 'index') {
      await index(request.job, request.text, request.encoding, request.sizing);
    } else {
      post({ type: 'counted', job: request.job, count: getTokenizer(request.tokenizer).count(request.text) });
    }
  } catch (error) {
    post({ type: 'failed', job: request.job, message: error instanceof Error ? error.message : String(error) });
  } finally {
    cancelled.delete(request.job);
    pending.delete(request.job);
  }
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let request = queue.shift(); request; request = queue.shift()) await run(request);
  } finally {
    running = false;
  }
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'cancel') {
    if (pending.has(request.job)) cancelled.add(request.job);
    return;
  }
  pending.add(request.job);
  queue.push(request);
  void pump();
});
