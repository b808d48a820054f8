import { realpath } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { nodeWorkerStarter } from '../core/counting/worker/nodeWorker';
import type { ExtensionPlatform } from './platformTypes';

/** The desktop (Node) extension host: count workers are worker threads of dist/countWorker.js. */
export const platform: ExtensionPlatform = {
  kind: 'desktop',
  countWorkerStarter: () => nodeWorkerStarter(join(__dirname, 'countWorker.js')),
  environment: (name) => process.env[name],
  cores: () => availableParallelism(),
  realPath: (fsPath) => realpath(fsPath),
  nodeExecutable: process.execPath,
  description: 'Node extension host; counting in worker threads.',
};
