import * as vscode from 'vscode';
import { webWorkerStarter, type BrowserWorker } from '../core/counting/worker/webWorker';
import type { ExtensionPlatform } from './platformTypes';

/** The browser's `Worker` constructor (the project's TypeScript has no DOM library). */
const BrowserWorkerClass = (globalThis as unknown as { Worker: new (url: string, options?: { name?: string }) => BrowserWorker }).Worker;

/**
 * One of the extension's own files. The web worker extension host's `fetch` takes the extension's
 * URI whatever its scheme (https on vscode.dev, vscode-remote under a server): it maps it to an
 * address the browser can load, as it does for the extension's code.
 */
async function readExtensionFile(uri: vscode.Uri): Promise<Uint8Array> {
  const response = await fetch(uri.toString(true));
  if (!response.ok) throw new Error(`${response.status} ${response.statusText} for ${uri.path}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The count worker's script as a `blob:` URL made here from the fetched file. VS Code 1.100's web
 * worker host refuses `new Worker()` on a `vscode-remote:` URI (an extension under a server, as in
 * code-server: "Creating workers from remote extensions is currently not supported"); it would
 * take the https URI of an extension on vscode.dev. A `blob:` URL starts in both (the host wraps
 * it in a `blob:` bootstrap that calls `importScripts`, and its CSP allows `blob:` workers), which
 * `npm run test:web` runs.
 */
function scriptUrl(context: vscode.ExtensionContext): () => Promise<string> {
  let url: Promise<string> | undefined;
  return () => {
    url ??= readExtensionFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'countWorker.js')).then(
      (bytes) => URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' })),
      (error: unknown) => {
        url = undefined; // try again with the next worker start
        throw error;
      },
    );
    return url;
  };
}

/** VS Code's web worker extension host (vscode.dev, github.dev): count workers are Web Workers. */
export const platform: ExtensionPlatform = {
  kind: 'web',
  countWorkerStarter(context) {
    const script = scriptUrl(context);
    const tokenizers = vscode.Uri.joinPath(context.extensionUri, 'dist', 'tokenizers');
    return webWorkerStarter({
      start: async () => new BrowserWorkerClass(await script(), { name: 'Token Cost count worker' }),
      readTokenizerFile: (name) => readExtensionFile(vscode.Uri.joinPath(tokenizers, name)),
    });
  },
  environment: () => undefined,
  // The browser's count of logical processors; a modest default where it does not say.
  cores: () => Math.max(1, Math.min((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 2, 4)),
  description:
    'web worker extension host; counting in Web Workers. Not here: the token-cost CLI (it needs Node) and the TOKEN_COST_* environment overrides used by tests.',
};
