/**
 * How a surface (status bar, comparison panel, Token Sections, open editors' total) recounts after
 * the events it follows: after a delay, and one run at a time, each run starting when the one
 * before has ended, so two recounts of one surface never race to publish. Errors go to `onError`;
 * they never stop the runs after them.
 *
 * `start` is called when the delay is over, before waiting for the run in progress: a surface that
 * numbers its runs there can tell, once its turn comes, that a newer one is already queued.
 */
export class SerialUpdates {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    /** Called when a run is due; returns the run. */
    private readonly start: () => () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** True while a run waits for its delay. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** A run in `delayMs`, in place of one still waiting (whose delay starts over). */
  debounce(delayMs: number): void {
    this.cancel();
    this.timer = setTimeout(() => this.fire(), delayMs);
  }

  /** A run in `delayMs`, unless one is waiting already (it keeps its time): at most one per delay. */
  throttle(delayMs: number): void {
    if (this.timer === undefined) this.timer = setTimeout(() => this.fire(), delayMs);
  }

  /** A run now, after the one in progress; resolves when it has ended. */
  now(): Promise<void> {
    return this.enqueue();
  }

  /** Resolves once no run waits for its delay and the last one queued has ended (tests, commands). */
  async whenIdle(): Promise<void> {
    while (this.timer !== undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    await this.running;
  }

  /** Drops the run waiting for its delay, if any; a run in progress goes on. */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    void this.enqueue();
  }

  private enqueue(): Promise<void> {
    let run: () => Promise<void>;
    try {
      run = this.start();
    } catch (error) {
      this.onError(error);
      return this.running;
    }
    this.running = this.running.then(() => run()).catch(this.onError);
    return this.running;
  }
}
