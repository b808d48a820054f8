import { readFileSync } from 'node:fs';
import { version } from '../../package.json';
import { EXIT_USAGE, parseCliArgs, UsageError } from './args';
import { runCli } from './run';

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

/** Entry point of `token-cost`; all logic lives in run.ts so tests can call it in-process. */
async function main(): Promise<void> {
  let code: number;
  try {
    const options = parseCliArgs(process.argv.slice(2));
    code = await runCli(options, {
      stdout: (text) => {
        if (!stdoutClosed) process.stdout.write(text);
      },
      stderr: (text) => process.stderr.write(text),
      readStdin: () => readFileSync(0),
      version,
    });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`token-cost: ${error.message}\nRun token-cost --help for usage.\n`);
    code = EXIT_USAGE;
  }
  process.exitCode = code;
}

void main();
