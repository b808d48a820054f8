import { unicodeDisagreements } from '../tokenizers/splitPattern';

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
 *   contractions (`'s`, `'ll`, …). Limited to the Basic Multilingual Plane, and never next to a
 *   character this runtime classifies differently from tiktoken's Unicode 16 tables (U+0C5C is a
 *   letter in Unicode 17 and punctuation-like for tiktoken; see tokenizers/splitPattern.ts).
 *
 * "Whitespace" is Unicode White_Space as Rust's regex crate uses it: it includes U+0085 (NEL),
 * which JavaScript's `\s` does not, and excludes U+FEFF, which JavaScript's `\s` includes. The
 * rules treat both as "maybe whitespace" and never cut next to them. (@huggingface/tokenizers
 * rewrites `\s` to `\p{White_Space}`, the Rust meaning.)
 *
 * Vendor vocabularies (tokenizer.json run by @huggingface/tokenizers: added tokens split out
 * first, then the normalizer, the pre-tokenizer and BPE per piece), checked by the property tests
 * in test/unit/core/counting/vendorCutRules.test.ts against from-scratch counts:
 *
 * - **Qwen 3** splits with cl100k_base's pattern except that digits are single pieces (`\p{N}`
 *   for `\p{N}{1,3}`), so the cl100k line and space cuts hold as argued above. Its NFC
 *   normalizer could join characters across a cut (a letter and a combining accent); none of the
 *   cuts can: after `\n`, before a space and before an ASCII character the text is a
 *   normalization boundary (all three have combining class 0 and are the second half of no
 *   canonical composition, and `\n` is the first half of none), so NFC of the parts is NFC of the
 *   whole. Word cuts are therefore limited to ASCII punctuation.
 * - **DeepSeek V3** splits three times: digit groups `\p{N}{1,3}`, CJK runs, then a pattern of
 *   the cl100k shape (`[\p{L}\p{M}]+` words, ASCII-punctuation-led words, ` ?[\p{P}\p{S}]+[\r\n]*`).
 *   No digit group or CJK run contains a newline, a space or ASCII punctuation, so each split
 *   keeps every cut below, and the last pattern allows the cl100k line and space cuts and word
 *   cuts before punctuation. No normalizer.
 * - **Gemma 3** (SentencePiece BPE) has no pre-tokenizer that matters (spaces become `▁` before
 *   its split on spaces), so BPE runs over whole stretches and merges do cross spaces and
 *   punctuation: no cut inside a line is safe. But every run of newlines is an added token
 *   (`\n` … 31 × `\n`), which splits the text into independently encoded sections, and no other
 *   token contains a newline; so a cut after `\n` when the next character is not `\n` falls
 *   between two sections in the whole text as well as in the parts.
 * - Added tokens (matched in the raw text before everything else) must not contain a cut: none
 *   holds a newline or a space, and the punctuation inside them that follows a letter (`_`, `|`,
 *   `>` in Qwen's `<tool_call>`, `<|fim_prefix|>`, …) is excluded from word cuts.
 */

/** The tokenizers whose pre-tokenizers these rules were derived from (tokenizer ids). */
export type ChunkedEncoding = 'o200k_base' | 'cl100k_base' | 'qwen3' | 'deepseek_v3' | 'gemma3';

/** Where a tokenizer's text may be cut, as derived above. */
export interface CutRule {
  readonly encoding: ChunkedEncoding;
  /**
   * `pattern`: after `\n` when the next line starts, after spaces/tabs, with non-whitespace.
   * `newlineToken`: after `\n` when the next character is not `\n` (newline runs are tokens).
   */
  readonly lineCut: 'pattern' | 'newlineToken';
  /** o200k_base's punctuation pieces absorb `/` after newlines (`[\r\n/]*`). */
  readonly slashJoinsPreviousLine: boolean;
  /**
   * Cuts inside a line: `unicode` (space cuts and word cuts before any BMP punctuation or
   * symbol), `ascii` (space cuts and word cuts before ASCII punctuation only), `none`.
   */
  readonly inlineCuts: 'unicode' | 'ascii' | 'none';
  /** Punctuation never cut in front of (it follows a letter inside an added token). */
  readonly wordCutExcludes: string;
}

const RULES: Readonly<Record<ChunkedEncoding, CutRule>> = {
  o200k_base: { encoding: 'o200k_base', lineCut: 'pattern', slashJoinsPreviousLine: true, inlineCuts: 'unicode', wordCutExcludes: '' },
  cl100k_base: { encoding: 'cl100k_base', lineCut: 'pattern', slashJoinsPreviousLine: false, inlineCuts: 'unicode', wordCutExcludes: '' },
  qwen3: { encoding: 'qwen3', lineCut: 'pattern', slashJoinsPreviousLine: false, inlineCuts: 'ascii', wordCutExcludes: '_|>' },
  deepseek_v3: { encoding: 'deepseek_v3', lineCut: 'pattern', slashJoinsPreviousLine: false, inlineCuts: 'ascii', wordCutExcludes: '' },
  gemma3: { encoding: 'gemma3', lineCut: 'newlineToken', slashJoinsPreviousLine: false, inlineCuts: 'none', wordCutExcludes: '' },
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
function isSurelyNonSpace(unit: number): boolean {
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

let classedDifferently: RegExp | undefined;

/** True for a character whose category this runtime sees differently from tiktoken's tables. */
function differsFromTiktoken(char: string): boolean {
  if (!classedDifferently) {
    const { differing } = unicodeDisagreements();
    classedDifferently = differing ? new RegExp(`[${differing}]`, 'v') : /(?!)/;
  }
  return classedDifferently.test(char);
}

function isBmpLetterOrDigit(unit: number): boolean {
  if (unit < 0x80) return (unit >= 0x30 && unit <= 0x39) || ((unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a);
  if (unit >= 0xd800 && unit <= 0xdfff) return false;
  const char = String.fromCharCode(unit);
  return LETTER_OR_DIGIT.test(char) && !differsFromTiktoken(char);
}

function isBmpPunctuationOrSymbol(unit: number): boolean {
  if (unit < 0x80) {
    return unit !== APOSTROPHE && unit > 0x20 && unit < 0x7f && !isBmpLetterOrDigit(unit);
  }
  if (unit >= 0xd800 && unit <= 0xdfff) return false;
  const char = String.fromCharCode(unit);
  return MARK_OR_SYMBOL.test(char) && !differsFromTiktoken(char);
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
  const n = text.length;
  if (rule.lineCut === 'newlineToken') {
    if (p >= n) return final ? CutAnswer.No : CutAnswer.NeedMore;
    return text.charCodeAt(p) === 0x0a ? CutAnswer.No : CutAnswer.Yes;
  }
  let j = p;
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
export function inlineCutAt(text: string, p: number, rule: CutRule): boolean {
  if (rule.inlineCuts === 'none') return false;
  const before = text.charCodeAt(p - 1);
  const at = text.charCodeAt(p);
  if (at === SPACE) return isSurelyNonSpace(before);
  if (rule.inlineCuts === 'ascii' && (at >= 0x80 || rule.wordCutExcludes.includes(text[p]))) return false;
  return isBmpLetterOrDigit(before) && isBmpPunctuationOrSymbol(at);
}
