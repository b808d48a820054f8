import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StartWorker } from '../../src/core/counting/worker/client';
import { webWorkerStarter, type BrowserWorker } from '../../src/core/counting/worker/webWorker';
import { REPO_ROOT } from './paths';

/** The web build's count worker (run `npm run build` first). */
const WEB_COUNT_WORKER = join(REPO_ROOT, 'dist', 'web', 'countWorker.js');

/**
 * Runs in a Node worker thread and plays the browser for the web bundle: the bundle sees
 * `postMessage`/`onmessage` on `globalThis` as in a Web Worker, and Node's globals (`process`,
 * `Buffer`, `require`, `__dirname`, `setImmediate` …) are hidden from it, so a bundle that needed
 * one fails here as it would in a browser.
 */
const SANDBOX = `
const { parentPort, workerData } = require('node:worker_threads');
const source = require('node:fs').readFileSync(workerData.script, 'utf8');
const post = (message, transfer) => parentPort.postMessage(message, transfer);
parentPort.on('message', (data) => globalThis.onmessage && globalThis.onmessage({ data }));
globalThis.postMessage = post;
delete globalThis.Buffer;
delete globalThis.setImmediate;
delete globalThis.global;
new Function('process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'setImmediate', 'global', source)();
`;

/** A Node worker thread running the web bundle, with the browser `Worker` interface. */
function sandboxedWorker(script: string): BrowserWorker {
  const thread = new Worker(SANDBOX, { eval: true, workerData: { script } });
  thread.unref();
  const worker: BrowserWorker = {
    onmessage: null,
    onerror: null,
    postMessage: (message, transfer) => thread.postMessage(message, transfer),
    terminate: () => void thread.terminate(),
  };
  thread.on('message', (data: unknown) => worker.onmessage?.({ data }));
  thread.on('error', (error) => worker.onerror?.({ message: error.message }));
  return worker;
}

/**
 * The web build's StartWorker (webWorkerStarter, as the extension's web host uses it) over the
 * browser bundle of the count worker, with the tokenizer files read from dist/ as the extension
 * host's `fetch` would read them. `readFile` replaces that reader (a file that cannot be read).
 */
export function webBundleStarter(options: { script?: string; readFile?: (name: string) => Promise<Uint8Array> } = {}): StartWorker {
  const script = options.script ?? WEB_COUNT_WORKER;
  return webWorkerStarter({
    start: async () => sandboxedWorker(script),
    readTokenizerFile: options.readFile ?? (async (name) => new Uint8Array(readFileSync(join(REPO_ROOT, 'dist', 'tokenizers', name)))),
  });
}
