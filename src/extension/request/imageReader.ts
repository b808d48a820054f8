import * as vscode from 'vscode';
import type { ImageReader } from '../../core/request';

/**
 * Image files larger than this are not read: `workspace.fs` reads whole files, and no vendor
 * accepts an image this large anyway (OpenAI's limit is 50 MB per request, Anthropic's 5 MB).
 */
const IMAGE_FILE_LIMIT = 64 * 1024 * 1024;

/** Image headers kept, by URI; a file is read again only when its size or time changed. */
const HEADER_CACHE_LIMIT = 64;

interface CachedHeader {
  readonly mtime: number;
  readonly size: number;
  readonly bytes: Uint8Array;
}

/**
 * The URI of an image path as the core resolved it against the prompt file's URI path: a POSIX
 * path in the prompt file's file system, or a Windows path on disk; `undefined` for a path
 * relative to a file that has none (an untitled editor).
 */
function imageUri(promptFile: vscode.Uri, resolved: string): vscode.Uri | undefined {
  if (/^[A-Za-z]:[\\/]/.test(resolved) || resolved.startsWith('\\\\')) return promptFile.scheme === 'file' ? vscode.Uri.file(resolved) : undefined;
  const path = resolved.replace(/\\/g, '/');
  if (!path.startsWith('/')) return undefined;
  // joinPath normalizes "..", so "../images/a.png" resolves as the file system would.
  return vscode.Uri.joinPath(promptFile.with({ path: '/', query: '', fragment: '' }), path);
}

/**
 * Reads image headers through `vscode.workspace.fs`, so images next to a prompt file are measured
 * in remote and virtual workspaces too. One reader serves every document; what it read is kept
 * while the file is unchanged, so recounting a request while typing reads no image again.
 */
export class WorkspaceImageReader {
  private readonly headers = new Map<string, CachedHeader>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The core's reader for one prompt file (the core passes paths resolved against `promptFile.path`). */
  for(promptFile: vscode.Uri): ImageReader {
    return { readBytes: (path, maxBytes) => this.read(promptFile, path, maxBytes) };
  }

  private async read(promptFile: vscode.Uri, path: string, maxBytes: number): Promise<Uint8Array | undefined> {
    const uri = imageUri(promptFile, path);
    if (!uri) return undefined;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      // A pipe or a device named as an image would be read without end.
      if (!(stat.type & vscode.FileType.File)) {
        this.log.warn(`Image ${uri.toString(true)} is not a regular file: not read.`);
        return undefined;
      }
      if (stat.size > IMAGE_FILE_LIMIT) {
        this.log.warn(`Image ${uri.toString(true)} has ${stat.size} bytes, more than ${IMAGE_FILE_LIMIT}: not read.`);
        return undefined;
      }
      const key = uri.toString();
      const cached = this.headers.get(key);
      if (cached && cached.mtime === stat.mtime && cached.size === stat.size && cached.bytes.length >= Math.min(maxBytes, stat.size)) {
        return cached.bytes.subarray(0, maxBytes);
      }
      // A copy of the head only: the whole file's buffer is not kept.
      const bytes = (await vscode.workspace.fs.readFile(uri)).slice(0, maxBytes);
      this.headers.delete(key);
      this.headers.set(key, { mtime: stat.mtime, size: stat.size, bytes });
      if (this.headers.size > HEADER_CACHE_LIMIT) this.headers.delete(this.headers.keys().next().value as string);
      return bytes;
    } catch {
      return undefined;
    }
  }
}
