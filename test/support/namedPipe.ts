import { execFileSync } from 'node:child_process';

/**
 * Makes a named pipe (FIFO) at `path` with `mkfifo` (Unix only; Node has no call for it). Opened
 * for reading while nobody writes to it, it waits for ever: the input the bad-input tests give
 * every reader of files.
 */
export function makeNamedPipe(path: string): void {
  execFileSync('mkfifo', [path]);
}
