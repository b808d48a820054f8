import { IMAGE_HEADER_BYTES, readImageHeader, type ImageFormat } from './imageHeader';
import type { ImageSource, ParsedRequest, SourceProblem } from './types';

/**
 * Reads the first bytes of a local file. Injected so the core stays free of Node and of the
 * editor: the CLI passes one on `fs`, the extension one on `vscode.workspace.fs`, tests a map.
 * Resolves `undefined` when the file cannot be read.
 */
export interface ImageReader {
  readBytes(path: string, maxBytes: number): Promise<Uint8Array | undefined>;
}

/** An image's size as read from its header, or why it has none. */
export type ImageMeasurement =
  | { readonly ok: true; readonly format: ImageFormat; readonly width: number; readonly height: number }
  /** `remote`: an http(s) URL, never fetched; otherwise why the bytes gave no size. */
  | { readonly ok: false; readonly reason: string };

/** The directory part of a path or URI path (either slash), with its separator; '' for a bare name. */
function directoryOf(fileName: string): string {
  const cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return cut < 0 ? '' : fileName.slice(0, cut + 1);
}

/** An image path as written in `fileName`, resolved against that file's directory; absolute paths and `file://` URIs as they are. */
export function resolveImagePath(fileName: string, path: string): string {
  if (/^file:\/\//i.test(path)) {
    const local = path.replace(/^file:\/\/(localhost)?/i, '');
    try {
      return decodeURIComponent(local).replace(/^\/([A-Za-z]:)/, '$1');
    } catch {
      return local;
    }
  }
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path)) return path;
  return directoryOf(fileName) + path.replace(/^\.[\\/]/, '');
}

/** The first `maxBytes` bytes of a base64 payload. */
function decodeBase64Prefix(base64: string, maxBytes: number): Uint8Array | undefined {
  const compact = base64.replace(/\s+/g, '');
  const head = compact.slice(0, Math.ceil(maxBytes / 3) * 4);
  try {
    const binary = atob(head);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

async function measure(source: ImageSource, fileName: string, reader: ImageReader): Promise<ImageMeasurement> {
  let bytes: Uint8Array | undefined;
  if (source.kind === 'url') return { ok: false, reason: 'remote' };
  if (source.kind === 'data') {
    bytes = decodeBase64Prefix(source.base64, IMAGE_HEADER_BYTES);
    if (!bytes) return { ok: false, reason: 'invalid base64' };
  } else {
    try {
      bytes = await reader.readBytes(resolveImagePath(fileName, source.path), IMAGE_HEADER_BYTES);
    } catch {
      bytes = undefined;
    }
    if (!bytes) return { ok: false, reason: 'cannot be read' };
  }
  const header = readImageHeader(bytes);
  return header.ok ? header : { ok: false, reason: header.reason };
}

/**
 * The size of every image of `request`, in order, read from file headers or data URIs; remote
 * URLs are never fetched. `fileName` is the prompt file's path, against which relative image
 * paths resolve. Each file is read once.
 */
export async function measureImages(request: ParsedRequest, fileName: string, reader: ImageReader): Promise<ImageMeasurement[]> {
  const cache = new Map<string, Promise<ImageMeasurement>>();
  return Promise.all(
    request.images.map((image) => {
      const key = JSON.stringify(image.source);
      let pending = cache.get(key);
      if (!pending) {
        pending = measure(image.source, fileName, reader);
        cache.set(key, pending);
      }
      return pending;
    }),
  );
}

/** How an image is named in messages: its path or URL as written, a data URI by its media type. */
export function describeImageSource(source: ImageSource): string {
  switch (source.kind) {
    case 'path':
      return source.path;
    case 'url':
      return source.url;
    case 'data':
      return `data:${source.mediaType} (inline)`;
  }
}

/**
 * The local or inline images of `request` whose size could not be read (a missing file, bytes
 * that are no PNG, JPEG, GIF or WebP, a truncated header), each with the place of its message.
 * Remote URLs are not problems: they are never fetched, and counting lists them as omitted.
 */
export function imageProblems(request: ParsedRequest, measurements: readonly ImageMeasurement[]): SourceProblem[] {
  return request.images.flatMap((image, index) => {
    const measured = measurements[index];
    if (!measured || measured.ok || measured.reason === 'remote') return [];
    return [{ message: `image ${describeImageSource(image.source)}: ${measured.reason}`, position: image.position }];
  });
}
