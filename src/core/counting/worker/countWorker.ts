// Entry point of the count worker on Node (bundled by esbuild.mjs as dist/countWorker.js): the
// protocol is served by CountServer; this file only connects it to worker_threads. The extension
// host's event loop never loads a vocabulary or waits on a tokenizer.
import { parentPort } from 'node:worker_threads';
import { nodeSyncFileAccess } from '../../context/nodeFileSystem';
import { CountServer } from './serve';

const port = parentPort;
if (!port) throw new Error('countWorker.js must run in a worker thread.');

const server = new CountServer(
  {
    post: (message, transfer) => port.postMessage(message, transfer),
    yieldToMessages: () => new Promise((resolve) => setImmediate(resolve)),
  },
  // Folder counts send paths: this thread reads the files, the walking thread only walks.
  nodeSyncFileAccess,
);
port.on('message', (message: unknown) => server.receive(message));
