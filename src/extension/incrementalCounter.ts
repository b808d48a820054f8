import type { TextChange } from '../core/incremental/chunkIndex';
import { DocumentTokenCount } from '../core/incremental/documentCount';
import { countingPlan } from '../core/incremental/plan';
import { looksBinary } from '../core/filePolicy';
import { getTokenizer } from '../core/tokenizers/registry';
import type { TokenizerId } from '../core/tokenizers/types';
import type { CountWorkerClient } from '../core/worker/countClient';
import type { CountableDocument, DocumentCount, DocumentCounter, PositionLike, RangeLike } from './documentCounter';

/** A document that can turn positions into offsets (every `vscode.TextDocument` can). */
interface OffsetDocument extends CountableDocument {
  offsetAt(position: PositionLike): number;
}

function hasOffsets(document: CountableDocument): document is OffsetDocument {
  return typeof (document as Partial<OffsetDocument>).offsetAt === 'function';
}

/** One document × one counting base (an encoding shared by the exact tokenizer and its estimates). */
interface Entry {
  readonly uri: string;
  /** The document version the count reflects once `loading` has settled. */
  version: number;
  readonly count: DocumentTokenCount;
  loading: Promise<void>;
}

/** Documents × bases kept; the least recently used beyond this are dropped (memory bound). */
const ENTRY_LIMIT = 12;

/**
 * The extension's counter on the incremental engine: the first count of a document builds a chunk
 * index (on the worker when the document is long), each change event updates it by re-encoding
 * only the chunks around the edit, and selections are summed from cached chunk counts. The status
 * bar and the panel call `count()` as before; `applyChanges` must be wired to
 * `workspace.onDidChangeTextDocument`, `forget` to `onDidCloseTextDocument`.
 *
 * A count for a version the index has not seen (an event missed) rebuilds from `getText()`.
 */
export class IncrementalDocumentCounter implements DocumentCounter {
  private readonly entries = new Map<string, Entry>();
  /** Per document: the last version found binary or over the limit, so it is not read again. */
  private readonly skipped = new Map<string, { version: number; result: DocumentCount }>();

  constructor(
    private readonly maxCharacters: () => number,
    private readonly worker?: CountWorkerClient,
  ) {}

  /** Feeds one `TextDocumentChangeEvent` to every index of that document. */
  applyChanges(uri: string, version: number, changes: readonly TextChange[]): void {
    for (const entry of this.entries.values()) {
      if (entry.uri !== uri) continue;
      try {
        entry.count.applyChanges(changes);
        entry.version = version;
      } catch {
        // Out of step (an edit outside the known text): rebuild on the next count.
        this.drop(entry);
      }
    }
  }

  async count(document: CountableDocument, ranges: readonly RangeLike[], tokenizerId: TokenizerId): Promise<DocumentCount> {
    const uri = document.uri.toString();
    const skipped = this.skipped.get(uri);
    const noSelection = ranges.every((range) => range.isEmpty);
    if (skipped && skipped.version === document.version && (skipped.result.kind === 'binary' || noSelection)) return skipped.result;

    const tokenizer = getTokenizer(tokenizerId);
    const plan = countingPlan(tokenizer);
    const base = plan.kind === 'chunked' ? plan.base : tokenizer;
    const finish = (n: number): number => (plan.kind === 'chunked' ? plan.finish(n) : n);
    const key = `${uri}#${base.id}`;

    let entry = this.entries.get(key);
    if (entry && entry.version !== document.version) {
      await entry.loading.catch(() => undefined);
      if (entry.version !== document.version) {
        this.drop(entry);
        entry = undefined;
      }
    }
    if (!entry) {
      const text = document.getText();
      const limit = this.maxCharacters();
      if (looksBinary(text)) return this.skip(uri, document.version, { kind: 'binary' });
      if (text.length > limit && noSelection) return this.skip(uri, document.version, { kind: 'tooLarge', length: text.length });
      if (text.length > limit) return this.countSelectionsOnly(document, ranges, tokenizerId, text.length, limit);
      const count = new DocumentTokenCount(base, { worker: this.worker });
      entry = { uri, version: document.version, count, loading: count.load(text) };
      this.entries.set(key, entry);
      this.trim();
    } else {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    try {
      await entry.loading;
    } catch (error) {
      // Cancelled or the worker failed: the next count starts over.
      this.drop(entry);
      throw error;
    }

    const file = finish(await entry.count.count());
    const counts: number[] = [];
    for (const range of ranges) {
      if (range.isEmpty) continue;
      if (hasOffsets(document)) {
        counts.push(finish(await entry.count.countRange(document.offsetAt(range.start), document.offsetAt(range.end))));
      } else {
        counts.push(tokenizer.count(document.getText(range)));
      }
    }
    return { kind: 'counted', file, ranges: counts, length: entry.count.length ?? 0 };
  }

  forget(uri?: string): void {
    for (const entry of [...this.entries.values()]) if (uri === undefined || entry.uri === uri) this.drop(entry);
    if (uri === undefined) this.skipped.clear();
    else this.skipped.delete(uri);
  }

  dispose(): void {
    this.forget();
    void this.worker?.dispose();
  }

  /** Over the size limit but with a selection: count the selections only, as before. */
  private countSelectionsOnly(document: CountableDocument, ranges: readonly RangeLike[], tokenizerId: TokenizerId, length: number, limit: number): DocumentCount {
    const tokenizer = getTokenizer(tokenizerId);
    const counts: number[] = [];
    for (const range of ranges) {
      if (range.isEmpty) continue;
      const selected = document.getText(range);
      if (selected.length <= limit) counts.push(tokenizer.count(selected));
    }
    if (counts.length === 0) return { kind: 'tooLarge', length };
    return { kind: 'counted', file: undefined, ranges: counts, length };
  }

  private skip(uri: string, version: number, result: DocumentCount): DocumentCount {
    this.skipped.set(uri, { version, result });
    return result;
  }

  private drop(entry: Entry): void {
    for (const [key, value] of this.entries) if (value === entry) this.entries.delete(key);
    entry.count.dispose();
  }

  private trim(): void {
    while (this.entries.size > ENTRY_LIMIT) {
      const oldest = this.entries.values().next().value as Entry;
      this.drop(oldest);
    }
  }
}
