import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { IMAGE_HEADER_BYTES, readImageHeader } from '../../../../src/core/request/imageHeader';
import { measureImages, resolveImagePath, type ImageReader } from '../../../../src/core/request/images';
import { parseRequestFile } from '../../../../src/core/request/parse';
import { FIXTURES } from '../../../support/paths';

const IMAGES = join(FIXTURES, 'requests', 'images');

/** The fixture images, made by make-images.sh; their sizes are in their names. */
const IMAGE_FIXTURES = [
  { file: 'red-40x30.png', format: 'png', width: 40, height: 30 },
  { file: 'wide-3000x1000.png', format: 'png', width: 3000, height: 1000 },
  { file: 'photo-1600x1200.jpg', format: 'jpeg', width: 1600, height: 1200 },
  { file: 'flat-20x10.gif', format: 'gif', width: 20, height: 10 },
  { file: 'lossy-300x200.webp', format: 'webp', width: 300, height: 200 },
  { file: 'lossless-64x48.webp', format: 'webp', width: 64, height: 48 },
  { file: 'alpha-500x400.webp', format: 'webp', width: 500, height: 400 },
] as const;

describe('request model: image headers', () => {
  for (const fixture of IMAGE_FIXTURES) {
    it(`reads ${fixture.file} as ${fixture.format} ${fixture.width}×${fixture.height}`, () => {
      assert.deepEqual(readImageHeader(readFileSync(join(IMAGES, fixture.file))), { ok: true, format: fixture.format, width: fixture.width, height: fixture.height });
    });
  }

  it('says "truncated" for every cut of a header short of its size, and never throws', () => {
    for (const fixture of IMAGE_FIXTURES) {
      const bytes = readFileSync(join(IMAGES, fixture.file));
      const whole = readImageHeader(bytes);
      let firstComplete = -1;
      for (let length = 0; length <= Math.min(bytes.length, 4096); length++) {
        const header = readImageHeader(bytes.subarray(0, length));
        if (header.ok) {
          firstComplete = length;
          break;
        }
        assert.equal(header.reason, 'truncated', `${fixture.file} cut at ${length}`);
      }
      assert.ok(firstComplete > 0, fixture.file);
      assert.deepEqual(readImageHeader(bytes.subarray(0, firstComplete)), whole);
    }
  });

  it('says "not an image" for other bytes and "invalid" for a broken header', () => {
    assert.deepEqual(readImageHeader(new TextEncoder().encode('%PDF-1.7 not a picture')), { ok: false, reason: 'not an image' });
    const png = Uint8Array.from(readFileSync(join(IMAGES, 'red-40x30.png')));
    png.set([0, 0, 0, 0], 16); // width 0
    assert.deepEqual(readImageHeader(png), { ok: false, reason: 'invalid' });
    const chunk = Uint8Array.from(readFileSync(join(IMAGES, 'red-40x30.png')));
    chunk.set([0x58, 0x58, 0x58, 0x58], 12); // "XXXX" instead of IHDR
    assert.deepEqual(readImageHeader(chunk), { ok: false, reason: 'invalid' });
    // A JPEG whose scan starts before any frame header has no size to read.
    assert.deepEqual(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x04, 0x00, 0x00])), { ok: false, reason: 'invalid' });
    // A segment length below 2 would loop forever if trusted.
    assert.deepEqual(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x00, 0xff, 0xc0])), { ok: false, reason: 'invalid' });
  });

  it('finds a JPEG frame header behind padding bytes and a long segment', () => {
    const app = new Uint8Array(5000).fill(0x41);
    const bytes = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xff, 0xff, 0xe1, (app.length + 2) >> 8, (app.length + 2) & 0xff, ...app,
      0xff, 0xc2, 0x00, 0x11, 0x08, 0x02, 0x58, 0x03, 0x20, 0x03,
    ]);
    assert.deepEqual(readImageHeader(bytes), { ok: true, format: 'jpeg', width: 800, height: 600 });
  });

  it('never throws on random bytes, with or without an image signature in front', () => {
    const signatures = [[], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50]];
    fc.assert(
      fc.property(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 200 }), (signature, rest) => {
        const header = readImageHeader(Uint8Array.from([...signature, ...rest]));
        assert.ok(header.ok ? header.width > 0 && header.height > 0 : ['truncated', 'not an image', 'invalid'].includes(header.reason));
      }),
      { numRuns: 2000 },
    );
  });

  it('resolves image paths against the prompt file, keeping absolute paths and file URIs', () => {
    assert.equal(resolveImagePath('prompts/vision.prompty', 'images/a.png'), 'prompts/images/a.png');
    assert.equal(resolveImagePath('prompts/vision.prompty', './a.png'), 'prompts/a.png');
    assert.equal(resolveImagePath('C:\\work\\p.prompty', 'a.png'), 'C:\\work\\a.png');
    assert.equal(resolveImagePath('p.prompty', '/abs/a.png'), '/abs/a.png');
    assert.equal(resolveImagePath('p.prompty', 'file:///home/me/a%20b.png'), '/home/me/a b.png');
    assert.equal(resolveImagePath('<stdin>', 'a.png'), 'a.png');
  });

  it('measures data URIs, reads each local file once, asks for a bounded prefix, and never fetches URLs', async () => {
    const png = readFileSync(join(IMAGES, 'red-40x30.png'));
    const text = JSON.stringify({
      model: 'gpt-4o',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } },
            { type: 'image_url', image_url: { url: 'pics/a.gif' } },
            { type: 'image_url', image_url: { url: 'pics/a.gif' } },
            { type: 'image_url', image_url: { url: 'https://example.com/x.png' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,@@@not base64@@@' } },
            { type: 'image_url', image_url: { url: 'pics/missing.png' } },
          ],
        },
      ],
    });
    const outcome = parseRequestFile('dir/req.json', text);
    assert.equal(outcome.kind, 'request');
    if (outcome.kind !== 'request') return;
    const asked: { path: string; maxBytes: number }[] = [];
    const reader: ImageReader = {
      async readBytes(path, maxBytes) {
        asked.push({ path, maxBytes });
        return path === 'dir/pics/a.gif' ? readFileSync(join(IMAGES, 'flat-20x10.gif')) : undefined;
      },
    };
    const sizes = await measureImages(outcome.request, 'dir/req.json', reader);
    assert.deepEqual(sizes, [
      { ok: true, format: 'png', width: 40, height: 30 },
      { ok: true, format: 'gif', width: 20, height: 10 },
      { ok: true, format: 'gif', width: 20, height: 10 },
      { ok: false, reason: 'remote' },
      { ok: false, reason: 'invalid base64' },
      { ok: false, reason: 'cannot be read' },
    ]);
    assert.deepEqual(asked, [
      { path: 'dir/pics/a.gif', maxBytes: IMAGE_HEADER_BYTES },
      { path: 'dir/pics/missing.png', maxBytes: IMAGE_HEADER_BYTES },
    ]);
  });
});
