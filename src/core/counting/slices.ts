import type { CountProgress } from './types';

/**
 * How a long count shares its thread: `pause(done, total)` is called between pieces of work and
 * resolves to `false` when the count must stop (cancelled). A count that never pauses (the CLI,
 * tests) uses {@link NO_SLICES}.
 */
export interface Slices {
  pause(done: number, total: number): Promise<boolean> | boolean;
}

/** Runs to the end without pausing. */
export const NO_SLICES: Slices = { pause: () => true };

/** Options of {@link timeSlices}. */
export interface TimeSliceOptions {
  /** Work between two pauses, in milliseconds. */
  readonly sliceMs: number;
  /** Lets other work in (messages, other documents' jobs); resolves when this count may go on. */
  readonly yieldToOthers: () => Promise<void>;
  /** Checked after each pause: true stops the count. */
  readonly cancelled: () => boolean;
  /** Hears progress at each pause. */
  readonly onProgress?: (progress: CountProgress) => void;
}

/**
 * Pauses every `sliceMs` of work: reports progress, yields (so a cancellation or another
 * document's keystroke gets in), and says whether to go on. Checking the clock is cheap next to
 * the pieces counted between checks.
 */
export function timeSlices(options: TimeSliceOptions): Slices {
  let sliceStart = performance.now();
  return {
    async pause(done, total) {
      if (performance.now() - sliceStart < options.sliceMs) return !options.cancelled();
      options.onProgress?.({ done, total });
      await options.yieldToOthers();
      sliceStart = performance.now();
      return !options.cancelled();
    },
  };
}
