import { mergeParts, type PairRank } from './bpeMerge';
import { tiktokenSplitRegex } from './splitPattern';

/**
 * A tiktoken rank table: the token of rank i at index i, as a string when its bytes are UTF-8 and
 * as the bytes otherwise (gpt-tokenizer's `bpeRanks` format).
 */
export type RankTable = readonly (string | readonly number[])[];

/** Merged pieces remembered per counter; past this the memo starts over (bounds memory). */
const MEMO_LIMIT = 100_000;

/** Longer pieces are not remembered: they rarely repeat and would pin large strings. */
const MEMO_PIECE_LIMIT = 256;

const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * Counts tiktoken tokens (`encode_ordinary`) in plain JavaScript: tiktoken's own split pattern,
 * made runtime-independent (splitPattern.ts), then the rank-ordered byte-pair merge of bpeMerge.ts
 * on each piece that is not a token by itself. Replaces gpt-tokenizer's counter, whose merge
 * decodes UTF-8 for every candidate pair (a 2 MB base64 blob took 6.4 s) and rescans the whole
 * piece after every merge (a 200,000-letter run took 37 s).
 */
export class BytePairCounter {
  /** Rank of every token, keyed by its bytes as a "byte string" (one UTF-16 unit per byte). */
  private readonly ranks = new Map<string, number>();
  private readonly split: RegExp;
  private memo = new Map<string, number>();

  constructor(
    /** Kept for {@link tokenBytes}: the array is the rank file's, already in memory. */
    private readonly table: RankTable,
    pattern: string,
  ) {
    this.split = tiktokenSplitRegex(pattern);
    table.forEach((token, rank) => {
      const key = typeof token === 'string' ? (NON_ASCII.test(token) ? byteString(token) : token) : String.fromCharCode(...token);
      this.ranks.set(key, rank);
    });
  }

  /** Number of tokens in `text`; special-token text counts as ordinary text. */
  count(text: string): number {
    let total = 0;
    const split = this.split;
    split.lastIndex = 0;
    for (let match = split.exec(text); match !== null; match = split.exec(text)) {
      total += this.countPiece(match[0]);
    }
    return total;
  }

  /** Tokens in one pre-tokenized piece. */
  countPiece(piece: string): number {
    const ascii = !NON_ASCII.test(piece);
    if (ascii && this.ranks.has(piece)) return 1;
    const remembered = this.memo.get(piece);
    if (remembered !== undefined) return remembered;
    const bytes = ascii ? piece : byteString(piece);
    const tokens = bytes.length === 1 || (!ascii && this.ranks.has(bytes)) ? 1 : mergeParts(bytes.length, this.pairRank(bytes)).length - 1;
    if (piece.length <= MEMO_PIECE_LIMIT) {
      if (this.memo.size >= MEMO_LIMIT) this.memo = new Map();
      this.memo.set(piece, tokens);
    }
    return tokens;
  }

  /**
   * Token ids (ranks) of `text`, the ones tiktoken's `encode_ordinary` gives: the same split and
   * merge as {@link count}, keeping the parts. For the token view, on visible ranges only.
   */
  encode(text: string): number[] {
    const ids: number[] = [];
    const split = this.split;
    split.lastIndex = 0;
    for (let match = split.exec(text); match !== null; match = split.exec(text)) {
      const piece = match[0];
      const bytes = NON_ASCII.test(piece) ? byteString(piece) : piece;
      const whole = this.ranks.get(bytes);
      if (whole !== undefined) {
        ids.push(whole);
        continue;
      }
      const parts = mergeParts(bytes.length, this.pairRank(bytes));
      for (let k = 0; k + 1 < parts.length; k++) {
        const rank = this.ranks.get(bytes.substring(parts[k]!, parts[k + 1]!));
        // Every single byte is a token, so a merge never leaves a part without a rank.
        if (rank === undefined) throw new Error(`No rank for a part of "${piece}".`);
        ids.push(rank);
      }
    }
    return ids;
  }

  /** The bytes of the token with this id (rank). */
  tokenBytes(id: number): Uint8Array {
    const token = this.table[id];
    if (token === undefined) throw new RangeError(`No token has id ${id}.`);
    return typeof token === 'string' ? new TextEncoder().encode(token) : Uint8Array.from(token);
  }

  /** Forgets the remembered pieces (the benchmark's first counts start cold). */
  clearMemo(): void {
    this.memo = new Map();
  }

  /** tiktoken's pair rank inside a piece's byte string: the rank of the merged bytes, if a token. */
  pairRank(bytes: string): PairRank {
    const ranks = this.ranks;
    return (from, _mid, to) => ranks.get(bytes.substring(from, to)) ?? -1;
  }
}

/**
 * The UTF-8 bytes of `text`, one UTF-16 unit per byte, a lone surrogate as U+FFFD (EF BF BD): what
 * tiktoken receives, since a JavaScript string crosses into its WASM as UTF-8 the same way.
 */
export function byteString(text: string): string {
  const codes: number[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      codes.push(c);
    } else if (c < 0x800) {
      codes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
          codes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
          if (codes.length >= 8192) out += flush(codes);
          continue;
        }
        c = 0xfffd;
      }
      codes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    // String.fromCharCode takes its codes as arguments: keep the batches well below the stack limit.
    if (codes.length >= 8192) out += flush(codes);
  }
  return out + flush(codes);
}

function flush(codes: number[]): string {
  const text = String.fromCharCode(...codes);
  codes.length = 0;
  return text;
}
