/**
 * The split of a text around its added tokens (`<think>`, `<｜User｜>`…) that
 * @huggingface/tokenizers' `DictionarySplitter` makes, without its per-character cost: at every
 * position it makes a one-character string and looks it up in its trie, which took about a third
 * of a count of CJK text on Qwen 3. Here a table of the code units an added token can start with
 * skips every other position; where one can start, the longest added token found there is taken,
 * as the trie walk takes it. Same pieces, in the same order.
 */
export class AddedTokenSplitter {
  /** 1 for each UTF-16 code unit some added token starts with. */
  private readonly starts = new Uint8Array(0x10000);
  /** The added tokens by their first code unit, longest first. */
  private readonly byFirstUnit = new Map<number, string[]>();

  constructor(words: readonly string[]) {
    for (const word of words) {
      if (word.length === 0) continue;
      const first = word.charCodeAt(0);
      this.starts[first] = 1;
      const list = this.byFirstUnit.get(first) ?? [];
      list.push(word);
      this.byFirstUnit.set(first, list);
    }
    for (const list of this.byFirstUnit.values()) list.sort((a, b) => b.length - a.length);
  }

  /** The text cut before and after each added token in it (the tokens are pieces of their own). */
  split(text: string): string[] {
    const pieces: string[] = [];
    const { starts } = this;
    let start = 0;
    for (let i = 0; i < text.length; ) {
      const match = starts[text.charCodeAt(i)] === 0 ? undefined : this.longestAt(text, i);
      if (match === undefined) {
        i++;
        continue;
      }
      if (i > start) pieces.push(text.slice(start, i));
      pieces.push(match);
      i += match.length;
      start = i;
    }
    if (start < text.length) pieces.push(text.slice(start));
    return pieces;
  }

  private longestAt(text: string, at: number): string | undefined {
    for (const word of this.byFirstUnit.get(text.charCodeAt(at)) ?? []) if (text.startsWith(word, at)) return word;
    return undefined;
  }
}

/** A trie node of `DictionarySplitter` (0.2.x): a child per code unit, and `end`, the word ending there. */
type TrieNode = { readonly [unit: string]: TrieNode | string | undefined };

/**
 * The words of a `DictionarySplitter`, read from its trie; `undefined` when it is not the shape
 * this expects (a later release), so that the caller keeps the library's own split.
 */
export function dictionaryWords(splitter: unknown): string[] | undefined {
  const trie = (splitter as { trie?: unknown } | null)?.trie;
  if (typeof trie !== 'object' || trie === null) return undefined;
  const words: string[] = [];
  const pending: TrieNode[] = [trie as TrieNode];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'end' && typeof value === 'string') words.push(value);
      else if (key.length === 1 && typeof value === 'object' && value !== null) pending.push(value);
      else return undefined;
    }
  }
  return words;
}
