/**
 * What the e2e tests that drive several surfaces at once check after every step: the extension
 * host still answers within a second, and the status bar shows the active document's own count.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCatalog } from '../../src/core/pricing/bundled';
import { bareId } from '../../src/core/pricing/modelIds';
import { countRequest, parseRequestFile } from '../../src/core/request';
import { countMark } from '../../src/core/tokenizers/exactness';
import { getTokenizer } from '../../src/core/tokenizers/registry';
import { chooseModel } from '../../src/extension/request/view';
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

/**
 * Waits until the primary status bar entry shows a workspace file as the extension counts it with
 * the default settings: a prompt file as the request it sends, on the model it names (the core's
 * own count), any other file as its o200k_base text on gpt-5-mini. Prompt files with images are
 * not for this helper (their images are not measured here).
 */
export async function expectFileStatus(wb: Workbench, relativePath: string, timeoutMs = 10_000): Promise<string> {
  const text = readFileSync(join(wb.workspace, relativePath), 'utf8');
  const outcome = parseRequestFile(relativePath, text);
  if (outcome.kind !== 'request') return expectStatusCount(wb, text, 'gpt-5-mini', 'o200k_base', timeoutMs);
  const catalog = bundledCatalog();
  const { model } = chooseModel(outcome.request, true, catalog, catalog.find('gpt-5-mini'));
  assert.ok(model);
  const count = countRequest(outcome.request, model);
  const figure = `${countMark(count.exactness)}${formatCount(count.tokens)} tok`;
  const expected = outcome.request.alwaysOn ? `always on ${figure}` : `request ${figure}`;
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  for (;;) {
    last = await wb.statusBarTexts();
    const entry = last.find((candidate) => candidate.startsWith(`${expected} · `) && candidate.includes(bareId(model.id)));
    if (entry) return entry;
    if (Date.now() > deadline) throw new Error(`the status bar does not show "${expected}" on ${model.id} for ${relativePath} after ${timeoutMs / 1000} s; entries: ${JSON.stringify(last)}`);
    await wb.page.waitForTimeout(100);
  }
}
