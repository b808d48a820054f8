/**
 * The extension as VS Code's web worker extension host sees it. Given an extension whose manifest
 * has a `browser` entry and no `main` as `extensionDevelopmentPath`, code-server's browser client
 * runs it in its web worker extension host (no `process`, `Worker` available), as vscode.dev
 * would. So the web tests load a throw-away copy of the manifest without `main`, with the built
 * files linked in, rather than the repository itself (which the Node host would run).
 */
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './host';
import { REPO_ROOT } from './paths';

/** Creates the web-only copy (removed by the host's cleanup) and returns its folder. */
export function webOnlyExtension(): string {
  const dir = tempDir('web-extension');
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  if (typeof manifest.browser !== 'string') throw new Error('package.json has no `browser` entry');
  delete manifest.main;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) cpSync(join(REPO_ROOT, file), join(dir, file));
  for (const folder of ['dist', 'l10n', 'media']) symlinkSync(join(REPO_ROOT, folder), join(dir, folder), 'dir');
  return dir;
}
