import { type PairRank } from './bpeMerge';
import { PairCache, RANK_SCALE, TokenHashes } from './pairCache';
import { pieceScannerFor, type PieceScanner } from './pieceScanner';
import { countMergedParts, mergeLongPiece, SegmentMemo } from './segmentMerge';
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

/** Pieces of at least this many bytes are merged stretch by stretch (segmentMerge.ts). */
const LONG_PIECE = 128;

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
  /** The bytes of each token (as a byte string), by rank. */
  private readonly tokenBytes: string[] = [];
  /** The rank of each single byte. */
  private readonly byteRanks = new Int32Array(256);
  private longestToken = 0;
  private readonly pairs: PairCache;
  private readonly segments = new SegmentMemo();
  private symbols = new Int32Array(1024);
  private continues = new Uint8Array(1024);
  private scratch = new Int32Array(1024);
  private readonly split: RegExp;
  private readonly scanner: PieceScanner | undefined;
  private memo = new Map<string, number>();

  constructor(table: RankTable, pattern: string) {
    this.split = tiktokenSplitRegex(pattern);
    this.scanner = pieceScannerFor(pattern);
    table.forEach((token, rank) => {
      const key = typeof token === 'string' ? (NON_ASCII.test(token) ? byteString(token) : token) : String.fromCharCode(...token);
      this.ranks.set(key, rank);
      this.tokenBytes[rank] = key;
      this.longestToken = Math.max(this.longestToken, key.length);
      if (key.length === 1) this.byteRanks[key.charCodeAt(0)] = rank;
    });
    const { ranks, tokenBytes } = this;
    const hashes = new TokenHashes(tokenBytes);
    this.pairs = new PairCache((left, right) => {
      if (!hashes.mayJoin(left, right)) return -1;
      const rank = ranks.get(tokenBytes[left] + tokenBytes[right]);
      return rank === undefined ? -1 : rank * RANK_SCALE + rank;
    }, false);
  }

  /** Number of tokens in `text`; special-token text counts as ordinary text. */
  count(text: string): number {
    let total = 0;
    const scanner = this.scanner;
    if (scanner) {
      for (let start = 0; start < text.length; ) {
        const end = scanner.end(text, start);
        total += this.countPiece(text.slice(start, end));
        start = end;
      }
      return total;
    }
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
    // A token has at most longestToken bytes, and a piece at least as many bytes as UTF-16 units.
    const tokens = ascii || piece.length > this.longestToken || !this.ranks.has(byteString(piece)) ? this.mergeCount(piece) : 1;
    if (piece.length <= MEMO_PIECE_LIMIT) {
      if (this.memo.size >= MEMO_LIMIT) this.memo = new Map();
      this.memo.set(piece, tokens);
    }
    return tokens;
  }

  /** Tokens of a piece that is no token itself: the rank-ordered merge of its bytes. */
  private mergeCount(piece: string): number {
    const length = this.toSymbols(piece);
    if (length < LONG_PIECE) return countMergedParts(this.symbols, length, this.pairs, this.scratch);
    return mergeLongPiece(this.symbols, length, this.continues, this.pairs, this.segments).count;
  }

  /**
   * Writes the rank of each UTF-8 byte of `piece` to {@link symbols} (a lone surrogate as U+FFFD,
   * as in {@link byteString}), marking continuation bytes in {@link continues}; returns the length.
   */
  private toSymbols(piece: string): number {
    if (this.symbols.length < 3 * piece.length) {
      this.symbols = new Int32Array(3 * piece.length);
      this.continues = new Uint8Array(3 * piece.length);
      this.scratch = new Int32Array(3 * piece.length);
    }
    const { symbols, continues, byteRanks } = this;
    let n = 0;
    for (let i = 0; i < piece.length; i++) {
      let c = piece.charCodeAt(i);
      if (c < 0x80) {
        continues[n] = 0;
        symbols[n++] = byteRanks[c];
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const low = i + 1 < piece.length ? piece.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
        } else {
          c = 0xfffd;
        }
      }
      const start = n;
      if (c < 0x800) {
        symbols[n++] = byteRanks[0xc0 | (c >> 6)];
      } else if (c < 0x10000) {
        symbols[n++] = byteRanks[0xe0 | (c >> 12)];
        symbols[n++] = byteRanks[0x80 | ((c >> 6) & 63)];
      } else {
        symbols[n++] = byteRanks[0xf0 | (c >> 18)];
        symbols[n++] = byteRanks[0x80 | ((c >> 12) & 63)];
        symbols[n++] = byteRanks[0x80 | ((c >> 6) & 63)];
      }
      symbols[n++] = byteRanks[0x80 | (c & 63)];
      continues[start] = 0;
      for (let k = start + 1; k < n; k++) continues[k] = 1;
    }
    return n;
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
