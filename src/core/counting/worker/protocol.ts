import type { TextChange } from '../chunkIndex';
import type { ChunkSizing } from '../chunker';

/**
 * A text crossing to the worker: short ones as strings; long ones as their UTF-16 code units in a
 * transferred buffer, because structured cloning a string copies it on the sending thread (48 ms
 * for 4 M characters of mixed text in the extension host) while a transfer is free.
 */
export type PackedText = string | { readonly utf16: ArrayBuffer };

/** Strings longer than this travel as a transferred buffer. */
const PACK_ABOVE = 64 * 1024;

/** Packs a text for {@link unpackText}; `transfer` lists the buffer to hand over. */
export function packText(text: string): { packed: PackedText; transfer: ArrayBuffer[] } {
  if (text.length <= PACK_ABOVE) return { packed: text, transfer: [] };
  // 'utf16le' copies code units as they are (lone surrogates included), natively.
  const bytes = Buffer.from(text, 'utf16le');
  const utf16 =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { packed: { utf16 }, transfer: [utf16] };
}

/** The text {@link packText} packed. */
export function unpackText(packed: PackedText): string {
  return typeof packed === 'string' ? packed : Buffer.from(packed.utf16).toString('utf16le');
}

/**
 * Messages between the extension host (or CLI, or a test) and the count worker. Plain data only:
 * they cross `postMessage`.
 *
 * Besides one-off jobs (`index`, `count`) the worker keeps *sessions*: one document × one
 * tokenizer whose text (and chunk index, when the tokenizer has a cut rule) lives in the worker,
 * so that slow vocabularies are loaded and run there only. Requests are handled in the order
 * sent, so an `edit` always lands after the `open` before it and before the `total` after it.
 */
export type WorkerRequest =
  /** Chunk `text` with `encoding`'s cut rule and count every chunk (a first count). */
  | {
      readonly type: 'index';
      readonly job: number;
      readonly text: PackedText;
      readonly encoding: string;
      readonly sizing: ChunkSizing;
    }
  /** Count `text` whole with a registry tokenizer (tokenizers without a cut rule). */
  | { readonly type: 'count'; readonly job: number; readonly text: PackedText; readonly tokenizer: string }
  /** Start a session: chunk and count `text` (cut rule) or keep it for whole counts; answers `opened`. */
  | {
      readonly type: 'open';
      readonly job: number;
      readonly session: number;
      readonly text: PackedText;
      readonly tokenizer: string;
      readonly sizing: ChunkSizing;
    }
  /** Apply a change event to a session; no answer (a later `total` reports a broken session). */
  | { readonly type: 'edit'; readonly session: number; readonly changes: readonly TextChange[] }
  /** The session's whole count; answers `counted`. */
  | { readonly type: 'total'; readonly job: number; readonly session: number }
  /** The count of `[start, end)` of the session's text; answers `counted`. */
  | { readonly type: 'range'; readonly job: number; readonly session: number; readonly start: number; readonly end: number }
  /** Forget a session (document closed or evicted); no answer. */
  | { readonly type: 'close'; readonly session: number }
  /** Drop a job: its document changed or closed. */
  | { readonly type: 'cancel'; readonly job: number };

/** Replies from the worker; every job ends with exactly one of indexed/counted/opened/failed/cancelled. */
export type WorkerResponse =
  | { readonly type: 'progress'; readonly job: number; readonly done: number; readonly total: number }
  | { readonly type: 'indexed'; readonly job: number; readonly lengths: Uint32Array; readonly counts: Uint32Array }
  | { readonly type: 'counted'; readonly job: number; readonly count: number }
  | { readonly type: 'opened'; readonly job: number }
  | { readonly type: 'failed'; readonly job: number; readonly message: string }
  | { readonly type: 'cancelled'; readonly job: number };
