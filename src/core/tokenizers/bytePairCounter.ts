import { type PairRank } from './bpeMerge';
import { NO_MERGE_CHEAP, PairCache, RANK_SCALE, TokenHashes } from './pairCache';
import { pieceScannerFor, type PieceScanner } from './pieceScanner';
import { ByteMerger } from './byteMerger';
import { bytesBySymbol, JunctionFilter } from './junctionFilter';
import { tiktokenSplitRegex } from './splitPattern';

/**
 * A tiktoken rank table: the token of rank i at index i, as a string when its bytes are UTF-8 and
 * as the bytes otherwise (gpt-tokenizer's `bpeRanks` format).
 */
export type RankTable = readonly (string | readonly number[])[];

const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * Counts tiktoken tokens (`encode_ordinary`) in plain JavaScript: tiktoken's own split pattern
 * on tiktoken's Unicode 16 tables (the scanners of pieceScanner.ts; a runtime-independent regular
 * expression, splitPattern.ts, for any other pattern), then the rank-ordered byte-pair merge
 * (byteMerger.ts, segmentMerge.ts) on each piece that is not a token by itself. Replaces
 * gpt-tokenizer's counter, whose merge decodes UTF-8 for every candidate pair (a 2 MB base64 blob
 * took 6.4 s) and rescans the whole piece after every merge (a 200,000-letter run took 37 s).
 */
export class BytePairCounter {
  /** Rank of every token, keyed by its bytes as a "byte string" (one UTF-16 unit per byte). */
  private readonly ranks = new Map<string, number>();
  /** The bytes of each token (as a byte string), by rank. */
  private readonly tokenBytes: string[] = [];
  /** The rank of each single byte. */
  private readonly byteRanks = new Int32Array(256);
  private longestToken = 0;
  private readonly merger: ByteMerger;
  /** tiktoken's pattern as a regular expression, for a pattern pieceScanner.ts does not scan. */
  private split: RegExp | undefined;
  private readonly scanner: PieceScanner | undefined;

  constructor(
    table: RankTable,
    private readonly pattern: string,
  ) {
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
    // A token's rank is its id. A pair that does not merge is not remembered: asking again is
    // a hash and a probe, as cheap as finding it in the cache.
    const pairs = new PairCache(
      (left, right) => {
        const rank = hashes.joined(left, right);
        return rank < 0 ? NO_MERGE_CHEAP : rank * RANK_SCALE + rank;
      },
      (left, right) => hashes.mayJoin(left, right),
    );
    // A token has at most longestToken bytes, and a piece at least as many bytes as UTF-16 units.
    // A short ASCII piece is asked through the hash filter first (most new base64 pieces are no token).
    this.merger = new ByteMerger(this.byteRanks, pairs, {
      isToken: (piece) => piece.length <= this.longestToken && ranks.has(NON_ASCII.test(piece) ? byteString(piece) : piece),
      mayBeToken: (symbols, length) => length <= this.longestToken && hashes.mayBeTokenSymbols(symbols, length),
      isShortAsciiToken: (text, start, end) => hashes.isAsciiToken(text, start, end),
      buildJunctions: () => tokenJunctions(tokenBytes, this.byteRanks),
    });
  }

  /** Number of tokens in `text`; special-token text counts as ordinary text. */
  count(text: string): number {
    let total = 0;
    const scanner = this.scanner;
    if (scanner) {
      for (let start = 0; start < text.length; ) {
        const end = scanner.end(text, start);
        total += this.merger.countRange(text, start, end);
        start = end;
      }
      return total;
    }
    this.split ??= tiktokenSplitRegex(this.pattern);
    const split = this.split;
    split.lastIndex = 0;
    for (let match = split.exec(text); match !== null; match = split.exec(text)) {
      total += this.countPiece(match[0]);
    }
    return total;
  }

  /** Tokens in one pre-tokenized piece: 1 when it is a token (tiktoken looks it up first), else merged. */
  countPiece(piece: string): number {
    return this.merger.count(piece);
  }

  /**
   * Token ids (ranks) of `text`, the ones tiktoken's `encode_ordinary` gives: the same split and
   * merge as {@link count}, keeping the parts. For the token view, on visible ranges only.
   */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const piece of this.pieces(text)) {
      const bytes = NON_ASCII.test(piece) ? byteString(piece) : piece;
      const whole = this.ranks.get(bytes);
      if (whole !== undefined) {
        ids.push(whole);
        continue;
      }
      const starts = this.merger.partStarts(piece);
      for (let k = 0; k < starts.length; k++) {
        const rank = this.ranks.get(bytes.substring(starts[k]!, k + 1 < starts.length ? starts[k + 1]! : bytes.length));
        // Every single byte is a token, so a merge never leaves a part without a rank.
        if (rank === undefined) throw new Error(`No rank for a part of "${piece}".`);
        ids.push(rank);
      }
    }
    return ids;
  }

  /** The bytes of the token with this id (rank). */
  bytesOf(id: number): Uint8Array {
    const bytes = this.tokenBytes[id];
    if (bytes === undefined) throw new RangeError(`No token has id ${id}.`);
    return Uint8Array.from(bytes, (unit) => unit.charCodeAt(0));
  }

  /**
   * The pre-tokenized pieces of `text`, split as {@link count} splits them. `count` walks the same
   * split inline rather than through this generator: it is the hot path of every count, and a
   * generator's resumption per piece is measurable there.
   */
  private *pieces(text: string): Generator<string> {
    const scanner = this.scanner;
    if (scanner) {
      for (let start = 0; start < text.length; ) {
        const end = scanner.end(text, start);
        yield text.slice(start, end);
        start = end;
      }
      return;
    }
    this.split ??= tiktokenSplitRegex(this.pattern);
    const split = this.split;
    split.lastIndex = 0;
    for (let match = split.exec(text); match !== null; match = split.exec(text)) yield match[0];
  }

  /** Forgets the remembered pieces (the benchmark's first counts start cold). */
  clearMemo(): void {
    this.merger.clearMemo();
  }

  /** tiktoken's pair rank inside a piece's byte string: the rank of the merged bytes, if a token. */
  pairRank(bytes: string): PairRank {
    const ranks = this.ranks;
    return (from, _mid, to) => ranks.get(bytes.substring(from, to)) ?? -1;
  }
}

/**
 * The junctions of every pair of tokens whose bytes together may be a token (the pairs that can
 * merge): each token split at each of its inner points.
 */
function tokenJunctions(tokenBytes: readonly string[], byteRanks: Int32Array): JunctionFilter {
  const junctions = new JunctionFilter(bytesBySymbol(byteRanks));
  for (const token of tokenBytes) {
    for (let at = 1; at < token.length; at++) junctions.addSplit(token, at);
  }
  return junctions;
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
