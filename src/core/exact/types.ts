/** Vendors with a free exact-count endpoint. */
export type ExactCountVendor = 'anthropic' | 'google';

/** One exact-count request: the user's key, the vendor's model name and the text. */
export interface ExactCountRequest {
  readonly apiKey: string;
  /** The vendor's own model name, e.g. `claude-haiku-4-5` or `gemini-2.5-flash`. */
  readonly model: string;
  readonly text: string;
  /** Another API address (a proxy, or a local test server); the vendor's by default. */
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A vendor's exact answer. */
export interface ExactCountResult {
  readonly tokens: number;
  readonly vendor: ExactCountVendor;
  readonly model: string;
  /** What was counted: Anthropic counts the text as one user message (framing included). */
  readonly scope: 'one user message' | 'text';
}
