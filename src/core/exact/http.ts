import { ExactCountError } from './errors';

/** One JSON POST to a vendor. */
export interface PostJsonOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Gives up after this long (default 15 s). */
  readonly timeoutMs?: number;
  /** Cancels the request (e.g. the user closed the progress notification). */
  readonly signal?: AbortSignal;
  /** The vendor's name for messages, e.g. "Anthropic". */
  readonly vendor: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The system error code (ECONNREFUSED, ENOTFOUND …) that Node's fetch puts on `cause`. */
function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** The vendor's own error text, if the body is the usual `{ error: { message } }`. */
function vendorMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'object' ? parsed.error?.message : (parsed.error ?? parsed.message);
    return typeof message === 'string' ? message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POSTs JSON and returns the parsed JSON answer. Every failure becomes an ExactCountError whose
 * kind says what to do: fix the key (401/403), wait (429), check the connection (offline,
 * timeout), or report a bug (bad response).
 */
export async function postJson(options: PostJsonOptions): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      signal,
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw new ExactCountError('cancelled', 'The exact count was cancelled.');
    if (timeout.aborted) {
      throw new ExactCountError('timeout', `${options.vendor} did not answer within ${Math.round(timeoutMs / 1000)} s. Try again later.`);
    }
    const code = causeCode(error);
    throw new ExactCountError(
      'offline',
      `Could not reach ${options.vendor}${code ? ` (${code})` : ''}. Check the network connection or proxy.`,
    );
  }
  const detail = vendorMessage(text);
  const suffix = detail ? ` ${options.vendor} says: ${detail}` : '';
  switch (true) {
    case response.status === 401:
      throw new ExactCountError('unauthorized', `${options.vendor} rejected the API key (401). Set a valid key.${suffix}`, 401);
    case response.status === 403:
      throw new ExactCountError('forbidden', `The API key may not use this model or endpoint (403).${suffix}`, 403);
    case response.status === 429: {
      const wait = retryAfter(response.headers.get('retry-after'));
      throw new ExactCountError(
        'rate-limited',
        `${options.vendor} is rate-limiting token counts (429).${wait !== undefined ? ` Try again in ${wait} s.` : ' Try again shortly.'}${suffix}`,
        429,
        wait,
      );
    }
    case response.status === 404 || response.status === 400:
      throw new ExactCountError('bad-request', `${options.vendor} refused the request (${response.status}).${suffix}`, response.status);
    case response.status >= 500:
      throw new ExactCountError('server', `${options.vendor} had a server error (${response.status}). Try again later.${suffix}`, response.status);
    case !response.ok:
      throw new ExactCountError('bad-response', `${options.vendor} answered with HTTP ${response.status}.${suffix}`, response.status);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ExactCountError('bad-response', `${options.vendor} sent an answer that is not JSON.`, response.status);
  }
}

/** Checks a base URL from settings: http(s) only, no trailing slash in the result. */
export function normalizeBaseUrl(value: string, vendor: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ExactCountError('bad-request', `The ${vendor} API address "${value}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ExactCountError('bad-request', `The ${vendor} API address must start with https:// (got "${value}").`);
  }
  return url.toString().replace(/\/+$/, '');
}
