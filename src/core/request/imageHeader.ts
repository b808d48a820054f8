/**
 * An image's pixel size from the first bytes of its file, for PNG, JPEG, GIF and WebP, without
 * decoding it (the formats' public specifications: PNG IHDR, JPEG SOFn, GIF logical screen,
 * WebP VP8/VP8L/VP8X). No library: four fixed layouts, and every read is bounds-checked so
 * truncated or hostile bytes give a reason, never an exception.
 */

/** The image formats whose size can be read. */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

/** Bytes read from an image file: enough for every header, JPEG's behind large EXIF or ICC segments included. */
export const IMAGE_HEADER_BYTES = 256 * 1024;

/** An image's size, or why it could not be read. */
export type ImageHeader =
  | { readonly ok: true; readonly format: ImageFormat; readonly width: number; readonly height: number }
  | { readonly ok: false; readonly reason: 'truncated' | 'not an image' | 'invalid' };

const TRUNCATED = { ok: false, reason: 'truncated' } as const;
const INVALID = { ok: false, reason: 'invalid' } as const;

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return bytes.length >= at + signature.length && signature.every((byte, index) => bytes[at + index] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

function u16be(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function u16le(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

function u24le(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
}

function u32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) >>> 0) + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
}

function sized(format: ImageFormat, width: number, height: number): ImageHeader {
  return width > 0 && height > 0 ? { ok: true, format, width, height } : INVALID;
}

const PNG = [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a];

function png(bytes: Uint8Array): ImageHeader {
  // Signature, then the IHDR chunk first: length, "IHDR", width, height (big-endian).
  if (bytes.length < 24) return TRUNCATED;
  if (!startsWith(bytes, ascii('IHDR'), 12)) return INVALID;
  return sized('png', u32be(bytes, 16), u32be(bytes, 20));
}

function gif(bytes: Uint8Array): ImageHeader {
  // "GIF87a" / "GIF89a", then the logical screen's width and height (little-endian).
  if (bytes.length < 10) return TRUNCATED;
  return sized('gif', u16le(bytes, 6), u16le(bytes, 8));
}

/** JPEG start-of-frame markers (SOF0–SOF15 without DHT C4, JPG C8, DAC CC), which carry the size. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpeg(bytes: Uint8Array): ImageHeader {
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return INVALID;
    // Any number of 0xFF fill bytes may precede a marker.
    while (at < bytes.length && bytes[at] === 0xff) at++;
    if (at >= bytes.length) return TRUNCATED;
    const marker = bytes[at]!;
    at++;
    // Markers without a length: TEM, RST0–7, SOI, EOI. EOI or SOS before a frame header: no size.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    if (marker === 0xd9 || marker === 0xda) return INVALID;
    if (at + 2 > bytes.length) return TRUNCATED;
    const length = u16be(bytes, at);
    if (length < 2) return INVALID;
    if (isStartOfFrame(marker)) {
      // Length, precision, height, width (big-endian).
      if (at + 7 > bytes.length) return TRUNCATED;
      return sized('jpeg', u16be(bytes, at + 5), u16be(bytes, at + 3));
    }
    at += length;
  }
  return TRUNCATED;
}

function webp(bytes: Uint8Array): ImageHeader {
  if (bytes.length < 16) return TRUNCATED;
  const chunk = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  switch (chunk) {
    case 'VP8 ':
      // Lossy: frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
      if (bytes.length < 30) return TRUNCATED;
      if (!startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return INVALID;
      return sized('webp', u16le(bytes, 26) & 0x3fff, u16le(bytes, 28) & 0x3fff);
    case 'VP8L': {
      // Lossless: signature 0x2F, then width − 1 and height − 1 in 14 bits each.
      if (bytes.length < 25) return TRUNCATED;
      if (bytes[20] !== 0x2f) return INVALID;
      const bits = (bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)) >>> 0;
      return sized('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    case 'VP8X':
      // Extended: flags (4 bytes), then canvas width − 1 and height − 1 in 24 bits each.
      if (bytes.length < 30) return TRUNCATED;
      return sized('webp', u24le(bytes, 24) + 1, u24le(bytes, 27) + 1);
    default:
      return INVALID;
  }
}

/** The size of the image whose file starts with `bytes`. */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (startsWith(bytes, PNG)) return png(bytes);
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return gif(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpeg(bytes);
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return webp(bytes);
  // A prefix of a known signature is a file cut short, not a file of another kind.
  const prefixes = [PNG, ascii('GIF8'), [0xff, 0xd8, 0xff], ascii('RIFF')];
  if (bytes.length < 12 && prefixes.some((signature) => bytes.every((byte, index) => index >= signature.length || signature[index] === byte))) return TRUNCATED;
  return { ok: false, reason: 'not an image' };
}
