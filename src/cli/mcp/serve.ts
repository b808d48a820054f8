import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { DEFAULT_MAX_AUTO_COUNT_CHARS } from '../../core/counting/filePolicy';
import type { ModelCatalog } from '../../core/pricing/catalog';
import type { CliOptions } from '../args';
import { threadedCounter } from '../threads';
import { createTokenCostServer } from './server';

/** Idle worker threads of the long-lived server stop after this long, freeing their memory. */
const THREAD_IDLE_MS = 60_000;

/**
 * `token-cost mcp`: serves the tools on stdin/stdout until the client closes stdin. Nothing else
 * may write to stdout here (it is the protocol's channel); the CLI's messages go to stderr.
 */
export async function serveMcp(options: CliOptions, catalog: ModelCatalog, version: string): Promise<void> {
  const counter = threadedCounter({ idleMs: THREAD_IDLE_MS });
  const server = createTokenCostServer({
    catalog,
    pricing: { profile: options.profile, ...(options.cnyRate !== undefined ? { cnyPerUsd: options.cnyRate } : {}) },
    version,
    cwd: process.cwd(),
    maxCharacters: DEFAULT_MAX_AUTO_COUNT_CHARS,
    countText: counter.countText,
  });
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  // The SDK's transport does not close when stdin ends; a client that goes away ends the server.
  process.stdin.once('end', () => void server.close());
  try {
    await server.connect(new StdioServerTransport());
    await closed;
  } finally {
    counter.dispose();
  }
}
