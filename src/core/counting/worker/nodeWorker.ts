import { Worker } from 'node:worker_threads';
import type { StartWorker } from './client';
import type { WorkerResponse } from './protocol';

/**
 * Starts the bundled count worker (`dist/countWorker.js`) in a Node worker thread: the desktop
 * extension host and the CLI use this; the web build starts a Web Worker instead. The thread never
 * keeps the process alive on its own.
 */
export function nodeWorkerStarter(scriptPath: string): StartWorker {
  return (events) => {
    const worker = new Worker(scriptPath);
    worker.unref();
    worker.on('message', (message: WorkerResponse) => events.message(message));
    worker.on('error', (error) => events.failed(error instanceof Error ? error : new Error(String(error))));
    worker.on('exit', (code) => events.failed(new Error(`The count worker stopped (exit code ${code}).`)));
    return {
      postMessage: (message, transfer) => worker.postMessage(message, transfer),
      terminate: () => void worker.terminate(),
    };
  };
}
