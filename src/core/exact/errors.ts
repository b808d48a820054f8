/**
 * Why an exact count failed. The extension turns each kind into a localized message; the
 * English `message` here is for the CLI, logs and tests.
 */
export type ExactCountErrorKind =
  | 'no-key'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'bad-request'
  | 'server'
  | 'offline'
  | 'timeout'
  | 'cancelled'
  | 'bad-response'
  | 'unsupported-model';

/** A failed exact count: what went wrong, in a form a person can act on. */
export class ExactCountError extends Error {
  constructor(
    readonly kind: ExactCountErrorKind,
    message: string,
    /** HTTP status, when the vendor answered. */
    readonly status?: number,
    /** Seconds the vendor asked us to wait (429 `retry-after`), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ExactCountError';
  }
}
