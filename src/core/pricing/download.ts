import type { PriceRefreshFailure } from './failures';
import { concatBytes } from '../util/bytes';

/** Reads a response body chunk by chunk (what `ReadableStream.getReader()` gives in Node and browsers). */
interface ByteReader {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

/** The part of a fetch `Response` the download reads. */
interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): ByteReader } | null;
}

/**
 * The network, injected: the global `fetch` of Node 20 and of browsers fits, and a test or a
 * company proxy can supply its own. Redirects are asked for as `manual` and followed here, so the
 * policy below holds whatever the platform's default.
 */
export type HttpFetch = (
  url: string,
  init: { readonly signal: AbortSignal; readonly redirect: 'manual'; readonly headers: Readonly<Record<string, string>> },
) => Promise<HttpResponse>;

/** Limits of one download. */
export interface DownloadLimits {
  /** Largest body read; the download stops past it. */
  readonly maxBytes: number;
  /** Time for the whole download, redirects and body included. */
  readonly timeoutMs: number;
  /** Redirects followed at most. */
  readonly maxRedirects: number;
}

/**
 * 20 MiB: LiteLLM's file was 1.5 MB on 2026-07-24 and grows about 0.5 MB a year. 60 s: the file
 * arrives in about a second on an ordinary connection. 3 redirects: GitHub's raw host answers
 * directly; a company mirror behind one or two redirects still works.
 */
export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = { maxBytes: 20 * 1024 * 1024, timeoutMs: 60_000, maxRedirects: 3 };

/** A downloaded text, or why there is none. */
export type DownloadResult =
  | { readonly ok: true; readonly text: string; readonly url: string }
  | { readonly ok: false; readonly failure: PriceRefreshFailure };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether the refresh may fetch `url`: https anywhere; plain http only from this machine (a local
 * mirror, a test server), where nothing travels over a network to be tampered with.
 */
function allowedUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * Downloads a text file within `limits`, following at most `maxRedirects` redirects and only to
 * addresses `allowedUrl` accepts (never from https down to http). The body is read as a stream and
 * the download stops once it passes `maxBytes`, so an endless or huge answer costs at most that.
 * The body must be UTF-8. Never throws.
 */
export async function downloadText(address: string, fetch: HttpFetch, limits: DownloadLimits = DEFAULT_DOWNLOAD_LIMITS): Promise<DownloadResult> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return fail({ kind: 'badUrl', url: address });
  }
  if (!allowedUrl(url)) return fail({ kind: 'insecureUrl', url: address });

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.timeoutMs);
  const timeout = (): DownloadResult => fail({ kind: 'timeout', url: url.href, seconds: limits.timeoutMs / 1000 });
  try {
    for (let redirects = 0; ; redirects++) {
      let response: HttpResponse;
      try {
        response = await fetch(url.href, { signal: controller.signal, redirect: 'manual', headers: { accept: 'application/json' } });
      } catch (error) {
        return timedOut ? timeout() : fail({ kind: 'network', url: url.href, message: errorMessage(error) });
      }
      // A browser hides a manual redirect behind status 0 ("opaqueredirect"): its target is unknown.
      if (response.status === 0) return fail({ kind: 'redirect', url: url.href, problem: 'hidden' });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.getReader().cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) return fail({ kind: 'redirect', url: url.href, problem: 'noLocation' });
        if (redirects >= limits.maxRedirects) return fail({ kind: 'redirect', url: url.href, problem: 'tooMany' });
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return fail({ kind: 'redirect', url: url.href, problem: 'noLocation', to: location });
        }
        if (!allowedUrl(next) || (url.protocol === 'https:' && next.protocol !== 'https:')) {
          return fail({ kind: 'redirect', url: url.href, problem: 'insecure', to: next.href });
        }
        url = next;
        continue;
      }
      if (response.status < 200 || response.status >= 300) {
        await response.body?.getReader().cancel().catch(() => undefined);
        return fail({ kind: 'httpStatus', url: url.href, status: response.status });
      }
      const body = await readBody(response, url.href, limits.maxBytes);
      if (!body.ok) return timedOut ? timeout() : body;
      return body;
    }
  } finally {
    clearTimeout(timer);
    // Whatever happened, nothing more is read: a body left unread must not keep a socket busy.
    controller.abort();
  }
}

async function readBody(response: HttpResponse, url: string, maxBytes: number): Promise<DownloadResult> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.getReader().cancel().catch(() => undefined);
    return fail({ kind: 'tooLarge', url, limitBytes: maxBytes });
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (response.body) {
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!value) continue;
        received += value.byteLength;
        if (received > maxBytes) {
          await reader.cancel().catch(() => undefined);
          return fail({ kind: 'tooLarge', url, limitBytes: maxBytes });
        }
        chunks.push(value);
      }
    } catch {
      // The connection broke (or the time ran out) in the middle of the file.
      return fail({ kind: 'truncated', url, receivedBytes: received, ...(Number.isFinite(declared) ? { expectedBytes: declared } : {}) });
    }
  }
  if (Number.isFinite(declared) && received < declared) {
    return fail({ kind: 'truncated', url, receivedBytes: received, expectedBytes: declared });
  }
  const bytes = concatBytes(chunks, received);
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), url };
  } catch {
    return fail({ kind: 'notJson', detail: 'the file is not UTF-8 text' });
  }
}

function fail(failure: PriceRefreshFailure): DownloadResult {
  return { ok: false, failure };
}

function errorMessage(error: unknown): string {
  // Node's fetch puts the socket error ("ECONNREFUSED 127.0.0.1:9") in `cause`.
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause?.message;
  if (typeof cause === 'string' && cause) return cause;
  return error instanceof Error ? error.message : String(error);
}
