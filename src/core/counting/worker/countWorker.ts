// Entry point of the count worker (bundled by esbuild.mjs as dist/countWorker.js). Runs first
// counts of large documents, whole-text counts of tokenizers without a cut rule, and *sessions*
// (a document's text and chunk index kept here, edits sent over), so that the extension host's
// event loop never loads a vocabulary or waits on a tokenizer.
import { parentPort } from 'node:worker_threads';
import { ChunkIndex } from '../chunkIndex';
import { NEED_MORE, nextCut, type ChunkSizing } from '../chunker';
import { cutRuleFor, type CutRule } from '../cutRules';
import { countingPlan, type CountingPlan } from '../plan';
import { applyEdits } from '../textEdits';
import { getTokenizer } from '../../tokenizers/registry';
import type { Tokenizer } from '../../tokenizers/types';
import { unpackText, type WorkerRequest, type WorkerResponse } from './protocol';

/** Work between two looks at the message queue (cancellations) and two progress reports. */
const SLICE_MS = 30;

const port = parentPort;
if (!port) throw new Error('countWorker.js must run in a worker thread.');

const cancelled = new Set<number>();
/** Jobs queued or running; a cancellation for any other job is ignored. */
const pending = new Set<number>();
const queue: WorkerRequest[] = [];
let running = false;

/** One document × one tokenizer kept in the worker. */
interface Session {
  readonly plan: CountingPlan;
  /** Chunked plans: the index. */
  index?: ChunkIndex;
  /** Whole plans: the text and its count once made. */
  text?: string;
  total?: number;
  /** Set when an edit did not fit the text: the host must start over. */
  broken?: string;
}

const sessions = new Map<number, Session>();

function post(message: WorkerResponse, transfer?: ArrayBuffer[]): void {
  port?.postMessage(message, transfer);
}

/** Lets queued messages (cancellations) in. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Chunk lengths and counts of `text`, in slices with progress; `undefined` when cancelled. */
async function chunkAndCount(
  job: number,
  text: string,
  tokenizer: Tokenizer,
  rule: CutRule,
  sizing: ChunkSizing,
): Promise<{ lengths: number[]; counts: number[] } | undefined> {
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
      if (cancelled.has(job)) return undefined;
      sliceStart = performance.now();
    }
  }
  return { lengths, counts };
}

async function index(job: number, text: string, encoding: string, sizing: ChunkSizing): Promise<void> {
  const rule = cutRuleFor(encoding);
  if (!rule) throw new Error(`No cut rule for encoding "${encoding}".`);
  const chunks = await chunkAndCount(job, text, getTokenizer(encoding), rule, sizing);
  if (!chunks) {
    post({ type: 'cancelled', job });
    return;
  }
  const lengthArray = Uint32Array.from(chunks.lengths);
  const countArray = Uint32Array.from(chunks.counts);
  post({ type: 'indexed', job, lengths: lengthArray, counts: countArray }, [lengthArray.buffer, countArray.buffer]);
}

async function open(job: number, id: number, text: string, tokenizerId: string, sizing: ChunkSizing): Promise<void> {
  const plan = countingPlan(getTokenizer(tokenizerId));
  if (plan.kind === 'whole') {
    sessions.set(id, { plan, text });
    post({ type: 'opened', job });
    return;
  }
  const chunks = await chunkAndCount(job, text, plan.base, plan.rule, sizing);
  if (!chunks) {
    post({ type: 'cancelled', job });
    return;
  }
  const base = plan.base;
  const index = ChunkIndex.fromCounts(text, chunks.lengths, chunks.counts, (piece) => base.count(piece), plan.rule, sizing);
  sessions.set(id, { plan, index });
  post({ type: 'opened', job });
}

function session(id: number): Session {
  const found = sessions.get(id);
  if (!found) throw new Error(`Unknown count session ${id} (the worker was restarted or the document closed).`);
  if (found.broken) throw new Error(found.broken);
  return found;
}

function edit(id: number, changes: readonly { rangeOffset: number; rangeLength: number; text: string }[]): void {
  const found = sessions.get(id);
  if (!found || found.broken) return;
  try {
    if (found.index) {
      found.index.applyChanges(changes);
      return;
    }
    found.text = applyEdits(found.text ?? '', changes);
    found.total = undefined;
  } catch (error) {
    found.broken = error instanceof Error ? error.message : String(error);
  }
}

function total(id: number): number {
  const found = session(id);
  const plan = found.plan;
  if (found.index && plan.kind === 'chunked') return plan.finish(found.index.total);
  if (plan.kind !== 'whole') throw new Error('A chunked session without an index.');
  found.total ??= plan.tokenizer.count(found.text ?? '');
  return found.total;
}

function range(id: number, start: number, end: number): number {
  const found = session(id);
  const plan = found.plan;
  if (found.index && plan.kind === 'chunked') return plan.finish(found.index.countRange(start, end));
  const text = found.text ?? '';
  if (start < 0 || end > text.length || start > end) {
    throw new RangeError(`Range ${start}–${end} is outside a document of ${text.length} characters.`);
  }
  if (plan.kind !== 'whole') throw new Error('A chunked session without an index.');
  return plan.tokenizer.count(text.slice(start, end));
}

async function run(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case 'cancel':
      return;
    case 'edit':
      edit(request.session, request.changes);
      return;
    case 'close':
      sessions.delete(request.session);
      return;
  }
  if (cancelled.has(request.job)) {
    post({ type: 'cancelled', job: request.job });
    cancelled.delete(request.job);
    pending.delete(request.job);
    return;
  }
  try {
    switch (request.type) {
      case 'index':
        await index(request.job, unpackText(request.text), request.encoding, request.sizing);
        break;
      case 'count':
        post({ type: 'counted', job: request.job, count: getTokenizer(request.tokenizer).count(unpackText(request.text)) });
        break;
      case 'open':
        await open(request.job, request.session, unpackText(request.text), request.tokenizer, request.sizing);
        break;
      case 'total':
        post({ type: 'counted', job: request.job, count: total(request.session) });
        break;
      case 'range':
        post({ type: 'counted', job: request.job, count: range(request.session, request.start, request.end) });
        break;
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
  if ('job' in request) pending.add(request.job);
  queue.push(request);
  void pump();
});
