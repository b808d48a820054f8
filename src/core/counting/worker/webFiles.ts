import { isRecord } from '../../util/isRecord';

/**
 * A tokenizer file the web build's extension host posts to its count worker ahead of the first
 * request that needs it (see webWorker.ts), or why it could not be read. Not part of the count
 * protocol: the worker's web entry keeps these and hands everything else to the CountServer.
 */
export type TokenizerFileMessage =
  | { readonly type: 'tokenizerFile'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly type: 'tokenizerFile'; readonly name: string; readonly error: string };

/** Narrows a message arriving at the web count worker. */
export function isTokenizerFileMessage(value: unknown): value is TokenizerFileMessage {
  return (
    isRecord(value) &&
    value.type === 'tokenizerFile' &&
    typeof value.name === 'string' &&
    (value.bytes instanceof Uint8Array || typeof value.error === 'string')
  );
}
