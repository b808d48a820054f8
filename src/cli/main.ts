import { readFileSync } from 'node:fs';
import { version } from '../../package.json';
import { EXIT_USAGE, parseCliArgs, UsageError } from './args';
import { runCli } from './run';

/** Entry point of `token-cost`; all logic lives in run.ts so tests can call it in-process. */
function main(): void {
  let code: number;
  try {
    const options = parseCliArgs(process.argv.slice(2));
    code = runCli(options, {
      stdout: (text) => process.stdout.write(text),
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

main();
