/**
 * Where a text may be cut so that its token count equals the sum of the parts' counts.
 *
 * tiktoken splits text with a regular expression (the encoding's `pat_str`) and runs BPE inside
 * each piece only, so a position is a safe cut when (1) a piece boundary falls there in the whole
 * text and (2) the pieces before it do not change when the text ends there. (2) matters because
 * the patterns peek ahead: `\s+(?!\S)`, greedy runs that stop at the next character. Matching
 * restarts at each boundary and the patterns have no look-behind, so the part after a cut always
 * splits the same way on its own.
 *
 * The rules below were derived from both patterns and are checked against tiktoken by the property
 * tests in test/unit/incrementalCuts.test.ts:
 *
 * - **Line cut** after `\n` when the next line starts, after optional spaces/tabs, with a character
 *   that is not whitespace. The piece ending at the `\n` is then either a whitespace run ending in
 *   a newline (`\s*[\r\n]+` backs off to its last newline whatever follows) or punctuation that
 *   swallowed trailing newlines (` ?[^\s\p{L}\p{N}]+[\r\n]*`). o200k_base's punctuation piece also
 *   swallows `/` after the newlines (`[\r\n/]*`), so for o200k a line may not start with `/`.
 * - **Space cut** before a space that follows a non-whitespace character: no piece that ends in a
 *   non-whitespace character can continue with a space (letters, digits and punctuation runs all
 *   stop there, and a space is no contraction).
 * - **Word cut** between a letter or digit and a punctuation mark or symbol other than `'`: words
 *   and numbers stop at such a character in both patterns; `'` is excluded because of
 *   contractions (`'s`, `'ll`, …). Limited to the Basic Multilingual Plane so that a character
 *   assigned in a newer Unicode version than tiktoken's tables cannot be classified differently.
 *
 * "Whitespace" is Unicode White_Space as Rust's regex crate uses it: it includes U+0085 (NEL),
 * which JavaScript's `\s` does not, and excludes U+FEFF, which JavaScript's `\s` includes. The
 * rules treat both as "maybe whitespace" and never cut next to them.
 */

/** The encodings whose pre-tokenizer patterns these rules were derived from. */
export type ChunkedEncoding = 'o200k_base' | 'cl100k_base';

/** Whether a line may be cut in front of a given first character, per encoding. */
export interface CutRule {
  readonly encoding: ChunkedEncoding;
  /** o200k_base's punctuation pieces absorb `/` after newlines (`[\r\n/]*`). */
  readonly slashJoinsPreviousLine: boolean;
}

const RULES: Readonly<Record<ChunkedEncoding, CutRule>> = {
  o200k_base: { encoding: 'o200k_base', slashJoinsPreviousLine: true },
  cl100k_base: { encoding: 'cl100k_base', slashJoinsPreviousLine: false },
};

/** The cut rule for an encoding, or `undefined` when its pattern has not been analysed. */
export function cutRuleFor(encoding: string): CutRule | undefined {
  return Object.prototype.hasOwnProperty.call(RULES, encoding) ? RULES[encoding as ChunkedEncoding] : undefined;
}

const SPACE = 0x20;
const TAB = 0x09;
const SLASH = 0x2f;
const APOSTROPHE = 0x27;

/**
 * True when the UTF-16 unit is certainly not whitespace for both JavaScript and Rust. Surrogates
 * count as non-whitespace: paired they form an astral character (none is whitespace), alone they
 * become U+FFFD on the way to the tokenizer.
 */
export function isSurelyNonSpace(unit: number): boolean {
  if (unit > 0x20 && unit < 0x7f) return true;
  if (unit <= 0x20 || unit === 0x7f) return unit < 0x09 || (unit > 0x0d && unit < 0x1c) || unit === 0x7f;
  switch (unit) {
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x180e:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
    case 0xfeff:
      return false;
    default:
      return !(unit >= 0x2000 && unit <= 0x200a);
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK_OR_SYMBOL = /[\p{P}\p{S}]/u;

function isBmpLetterOrDigit(unit: number): boolean {
  if (unit < 0x80) return (unit >= 0x30 && unit <= 0x39) || ((unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a);
  if (unit >= 0xd800 && unit <= 0xdfff) return false;
  return LETTER_OR_DIGIT.test(String.fromCharCode(unit));
}

function isBmpPunctuationOrSymbol(unit: number): boolean {
  if (unit < 0x80) {
    return unit !== APOSTROPHE && unit > 0x20 && unit < 0x7f && !isBmpLetterOrDigit(unit);
  }
  if (unit >= 0xd800 && unit <= 0xdfff) return false;
  return MARK_OR_SYMBOL.test(String.fromCharCode(unit));
}

/** Result of asking whether a position is a cut before the rest of the text is known. */
export const enum CutAnswer {
  No = 0,
  Yes = 1,
  /** The text ends inside the spaces that decide it; ask again with more text. */
  NeedMore = 2,
}

/**
 * Is position `p` (0 < p < text.length, text[p - 1] === '\n') a line cut? Looks at the next line's
 * first character after spaces/tabs. With `final` the text really ends at `text.length`, and a
 * last line of only spaces is answered `No` (a safe, conservative answer).
 */
export function lineCutAt(text: string, p: number, rule: CutRule, final: boolean): CutAnswer {
  let j = p;
  const n = text.length;
  while (j < n) {
    const unit = text.charCodeAt(j);
    if (unit !== SPACE && unit !== TAB) break;
    j++;
  }
  if (j >= n) return final ? CutAnswer.No : CutAnswer.NeedMore;
  const first = text.charCodeAt(j);
  if (!isSurelyNonSpace(first)) return CutAnswer.No;
  // Only a slash directly after the newline joins it; after spaces the punctuation piece has ended.
  if (rule.slashJoinsPreviousLine && first === SLASH && j === p) return CutAnswer.No;
  return CutAnswer.Yes;
}

/**
 * Is position `p` (0 < p < text.length) a cut inside a line (space cut or word cut)? Needs only
 * text[p - 1] and text[p], so it never needs more text.
 */
export function inlineCutAt(text: string, p: number): boolean {
  const before = text.charCodeAt(p - 1);
  const at = text.charCodeAt(p);
  if (at === SPACE) return isSurelyNonSpace(before);
  return isBmpLetterOrDigit(before) && isBmpPunctuationOrSymbol(at);
}
