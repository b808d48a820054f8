import { countClaudeTokens } from './anthropic';
import { contentHash } from './contentHash';
import { ExactCountError } from './errors';
import { countGeminiTokens } from './gemini';
import type { ExactCountRequest, ExactCountResult, ExactCountVendor } from './types';

/** The vendor whose endpoint can count a catalog model exactly, or `undefined` when none can. */
export function exactCountVendor(vendor: string): ExactCountVendor | undefined {
  if (vendor === 'anthropic') return 'anthropic';
  if (vendor === 'google' || vendor === 'gemini') return 'google';
  return undefined;
}

/** The vendor's model name from a catalog id (`anthropic/claude-haiku-4-5` → `claude-haiku-4-5`). */
export function vendorModelName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

/**
 * Asks the vendor for the exact count. Refuses before any network traffic when there is no key
 * or the vendor has no count endpoint.
 */
export async function countExactly(vendor: string, request: ExactCountRequest): Promise<ExactCountResult> {
  const target = exactCountVendor(vendor);
  if (!target) throw new ExactCountError('unsupported-model', `No exact-count endpoint for vendor "${vendor}".`);
  if (request.apiKey.trim().length === 0) {
    throw new ExactCountError('no-key', `No API key is set for ${target === 'anthropic' ? 'Anthropic' : 'Google Gemini'}.`);
  }
  return target === 'anthropic' ? countClaudeTokens(request) : countGeminiTokens(request);
}

export { contentHash } from './contentHash';

/**
 * Exact counts by content hash and model. An entry is valid exactly as long as the text is
 * unchanged: any edit changes the hash and the estimate shows again. Bounded, oldest out first.
 */
export class ExactCountCache {
  private readonly entries = new Map<string, ExactCountResult>();

  constructor(private readonly capacity = 200) {}

  private key(modelId: string, hash: string): string {
    return `${modelId}\u0000${hash}`;
  }

  get(modelId: string, text: string): ExactCountResult | undefined {
    return this.entries.get(this.key(modelId, contentHash(text)));
  }

  set(modelId: string, text: string, result: ExactCountResult): void {
    const key = this.key(modelId, contentHash(text));
    this.entries.delete(key);
    this.entries.set(key, result);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
