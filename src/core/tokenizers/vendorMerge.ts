import { mergeParts } from './bpeMerge';

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

/** Ids fit in 2¹⁸ (Gemma 3 has 262,144): a pair of ids is one exact number below 2³⁶. */
const ID_SPACE = 262_144;

/**
 * The merge ranks of a tokenizer.json BPE model by pair of token ids: merge k of the list, "a b",
 * has rank k (Hugging Face merges the lowest rank first, the leftmost on ties, as tiktoken does).
 */
function pairRanks(model: HfBpeModel): Map<number, number> {
  const ranks = new Map<number, number>();
  model.merges.forEach(([left, right], rank) => {
    const a = model.tokens_to_ids.get(left);
    const b = model.tokens_to_ids.get(right);
    const key = a === undefined || b === undefined ? undefined : a * ID_SPACE + b;
    if (key !== undefined && !ranks.has(key)) ranks.set(key, rank);
  });
  return ranks;
}

/**
 * One token's BPE parts, as @huggingface/tokenizers' `bpe` returns them, with bpeMerge.ts: the
 * same rank-ordered merge over the token's characters, O(n log n) on long tokens. Characters
 * that are not in the vocabulary never merge and come back alone (byte fallback follows later).
 */
function mergeToken(token: string, ids: ReadonlyMap<string, number>, ranks: ReadonlyMap<number, number>): string[] {
  // offsets[i]: where character i starts in the UTF-16 string (characters are code points).
  const offsets: number[] = [];
  for (let i = 0; i < token.length; i++) {
    offsets.push(i);
    const unit = token.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < token.length) {
      const low = token.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) i++;
    }
  }
  const length = offsets.length;
  offsets.push(token.length);
  // Ids of the single characters (-1: not in the vocabulary); longer parts are looked up.
  const charIds = new Float64Array(length);
  for (let i = 0; i < length; i++) charIds[i] = ids.get(token.slice(offsets[i], offsets[i + 1])) ?? -1;
  const boundaries = mergeParts(length, (from, mid, to) => {
    const left = idOf(from, mid);
    const right = idOf(mid, to);
    return left < 0 || right < 0 ? -1 : (ranks.get(left * ID_SPACE + right) ?? -1);
  });
  const parts = new Array<string>(boundaries.length - 1);
  for (let k = 0; k + 1 < boundaries.length; k++) parts[k] = token.slice(offsets[boundaries[k]], offsets[boundaries[k + 1]]);
  return parts;

  /** Id of the part [from, to): a part only ever merges into a vocabulary token, so a lookup finds it. */
  function idOf(from: number, to: number): number {
    if (to === from + 1) return charIds[from];
    return ids.get(token.slice(offsets[from], offsets[to])) ?? -1;
  }
}

/** Tokens remembered per tokenizer; past this the memo starts over (bounds memory). */
const MEMO_LIMIT = 100_000;

/**
 * Replaces the BPE model's `bpe` of a loaded @huggingface/tokenizers tokenizer by
 * {@link mergeToken}, with a plain memo instead of its LRU cache (which deletes and re-inserts on
 * every hit: an eighth of the time on a base64 blob). Its own merge builds `JSON.stringify([a, b])` for every
 * candidate pair and a node object for every character: O(n log n) too, but 4–6× slower per
 * character than plain text on a run such as 200,000 × `a` or a base64 blob. Returns false (and
 * changes nothing) when the model is not the BPE shape this was written for.
 */
export function installFastMerge(tokenizer: unknown): boolean {
  const model = (tokenizer as { model?: unknown } | null)?.model;
  if (!isHfBpeModel(model)) return false;
  const ids = model.tokens_to_ids;
  let ranks: Map<number, number> | undefined;
  let memo = new Map<string, string[]>();
  model.bpe = (token: string): string[] => {
    if (token.length === 0) return [];
    const remembered = memo.get(token);
    if (remembered !== undefined) return remembered;
    ranks ??= pairRanks(model);
    const parts = mergeToken(token, ids, ranks);
    if (token.length < model.max_length_to_cache) {
      if (memo.size >= MEMO_LIMIT) memo = new Map();
      memo.set(token, parts);
    }
    return parts;
  };
  return true;
}
