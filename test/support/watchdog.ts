/**
 * What the e2e tests that drive several surfaces at once check after every step: the extension
 * host still answers within a second, and the status bar shows the active document's own count.
 */
import * as assert from 'node:assert/strict';
import { getTokenizer } from '../../src/core/tokenizers/registry';
import type { Workbench } from './workbench';

/** Longest command round trip to the extension host a step may take. */
const ROUND_TRIP_LIMIT_MS = 1000;

/** The file count in a status bar text: "1,234 tok · …" or "120 / 1,234 tok · …" (≈ allowed). */
function statusFileCount(text: string): number | undefined {
  const match = /^≈?(?:[\d,]+ \/ )?≈?([\d,]+) tok\b/.exec(text);
  return match ? Number(match[1]!.replace(/,/g, '')) : undefined;
}

/** Formats a count the way the status bar does (en-US grouping). */
function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Collects round-trip times and fails a step whose round trip is over the limit. */
export class Watchdog {
  readonly roundTrips: number[] = [];

  constructor(private readonly wb: Workbench) {}

  /** Times one round trip to the extension host; `step` names what just happened, for the message. */
  async check(step: string): Promise<number> {
    // A live-locked host never answers: give up well after the limit so the failure says so.
    const ms = await this.wb.hostRoundTrip(15_000).catch((error: unknown) => {
      throw new Error(`after "${step}": the extension host did not answer a command within 15 s (${String(error)})`);
    });
    this.roundTrips.push(ms);
    assert.ok(ms < ROUND_TRIP_LIMIT_MS, `after "${step}": a command round trip to the extension host took ${ms} ms`);
    return ms;
  }

  /** Longest round trip seen. */
  get worst(): number {
    return Math.max(0, ...this.roundTrips);
  }
}

/**
 * Waits until the primary status bar entry (the one naming `modelId`) shows `text`'s count with
 * `tokenizerId`, and returns the entry's text. The count is made here with the same core
 * tokenizer, so a stale count of another document (or a "counting…" that never ends) fails.
 */
export async function expectStatusCount(wb: Workbench, text: string, modelId: string, tokenizerId: string, timeoutMs = 10_000): Promise<string> {
  const expected = getTokenizer(tokenizerId).count(text);
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  for (;;) {
    last = await wb.statusBarTexts();
    const entry = last.find((candidate) => candidate.endsWith(`· ${modelId}`) && statusFileCount(candidate) !== undefined);
    if (entry && statusFileCount(entry) === expected) return entry;
    if (Date.now() > deadline) {
      throw new Error(`the status bar does not show ${formatCount(expected)} tokens (${tokenizerId}) for the active document after ${timeoutMs / 1000} s; entries: ${JSON.stringify(last)}`);
    }
    await wb.page.waitForTimeout(100);
  }
}
