import type { ErrorBand } from '../tokenizers/types';

/** Progress of a long count: characters done out of the total. */
export interface CountProgress {
  readonly done: number;
  readonly total: number;
}

/** Options of one call that may take long. */
export interface CountCallOptions {
  /** Hears a long count's progress, about every slice. */
  readonly onProgress?: (progress: CountProgress) => void;
  /** Aborting stops this caller's wait (and the work, when nobody else waits for it). */
  readonly signal?: AbortSignal;
}

/**
 * A count as every surface shows it: the tokens, and for an estimate the error band of this very
 * text (a script-class estimate weighs each class's band by its share of the text).
 */
export interface Counted {
  readonly tokens: number;
  /** Present for estimates only. */
  readonly band?: ErrorBand;
}

/** A whole text's count and the counts of some of its ranges (a document's sections), made together. */
export interface RangeCounts {
  readonly total: Counted;
  /** In the order the ranges were given; each is the count of the range's text alone. */
  readonly ranges: readonly Counted[];
}

/** The count was cancelled (a newer edit, a closed document); not an error to show anyone. */
export class JobCancelledError extends Error {
  constructor() {
    super('Count cancelled.');
    this.name = 'JobCancelledError';
  }
}

/** A count ran past its time limit; its worker was stopped so that other documents go on. */
export class CountTimeLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`Counting took longer than ${Math.round(limitMs / 1000)} s and was stopped.`);
    this.name = 'CountTimeLimitError';
  }
}
