import { DEFAULT_SIZING, NEED_MORE, chunkLengths, nextCut, type ChunkSizing } from './chunker';
import type { CutRule } from './cutRules';
import { assertEditInside, type TextChange } from './textEdits';

export type { TextChange } from './textEdits';

/** Counts the tokens of one chunk with the index's base encoding. */
export type ChunkCounter = (text: string) => number;

interface Chunk {
  readonly text: string;
  readonly count: number;
}

/** A run of consecutive chunks with their totals, so offsets are found without visiting every chunk. */
interface Block {
  chunks: Chunk[];
  chars: number;
  tokens: number;
}

/** Chunks per block: locating an offset visits ≤ blocks + BLOCK_SIZE entries. */
const BLOCK_SIZE = 64;

function makeBlock(chunks: Chunk[]): Block {
  let chars = 0;
  let tokens = 0;
  for (const chunk of chunks) {
    chars += chunk.text.length;
    tokens += chunk.count;
  }
  return { chunks, chars, tokens };
}

function toBlocks(chunks: Chunk[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < chunks.length; i += BLOCK_SIZE) blocks.push(makeBlock(chunks.slice(i, i + BLOCK_SIZE)));
  return blocks;
}

/** Where a chunk sits: block, index in the block, and the document offset where it starts. */
interface Position {
  block: number;
  index: number;
  start: number;
}

/** Statistics of the last edit, for the benchmark and for tests that check work stays local. */
export interface EditStats {
  /** Old chunks replaced. */
  readonly replaced: number;
  /** New chunks made. */
  readonly created: number;
  /** Of those, how many were sent to the tokenizer (the rest reused an old chunk's count). */
  readonly encoded: number;
  /** Characters sent to the tokenizer. */
  readonly encodedChars: number;
}

/**
 * A document split into chunks at safe cuts (cutRules.ts), each holding its text and token count.
 * The total is the exact count of the whole text. An edit re-chunks only the chunks around it and
 * re-encodes only chunks whose text changed; chunks after the edit are kept as soon as the new
 * chunk ends line up with old ones.
 *
 * Memory: the chunk texts are the document text (slices of it), plus ~100 bytes per chunk.
 */
export class ChunkIndex {
  private blocks: Block[] = [];
  private chars = 0;
  private tokens = 0;
  private chunks = 0;
  /** Statistics of the last {@link applyChange}. */
  lastEdit: EditStats = { replaced: 0, created: 0, encoded: 0, encodedChars: 0 };

  private constructor(
    private readonly count: ChunkCounter,
    readonly rule: CutRule,
    readonly sizing: ChunkSizing,
  ) {}

  /**
   * Chunks and counts a whole text. Identical chunks are encoded once (logs and JSON repeat a lot).
   */
  static build(text: string, count: ChunkCounter, rule: CutRule, sizing: ChunkSizing = DEFAULT_SIZING): ChunkIndex {
    const lengths = chunkLengths(text, rule, sizing);
    const seen = new Map<string, number>();
    const counts = new Array<number>(lengths.length);
    let offset = 0;
    for (let i = 0; i < lengths.length; i++) {
      const piece = text.slice(offset, offset + lengths[i]);
      let n = seen.get(piece);
      if (n === undefined) {
        n = count(piece);
        seen.set(piece, n);
      }
      counts[i] = n;
      offset += lengths[i];
    }
    return ChunkIndex.fromCounts(text, lengths, counts, count, rule, sizing);
  }

  /**
   * An index from chunk lengths and counts computed elsewhere (the count worker). The lengths
   * must come from {@link chunkLengths} with the same rule and sizing over this exact text.
   */
  static fromCounts(
    text: string,
    lengths: ArrayLike<number>,
    counts: ArrayLike<number>,
    count: ChunkCounter,
    rule: CutRule,
    sizing: ChunkSizing = DEFAULT_SIZING,
  ): ChunkIndex {
    if (lengths.length !== counts.length) throw new Error('Chunk lengths and counts differ in number.');
    const index = new ChunkIndex(count, rule, sizing);
    const chunks: Chunk[] = new Array<Chunk>(lengths.length);
    let offset = 0;
    for (let i = 0; i < lengths.length; i++) {
      chunks[i] = { text: text.slice(offset, offset + lengths[i]), count: counts[i] };
      offset += lengths[i];
    }
    if (offset !== text.length) throw new Error(`Chunk lengths cover ${offset} of ${text.length} characters.`);
    index.blocks = toBlocks(chunks);
    index.recomputeTotals();
    return index;
  }

  /** Characters (UTF-16 units) in the document. */
  get length(): number {
    return this.chars;
  }

  /** Exact token count of the whole document in the base encoding. */
  get total(): number {
    return this.tokens;
  }

  /** Number of chunks. */
  get chunkCount(): number {
    return this.chunks;
  }

  /** The document text, joined from the chunks. */
  text(): string {
    let out = '';
    for (const block of this.blocks) for (const chunk of block.chunks) out += chunk.text;
    return out;
  }

  /** Chunk texts in order (for tests and diagnostics). */
  chunkTexts(): string[] {
    const out: string[] = [];
    for (const block of this.blocks) for (const chunk of block.chunks) out.push(chunk.text);
    return out;
  }

  /**
   * Applies one edit. Several edits from one VS Code event are applied in the order given, as VS
   * Code's own document mirror does. Throws `RangeError` when the range is outside the document,
   * which means the index is out of step and must be rebuilt from the document text.
   */
  applyChange(change: TextChange): void {
    const { rangeOffset: offset, rangeLength: removed, text: inserted } = change;
    assertEditInside(change, this.chars);
    if (removed === 0 && inserted.length === 0) {
      this.lastEdit = { replaced: 0, created: 0, encoded: 0, encodedChars: 0 };
      return;
    }
    if (this.chunks === 0) {
      this.replaceAll(inserted);
      return;
    }

    // Start one chunk before the edited one: the cut in front of the edited chunk depends on its
    // first line, so it may disappear; the cut in front of the previous chunk depends only on text
    // the edit cannot reach (see cutRules.ts).
    let pos = this.locate(Math.min(offset, this.chars - 1));
    if (pos.index > 0 || pos.block > 0) pos = this.previous(pos);
    const spanStart = pos.start;

    // Gather old chunks until the edited range is covered.
    const gathered: Chunk[] = [];
    let cursor: Position | undefined = pos;
    let oldText = '';
    let oldEnd = spanStart;
    while (cursor && oldEnd < offset + removed) {
      const chunk = this.chunkAt(cursor);
      gathered.push(chunk);
      oldText += chunk.text;
      oldEnd += chunk.text.length;
      cursor = this.next(cursor);
    }
    if (gathered.length === 0) {
      const chunk = this.chunkAt(pos);
      gathered.push(chunk);
      oldText = chunk.text;
      oldEnd = spanStart + chunk.text.length;
      cursor = this.next(pos);
    }

    const delta = inserted.length - removed;
    let buffer = oldText.slice(0, offset - spanStart) + inserted + oldText.slice(offset + removed - spanStart);
    const editEnd = offset - spanStart + inserted.length;
    // Buffer positions where an old chunk ends, for old chunks ending at or after the edit.
    const oldEnds: number[] = [];
    {
      let end = spanStart;
      for (const chunk of gathered) {
        end += chunk.text.length;
        oldEnds.push(end >= offset + removed ? end - spanStart + delta : -1);
      }
    }
    const reusable = new Map<string, number>();
    for (const chunk of gathered) reusable.set(chunk.text, chunk.count);

    const created: Chunk[] = [];
    let encoded = 0;
    let encodedChars = 0;
    let replaced = gathered.length;
    let from = 0;
    for (;;) {
      const final = cursor === undefined;
      if (from >= buffer.length && final) break;
      const cut = nextCut(buffer, from, this.rule, this.sizing, final);
      if (cut === NEED_MORE) {
        // Needs text past the gathered chunks: take the next old chunk too.
        const chunk = this.chunkAt(cursor as Position);
        gathered.push(chunk);
        reusable.set(chunk.text, chunk.count);
        buffer += chunk.text;
        oldEnds.push(buffer.length);
        cursor = this.next(cursor as Position);
        replaced = gathered.length;
        continue;
      }
      const piece = buffer.slice(from, cut);
      let n = reusable.get(piece);
      if (n === undefined) {
        n = this.count(piece);
        encoded++;
        encodedChars += piece.length;
      }
      created.push({ text: piece, count: n });
      from = cut;
      if (cut >= editEnd) {
        const at = oldEnds.indexOf(cut);
        if (at !== -1) {
          // New and old chunk ends line up after the edit: everything after is unchanged.
          replaced = at + 1;
          break;
        }
      }
    }

    this.splice(pos, replaced, created);
    this.chars += delta;
    this.lastEdit = { replaced, created: created.length, encoded, encodedChars };
  }

  /** Applies edits in order (one VS Code change event). */
  applyChanges(changes: readonly TextChange[]): void {
    for (const change of changes) this.applyChange(change);
  }

  /**
   * Exact token count of `[start, end)` in the base encoding, from cached chunk counts where the
   * range covers whole chunks; only the partial chunks at its ends are encoded, with `count` (a
   * caller counting many ranges again after each edit passes one that remembers them).
   */
  countRange(start: number, end: number, count: ChunkCounter = this.count): number {
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= this.chars)) {
      throw new RangeError(`Range ${start}–${end} is outside a document of ${this.chars} characters.`);
    }
    if (start === end) return 0;
    if (start === 0 && end === this.chars) return this.tokens;

    let pos: Position | undefined = this.locate(start);
    const first = this.chunkAt(pos);
    const firstEnd = pos.start + first.text.length;
    if (end <= firstEnd) return count(first.text.slice(start - pos.start, end - pos.start));

    // Segments between chunk ends inside the range: [text, or cached count].
    let total = 0;
    let lastText: string | undefined;
    let lastCount = 0;
    const flush = (): void => {
      if (lastText !== undefined) total += lastCount;
    };
    lastText = start === pos.start ? first.text : first.text.slice(start - pos.start);
    lastCount = start === pos.start ? first.count : count(lastText);
    let at = firstEnd;
    pos = this.next(pos);
    while (pos) {
      // Skip whole blocks that the range covers.
      if (pos.index === 0) {
        const block = this.blocks[pos.block];
        if (at + block.chars < end) {
          flush();
          total += block.tokens - (block.chunks[block.chunks.length - 1].count);
          const tail = block.chunks[block.chunks.length - 1];
          lastText = tail.text;
          lastCount = tail.count;
          at += block.chars;
          pos = pos.block + 1 < this.blocks.length ? { block: pos.block + 1, index: 0, start: at } : undefined;
          continue;
        }
      }
      const chunk = this.chunkAt(pos);
      const chunkEnd = at + chunk.text.length;
      if (chunkEnd >= end) {
        const partial = chunk.text.slice(0, end - at);
        // A line cut needs the next line's first non-blank character; if the range ends before
        // it, this cut is not provably safe for the range's text, so join it to the segment before.
        const joinsPrevious = lastText.charCodeAt(lastText.length - 1) === 0x0a && /^[ \t]*$/.test(partial);
        if (joinsPrevious) {
          total += count(lastText + partial);
        } else {
          flush();
          total += chunkEnd === end ? chunk.count : count(partial);
        }
        return total;
      }
      flush();
      lastText = chunk.text;
      lastCount = chunk.count;
      at = chunkEnd;
      pos = this.next(pos);
    }
    flush();
    return total;
  }

  private replaceAll(text: string): void {
    const fresh = ChunkIndex.build(text, this.count, this.rule, this.sizing);
    this.blocks = fresh.blocks;
    this.recomputeTotals();
    this.lastEdit = { replaced: 0, created: this.chunks, encoded: this.chunks, encodedChars: text.length };
  }

  private recomputeTotals(): void {
    let chars = 0;
    let tokens = 0;
    let chunks = 0;
    for (const block of this.blocks) {
      chars += block.chars;
      tokens += block.tokens;
      chunks += block.chunks.length;
    }
    this.chars = chars;
    this.tokens = tokens;
    this.chunks = chunks;
  }

  /** The chunk containing `offset` (0 ≤ offset < length). */
  private locate(offset: number): Position {
    let start = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b];
      if (offset < start + block.chars) {
        for (let i = 0; i < block.chunks.length; i++) {
          const size = block.chunks[i].text.length;
          if (offset < start + size) return { block: b, index: i, start };
          start += size;
        }
      }
      start += block.chars;
    }
    throw new RangeError(`Offset ${offset} is outside a document of ${this.chars} characters.`);
  }

  private chunkAt(pos: Position): Chunk {
    return this.blocks[pos.block].chunks[pos.index];
  }

  private next(pos: Position): Position | undefined {
    const size = this.chunkAt(pos).text.length;
    if (pos.index + 1 < this.blocks[pos.block].chunks.length) {
      return { block: pos.block, index: pos.index + 1, start: pos.start + size };
    }
    for (let b = pos.block + 1; b < this.blocks.length; b++) {
      if (this.blocks[b].chunks.length > 0) return { block: b, index: 0, start: pos.start + size };
    }
    return undefined;
  }

  private previous(pos: Position): Position {
    if (pos.index > 0) {
      const chunk = this.blocks[pos.block].chunks[pos.index - 1];
      return { block: pos.block, index: pos.index - 1, start: pos.start - chunk.text.length };
    }
    const block = this.blocks[pos.block - 1];
    const chunk = block.chunks[block.chunks.length - 1];
    return { block: pos.block - 1, index: block.chunks.length - 1, start: pos.start - chunk.text.length };
  }

  /** Replaces `count` chunks from `pos` on with `created`, re-blocking only the blocks touched. */
  private splice(pos: Position, count: number, created: Chunk[]): void {
    let lastBlock = pos.block;
    let available = this.blocks[pos.block].chunks.length - pos.index;
    while (available < count) {
      lastBlock++;
      available += this.blocks[lastBlock].chunks.length;
    }
    const touched = this.blocks.slice(pos.block, lastBlock + 1);
    const flat: Chunk[] = [];
    for (const block of touched) for (const chunk of block.chunks) flat.push(chunk);
    const removed = flat.splice(pos.index, count, ...created);
    let tokens = 0;
    for (const chunk of removed) tokens -= chunk.count;
    for (const chunk of created) tokens += chunk.count;
    this.tokens += tokens;
    this.chunks += created.length - removed.length;
    this.blocks.splice(pos.block, touched.length, ...toBlocks(flat));
  }
}
