import { CutAnswer, inlineCutAt, lineCutAt, type CutRule } from './cutRules';

/**
 * How large chunks are. Line cuts are taken once a chunk holds `minChars`; a chunk that reaches
 * `softMaxChars` without a usable line end is cut inside a line (see cutRules.ts).
 *
 * Trade-off measured with `npm run bench`: smaller chunks make a keystroke re-encode less text,
 * larger ones cost fewer tokenizer calls on a first count. `{ minChars: 1, softMaxChars: 0 }`
 * takes every cut the rules allow (the property tests use it).
 */
export interface ChunkSizing {
  readonly minChars: number;
  readonly softMaxChars: number;
}

/** The sizing every index uses unless a test or the benchmark asks for another. */
export const DEFAULT_SIZING: ChunkSizing = { minChars: 256, softMaxChars: 1024 };

/** Returned by {@link nextCut} when the text ends before the cut can be decided. */
export const NEED_MORE = -1;

/**
 * Where the chunk that starts at `from` ends: the first safe cut at or after `from + minChars`,
 * preferring line ends until `softMaxChars`. Deterministic in the text from `from` onward, which
 * lets an edited index resynchronise with its old chunks (see chunkIndex.ts).
 *
 * With `final` false and the answer depending on text past the end, returns {@link NEED_MORE};
 * with `final` true the chunk runs to the end of the text when no cut is found.
 */
export function nextCut(text: string, from: number, rule: CutRule, sizing: ChunkSizing, final: boolean): number {
  const n = text.length;
  const minEnd = from + Math.max(1, sizing.minChars);
  const softEnd = Math.max(minEnd, from + sizing.softMaxChars);
  if (minEnd >= n) return final ? n : NEED_MORE;

  // Phase 1: the first line end at or after minEnd, up to softEnd.
  let newline = text.indexOf('\n', minEnd - 1);
  while (newline !== -1 && newline + 1 <= softEnd && newline + 1 < n) {
    const answer = lineCutAt(text, newline + 1, rule, final);
    if (answer === CutAnswer.Yes) return newline + 1;
    // Only spaces/tabs follow up to the end: nothing later can be a cut either.
    if (answer === CutAnswer.NeedMore) return NEED_MORE;
    newline = text.indexOf('\n', newline + 1);
  }
  if (newline !== -1 && newline + 1 >= n && newline + 1 <= softEnd) return final ? n : NEED_MORE;

  // Phase 2: from softEnd on, a line end, or a cut inside a line chosen by the text around it
  // (content-defined, like rsync's rolling checksum): after an edit, later chunks then end where
  // they ended before, so the index resynchronises within a chunk or two even on a 1 MB line.
  const hardEnd = softEnd + sizing.softMaxChars * 2;
  for (let p = softEnd; p < n; p++) {
    if (text.charCodeAt(p - 1) === 0x0a) {
      const answer = lineCutAt(text, p, rule, final);
      if (answer === CutAnswer.Yes) return p;
      if (answer === CutAnswer.NeedMore) return NEED_MORE;
    } else if (inlineCutAt(text, p, rule) && (p >= hardEnd || contentPicks(text, p))) {
      return p;
    }
  }
  return final ? n : NEED_MORE;
}

/** About one inline cut in eight is taken, decided by the four characters before it. */
function contentPicks(text: string, p: number): boolean {
  let hash = 0;
  for (let i = Math.max(0, p - 4); i < p; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x9e3779b1);
  return (hash >>> 29) === 0;
}

/** Splits a whole text into chunk lengths (each > 0; they sum to `text.length`). */
export function chunkLengths(text: string, rule: CutRule, sizing: ChunkSizing = DEFAULT_SIZING): number[] {
  const lengths: number[] = [];
  let from = 0;
  while (from < text.length) {
    const cut = nextCut(text, from, rule, sizing, true);
    lengths.push(cut - from);
    from = cut;
  }
  return lengths;
}
