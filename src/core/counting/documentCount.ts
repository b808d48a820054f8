import { ScriptEstimateTokenizer } from '../tokenizers/scriptEstimate';
import { SCRIPT_CLASSES, scriptRuns, type ScriptClass } from '../tokenizers/scriptClasses';
import type { Tokenizer } from '../tokenizers/types';
import { ChunkIndex } from './chunkIndex';
import { DEFAULT_SIZING, NEED_MORE, nextCut, type ChunkSizing } from './chunker';
import { countingPlan, type CountingPlan } from './plan';
import { NO_SLICES, type Slices } from './slices';
import { applyEdits, type TextChange } from './textEdits';
import type { Counted, RangeCounts } from './types';

/** Partial chunk counts remembered per document: a thousand sections' two ends fit; each key is under a chunk (≈ 1–3 KB). */
const PARTIAL_MEMO_LIMIT = 2048;

/**
 * One-off counts of texts up to this many characters take one call of the base encoding: no
 * chunking pass, and short enough (a few milliseconds, tens on adversarial text) to need no pause.
 */
const ONE_CALL_CHARS = 32 * 1024;

/** Chunk lengths and their base-encoding counts over a span of a text (see {@link countSpan}). */
export interface SpanChunks {
  readonly lengths: number[];
  readonly counts: number[];
}

/**
 * Chunks `text[start, end)` with `plan`'s cut rule and counts every chunk with its base encoding,
 * pausing between chunks. `start` must be a safe cut (0, or a cut {@link safeCutNear} found); the
 * last chunk is closed at `end`, which must be one too. Identical chunks are encoded once (logs
 * and JSON repeat a lot). `undefined` when the slices say stop.
 *
 * Two spans of one text can be counted on two threads at once: their chunks together are a valid
 * index of the whole text, since every cut, whoever found it, is safe.
 */
export async function countSpan(
  text: string,
  start: number,
  end: number,
  plan: Extract<CountingPlan, { kind: 'chunked' }>,
  sizing: ChunkSizing,
  slices: Slices = NO_SLICES,
): Promise<SpanChunks | undefined> {
  const lengths: number[] = [];
  const counts: number[] = [];
  const seen = new Map<string, number>();
  for (let from = start; from < end; ) {
    const found = nextCut(text, from, plan.rule, sizing, true);
    if (found === NEED_MORE) throw new Error('nextCut asked for more text on a final text.');
    const cut = Math.min(found, end);
    const piece = text.slice(from, cut);
    let n = seen.get(piece);
    if (n === undefined) {
      n = plan.base.count(piece);
      seen.set(piece, n);
    }
    lengths.push(cut - from);
    counts.push(n);
    from = cut;
    if (!(await slices.pause(from - start, end - start))) return undefined;
  }
  return { lengths, counts };
}

/**
 * A text's count with its band, once, keeping nothing (a file of a folder, a selection without a
 * session): what {@link DocumentTokenCount}'s `load` then `total` answers, without building an
 * index. A chunked plan counts a short text in one call of its base encoding (the sum of its
 * chunks' counts, since every cut is safe) and a long one chunk by chunk, pausing. `undefined`
 * when the slices said stop.
 */
export async function countOnce(tokenizer: Tokenizer, text: string, slices: Slices = NO_SLICES): Promise<Counted | undefined> {
  const plan = countingPlan(tokenizer);
  if (plan.kind === 'whole') {
    const count = new DocumentTokenCount(tokenizer);
    await count.load(text);
    return count.total(slices);
  }
  if (text.length <= ONE_CALL_CHARS) return { tokens: plan.finish(plan.base.count(text)), band: tokenizer.band };
  const chunks = await countSpan(text, 0, text.length, plan, DEFAULT_SIZING, slices);
  if (!chunks) return undefined;
  let total = 0;
  for (const n of chunks.counts) total += n;
  return { tokens: plan.finish(total), band: tokenizer.band };
}

/**
 * A safe cut at or after `position` (the end of the chunk that would start there), for splitting
 * a first count between threads; `text.length` when there is none.
 */
export function safeCutNear(text: string, position: number, plan: Extract<CountingPlan, { kind: 'chunked' }>, sizing: ChunkSizing): number {
  if (position <= 0) return 0;
  if (position >= text.length) return text.length;
  const cut = nextCut(text, position, plan.rule, sizing, true);
  return cut === NEED_MORE ? text.length : cut;
}

/**
 * The live token count of one document for one tokenizer — the one implementation, run in a
 * count worker's session (the extension), or in the calling thread (the CLI, tests).
 *
 * Chunked tokenizers (see plan.ts) keep a {@link ChunkIndex}: after the first count every edit
 * re-encodes only the chunks around it, and selections are summed from cached chunk counts. Other
 * tokenizers (the script-class estimates) keep the text and count it whole again after an edit,
 * in slices, so a newer edit or another document's keystroke is not kept waiting.
 *
 * Usage: `load(text)` once, `applyChanges(event.contentChanges)` on every change, `total()` and
 * `range()` for counts with their band.
 */
export class DocumentTokenCount {
  readonly plan: CountingPlan;
  private index: ChunkIndex | undefined;
  /** Counts of the partial chunks at range ends: a document's sections are asked again after every edit, and their ends rarely move. */
  private partials = new Map<string, number>();
  /** Whole plans: the current text, and its count once known. */
  private text: string | undefined;
  private known: Counted | undefined;

  constructor(
    readonly tokenizer: Tokenizer,
    private readonly sizing: ChunkSizing = DEFAULT_SIZING,
  ) {
    this.plan = countingPlan(tokenizer);
  }

  /** Characters in the document (`undefined` before `load`). */
  get length(): number | undefined {
    return this.index?.length ?? this.text?.length;
  }

  /** True when edits update the count by re-encoding only the chunks they touch. */
  get incremental(): boolean {
    return this.plan.kind === 'chunked';
  }

  /**
   * Takes the document text and makes the first count (chunked plans; `chunks` when it was
   * counted elsewhere, e.g. split over two threads) or keeps it (whole plans). False when the
   * slices said stop.
   */
  async load(text: string, slices: Slices = NO_SLICES, chunks?: SpanChunks): Promise<boolean> {
    this.index = undefined;
    this.text = undefined;
    this.known = undefined;
    const plan = this.plan;
    if (plan.kind === 'whole') {
      this.text = text;
      return true;
    }
    const counted = chunks ?? (await countSpan(text, 0, text.length, plan, this.sizing, slices));
    if (!counted) return false;
    this.index = ChunkIndex.fromCounts(text, counted.lengths, counted.counts, (piece) => plan.base.count(piece), plan.rule, this.sizing);
    return true;
  }

  /** Applies one VS Code change event's `contentChanges`, in order. */
  applyChanges(changes: readonly TextChange[]): void {
    if (this.index) {
      this.index.applyChanges(changes);
      return;
    }
    if (this.text === undefined) throw new Error('DocumentTokenCount.applyChanges() called before load().');
    this.text = applyEdits(this.text, changes);
    this.known = undefined;
  }

  /** The whole count if known without work (chunked plans always), else `undefined`. */
  current(): Counted | undefined {
    if (this.index && this.plan.kind === 'chunked') return { tokens: this.plan.finish(this.index.total), band: this.tokenizer.band };
    return this.known;
  }

  /** The document's count with its band; `undefined` when the slices said stop. */
  async total(slices: Slices = NO_SLICES): Promise<Counted | undefined> {
    const known = this.current();
    if (known) return known;
    const text = this.requireText();
    const counted = await this.countWhole(text, slices);
    if (counted && this.text === text) this.known = counted;
    return counted;
  }

  /** Count of `[start, end)` (UTF-16 offsets) with its band. */
  async range(start: number, end: number, slices: Slices = NO_SLICES): Promise<Counted | undefined> {
    const length = this.length ?? 0;
    if (start < 0 || end > length || start > end) throw new RangeError(`Range ${start}–${end} is outside a document of ${length} characters.`);
    if (this.index && this.plan.kind === 'chunked') return { tokens: this.plan.finish(this.index.countRange(start, end, this.partialCounter)), band: this.tokenizer.band };
    return this.countWhole(this.requireText().slice(start, end), slices);
  }

  /** The base encoding's count, remembered for the partial chunks of ranges (bounded, like a chunk's size). */
  private readonly partialCounter = (piece: string): number => {
    const plan = this.plan;
    if (plan.kind !== 'chunked') throw new Error('Only chunked counts have partial chunks.');
    let n = this.partials.get(piece);
    if (n === undefined) {
      n = plan.base.count(piece);
      if (this.partials.size >= PARTIAL_MEMO_LIMIT) this.partials = new Map();
      this.partials.set(piece, n);
    }
    return n;
  };

  /**
   * The whole count and the count of each `[starts[i], ends[i])`, pausing between ranges; each
   * range's count is its text's count alone. `undefined` when the slices said stop.
   */
  async ranges(starts: ArrayLike<number>, ends: ArrayLike<number>, slices: Slices = NO_SLICES): Promise<RangeCounts | undefined> {
    const total = await this.total(slices);
    if (!total) return undefined;
    const counts: Counted[] = [];
    let done = 0;
    let work = 0;
    for (let i = 0; i < starts.length; i++) work += ends[i]! - starts[i]!;
    for (let i = 0; i < starts.length; i++) {
      const counted = await this.range(starts[i]!, ends[i]!, slices);
      if (!counted) return undefined;
      counts.push(counted);
      done += ends[i]! - starts[i]!;
      if (!(await slices.pause(done, work))) return undefined;
    }
    return { total, ranges: counts };
  }

  private requireText(): string {
    if (this.text === undefined) throw new Error('DocumentTokenCount used before load().');
    return this.text;
  }

  /**
   * A whole-plan count. A script-class estimate walks the text's runs, pausing between them, and
   * returns the band of this very text; any other tokenizer counts the text at once.
   */
  private async countWhole(text: string, slices: Slices): Promise<Counted | undefined> {
    const tokenizer = this.tokenizer;
    if (!(tokenizer instanceof ScriptEstimateTokenizer)) return { tokens: tokenizer.count(text), band: tokenizer.band };
    const referenceTokens = Object.fromEntries(SCRIPT_CLASSES.map((cls) => [cls, 0])) as Record<ScriptClass, number>;
    let done = 0;
    for (const run of scriptRuns(text)) {
      referenceTokens[run.cls] += tokenizer.reference.count(run.text);
      done += run.text.length;
      if (!(await slices.pause(done, text.length))) return undefined;
    }
    const estimate = tokenizer.fromReferenceTokens(referenceTokens);
    return { tokens: estimate.count, band: estimate.band };
  }
}
