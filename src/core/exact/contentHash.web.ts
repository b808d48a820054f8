import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * contentHash.ts for the web bundles: the cache is read synchronously on every repaint, and the
 * browser's own SHA-256 (`crypto.subtle.digest`) is asynchronous only, so an audited pure-JS
 * SHA-256 (@noble/hashes, no dependencies) gives the same digests synchronously.
 */
export function contentHash(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
