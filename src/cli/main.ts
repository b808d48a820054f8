import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CountPool } from '../core/context/countPool';
import { CountWorkerClient } from '../core/counting/worker/client';
import { nodeWorkerStarter } from '../core/counting/worker/nodeWorker';
import { version } from '../../package.json';
import { EXIT_USAGE, parseCliArgs, UsageError } from './args';
import { preparePrices } from './prices';
import { readUpTo } from './readBounded';
import { runCli } from './run';
import { threadedCounter } from './threads';

/**
 * Set once the reader of stdout has gone (`token-cost --list-models --json | head`): the rest of
 * the output has nowhere to go, so writing stops quietly and the exit code stays the run's own
 * (a `--budget` failure piped into `head` still fails).
 */
let stdoutClosed = false;

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  stdoutClosed = true;
});

/** Count workers on every core for a folder, from dist/countWorker.js beside this bundle. */
function startPool(): CountPool {
  const start = nodeWorkerStarter(join(__dirname, 'countWorker.js'));
  return new CountPool(
    Array.from({ length: availableParallelism() }, () => new CountWorkerClient(start)),
    { readsFiles: true },
  );
}

/**
 * The progress line of a long folder count, rewritten in place on a terminal; nothing when stderr
 * is a pipe or a file (CI logs, `2> errors.txt`), where a stream of carriage returns is noise.
 */
const progress = process.stderr.isTTY ? (line: string): void => void process.stderr.write(`\r\x1b[2K${line}`) : undefined;

/** Entry point of `token-cost`; all logic lives in run.ts and prices.ts so tests can call it in-process. */
async function main(): Promise<void> {
  let code: number;
  const stdout = (text: string): void => {
    if (!stdoutClosed) process.stdout.write(text);
  };
  const stderr = (text: string): void => {
    process.stderr.write(text);
  };
  try {
    const options = parseCliArgs(process.argv.slice(2));
    const serving = options.mcp && !options.help && !options.version;
    // Help and version need no prices; nothing else touches the network unless --refresh-prices.
    const prices =
      options.help || options.version
        ? undefined
        : // Serving MCP, stdout is the protocol's: whatever the prices have to say goes to stderr.
          await preparePrices(options, { stdout: serving ? stderr : stdout, stderr, fetch: (url, init) => fetch(url, init), now: () => new Date() });
    if (prices?.stop) {
      code = prices.code ?? 0;
    } else if (serving && prices) {
      // Loaded only here: the SDK and its schemas (zod, ajv) would slow every other run's start.
      const { serveMcp } = await import('./mcp/serve');
      await serveMcp(options, prices.catalog, version);
      code = 0;
    } else {
      const counter = threadedCounter();
      try {
        code = await runCli(options, { stdout, stderr, readStdin: (limit) => readUpTo(0, limit), version, countText: counter.countText, counter: startPool, progress }, prices?.catalog);
      } finally {
        counter.dispose();
      }
      // A failed refresh is reported after the counts it did not spoil.
      if (code === 0 && prices?.code !== undefined) code = prices.code;
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`token-cost: ${error.message}\nRun token-cost --help for usage.\n`);
    code = EXIT_USAGE;
  }
  process.exitCode = code;
}

void main();
