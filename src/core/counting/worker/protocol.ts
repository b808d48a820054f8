import type { SkipReason } from '../../context/skip';
import type { ChunkSizing } from '../chunker';
import type { TextChange } from '../textEdits';
import type { ErrorBand } from '../../tokenizers/types';
import type { TokenWindow } from '../tokenWindow';
import type { RangeCounts } from '../types';
import { isRecord } from '../../util/isRecord';

/**
 * A text crossing to the worker: short ones as strings; long ones as their UTF-16 code units in a
 * transferred buffer, because structured cloning a string copies it on the sending thread (48 ms
 * for 4 M characters of mixed text in the extension host) while a transfer is free.
 */
export type PackedText = string | { readonly utf16: ArrayBuffer };

/** Strings longer than this travel as a transferred buffer. */
const PACK_ABOVE = 64 * 1024;

/** Code units per `String.fromCharCode` call when unpacking without Node's Buffer. */
const UNPACK_STEP = 8192;

/** Node's Buffer where there is one (the desktop extension host, the CLI); absent in a web worker. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/** Packs a text for {@link unpackText}; `transfer` lists the buffer to hand over. */
export function packText(text: string): { packed: PackedText; transfer: ArrayBuffer[] } {
  if (text.length <= PACK_ABOVE) return { packed: text, transfer: [] };
  let utf16: ArrayBuffer;
  if (NodeBuffer) {
    // 'utf16le' copies code units as they are (lone surrogates included), natively.
    const bytes = NodeBuffer.from(text, 'utf16le');
    utf16 =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } else {
    const units = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    utf16 = units.buffer;
  }
  return { packed: { utf16 }, transfer: [utf16] };
}

/** The text {@link packText} packed (lone surrogates kept: TextDecoder would replace them). */
export function unpackText(packed: PackedText): string {
  if (typeof packed === 'string') return packed;
  if (NodeBuffer) return NodeBuffer.from(packed.utf16).toString('utf16le');
  const units = new Uint16Array(packed.utf16);
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += UNPACK_STEP) parts.push(String.fromCharCode(...units.subarray(i, i + UNPACK_STEP)));
  return parts.join('');
}

/** Chunk lengths and counts of a text counted elsewhere (a span count on another thread). */
export interface PackedChunks {
  readonly lengths: Uint32Array;
  readonly counts: Uint32Array;
}

/**
 * Messages from the extension host (or the CLI, or a test) to a count worker. Plain data only:
 * they cross `postMessage`.
 *
 * The worker keeps *sessions*: one document × one tokenizer whose text and chunk index live in the
 * worker, so vocabularies are loaded and run there only. Requests of one session are handled in
 * the order sent (an `edit` lands after the `open` before it and before the `total` after it);
 * requests of different sessions interleave, so one long count never holds up another document.
 */
export type WorkerRequest =
  /** Start a session: chunk and count `text` (or take `chunks` counted elsewhere); answers `opened`. */
  | {
      readonly type: 'open';
      readonly job: number;
      readonly session: number;
      readonly text: PackedText;
      readonly tokenizer: string;
      readonly sizing: ChunkSizing;
      readonly chunks?: PackedChunks;
    }
  /** Apply a change event to a session; no answer (a later `total` reports a broken session). */
  | { readonly type: 'edit'; readonly session: number; readonly changes: readonly TextChange[] }
  /** The session's whole count; answers `counted`. */
  | { readonly type: 'total'; readonly job: number; readonly session: number }
  /** The count of `[start, end)` of the session's text; answers `counted`. */
  | { readonly type: 'range'; readonly job: number; readonly session: number; readonly start: number; readonly end: number }
  /**
   * Many counts in one message (a document's sections): the whole text and each `[starts[i],
   * ends[i])`, of a session's text or of a loose `text` (a saved or committed version); answers
   * `ranged`.
   */
  | {
      readonly type: 'ranges';
      readonly job: number;
      readonly session?: number;
      readonly text?: PackedText;
      readonly tokenizer?: string;
      readonly starts: Uint32Array;
      readonly ends: Uint32Array;
    }
  /**
   * The tokens of `text[from, to)` (the token view's visible range with some text around it),
   * tokenized from a safe cut before `from` to one after `to`; answers `tokenized`.
   */
  | {
      readonly type: 'tokens';
      readonly job: number;
      readonly text: PackedText;
      readonly tokenizer: string;
      readonly from: number;
      readonly to: number;
      readonly atDocumentStart: boolean;
      readonly atDocumentEnd: boolean;
    }
  /** Forget a session (document closed or evicted); no answer. */
  | { readonly type: 'close'; readonly session: number }
  /** Count a loose text whole (a selection of a document without a session); answers `counted`. */
  | { readonly type: 'count'; readonly job: number; readonly text: PackedText; readonly tokenizer: string }
  /** Chunk and count `text[start, end)` (half of a first count); answers `spanned`. */
  | {
      readonly type: 'span';
      readonly job: number;
      readonly text: PackedText;
      readonly start: number;
      readonly end: number;
      readonly tokenizer: string;
      readonly sizing: ChunkSizing;
    }
  /**
   * Read the files at `paths` on the worker's own thread, one after the other, and count each with
   * every tokenizer (a folder count: the thread that walks only sends paths, a few per message);
   * answers `filesCounted`, a file that failed to count among them as skipped with the reason, or
   * `failed` when the worker has no file access.
   */
  | { readonly type: 'countFiles'; readonly job: number; readonly paths: readonly string[]; readonly tokenizers: readonly string[]; readonly maxBytes: number }
  /** Drop a job: its document changed or closed. Answered by the job's own `cancelled`. */
  | { readonly type: 'cancel'; readonly job: number };

/** One file read and counted by a worker: its size and counts, or why it was not counted. */
export type FileCount =
  | {
      readonly kind: 'text';
      readonly bytes: number;
      readonly characters: number;
      readonly counts: readonly { readonly tokenizer: string; readonly tokens: number; readonly band?: ErrorBand }[];
    }
  | { readonly kind: 'skipped'; readonly reason: SkipReason };

/** Replies from the worker; every job ends with exactly one of counted/ranged/tokenized/spanned/filesCounted/opened/failed/cancelled. */
export type WorkerResponse =
  | { readonly type: 'progress'; readonly job: number; readonly done: number; readonly total: number }
  /**
   * The thread starts (`loading`) or ends (`loaded`) loading a tokenizer's tables for `job`: one
   * long call during which it reads no message, so a cancel waits for its end, not a restart.
   */
  | { readonly type: 'loading' | 'loaded'; readonly job: number }
  | { readonly type: 'counted'; readonly job: number; readonly tokens: number; readonly band?: ErrorBand }
  | { readonly type: 'ranged'; readonly job: number; readonly counts: RangeCounts }
  | { readonly type: 'tokenized'; readonly job: number; readonly window: TokenWindow }
  | { readonly type: 'spanned'; readonly job: number; readonly chunks: PackedChunks }
  | { readonly type: 'filesCounted'; readonly job: number; readonly files: readonly FileCount[] }
  | { readonly type: 'opened'; readonly job: number }
  | { readonly type: 'failed'; readonly job: number; readonly message: string }
  | { readonly type: 'cancelled'; readonly job: number };

/** Whether a response answers its job, rather than reporting along the way (progress, a table load). */
export function answersJob(response: WorkerResponse): boolean {
  return response.type !== 'progress' && response.type !== 'loading' && response.type !== 'loaded';
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isPacked = (value: unknown): value is PackedText => typeof value === 'string' || (isRecord(value) && value.utf16 instanceof ArrayBuffer);
const isSizing = (value: unknown): value is ChunkSizing => isRecord(value) && isCount(value.minChars) && isCount(value.softMaxChars);
const isChange = (value: unknown): value is TextChange =>
  isRecord(value) && isCount(value.rangeOffset) && isCount(value.rangeLength) && typeof value.text === 'string';
const isFlag = (value: unknown): value is boolean => typeof value === 'boolean';
/** Paired range ends, each range inside-out free (`start ≤ end`). */
const isRangeList = (starts: unknown, ends: unknown): boolean =>
  starts instanceof Uint32Array && ends instanceof Uint32Array && starts.length === ends.length && starts.every((start, i) => start <= ends[i]!);
const isChunks = (value: unknown): value is PackedChunks =>
  isRecord(value) && value.lengths instanceof Uint32Array && value.counts instanceof Uint32Array && value.lengths.length === value.counts.length;

/**
 * Narrows a message arriving at the worker. A malformed one is `{ invalid }` with its job number
 * when it has one, so that the job can still be answered (as failed) rather than left hanging.
 */
export function parseWorkerRequest(value: unknown): WorkerRequest | { readonly invalid: string; readonly job?: number } {
  if (!isRecord(value)) return { invalid: `not a request: ${String(value)}` };
  const job = isCount(value.job) ? value.job : undefined;
  const bad = (what: string): { invalid: string; job?: number } => ({ invalid: `malformed "${String(value.type)}" request: ${what}`, job });
  switch (value.type) {
    case 'open':
      if (job === undefined || !isCount(value.session) || !isPacked(value.text) || typeof value.tokenizer !== 'string' || !isSizing(value.sizing)) {
        return bad('job, session, text, tokenizer and sizing are required');
      }
      if (value.chunks !== undefined && !isChunks(value.chunks)) return bad('chunks');
      return value as WorkerRequest;
    case 'edit':
      return isCount(value.session) && Array.isArray(value.changes) && value.changes.every(isChange) ? (value as WorkerRequest) : bad('session and changes');
    case 'total':
      return job !== undefined && isCount(value.session) ? (value as WorkerRequest) : bad('job and session');
    case 'range':
      return job !== undefined && isCount(value.session) && isCount(value.start) && isCount(value.end) ? (value as WorkerRequest) : bad('job, session, start and end');
    case 'ranges': {
      if (job === undefined || !isRangeList(value.starts, value.ends)) return bad('job, and starts and ends of equal length with each start ≤ its end');
      const ofSession = isCount(value.session) && value.text === undefined && value.tokenizer === undefined;
      const ofText = value.session === undefined && isPacked(value.text) && typeof value.tokenizer === 'string';
      return ofSession || ofText ? (value as WorkerRequest) : bad('either a session, or a text and a tokenizer');
    }
    case 'tokens':
      return job !== undefined &&
        isPacked(value.text) &&
        typeof value.tokenizer === 'string' &&
        isCount(value.from) &&
        isCount(value.to) &&
        value.from <= value.to &&
        isFlag(value.atDocumentStart) &&
        isFlag(value.atDocumentEnd)
        ? (value as WorkerRequest)
        : bad('job, text, tokenizer, from ≤ to, atDocumentStart and atDocumentEnd');
    case 'close':
      return isCount(value.session) ? (value as WorkerRequest) : bad('session');
    case 'count':
      return job !== undefined && isPacked(value.text) && typeof value.tokenizer === 'string' ? (value as WorkerRequest) : bad('job, text and tokenizer');
    case 'span':
      return job !== undefined && isPacked(value.text) && isCount(value.start) && isCount(value.end) && typeof value.tokenizer === 'string' && isSizing(value.sizing)
        ? (value as WorkerRequest)
        : bad('job, text, start, end, tokenizer and sizing');
    case 'countFiles':
      return job !== undefined &&
        Array.isArray(value.paths) &&
        value.paths.every((path) => typeof path === 'string') &&
        Array.isArray(value.tokenizers) &&
        value.tokenizers.every((id) => typeof id === 'string') &&
        isCount(value.maxBytes)
        ? (value as WorkerRequest)
        : bad('job, paths, tokenizers and maxBytes');
    case 'cancel':
      return job !== undefined ? (value as WorkerRequest) : bad('job');
    default:
      return { invalid: `unknown request type "${String(value.type)}"`, job };
  }
}
