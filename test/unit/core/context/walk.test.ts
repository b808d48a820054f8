import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobCancelledError } from '../../../../src/core/counting/types';
import { excludeTest } from '../../../../src/core/context/ignoreRules';
import { nodeFileSystem } from '../../../../src/core/context/nodeFileSystem';
import type { ContextFileSystem } from '../../../../src/core/context/fileSystem';
import { FolderWalk, type WalkItem, type WalkRoot } from '../../../../src/core/context/walk';
import { MemoryFileSystem } from '../../../support/memoryFileSystem';

async function walk(fs: ContextFileSystem, roots: (string | WalkRoot)[], gitignore = true, signal?: AbortSignal): Promise<{ files: string[]; skipped: string[]; ignored: number; warnings: string[] }> {
  const warnings: string[] = [];
  const folderWalk = new FolderWalk(fs, roots.map((root) => (typeof root === 'string' ? { path: root } : root)), { gitignore, signal, warn: (message) => warnings.push(message) });
  const items: WalkItem[] = [];
  for await (const item of folderWalk.items()) items.push(item);
  return {
    files: items.filter((item) => item.kind === 'file').map((item) => item.path),
    skipped: items.flatMap((item) => (item.kind === 'skipped' ? [`${item.path}: ${item.reason.kind}`] : [])),
    ignored: folderWalk.ignored,
    warnings,
  };
}

/** A repository with .gitignore files at two levels. */
function repository(): MemoryFileSystem {
  return new MemoryFileSystem()
    .dir('/repo/.git')
    .file('/repo/.git/HEAD', 'ref: refs/heads/main')
    .file('/repo/.gitignore', ['# build output', 'dist/', '*.log', '!keep.log', '/only-at-root.txt', 'secret*', ''].join('\n'))
    .file('/repo/a.ts', 'a')
    .file('/repo/debug.log', 'log')
    .file('/repo/keep.log', 'kept')
    .file('/repo/only-at-root.txt', 'x')
    .file('/repo/dist/bundle.js', 'js')
    .file('/repo/src/b.ts', 'b')
    .file('/repo/src/only-at-root.txt', 'nested, so not matched by the anchored pattern')
    .file('/repo/src/trace.log', 'log')
    .file('/repo/src/secret.env', 'k')
    .file('/repo/src/.gitignore', ['*.tmp', '!secret.env', '!trace.log', 'generated/'].join('\n'))
    .file('/repo/src/scratch.tmp', 't')
    .file('/repo/src/generated/g.ts', 'g')
    .file('/repo/src/deep/c.ts', 'c')
    .file('/repo/src/deep/x.tmp', 'rule of src/.gitignore, one level down');
}

describe('context: folder walk', () => {
  it('applies .gitignore files as git does: negations, anchors, nested files overriding outer ones', async () => {
    const { files, ignored } = await walk(repository(), ['/repo']);
    assert.deepEqual(files, [
      '/repo/.gitignore',
      '/repo/a.ts',
      '/repo/keep.log',
      '/repo/src/.gitignore',
      '/repo/src/b.ts',
      '/repo/src/only-at-root.txt',
      '/repo/src/secret.env',
      '/repo/src/trace.log',
      '/repo/src/deep/c.ts',
    ]);
    // debug.log, only-at-root.txt, dist/, scratch.tmp, generated/, deep/x.tmp; .git is never counted at all.
    assert.equal(ignored, 6);
  });

  it('applies the .gitignore files above a chosen folder, up to the .git', async () => {
    const { files } = await walk(repository(), ['/repo/src/deep', '/repo/src/trace.log']);
    assert.deepEqual(files, ['/repo/src/deep/c.ts', '/repo/src/trace.log']);
  });

  it('counts what the user chose even when it is ignored; rules inside it still apply', async () => {
    const fs = repository().file('/repo/dist/.gitignore', '*.map').file('/repo/dist/bundle.js.map', '{}');
    const { files } = await walk(fs, ['/repo/dist', '/repo/debug.log']);
    assert.deepEqual(files, ['/repo/dist/.gitignore', '/repo/dist/bundle.js', '/repo/debug.log']);
  });

  it('without a .git above, rules start at the workspace folder (base)', async () => {
    const fs = new MemoryFileSystem().file('/ws/.gitignore', 'out/').file('/ws/pkg/out/x.js', 'x').file('/ws/pkg/y.js', 'y');
    assert.deepEqual((await walk(fs, [{ path: '/ws/pkg', base: '/ws' }])).files, ['/ws/pkg/y.js']);
    assert.deepEqual((await walk(fs, ['/ws/pkg'])).files, ['/ws/pkg/y.js', '/ws/pkg/out/x.js']);
  });

  it('leaves out exclude globs relative to the workspace folder (files.exclude, tokenCost.context.exclude)', async () => {
    const exclude = excludeTest(['**/node_modules', '**/*.{png,snap}', 'docs/internal']);
    const fs = new MemoryFileSystem()
      .file('/ws/a.ts', 'a')
      .file('/ws/node_modules/m/index.js', 'm')
      .file('/ws/pkg/node_modules/n.js', 'n')
      .file('/ws/logo.png', 'not really a png')
      .file('/ws/t/__snapshots__/a.snap', 's')
      .file('/ws/docs/internal/x.md', 'x')
      .file('/ws/docs/guide.md', 'g');
    const { files, ignored } = await walk(fs, [{ path: '/ws', base: '/ws', exclude }]);
    assert.deepEqual(files, ['/ws/a.ts', '/ws/docs/guide.md']);
    assert.equal(ignored, 5);
  });

  it('--no-ignore: every file but .git', async () => {
    const { files } = await walk(repository(), ['/repo'], false);
    assert.equal(files.length, 15);
    assert.ok(!files.some((file) => file.includes('/.git/')));
  });

  it('survives odd .gitignore patterns', async () => {
    const odd = ['[z-a]', '[', '\\', '**/**/', '!', '#x', '   ', 'a\\ ', '***', '/', '!/', '[[:alpha:]]', 'x'.repeat(5000), '\ufeffbom', 'ünï/', '\t'];
    const fs = new MemoryFileSystem().file('/r/.gitignore', odd.join('\n')).file('/r/kept.txt', 'k').file('/r/b/c.txt', 'c');
    const { files, warnings } = await walk(fs, ['/r']);
    // `***` and `**/**/` match everything; the walk finishes and says what it did.
    assert.deepEqual(files, []);
    assert.deepEqual(warnings, []);
    const tame = new MemoryFileSystem().file('/r/.gitignore', odd.slice(0, 8).join('\n')).file('/r/kept.txt', 'k');
    assert.deepEqual((await walk(tame, ['/r'])).files, ['/r/.gitignore', '/r/kept.txt']);
  });

  it('lists broken links, special files, unreadable folders and missing roots as skipped', async () => {
    const fs = new MemoryFileSystem()
      .file('/r/ok.txt', 'ok')
      .link('/r/dangling', '/nowhere')
      .special('/r/fifo')
      .dir('/r/locked', true);
    const { files, skipped } = await walk(fs, ['/r', '/missing']);
    assert.deepEqual(files, ['/r/ok.txt']);
    assert.deepEqual(skipped, ['/r/dangling: brokenLink', '/r/fifo: notFile', '/r/locked: unreadable', '/missing: unreadable']);
  });

  it('follows symlinks, and ends a symlink loop with a reason (with realPath)', async () => {
    const fs = new MemoryFileSystem().file('/r/a/x.txt', 'x').link('/r/a/up', '/r').link('/r/alias.txt', '/r/a/x.txt').file('/elsewhere/e.txt', 'e').link('/r/ext', '/elsewhere');
    const { files, skipped } = await walk(fs, ['/r']);
    assert.deepEqual(files, ['/r/alias.txt', '/r/a/x.txt', '/r/ext/e.txt']);
    assert.deepEqual(skipped, ['/r/a/up: symlinkLoop']);
  });

  it('ends a symlink loop without realPath too (a web file system), after a few levels', async () => {
    const fs = new MemoryFileSystem({ realPath: false }).file('/r/x.txt', 'x').link('/r/again', '/r').link('/r/twice', '/r');
    const { files, skipped } = await walk(fs, ['/r']);
    assert.ok(files.length > 1 && files.length < 100, `${files.length} files`);
    assert.ok(skipped.length > 0 && skipped.every((line) => line.endsWith('symlinkLoop')));
  });

  it('ends a real symlink loop on disk', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'token-cost-walk-'));
    try {
      mkdirSync(join(dir, 'a', 'b'), { recursive: true });
      writeFileSync(join(dir, 'a', 'b', 'f.txt'), 'f');
      try {
        symlinkSync(join(dir, 'a'), join(dir, 'a', 'b', 'loop'), 'dir');
        symlinkSync(join(dir, 'self'), join(dir, 'self'));
      } catch {
        this.skip(); // no symlinks allowed here (Windows without developer mode)
      }
      const root = dir.replace(/\\/g, '/');
      const { files, skipped } = await walk(nodeFileSystem, [root]);
      assert.deepEqual(files, [`${root}/a/b/f.txt`]);
      assert.deepEqual(skipped.sort(), [`${root}/a/b/loop: symlinkLoop`, `${root}/self: brokenLink`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('streams a folder of 100,000 files', async () => {
    const fs = new MemoryFileSystem();
    for (let i = 0; i < 100_000; i++) fs.file(`/big/f${String(i).padStart(6, '0')}.txt`, 'x');
    let seen = 0;
    for await (const item of new FolderWalk(fs, [{ path: '/big' }], { gitignore: true }).items()) if (item.kind === 'file') seen++;
    assert.equal(seen, 100_000);
  });

  it('stops when cancelled', async () => {
    const fs = new MemoryFileSystem();
    for (let i = 0; i < 50; i++) fs.file(`/r/d${i}/f.txt`, 'x');
    const controller = new AbortController();
    const walker = new FolderWalk(fs, [{ path: '/r' }], { gitignore: true, signal: controller.signal });
    let seen = 0;
    await assert.rejects(async () => {
      for await (const item of walker.items()) {
        if (item.kind === 'file' && ++seen === 3) controller.abort();
      }
    }, JobCancelledError);
    assert.equal(seen, 3);
  });

  it('counts each file once when chosen paths overlap', async () => {
    const { files } = await walk(repository(), ['/repo/src/deep', '/repo/src', '/repo/src/b.ts']);
    assert.deepEqual(files, ['/repo/src/deep/c.ts', '/repo/src/.gitignore', '/repo/src/b.ts', '/repo/src/only-at-root.txt', '/repo/src/secret.env', '/repo/src/trace.log']);
  });
});
