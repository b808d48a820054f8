/**
 * One delayed run per key (a document, a Context entry): scheduling a key again replaces its
 * waiting run, whose delay starts over; other keys are not touched.
 */
export class KeyedDebounce {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Runs waiting for their delay. */
  get waiting(): number {
    return this.timers.size;
  }

  /** `run` for `key` in `delayMs`, in place of the key's waiting run. */
  schedule(key: string, delayMs: number, run: () => void): void {
    const waiting = this.timers.get(key);
    if (waiting !== undefined) clearTimeout(waiting);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delayMs),
    );
  }

  /** Drops every waiting run. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
