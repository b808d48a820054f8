import { ExactCountError } from './errors';
import { normalizeBaseUrl, postJson } from './http';
import type { ExactCountRequest, ExactCountResult } from './types';

/** Anthropic's public API address. */
const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
/** The API version header the count endpoint is documented with. */
const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Exact Claude count from `POST /v1/messages/count_tokens` (free, rate-limited). The text is
 * sent as one user message, so the answer includes the few tokens of message framing that a
 * real request with this text as its only message is billed for.
 */
export async function countClaudeTokens(request: ExactCountRequest): Promise<ExactCountResult> {
  const base = normalizeBaseUrl(request.baseUrl ?? ANTHROPIC_BASE_URL, 'Anthropic');
  const answer = await postJson({
    vendor: 'Anthropic',
    url: `${base}/v1/messages/count_tokens`,
    headers: { 'x-api-key': request.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
    body: { model: request.model, messages: [{ role: 'user', content: request.text }] },
    timeoutMs: request.timeoutMs,
    signal: request.signal,
  });
  const tokens = (answer as { input_tokens?: unknown } | null)?.input_tokens;
  if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0) {
    throw new ExactCountError('bad-response', 'Anthropic’s answer has no valid "input_tokens".');
  }
  return { tokens, vendor: 'anthropic', model: request.model, scope: 'one user message' };
}
