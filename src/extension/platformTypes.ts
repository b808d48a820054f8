import type * as vscode from 'vscode';
import type { StartWorker } from '../core/counting/worker/client';

/**
 * What differs between the desktop extension host (Node) and VS Code's web worker extension host
 * (vscode.dev, github.dev): platform.ts is the Node one; esbuild.mjs builds the `browser` entry
 * with platform.web.ts in its place (it resolves `.web.ts` first). Everything else is shared.
 */
export interface ExtensionPlatform {
  /** `desktop`: a Node extension host (also remote and code-server); `web`: a browser's web worker. */
  readonly kind: 'desktop' | 'web';
  /** Starts count workers: worker threads on Node, Web Workers in the browser. */
  countWorkerStarter(context: vscode.ExtensionContext): StartWorker;
  /**
   * An environment variable of the extension host: test hooks and test servers' addresses only.
   * The web worker host has no environment, so these are never set there.
   */
  environment(name: string): string | undefined;
  /** Worker threads worth running side by side (the Context view's pool). */
  cores(): number;
  /** Resolves symbolic links of a local path (symlink loops in folder walks); absent on the web. */
  readonly realPath?: (fsPath: string) => Promise<string>;
  /**
   * The extension host's own executable (`process.execPath`), which runs the bundled CLI as the MCP
   * server the extension offers VS Code 1.101+; absent on the web, which has no CLI.
   */
  readonly nodeExecutable?: string;
  /**
   * Starts measuring how long the host's event loop is held up (for the e2e tests' watchdog, test
   * hooks only); absent on the web, whose worker host has no such monitor.
   */
  readonly eventLoopMonitor?: () => EventLoopMonitor;
  /** One line for the log at activation: where counting runs and what this host cannot do. */
  readonly description: string;
}

/** The longest hold-up of the extension host's event loop, measured since the last take. */
export interface EventLoopMonitor {
  /** Milliseconds of the longest hold-up since the previous call (or the start), then starts over. */
  takeLongestHoldUpMs(): number;
  dispose(): void;
}
