import { BitFilter, mixHash } from './bitFilter';
import { CutCounter } from './cutMerge';
import { bytesBySymbol, JunctionFilter } from './junctionFilter';
import { PairCache, pairSlot, RANK_SCALE } from './pairCache';
import { countMergedParts, mergeLongPiece, mergeSegment, SegmentMemo } from './segmentMerge';

/**
 * The parts of @huggingface/tokenizers' BPE model that its `bpe(token)` uses (0.2.x). Checked at
 * run time: a release that renames them keeps its own merge instead of failing.
 */
interface HfBpeModel {
  bpe(token: string): string[];
  readonly tokens_to_ids: ReadonlyMap<string, number>;
  readonly merges: readonly (readonly [string, string])[];
  readonly max_length_to_cache: number;
  readonly end_of_word_suffix?: string | null;
  readonly continuing_subword_suffix?: string | null;
}

function isHfBpeModel(model: unknown): model is HfBpeModel {
  if ((typeof model !== 'object' && typeof model !== 'function') || model === null) return false;
  const candidate = model as Partial<HfBpeModel>;
  return (
    typeof candidate.bpe === 'function' &&
    candidate.tokens_to_ids instanceof Map &&
    Array.isArray(candidate.merges) &&
    Array.isArray(candidate.merges[0]) &&
    typeof candidate.max_length_to_cache === 'number' &&
    !candidate.end_of_word_suffix &&
    !candidate.continuing_subword_suffix
  );
}

/**
 * The merge ranks of a tokenizer.json BPE model by pair of token ids: merge k of the list, "a b",
 * has rank k (Hugging Face merges the lowest rank first, the leftmost on ties, as tiktoken does).
 * An open-addressing table of typed arrays, not a Map keyed by `a × 2¹⁸ + b`: such keys pass 2³¹,
 * so each look-up boxed a number and hashed it, and random CJK text looks up pairs it never saw at
 * nearly every character.
 */
class PairRanks {
  /** Three numbers a slot (left id, right id, rank), side by side; left −1: empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Every listed pair in a Bloom filter of 16 bits a merge, which stays in the cache where the table would not. */
  private readonly filter: BitFilter;

  constructor(model: HfBpeModel) {
    let size = 1;
    while (size < 1.5 * model.merges.length) size *= 2;
    this.slots = new Int32Array(3 * size).fill(-1);
    this.mask = size - 1;
    this.filter = BitFilter.forKeys(model.merges.length, 16);
    model.merges.forEach(([left, right], rank) => {
      const a = model.tokens_to_ids.get(left);
      const b = model.tokens_to_ids.get(right);
      if (a === undefined || b === undefined) return;
      this.filter.add(mixHash(pairSlot(a, b, -1)));
      let slot = pairSlot(a, b, this.mask);
      for (; this.slots[3 * slot] !== -1; slot = (slot + 1) & this.mask) {
        if (this.slots[3 * slot] === a && this.slots[3 * slot + 1] === b) return; // the first rank stays
      }
      this.slots[3 * slot] = a;
      this.slots[3 * slot + 1] = b;
      this.slots[3 * slot + 2] = rank;
    });
  }

  /** False when the list certainly has no merge of token `left` then `right`. */
  mayHave(left: number, right: number): boolean {
    return this.filter.mayHave(mixHash(pairSlot(left, right, -1)));
  }

  /** The rank of merging token `left` then `right`, or −1 when the list has no such merge. */
  get(left: number, right: number): number {
    const { slots, mask } = this;
    for (let slot = pairSlot(left, right, mask); ; slot = (slot + 1) & mask) {
      const stored = slots[3 * slot];
      if (stored === -1) return -1;
      if (stored === left && slots[3 * slot + 1] === right) return slots[3 * slot + 2];
    }
  }
}

/** Pieces of at least this many characters are merged stretch by stretch (segmentMerge.ts). */
const LONG_TOKEN = 128;

/** Pieces of at least this many characters are counted cut where no merge can cross (cutMerge.ts). */
const CUT_FROM = 24;

/**
 * What merging a model's tokens needs, built on its first merge: the pair cache (rank from the
 * merge list, merged id from the vocabulary), each character's id, and which characters stand
 * for UTF-8 continuation bytes (byte-level models), so that long pieces are cut between
 * characters of the text.
 */
export class ModelMerges {
  readonly pairs: PairCache;
  /** For byte-level models: the id of the token of each byte's character. */
  readonly byteIds: Int32Array | undefined;
  readonly segments = new SegmentMemo();
  private readonly tokens: string[] = [];
  /** Id of each character below U+0400 (−1: not in the vocabulary); others are looked up. */
  private readonly smallIds = new Int32Array(0x400).fill(-1);
  /**
   * 1 for each character below U+0400 that stands for a UTF-8 continuation byte in a byte-level
   * alphabet (all of that alphabet is below U+0400); none for other models.
   */
  private readonly continuationChars = new Uint8Array(0x400);
  /** For byte-level models, once built: the junctions of the merge list's pairs. */
  private junctionFilter: JunctionFilter | undefined;
  /** For other models, once built: the same by the ids of the pairs' characters. */
  private characterFilter: JunctionFilter | undefined;
  private readonly cuts: CutCounter;

  /** For byte-level models: the byte each character of the byte-level alphabet stands for. */
  private readonly byteOf: ReadonlyMap<string, number> | undefined;

  constructor(
    private readonly model: HfBpeModel,
    byteOf: ReadonlyMap<string, number> | undefined,
  ) {
    for (const [char, byte] of byteOf ?? []) {
      if (char.length === 1 && char.charCodeAt(0) < 0x400 && byte >= 0x80 && byte <= 0xbf) this.continuationChars[char.charCodeAt(0)] = 1;
    }
    this.byteIds = byteOf && byteIdsOf(byteOf, model.tokens_to_ids);
    this.byteOf = byteOf;
    for (const [token, id] of model.tokens_to_ids) {
      this.tokens[id] = token;
      if (token.length === 1 && token.charCodeAt(0) < 0x400) this.smallIds[token.charCodeAt(0)] = id;
    }
    const ranks = new PairRanks(model);
    const { tokens } = this;
    this.pairs = new PairCache(
      (left, right) => {
        const rank = ranks.get(left, right);
        if (rank < 0) return -1;
        const id = model.tokens_to_ids.get(tokens[left] + tokens[right]);
        return id === undefined ? -1 : rank * RANK_SCALE + id;
      },
      (left, right) => ranks.mayHave(left, right),
    );
    this.cuts = new CutCounter(this.pairs, this.segments);
  }

  /**
   * For byte-level models, the {@link JunctionFilter} of the merge list (built on first use): a
   * pair merges only when the list names it, so its pairs' junctions are all the filter needs.
   * A merge whose parts are not both made of the byte alphabet can never join two parts of a
   * piece's bytes and is left out.
   */
  junctions(): JunctionFilter | undefined {
    const { byteIds, byteOf } = this;
    if (!byteIds || !byteOf) return undefined;
    if (this.junctionFilter) return this.junctionFilter;
    const filter = new JunctionFilter(bytesBySymbol(byteIds));
    const bytesOf = (text: string): string | undefined => {
      let bytes = '';
      for (const char of text) {
        const byte = byteOf.get(char);
        if (byte === undefined) return undefined;
        bytes += String.fromCharCode(byte);
      }
      return bytes;
    };
    for (const [left, right] of this.model.merges) {
      // Three on each side: the filter tells parts of three bytes or more by their characters.
      const tail = bytesOf(left.slice(-3));
      const head = bytesOf(right.slice(0, 3));
      if (tail !== undefined && tail.length > 0 && head !== undefined && head.length > 0) filter.addSplit(tail + head, tail.length);
    }
    this.junctionFilter = filter;
    return filter;
  }

  /**
   * For models whose symbols are characters' ids (Gemma 3), the {@link JunctionFilter} of the merge
   * list by id (built on first use). A merge whose last or first characters have no id of their
   * own is left out: such a character is an unknown symbol in a piece, where the filter says "maybe".
   */
  private characterJunctions(): JunctionFilter {
    if (this.characterFilter) return this.characterFilter;
    const filter = new JunctionFilter();
    const idOf = (char: string | undefined): number => {
      if (char === undefined) return -1;
      const unit = char.charCodeAt(0);
      return char.length === 1 && unit < 0x400 ? this.smallIds[unit] : (this.model.tokens_to_ids.get(char) ?? -1);
    };
    for (const [left, right] of this.model.merges) {
      // The last two characters of the left part, the first two of the right (astral ones whole).
      const tail = Array.from(left.slice(-4)).slice(-2);
      const head = Array.from(right.slice(0, 4)).slice(0, 2);
      const last = idOf(tail[tail.length - 1]);
      const first = idOf(head[0]);
      if (last < 0 || first < 0) continue;
      // A side of two characters, one of them without an id, is told as one character: harmless,
      // since the filter says "maybe" wherever a piece has such a character.
      filter.addJunction(tail.length === 2 ? idOf(tail[0]) : -1, last, first, head.length === 2 ? idOf(head[1]) : -1);
    }
    this.characterFilter = filter;
    return filter;
  }

  /** Forgets merged units (the benchmark's first counts start cold). */
  clearMemo(): void {
    this.segments.clear();
  }

  /** One token's BPE parts, as @huggingface/tokenizers' `bpe` returns them. */
  merge(token: string): string[] {
    const { symbols, continues, offsets, length } = this.symbolsOf(token);
    const starts = length < LONG_TOKEN ? mergeSegment(symbols, 0, length, this.pairs).starts : mergeLongPiece(symbols, length, continues, this.pairs, this.segments, this.junctions()).starts();
    const parts = new Array<string>(starts.length);
    for (let k = 0; k < starts.length; k++) parts[k] = token.slice(offsets[starts[k]], offsets[k + 1 < starts.length ? starts[k + 1] : length]);
    return parts;
  }

  /**
   * The number of tokens the model gives one piece when unknown characters fall back to their
   * UTF-8 bytes (Gemma): the merged parts, plus the extra bytes of each unknown character (an
   * unknown character never merges, so it is a part alone).
   */
  countWithByteFallback(token: string): number {
    const { symbols, continues, length } = this.symbolsOf(token);
    let extra = 0;
    for (let i = 0, k = 0; k < length; k++) {
      const unit = token.charCodeAt(i);
      const paired = unit >= 0xd800 && unit <= 0xdbff && i + 1 < token.length && (token.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (symbols[k] < 0) extra += (paired ? 4 : unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3) - 1;
      i += paired ? 2 : 1;
    }
    const parts = length < CUT_FROM ? countMergedParts(symbols, length, this.pairs, new Int32Array(length)) : this.cuts.count(symbols, continues, length, this.characterJunctions());
    return parts + extra;
  }

  /** Each character's id (−1: not in the vocabulary), where it starts, and which continue a UTF-8 character. */
  private symbolsOf(token: string): { symbols: Int32Array; continues: Uint8Array; offsets: Int32Array; length: number } {
    // offsets[i]: where character i starts in the UTF-16 string (characters are code points).
    const offsets = new Int32Array(token.length + 1);
    const symbols = new Int32Array(token.length);
    const continues = new Uint8Array(token.length);
    const { smallIds, continuationChars } = this;
    let length = 0;
    let wordLength = 0;
    for (let i = 0; i < token.length; i++) {
      offsets[length] = i;
      const unit = token.charCodeAt(i);
      if (unit < 0x400) {
        // Byte-level: a character's continuation bytes. Otherwise ASCII letters and digits after
        // a word start (`▁`) or another of them: cuts are then tried between words (which rarely
        // merge) rather than inside them (which nearly always do).
        // (At most WORD_UNIT characters a unit, so that a run of one letter still has cuts to try.)
        wordLength = !this.byteIds && isAsciiWordChar(unit) && length > 0 && isWordContinued(token.charCodeAt(i - 1)) && wordLength < WORD_UNIT ? wordLength + 1 : 0;
        continues[length] = this.byteIds ? continuationChars[unit] : wordLength > 0 ? 1 : 0;
        symbols[length++] = smallIds[unit];
        continue;
      }
      const paired = unit >= 0xd800 && unit <= 0xdbff && i + 1 < token.length && (token.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      symbols[length++] = this.model.tokens_to_ids.get(token.slice(i, paired ? i + 2 : i + 1)) ?? -1;
      if (paired) i++;
    }
    offsets[length] = token.length;
    continues[0] = 0;
    return { symbols, continues, offsets, length };
  }
}

/** Longest stretch of ASCII letters and digits taken as one unit (segmentMerge.ts). */
const WORD_UNIT = 12;

function isAsciiWordChar(unit: number): boolean {
  return (unit >= 0x30 && unit <= 0x39) || ((unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a);
}

/** After a word start (SentencePiece's `▁`) or an ASCII letter or digit. */
function isWordContinued(previous: number): boolean {
  return previous === 0x2581 || isAsciiWordChar(previous);
}

/** The id of each byte's character, or `undefined` when one of them is not in the vocabulary. */
function byteIdsOf(byteOf: ReadonlyMap<string, number>, ids: ReadonlyMap<string, number>): Int32Array | undefined {
  const byteIds = new Int32Array(256).fill(-1);
  for (const [char, byte] of byteOf) byteIds[byte] = ids.get(char) ?? -1;
  return byteIds.includes(-1) ? undefined : byteIds;
}

const mergesOfModel = new WeakMap<object, ModelMerges>();

/**
 * The merge tables of a loaded tokenizer's BPE model (built once, on first use, and shared by
 * its `bpe` and vendorCount.ts), or `undefined` when the model is not the shape this expects.
 */
export function modelMerges(tokenizer: unknown): ModelMerges | undefined {
  const model = (tokenizer as { model?: unknown } | null)?.model;
  if (!isHfBpeModel(model)) return undefined;
  let merges = mergesOfModel.get(model);
  if (!merges) {
    merges = new ModelMerges(model, byteLevelAlphabetOf(tokenizer));
    mergesOfModel.set(model, merges);
  }
  return merges;
}

/** Tokens remembered per tokenizer; past this the memo starts over (bounds memory). */
const MEMO_LIMIT = 100_000;

/**
 * The byte each character of a byte-level pre-tokenizer's alphabet stands for, read from the
 * tokenizer's `ByteLevel` step (its `byte_encoder`), or `undefined` when it has none.
 */
export function byteLevelAlphabetOf(tokenizer: unknown): Map<string, number> | undefined {
  const preTokenizer = (tokenizer as { pre_tokenizer?: unknown } | null)?.pre_tokenizer;
  const steps = (preTokenizer as { tokenizers?: unknown[] } | null)?.tokenizers ?? [preTokenizer];
  for (const step of steps) {
    const encoder = (step as { byte_encoder?: unknown } | null)?.byte_encoder;
    if (encoder && typeof encoder === 'object') {
      const alphabet = new Map<string, number>();
      for (const [byte, char] of Object.entries(encoder as Record<string, unknown>)) if (typeof char === 'string') alphabet.set(char, Number(byte));
      if (alphabet.size === 256) return alphabet;
    }
  }
  return undefined;
}

/**
 * Replaces the BPE model's `bpe` of a loaded @huggingface/tokenizers tokenizer by our merge of
 * ids (pairCache.ts; long pieces stretch by stretch, segmentMerge.ts), with a plain memo instead
 * of its LRU cache (which deletes and re-inserts on every hit: an eighth of the time on a base64
 * blob). Its own merge builds `JSON.stringify([a, b])` for every candidate pair and a node object
 * for every character: O(n log n) too, but 4–6× slower per character than plain text on a run
 * such as 200,000 × `a` or a base64 blob. Returns false (and changes nothing) when the model is
 * not the BPE shape this was written for.
 */
export function installFastMerge(tokenizer: unknown): boolean {
  const model = (tokenizer as { model?: unknown } | null)?.model;
  if (!isHfBpeModel(model)) return false;
  let memo = new Map<string, string[]>();
  model.bpe = (token: string): string[] => {
    if (token.length === 0) return [];
    const remembered = memo.get(token);
    if (remembered !== undefined) return remembered;
    const parts = (modelMerges(tokenizer) as ModelMerges).merge(token);
    if (token.length < model.max_length_to_cache) {
      if (memo.size >= MEMO_LIMIT) memo = new Map();
      memo.set(token, parts);
    }
    return parts;
  };
  return true;
}
