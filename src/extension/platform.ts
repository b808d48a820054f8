import { realpath } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { nodeWorkerStarter } from '../core/counting/worker/nodeWorker';
import type { EventLoopMonitor, ExtensionPlatform } from './platformTypes';

/** The desktop (Node) extension host: count workers are worker threads of dist/countWorker.js. */
export const platform: ExtensionPlatform = {
  kind: 'desktop',
  countWorkerStarter: () => nodeWorkerStarter(join(__dirname, 'countWorker.js')),
  environment: (name) => process.env[name],
  cores: () => availableParallelism(),
  realPath: (fsPath) => realpath(fsPath),
  nodeExecutable: process.execPath,
  eventLoopMonitor: () => nodeEventLoopMonitor(),
  description: 'Node extension host; counting in worker threads.',
};

/** perf_hooks' event-loop delay histogram, read and reset at each take (10 ms resolution). */
function nodeEventLoopMonitor(): EventLoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    takeLongestHoldUpMs() {
      const longest = Math.round(histogram.max / 1e6);
      histogram.reset();
      return longest;
    },
    dispose: () => histogram.disable(),
  };
}
