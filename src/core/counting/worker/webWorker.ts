import { filesForTokenizer } from '../../tokenizers/registry';
import type { StartWorker } from './client';
import type { WorkerRequest, WorkerResponse } from './protocol';
import type { TokenizerFileMessage } from './webFiles';

/** As much of a browser `Worker` as the starter uses (the project's TypeScript has no DOM library). */
export interface BrowserWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  terminate(): void;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: { readonly message?: string; preventDefault?(): void }) => void) | null;
}

/** What the web build gives the starter: a way to start the worker script, and the extension's files. */
export interface WebWorkerSource {
  /** Starts a Web Worker running the web count worker (dist/web/countWorker.js). */
  start(): Promise<BrowserWorker>;
  /** Reads one of the extension's tokenizer files (`dist/tokenizers/<name>`). */
  readTokenizerFile(name: string): Promise<Uint8Array>;
}

/** The buffer of `bytes` alone, to transfer rather than copy (a copy when it is a view on a larger one). */
function ownBuffer(bytes: Uint8Array): { bytes: Uint8Array; buffer: ArrayBuffer } {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const own = whole ? bytes : bytes.slice();
  return { bytes: own, buffer: own.buffer as ArrayBuffer };
}

/**
 * Starts the count worker as a Web Worker (the web build; nodeWorker.ts is the Node one). A worker
 * nested in VS Code's web worker extension host cannot read the extension's files (their URIs
 * resolve only through the extension host), so each tokenizer file a request needs is read here
 * and posted ahead of it, once per worker. Messages keep their order: each waits for the worker
 * to start and for the files it needs; a file that cannot be read is posted as its reason, and the
 * request then fails in the worker with that reason, like any other count failure.
 */
export function webWorkerStarter(source: WebWorkerSource): StartWorker {
  return (events) => {
    let stopped = false;
    let worker: BrowserWorker | undefined;
    const sent = new Set<string>();
    let queue: Promise<void> = source.start().then(
      (started) => {
        if (stopped) {
          started.terminate();
          return;
        }
        worker = started;
        started.onmessage = (event) => events.message(event.data as WorkerResponse);
        started.onerror = (event) => {
          event.preventDefault?.();
          events.failed(new Error(`The count worker failed${event.message ? `: ${event.message}` : ''}.`));
        };
      },
      (error: unknown) => events.failed(new Error(`The count worker could not start: ${error instanceof Error ? error.message : String(error)}`)),
    );

    const readFile = (name: string): Promise<TokenizerFileMessage> =>
      source.readTokenizerFile(name).then(
        (bytes) => ({ type: 'tokenizerFile', name, bytes }),
        (error: unknown) => ({ type: 'tokenizerFile', name, error: error instanceof Error ? error.message : String(error) }),
      );

    return {
      postMessage(message: WorkerRequest, transfer?: ArrayBuffer[]) {
        // A session's 'ranges' names no tokenizer: the session's files went with its 'open'.
        const tokenizer = 'tokenizer' in message ? message.tokenizer : undefined;
        const needed = tokenizer === undefined ? [] : filesForTokenizer(tokenizer).filter((name) => !sent.has(name));
        for (const name of needed) sent.add(name);
        // Reads start now, in parallel with the worker's start; posting waits for its turn.
        const files = needed.map(readFile);
        queue = queue.then(async () => {
          for (const file of await Promise.all(files)) {
            if ('error' in file) {
              sent.delete(file.name); // the next request tries again
              worker?.postMessage(file);
            } else {
              const { bytes, buffer } = ownBuffer(file.bytes);
              worker?.postMessage({ ...file, bytes }, [buffer]);
            }
          }
          worker?.postMessage(message, transfer);
        });
      },
      terminate() {
        stopped = true;
        worker?.terminate();
        worker = undefined;
      },
    };
  };
}
