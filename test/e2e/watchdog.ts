/**
 * What the e2e tests that drive several surfaces at once check after every step: the extension
 * host still answers within a second, and the status bar shows the active document's own count.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTokenizer } from '../../src/core/tokenizers/registry';
import type { Workbench } from './harness';

/** Longest command round trip to the extension host a step may take. */
export const ROUND_TRIP_LIMIT_MS = 1000;

/** The selection and file counts in a status bar text ("≈120 / 1,234 tok · …": 120 and 1234). */
export function statusCounts(text: string): { selection?: number; file: number } | undefined {
  const match = /^≈?(?:([\d,]+) \/ )?≈?([\d,]+) tok\b/.exec(text);
  if (!match) return undefined;
  const number = (digits: string): number => Number(digits.replace(/,/g, ''));
  return match[1] === undefined ? { file: number(match[2]!) } : { selection: number(match[1]), file: number(match[2]!) };
}

/** The file count in a status bar text: "1,234 tok · …" or "120 / 1,234 tok · …" (≈ allowed). */
export function statusFileCount(text: string): number | undefined {
  return statusCounts(text)?.file;
}

/** The status bar entry of the model whose bare id is `bareId` ("… · gpt-5-mini"), whatever its state. */
export function modelEntry(texts: readonly string[], bareId: string): string | undefined {
  return texts.find((text) => text.endsWith(`· ${bareId}`));
}

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

/** Formats a count the way the status bar does (en-US grouping). */
export function formatCount(n: number): string {
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
