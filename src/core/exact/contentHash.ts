import { createHash } from 'node:crypto';

/**
 * A SHA-256 of the text, hex: the exact-count cache key, so that the text itself is never kept.
 * Node's native hash; the web bundles use contentHash.web.ts (same digests, tested).
 */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
