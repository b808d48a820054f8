/**
 * `npm start` — the demo: builds the extension, starts code-server (VS Code 1.100.3 in the
 * browser) on 127.0.0.1 with this extension in development mode on a copy of the sample
 * workspace (or on the folder given: `npm start -- /path/to/folder`), and prints the URL to open.
 * Ctrl-C stops the server and removes the temp dirs.
 *
 * TOKEN_COST_PORT picks the port (default 8765, or any free one if that is taken). The server
 * listens on loopback only; from another machine use an SSH tunnel (`ssh -L 8765:127.0.0.1:8765`).
 * After `npm run watch` rebuilds, "Developer: Reload Window" in the browser loads the new build.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildExtension } from './build';
import { guardProcess, startCodeServer } from './host';
import { FIXTURE_WORKSPACE, REPO_ROOT } from './paths';

async function main(): Promise<void> {
  guardProcess('start', 0);
  const folderArg = process.argv[2];
  const folder = folderArg ? resolve(folderArg) : FIXTURE_WORKSPACE;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new Error(`not a folder: ${folder}`);
  }
  buildExtension();
  const server = await startCodeServer({
    workspace: folder,
    // The samples are copied so the demo never edits the repo's fixtures; a folder you name is yours.
    copyWorkspace: !folderArg,
    port: Number(process.env.TOKEN_COST_PORT ?? 8765),
  });
  const url = server.workbenchUrl({ extensionDevelopmentPath: REPO_ROOT });
  process.stdout.write(
    [
      '',
      'Token Cost Meter is running in VS Code (code-server 4.100.3 = VS Code 1.100.3).',
      `Workspace: ${server.workspace}${folderArg ? '' : ' (a copy of test/fixtures/workspace)'}`,
      `Server log: ${server.logFile}`,
      '',
      'Open this URL in a browser:',
      '',
      `  ${url}`,
      '',
      'Open a file, watch the status bar; "Token Cost" commands are in the command palette (F1).',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
