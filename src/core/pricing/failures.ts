/**
 * Why a price refresh (a download, or a price file given by the user) left the current table in
 * force. Data, not sentences: `describeFailure` words it in English or through a translator.
 */
export type PriceRefreshFailure =
  /** The address is not a URL. */
  | { readonly kind: 'badUrl'; readonly url: string }
  /** Only https is fetched (plain http only from this machine, for a local mirror or a test). */
  | { readonly kind: 'insecureUrl'; readonly url: string }
  /** The connection failed (DNS, refused, reset, TLS …). */
  | { readonly kind: 'network'; readonly url: string; readonly message: string }
  /** No complete answer within the time limit. */
  | { readonly kind: 'timeout'; readonly url: string; readonly seconds: number }
  /** The server answered with an error status, e.g. 404. */
  | { readonly kind: 'httpStatus'; readonly url: string; readonly status: number }
  /** A redirect the refresh does not follow: too many, to plain http, or one it cannot see. */
  | { readonly kind: 'redirect'; readonly url: string; readonly problem: 'tooMany' | 'insecure' | 'noLocation' | 'hidden'; readonly to?: string }
  /** The file is larger than the limit (stated by the server, or found while reading). */
  | { readonly kind: 'tooLarge'; readonly url: string; readonly limitBytes: number }
  /** The answer ended before the length the server announced, or the connection broke mid-file. */
  | { readonly kind: 'truncated'; readonly url: string; readonly receivedBytes: number; readonly expectedBytes?: number }
  /** Not JSON (or not UTF-8), e.g. an HTML error page or a file cut short. */
  | { readonly kind: 'notJson'; readonly detail: string }
  /** JSON, but not LiteLLM's price map. */
  | { readonly kind: 'wrongShape'; readonly detail: string }
  /** A model's rate is negative, not a number, or absurdly large. */
  | { readonly kind: 'badRate'; readonly model: string; readonly field: string; readonly value: string }
  /** Far fewer priced models than expected: a truncated or partial file. */
  | { readonly kind: 'tooFewModels'; readonly found: number; readonly needed: number }
  /** The new table could not be stored; nothing changed. */
  | { readonly kind: 'storage'; readonly message: string };
