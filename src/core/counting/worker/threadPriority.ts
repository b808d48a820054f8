import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Nice steps below the starting thread: Node's "below normal" from a normal start. */
const NICER_BY = 10;
/** The highest nice value, the lowest priority. */
const LOWEST_PRIORITY = 19;

/**
 * Lowers the calling thread's scheduling priority (nice +10) where the system keeps one per thread
 * (Linux), so that while counts keep every core busy the extension host, the editor and the other
 * extensions still get the processor first: a count finishing a little later is better than a
 * keystroke or a command waiting. Elsewhere Node can only change the whole process's priority,
 * which would slow the extension host too, so nothing is done. Never throws; true when lowered.
 */
export function lowerThisThreadPriority(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // "<pid>/task/<tid>": the kernel's id of this very thread, which setpriority(2) takes on Linux.
    const tid = Number(/\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    // Relative to where it starts (the thread that started it), up to the lowest priority there is.
    setPriority(tid, Math.min(LOWEST_PRIORITY, getPriority(tid) + NICER_BY));
    return true;
  } catch {
    return false;
  }
}
