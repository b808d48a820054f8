/**
 * Limits on rendering a workspace template. Templates come from files anyone can put in a
 * repository, so rendering must stay small and short whatever they say: a loop over
 * `range(10**9)`, a string doubled in a loop, a partial that includes itself.
 */
export const TEMPLATE_LIMITS = {
  /** Longer templates are counted as written, not rendered. */
  maxTemplateCharacters: 1_000_000,
  /** Interpreter steps (expressions and statements evaluated, loop iterations) per render. */
  maxSteps: 200_000,
  /** Longest string any step may produce, and longest rendered output. */
  maxOutputCharacters: 4_000_000,
  /** Longest list `range()` may build. */
  maxRangeItems: 10_000,
  /** Wall-clock budget per render, checked every 1,024 steps. */
  maxMilliseconds: 1_000,
} as const;

/** Thrown when a render exceeds a limit; the count then falls back to the template as written. */
export class TemplateLimitError extends Error {
  override name = 'TemplateLimitError';
}

/** Counts steps and time against TEMPLATE_LIMITS; `tick` throws once either runs out. */
export class StepBudget {
  private steps = 0;
  private readonly started = Date.now();

  tick(): void {
    this.steps++;
    if (this.steps > TEMPLATE_LIMITS.maxSteps) {
      throw new TemplateLimitError(`the template took more than ${TEMPLATE_LIMITS.maxSteps} steps to render`);
    }
    if ((this.steps & 1023) === 0 && Date.now() - this.started > TEMPLATE_LIMITS.maxMilliseconds) {
      throw new TemplateLimitError(`the template took more than ${TEMPLATE_LIMITS.maxMilliseconds} ms to render`);
    }
  }

  /** Throws when a produced string is longer than the output limit. */
  checkLength(length: number): void {
    if (length > TEMPLATE_LIMITS.maxOutputCharacters) {
      throw new TemplateLimitError(`the template renders more than ${TEMPLATE_LIMITS.maxOutputCharacters} characters`);
    }
  }
}
