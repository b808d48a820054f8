import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { makeNamedPipe } from '../../support/namedPipe';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUpTo } from '../../../src/cli/readBounded';

const onUnix = process.platform !== 'win32';

describe('readUpTo (the CLI reads an input no further than its limit)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'token-cost-read-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file whole, and refuses a larger one from its size without reading it', () => {
    const file = join(dir, 'ten.txt');
    writeFileSync(file, '0123456789');
    const read = readUpTo(file, 10);
    assert.equal(read.kind, 'read');
    assert.equal(read.kind === 'read' && Buffer.from(read.bytes).toString(), '0123456789');
    assert.deepEqual(readUpTo(file, 9), { kind: 'tooLarge', bytes: 10, sized: true });
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    assert.equal((readUpTo(empty, 0) as { bytes: Uint8Array }).bytes.length, 0);
  });

  it('stops reading a device that has no end (/dev/zero) just past the limit', function () {
    if (!onUnix) this.skip();
    // readFileSync reads it until the process runs out of memory.
    assert.deepEqual(readUpTo('/dev/zero', 3_000_000), { kind: 'tooLarge', bytes: 3_000_001, sized: false });
  });

  it('reads a pipe to its end, growing its buffer, and stops a long one past the limit', async function () {
    if (!onUnix) this.skip();
    const pipe = join(dir, 'pipe');
    makeNamedPipe(pipe);
    // 200,000 bytes: more than the first buffer of an input without a size (64 KiB).
    const write = (bytes: number) => {
      const writer = spawn('sh', ['-c', `head -c ${bytes} /dev/zero | tr '\\0' x > "$0"`, pipe], { stdio: 'ignore' });
      return new Promise((resolve) => writer.on('exit', resolve));
    };
    let done = write(200_000);
    const whole = readUpTo(pipe, 200_000);
    await done;
    assert.equal(whole.kind, 'read');
    assert.equal(whole.kind === 'read' && whole.bytes.length, 200_000);
    assert.ok(whole.kind === 'read' && whole.bytes.every((byte) => byte === 0x78));
    done = write(200_001);
    const over = readUpTo(pipe, 200_000);
    // The writer may still be blocked on the pipe nobody reads now: it ends with SIGPIPE.
    await done;
    assert.deepEqual(over, { kind: 'tooLarge', bytes: 200_001, sized: false });
  });
});
