/**
 * What the e2e tests that drive several surfaces at once check after every step: the extension
 * host is responsive (its event loop never held up for a second, and it answers a command within
 * a second), and the status bar shows the active document's own count.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCatalog } from '../../src/core/pricing/bundled';
import { getTokenizer } from '../../src/core/tokenizers/registry';
import { describeFigures, expectedEntry, figuresMatch, formatCount, primaryEntry, readEntry, type EntryFigures } from './statusOracle';
import type { HostPing, Workbench } from './workbench';

/** Longest command round trip to the extension host, and longest host event-loop hold-up, a step may take. */
const ROUND_TRIP_LIMIT_MS = 1000;

/** Lines logged at error level by the extension ("Token Cost" output channel), and the log files read. */
export function extensionLogErrors(wb: Workbench): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const logs = join(wb.userDataDir, 'logs');
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name === 'Token Cost.log') files.push(path);
    }
  };
  if (existsSync(logs)) visit(logs);
  const errors = files.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => /\[error\]/.test(line)));
  return { files, errors };
}

/**
 * Fails a step after which the extension host is not responsive: its event loop was held up for
 * the limit or longer (measured in the host by the ping command), or it stays slow to answer.
 *
 * A single slow answer whose host loop was free, followed at once by a quick one, is the page,
 * the connection or the machine, not the host: on a 2-core machine at load 17 a round trip after
 * an action that did nothing took 1.2 s, and a CPU profile of slow answers found the host 92% idle
 * (the workbench page was busy). Such answers are kept in `slowAnswers`, not failed. A blocked or
 * live-locked host fails either way.
 */
export class Watchdog {
  /** Every ping's round trip, in order. */
  readonly roundTrips: number[] = [];
  /** Every ping's longest host event-loop hold-up since the previous ping (the first one excluded). */
  readonly hostLoopDelays: number[] = [];
  /** Pings whose key a webview with the focus kept (answered once the focus left it). */
  readonly keysKeptByWebviews: { step: string; frame: string }[] = [];
  /** Round trips over the limit that a quick second ping showed to be no host trouble. */
  readonly slowAnswers: { step: string; roundTripMs: number; againMs: number }[] = [];
  private pings = 0;

  constructor(private readonly wb: Workbench) {}

  /** Checks the host after `step` (named in the message); returns the round trip. */
  async check(step: string): Promise<number> {
    const first = await this.ping(step);
    if (first.roundTripMs < ROUND_TRIP_LIMIT_MS) return first.roundTripMs;
    // A stuck host (busy, live-locked) answers slowly again; a slow page or machine does not.
    const again = await this.ping(step);
    assert.ok(
      again.roundTripMs < ROUND_TRIP_LIMIT_MS,
      `after "${step}": command round trips to the extension host took ${first.roundTripMs} ms and, asked again at once, ${again.roundTripMs} ms`,
    );
    this.slowAnswers.push({ step, roundTripMs: first.roundTripMs, againMs: again.roundTripMs });
    return first.roundTripMs;
  }

  /** Longest round trip seen. */
  get worst(): number {
    return Math.max(0, ...this.roundTrips);
  }

  /** Longest host event-loop hold-up seen. */
  get worstHostLoopDelay(): number {
    return Math.max(0, ...this.hostLoopDelays);
  }

  private async ping(step: string): Promise<HostPing> {
    // A live-locked host never answers: give up well after the limit so the failure says so.
    let ping = await this.wb.hostPing(15_000).catch(() => undefined);
    if (!ping) {
      // A hung host, or a key the workbench dropped: a key pressed just as a webview takes the
      // focus and loads (the comparison panel coming back into view; it is not retained while
      // hidden) goes nowhere — 3 of 75 presses at once after closing the editor over it, none
      // 30 ms later, none of 120 with retainContextWhenHidden. Move the focus out of the frame and
      // ask again: a hung host stays silent.
      const frame = await focusedFrame(this.wb);
      if (frame) {
        await this.wb.page.evaluate('document.activeElement.blur()');
        ping = await this.wb.hostPing(15_000).catch(() => undefined);
        if (ping) this.keysKeptByWebviews.push({ step, frame });
      }
      if (!ping) throw new Error(`after "${step}": the extension host did not answer a command within 15 s${frame ? ` (asked twice: the keyboard focus was in ${frame})` : ''}`);
    }
    this.roundTrips.push(ping.roundTripMs);
    // The first ping's window reaches back to the host's start-up (every extension activating).
    if (this.pings++ === 0 || ping.hostLoopDelayMs === undefined) return ping;
    this.hostLoopDelays.push(ping.hostLoopDelayMs);
    assert.ok(
      ping.hostLoopDelayMs < ROUND_TRIP_LIMIT_MS,
      `after "${step}": the extension host's event loop was held up for ${ping.hostLoopDelayMs} ms (round trip ${ping.roundTripMs} ms)`,
    );
    return ping;
  }
}

/** The webview frame holding the keyboard focus ("webview of <extension id>, hidden"), if one does. */
async function focusedFrame(wb: Workbench): Promise<string | undefined> {
  const found = (await wb.page
    .evaluate(
      `(() => {
        const el = document.activeElement;
        if (!el || el.tagName !== 'IFRAME') return '';
        const extension = new URL(el.src, location.href).searchParams.get('extensionId') || 'the workbench';
        const shown = el.getBoundingClientRect().width > 0 && getComputedStyle(el).visibility !== 'hidden';
        return 'a webview of ' + extension + (shown ? '' : ', hidden') + (el.closest('.notebook-editor') ? ', in a notebook' : '');
      })()`,
    )
    .catch(() => '')) as string;
  return found || undefined;
}

/**
 * Waits until the primary status bar entry (the one naming `modelId`) shows `text`'s count with
 * `tokenizerId`, and returns the entry's text. The count is made here with the same core
 * tokenizer, so a stale count of another document (or a "counting…" that never ends) fails.
 */
export async function expectStatusCount(wb: Workbench, text: string, modelId: string, tokenizerId: string, timeoutMs = 10_000): Promise<string> {
  const expected = getTokenizer(tokenizerId).count(text);
  return waitForEntry(wb, (entry) => entry.kind === 'text' && entry.model === modelId && entry.tokens === expected, `${formatCount(expected)} tokens (${tokenizerId}) for the active document`, timeoutMs);
}

/**
 * Waits until the primary status bar entry shows a workspace file as the extension counts it with
 * the default settings: a prompt file as the request it sends, on the model it names (the core's
 * own count, images measured), any other file as its o200k_base text on gpt-5-mini.
 */
export async function expectFileStatus(wb: Workbench, relativePath: string, timeoutMs = 10_000): Promise<string> {
  const path = join(wb.workspace, relativePath);
  const { figures } = await expectedEntry(path, readFileSync(path, 'utf8'), bundledCatalog().find('gpt-5-mini')!);
  return waitForEntry(wb, (entry) => figuresMatch(entry, figures), `${describeFigures(figures)} for ${relativePath}`, timeoutMs);
}

/** Polls the primary entry until `accept` holds for its figures; returns its text. */
async function waitForEntry(wb: Workbench, accept: (entry: EntryFigures) => boolean, expected: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await primaryEntry(wb);
    const figures = text === undefined ? undefined : readEntry(text);
    if (text !== undefined && figures && accept(figures)) return text;
    if (Date.now() > deadline) {
      throw new Error(`the status bar does not show ${expected} after ${timeoutMs / 1000} s; entries: ${JSON.stringify(await wb.statusBarTexts())}`);
    }
    await wb.page.waitForTimeout(100);
  }
}
