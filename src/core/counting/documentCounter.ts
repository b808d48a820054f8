import { countWithRegistry, type TokenCounter } from '../pricing/analyze';
import type { CountCallOptions } from './documentCount';
import type { TokenizerId } from '../tokenizers/types';

/** The parts of a `vscode.Position` the counter needs. */
export interface PositionLike {
  readonly line: number;
  readonly character: number;
}

/** The parts of a `vscode.Range` the counter needs. */
export interface RangeLike {
  readonly start: PositionLike;
  readonly end: PositionLike;
  readonly isEmpty: boolean;
}

/** The parts of a `vscode.TextDocument` the counter needs (so tests can pass a fake). */
export interface CountableDocument {
  readonly uri: { toString(): string };
  readonly version: number;
  getText(range?: RangeLike): string;
}

/** Counts of one document for one tokenizer. */
export type DocumentCount =
  | {
      readonly kind: 'counted';
      /** Whole document; `undefined` when it is longer than the size limit. */
      readonly file: number | undefined;
      /** One per non-empty range, in the order given; a range over the size limit is left out. */
      readonly ranges: readonly number[];
      /** Characters in the document. */
      readonly length: number;
    }
  /** The text holds NUL characters: a binary file opened as text; nothing is counted. */
  | { readonly kind: 'binary' }
  /** The document and every range are over the size limit; "Count now" lifts it for the document. */
  | { readonly kind: 'tooLarge'; readonly length: number; readonly limit: number };

/**
 * Counts a document and its selections with a tokenizer. The extension holds one behind this
 * interface so that the incremental engine and worker (issue 5) can replace the full counter
 * without touching the status bar or the panel.
 */
export interface DocumentCounter {
  /** `call.onProgress` hears a long first count's progress; `call.signal` gives up waiting. */
  count(document: CountableDocument, ranges: readonly RangeLike[], tokenizer: TokenizerId, call?: CountCallOptions): Promise<DocumentCount>;
  /** Forgets cached counts of a document (closed) or of everything. */
  forget(uri?: string): void;
  dispose(): void;
}

/** Bytes sniffed for NULs: a text file essentially never has one in its first 8 KiB. */
const BINARY_SNIFF = 8192;

/** Cache entries kept: a few documents × a few tokenizers × file + selections. */
const CACHE_LIMIT = 256;

/**
 * Counts from scratch, keeping results keyed by document version and tokenizer so that moving
 * the cursor, switching back to an editor or repainting the panel costs nothing. Documents (and
 * selections) longer than `maxCharacters()` are not counted, so a huge file never freezes the
 * editor.
 */
export class FullDocumentCounter implements DocumentCounter {
  private readonly cache = new Map<string, number>();

  constructor(
    private readonly maxCharacters: () => number,
    private readonly counter: TokenCounter = countWithRegistry,
  ) {}

  async count(document: CountableDocument, ranges: readonly RangeLike[], tokenizer: TokenizerId): Promise<DocumentCount> {
    const text = document.getText();
    if (text.slice(0, BINARY_SNIFF).includes('\u0000')) return { kind: 'binary' };
    const limit = this.maxCharacters();
    const base = `${document.uri.toString()}#${document.version}#${tokenizer}`;
    const file = text.length <= limit ? this.cached(`${base}#all`, () => this.counter(tokenizer, text)) : undefined;
    const counts: number[] = [];
    for (const range of ranges) {
      if (range.isEmpty) continue;
      const key = `${base}#${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
      const known = this.cache.get(key);
      if (known !== undefined) {
        counts.push(known);
        continue;
      }
      const selected = document.getText(range);
      if (selected.length > limit) continue;
      counts.push(this.cached(key, () => this.counter(tokenizer, selected)));
    }
    if (file === undefined && counts.length === 0) return { kind: 'tooLarge', length: text.length, limit };
    return { kind: 'counted', file, ranges: counts, length: text.length };
  }

  forget(uri?: string): void {
    if (uri === undefined) {
      this.cache.clear();
      return;
    }
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${uri}#`)) this.cache.delete(key);
  }

  dispose(): void {
    this.cache.clear();
  }

  private cached(key: string, compute: () => number): number {
    const known = this.cache.get(key);
    if (known !== undefined) {
      // Re-insert so the Map's order doubles as least-recently-used order.
      this.cache.delete(key);
      this.cache.set(key, known);
      return known;
    }
    const value = compute();
    this.cache.set(key, value);
    while (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    return value;
  }
}
