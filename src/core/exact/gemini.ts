import { ExactCountError } from './errors';
import { normalizeBaseUrl, postJson } from './http';
import type { ExactCountRequest, ExactCountResult } from './types';

/** Google's Gemini API address. */
const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

/** Gemini model names are path segments: letters, digits, dots, dashes, underscores only. */
const MODEL_NAME = /^[A-Za-z0-9._-]+$/;

/** Exact Gemini count from `POST /v1beta/models/{model}:countTokens` (free). Text part only. */
export async function countGeminiTokens(request: ExactCountRequest): Promise<ExactCountResult> {
  const base = normalizeBaseUrl(request.baseUrl ?? GEMINI_BASE_URL, 'Gemini');
  if (!MODEL_NAME.test(request.model)) {
    throw new ExactCountError('unsupported-model', `"${request.model}" is not a Gemini model name.`);
  }
  const answer = await postJson({
    vendor: 'Google Gemini',
    url: `${base}/v1beta/models/${request.model}:countTokens`,
    headers: { 'x-goog-api-key': request.apiKey },
    body: { contents: [{ role: 'user', parts: [{ text: request.text }] }] },
    timeoutMs: request.timeoutMs,
    signal: request.signal,
  });
  const tokens = (answer as { totalTokens?: unknown } | null)?.totalTokens;
  // An empty text is answered with `{}`: zero tokens, not a malformed answer.
  if (tokens === undefined && request.text.length === 0 && answer !== null && typeof answer === 'object') {
    return { tokens: 0, vendor: 'google', model: request.model, scope: 'text' };
  }
  if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0) {
    throw new ExactCountError('bad-response', 'Gemini’s answer has no valid "totalTokens".');
  }
  return { tokens, vendor: 'google', model: request.model, scope: 'text' };
}
