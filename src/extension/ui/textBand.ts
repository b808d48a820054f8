import { bandRange, countBand } from '../../core/tokenizers/band';
import type { ErrorBand, Tokenizer, TokenizerId } from '../../core/tokenizers/types';
import { formatInteger } from '../../core/pricing/format';
import type { Range, TextDocument } from 'vscode';
import type { Translate } from './l10n';

/**
 * Up to this many characters an estimate's band is worked out for the text itself (an o200k_base
 * pass, ≈ 25 ms at 100 k); longer texts show the tokenizer's widest band rather than block the host.
 */
export const BAND_TEXT_LIMIT = 100_000;

/**
 * The error band of `tokenizer`'s count of a text `length` characters long: from the text itself
 * (`texts()`, the selections or the whole file) up to {@link BAND_TEXT_LIMIT}, the tokenizer's
 * widest band above it, and `undefined` for exact and near-exact tokenizers. The comparison panel
 * and the status bar both go through here so they always agree.
 */
export function textBand(tokenizer: Tokenizer, length: number, texts: () => readonly string[]): ErrorBand | undefined {
  if (tokenizer.exactness !== 'estimate') return undefined;
  return length <= BAND_TEXT_LIMIT ? countBand(tokenizer, texts()) : tokenizer.band;
}

/** "1,020–1,560": the likely range of an estimated `tokens` under `band`, as people read it. */
export function formatLikelyRange(tokens: number, band: ErrorBand, t: Translate): string {
  const [low, high] = bandRange(tokens, band);
  return t('{0}–{1}', formatInteger(low), formatInteger(high));
}

/** The parts of a document the band needs (tests pass a fake). */
export type BandDocument = Pick<TextDocument, 'getText' | 'offsetAt' | 'lineAt' | 'lineCount'>;

/** Characters in the non-empty `ranges`, or in the whole document without any; no copy of the text. */
export function textLength(document: BandDocument, ranges: readonly Range[]): number {
  const chosen = ranges.filter((range) => !range.isEmpty);
  if (chosen.length) return chosen.reduce((sum, range) => sum + document.offsetAt(range.end) - document.offsetAt(range.start), 0);
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

/** Names one compared text: the document version and the non-empty ranges' offsets. */
export function bandKey(document: Pick<TextDocument, 'uri' | 'version' | 'offsetAt'>, ranges: readonly Range[]): string {
  const spans = ranges.filter((range) => !range.isEmpty).map((range) => `${document.offsetAt(range.start)}-${document.offsetAt(range.end)}`);
  return `${document.uri.toString()}#${document.version}#${spans.join(',')}`;
}

/** Whether two band maps hold the same bands. */
function sameBands(a: ReadonlyMap<TokenizerId, ErrorBand>, b: ReadonlyMap<TokenizerId, ErrorBand>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, band] of a) {
    const other = b.get(id);
    if (!other || other.low !== band.low || other.high !== band.high) return false;
  }
  return true;
}

/**
 * The per-text bands the comparison panel last worked out, handed to the status bar. The bands
 * cost an o200k_base pass over the text, which the status bar must not run on the host (its
 * counts come from the worker), so it shows them only for the very text the panel measured.
 */
export class TextBands {
  private key: string | undefined;
  private bands: ReadonlyMap<TokenizerId, ErrorBand> = new Map();
  private readonly listeners = new Set<() => void>();

  /** Records the bands of the text `key` names; listeners hear of new bands. */
  remember(key: string, bands: ReadonlyMap<TokenizerId, ErrorBand>): void {
    const changed = key !== this.key || !sameBands(bands, this.bands);
    this.key = key;
    this.bands = bands;
    if (changed) for (const listener of this.listeners) listener();
  }

  /** The band of `tokenizer` for the text `key` names, if the panel measured exactly that text. */
  get(key: string, tokenizer: TokenizerId): ErrorBand | undefined {
    return key === this.key ? this.bands.get(tokenizer) : undefined;
  }

  /** Calls `listener` when new bands arrive; returns the unsubscription. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
