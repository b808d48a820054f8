// Entry point of the count worker in a browser (bundled by esbuild.mjs as dist/web/countWorker.js,
// a classic script: VS Code's web worker extension host starts nested workers through
// `importScripts`). The protocol is served by the same CountServer as on Node; this file only
// connects it to the Web Worker globals and keeps the tokenizer files the extension host sends.
import { provideTokenizerFile } from '../../tokenizers/shippedFiles.web';
import { isTokenizerFileMessage } from './webFiles';
import { CountServer } from './serve';

/** The dedicated-worker globals this entry uses (the project's TypeScript has no DOM library). */
interface WorkerScope {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;

/**
 * A task that runs after messages already queued, without `setTimeout`'s 4 ms clamp (a yield every
 * 15 ms slice would otherwise lose a fifth of the time on long counts).
 */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    (port1 as unknown as { onmessage: () => void }).onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(undefined);
  });
}

const server = new CountServer({ post: (message, transfer) => scope.postMessage(message, transfer), yieldToMessages });
scope.onmessage = (event) => {
  const message = event.data;
  if (isTokenizerFileMessage(message)) provideTokenizerFile(message.name, 'bytes' in message ? message.bytes : { error: message.error });
  else server.receive(message);
};
