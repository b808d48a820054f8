import { codePointClasses, LETTER, LOWER, MARK, NUMBER, OTHER_LETTER, PUNCTUATION, SYMBOL, UPPER, WHITE_SPACE } from './codePointClasses';

/**
 * tiktoken's split patterns as hand-written scanners: the same pieces as the regular expression
 * (splitPattern.ts, the reference in the tests), without it. A JavaScript regular expression
 * keeps a backtracking entry per character of a greedy loop over a class with astral code points,
 * and V8 gives up past 64 MB of them: one piece of about 4.2 million letters, CJK characters,
 * spaces or `=` threw "Maximum call stack size exceeded". The scanners use no stack and look at
 * each character a bounded number of times, and their classes are Unicode 16's (codePointClasses.ts)
 * like tiktoken's, whatever the runtime's.
 *
 * Each alternative of a pattern is a function giving the end of its match at a position, or −1,
 * tried in the pattern's order (leftmost-first, as both regex engines do). The comments give the
 * pattern fragment and why the greedy-then-backtrack result is what the code computes.
 */
export interface PieceScanner {
  /** End (exclusive, in UTF-16 units) of the piece that starts at `start` (< text.length). */
  end(text: string, start: number): number;
}

/** The patterns we scan, as tiktoken (and Qwen's tokenizer.json) write them. */
const O200K =
  "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const CL100K = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const CL100K_SINGLE_DIGITS = CL100K.replace('\\p{N}{1,3}', '\\p{N}');

/** DeepSeek V3's three patterns (its tokenizer.json splits with each in turn, `Isolated`). */
const DEEPSEEK_DIGITS = '\\p{N}{1,3}';
const DEEPSEEK_CJK = '[一-龥぀-ゟ゠-ヿ]+';
const DEEPSEEK_WORDS =
  "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+";

/** A scanner for one of the patterns above, or `undefined` (the caller keeps the regular expression). */
export function pieceScannerFor(pattern: string): PieceScanner | undefined {
  if (pattern === O200K) return new O200kScanner();
  if (pattern === CL100K) return new Cl100kScanner(3);
  if (pattern === CL100K_SINGLE_DIGITS) return new Cl100kScanner(1);
  return undefined;
}

/**
 * A scanner for a pattern that may match nowhere at a position (−1 from `end`): text between
 * matches becomes a piece of its own, as Hugging Face's `Split` with the `Isolated` behaviour
 * keeps it. Covers the patterns of pieceScannerFor and DeepSeek V3's three.
 */
export function isolatingScannerFor(pattern: string): PieceScanner | undefined {
  if (pattern === DEEPSEEK_DIGITS) return new DigitGroupScanner();
  if (pattern === DEEPSEEK_CJK) return new KanaHanScanner();
  if (pattern === DEEPSEEK_WORDS) return new DeepSeekWordScanner();
  return pieceScannerFor(pattern);
}

/**
 * Hugging Face's `Split` (`Isolated`, not inverted) with a scanner: each match is a piece, and so
 * is each stretch between matches (the regular expression moves on a code point at a time).
 */
export function splitIsolated(scanner: PieceScanner, text: string): string[] {
  const pieces: string[] = [];
  walkIsolated(scanner, text, (start, end) => {
    pieces.push(text.slice(start, end));
  });
  return pieces;
}

/**
 * The pieces of {@link splitIsolated} as ranges of `text`, in order, for a count that reads them
 * in place instead of slicing a string for each.
 */
export function walkIsolated(scanner: PieceScanner, text: string, visit: (start: number, end: number) => void): void {
  let gap = 0;
  for (let start = 0; start < text.length; ) {
    const end = scanner.end(text, start);
    if (end > start) {
      if (gap < start) visit(gap, start);
      visit(start, end);
      start = gap = end;
    } else {
      const unit = text.charCodeAt(start);
      const paired = unit >= 0xd800 && unit <= 0xdbff && start + 1 < text.length && (text.charCodeAt(start + 1) & 0xfc00) === 0xdc00;
      start += paired ? 2 : 1;
    }
  }
  if (gap < text.length) visit(gap, text.length);
}

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const SLASH = 0x2f;
const APOSTROPHE = 0x27;

/** o200k's "upper-like" and "lower-like" word classes: [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and [\p{Ll}\p{Lm}\p{Lo}\p{M}]. */
const UPPERISH = UPPER | OTHER_LETTER | MARK;
const LOWERISH = LOWER | OTHER_LETTER | MARK;
const WORDISH = UPPERISH | LOWERISH;

/** Reads code points: `classAt` returns the class bits at a position and leaves the width in `width`. */
abstract class CodePointReader {
  protected readonly classes = codePointClasses();
  /** UTF-16 units of the code point last read by {@link classAt} (1 or 2). */
  protected width = 1;

  /** Class bits of the code point at `i` (a lone surrogate has none, like U+FFFD's in tiktoken). */
  protected classAt(text: string, i: number): number {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.width = 2;
        return this.classes[0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)];
      }
    }
    this.width = 1;
    return this.classes[unit];
  }

  /** End of the longest run of code points from `i` whose classes meet `mask`. */
  protected runOf(text: string, i: number, mask: number): number {
    const classes = this.classes;
    while (i < text.length) {
      const unit = text.charCodeAt(i);
      if (unit < 0xd800) {
        if ((classes[unit] & mask) === 0) break;
        i++;
      } else {
        if ((this.classAt(text, i) & mask) === 0) break;
        i += this.width;
      }
    }
    return i;
  }

  /** `[^\r\n\p{L}\p{N}]`: the optional lead character of a word. */
  protected isWordLead(text: string, i: number, bits: number): boolean {
    const unit = text.charCodeAt(i);
    return unit !== CR && unit !== LF && (bits & (LETTER | NUMBER)) === 0;
  }

  /**
   * `(?i:'s|'t|'re|'ve|'m|'ll|'d)` at `i`: its end, or −1. Rust folds case the Unicode way, so `s`
   * also matches U+017F (ſ); no other character folds to these letters.
   */
  protected contraction(text: string, i: number): number {
    if (text.charCodeAt(i) !== APOSTROPHE || i + 1 >= text.length) return -1;
    const first = text.charCodeAt(i + 1) | 0x20;
    if (first === 0x73 /* s */ || first === 0x74 /* t */ || first === 0x6d /* m */ || first === 0x64 /* d */) return i + 2;
    if (text.charCodeAt(i + 1) === 0x17f) return i + 2;
    if (i + 2 >= text.length) return -1;
    const second = text.charCodeAt(i + 2) | 0x20;
    if ((first === 0x72 /* r */ || first === 0x76) /* v */ && second === 0x65 /* e */) return i + 3;
    if (first === 0x6c /* l */ && second === 0x6c) return i + 3;
    return -1;
  }

  /** `\p{N}{1,max}` at `i`: its end, or −1. */
  protected digits(text: string, i: number, max: number): number {
    if ((this.classAt(text, i) & NUMBER) === 0) return -1;
    let end = i + this.width;
    for (let k = 1; k < max && end < text.length && (this.classAt(text, end) & NUMBER) !== 0; k++) end += this.width;
    return end;
  }

  /**
   * ` ?[^\s\p{L}\p{N}]+` then `[\r\n]*` (with `/` too when `slash`): its end, or −1. A leading
   * space is taken only when punctuation follows; without it the space is no punctuation itself.
   */
  protected punctuation(text: string, i: number, slash: boolean): number {
    // Read once: an imported constant is a getter call where the module is not bundled (tests, the bench).
    const stop = WHITE_SPACE | LETTER | NUMBER;
    const from = text.charCodeAt(i) === SPACE ? i + 1 : i;
    if (from >= text.length || (this.classAt(text, from) & stop) !== 0) return -1;
    // Not (white space, letter or number): the run of runOf with the class mask inverted.
    let end = from;
    const classes = this.classes;
    while (end < text.length) {
      const unit = text.charCodeAt(end);
      if (unit < 0xd800) {
        if ((classes[unit] & stop) !== 0) break;
        end++;
      } else {
        if ((this.classAt(text, end) & stop) !== 0) break;
        end += this.width;
      }
    }
    for (let unit = text.charCodeAt(end); end < text.length && (unit === CR || unit === LF || (slash && unit === SLASH)); unit = text.charCodeAt(end)) end++;
    return end;
  }

  /**
   * `\s*[\r\n]+|\s+(?!\S)|\s+` at `i` (whitespace, every character of it one UTF-16 unit):
   * - `\s*[\r\n]+`: the greedy `\s*` backs off to the last line break of the run, and `[\r\n]+`
   *   then takes just that one (a later one would have been found first);
   * - `\s+(?!\S)`: the whole run at the end of the text, else the run less its last character
   *   (which is whitespace, so the look-ahead holds there), if that leaves one;
   * - `\s+`: the run.
   */
  protected whiteSpace(text: string, i: number): number {
    let end = i;
    let lastBreak = -1;
    // Every White_Space character is in the BMP: one table look-up per UTF-16 unit.
    const classes = this.classes;
    const whiteSpace = WHITE_SPACE;
    for (; end < text.length; end++) {
      const unit = text.charCodeAt(end);
      if ((classes[unit] & whiteSpace) === 0) break;
      if (unit === CR || unit === LF) lastBreak = end;
    }
    if (lastBreak >= 0) return lastBreak + 1;
    if (end === text.length || end - 1 === i) return end;
    return end - 1;
  }
}

/** o200k_base: words split before capitals (`camelCase` → `camel`, `Case`), `/` after line breaks. */
class O200kScanner extends CodePointReader implements PieceScanner {
  end(text: string, start: number): number {
    const ascii = this.asciiEnd(text, start);
    if (ascii >= 0) return ascii;
    const bits = this.classAt(text, start);
    const width = this.width;
    const lead = this.isWordLead(text, start, bits);
    // The word alternatives need a letter or mark here or right after a lead character.
    let end = -1;
    if ((bits & WORDISH) !== 0 || (lead && start + width < text.length && (this.classAt(text, start + width) & WORDISH) !== 0)) {
      // `[^\r\n\p{L}\p{N}]?` before each word alternative: tried with the lead character, then without.
      end = lead ? this.upperThenLower(text, start + width) : -1;
      if (end < 0) end = this.upperThenLower(text, start);
      if (end < 0 && lead) end = this.capitalized(text, start + width);
      if (end < 0) end = this.capitalized(text, start);
      if (end >= 0) {
        const contraction = this.contraction(text, end);
        return contraction >= 0 ? contraction : end;
      }
    }
    end = this.digits(text, start, 3);
    if (end < 0) end = this.punctuation(text, start, true);
    return end >= 0 ? end : this.whiteSpace(text, start);
  }

  /**
   * The end of a piece of ASCII letters or digits from `start` that nothing non-ASCII could
   * change, or −1 (then the general scan decides). Most pieces of English, code and base64 are
   * such words or numbers, and base64 has one every two characters; class look-ups and the
   * alternatives tried in turn cost more there than the piece's merge.
   * - A word, with an optional lead (ASCII but no letter, digit or line break) before an ASCII
   *   letter: its capitals, then its small letters. `[upper-like]*[lower-like]+` takes both when
   *   there are small letters; else `[upper-like]+[lower-like]*` takes the capitals. Either ends
   *   only where an ASCII character follows: a non-ASCII letter or mark could extend it.
   * - Digits: up to three, `\p{N}{1,3}`, unless a fourth character could be a non-ASCII number.
   */
  private asciiEnd(text: string, start: number): number {
    const unit = text.charCodeAt(start);
    if (unit >= 0x80) return -1;
    if (isAsciiDigit(unit)) return asciiNumberEnd(text, start, 3);
    const from = asciiWordStart(text, start);
    if (from < 0) return -1;
    let upperEnd = from;
    while (upperEnd < text.length && isAsciiUpper(text.charCodeAt(upperEnd))) upperEnd++;
    let end = upperEnd;
    while (end < text.length && isAsciiLower(text.charCodeAt(end))) end++;
    if (end < text.length) {
      const next = text.charCodeAt(end);
      if (next >= 0x80) return -1;
      if (next === APOSTROPHE) {
        const contraction = this.contraction(text, end);
        if (contraction >= 0) return contraction;
      }
    }
    return end;
  }

  /**
   * `[upper-like]*[lower-like]+` at `i`, or −1. The greedy first loop runs to `r`; the second then
   * needs a lower-like character at `r` (only Ll can be there: the rest are upper-like), else it
   * backs off to the last character of the run that is also lower-like (Lm, Lo, M), and ends right
   * after it, since what follows that one is Lu/Lt or `r` itself.
   */
  private upperThenLower(text: string, i: number): number {
    let r = i;
    let lastLowerlike = -1;
    let lastWidth = 1;
    while (r < text.length) {
      const bits = this.classAt(text, r);
      if ((bits & UPPERISH) === 0) break;
      if ((bits & LOWERISH) !== 0) {
        lastLowerlike = r;
        lastWidth = this.width;
      }
      r += this.width;
    }
    if (r < text.length && (this.classAt(text, r) & LOWERISH) !== 0) return this.runOf(text, r, LOWERISH);
    return lastLowerlike >= 0 ? lastLowerlike + lastWidth : -1;
  }

  /** `[upper-like]+[lower-like]*` at `i`, or −1: neither loop can fail after the first character. */
  private capitalized(text: string, i: number): number {
    if (i >= text.length || (this.classAt(text, i) & UPPERISH) === 0) return -1;
    return this.runOf(text, this.runOf(text, i, UPPERISH), LOWERISH);
  }
}

/** cl100k_base (`maxDigits` 3) and Qwen's variant of it (`\p{N}` alone, `maxDigits` 1). */
class Cl100kScanner extends CodePointReader implements PieceScanner {
  constructor(private readonly maxDigits: number) {
    super();
  }

  end(text: string, start: number): number {
    const contraction = this.contraction(text, start);
    if (contraction >= 0) return contraction;
    const ascii = asciiWordOrNumberEnd(text, start, this.maxDigits);
    if (ascii >= 0) return ascii;
    const bits = this.classAt(text, start);
    const width = this.width;
    // `[^\r\n\p{L}\p{N}]?\p{L}+`: with the lead character when a letter follows it, else from a letter.
    if (this.isWordLead(text, start, bits) && start + width < text.length && (this.classAt(text, start + width) & LETTER) !== 0) {
      return this.runOf(text, start + width, LETTER);
    }
    if ((bits & LETTER) !== 0) return this.runOf(text, start, LETTER);
    let end = this.digits(text, start, this.maxDigits);
    if (end < 0) end = this.punctuation(text, start, false);
    return end >= 0 ? end : this.whiteSpace(text, start);
  }
}

/**
 * The end of a piece of ASCII letters (with an optional ASCII lead that is no letter, digit or line
 * break) or ASCII digits from `start` that nothing non-ASCII could change, or −1: the general scan
 * decides where a non-ASCII character follows (it could be a letter, or a number).
 */
function asciiWordOrNumberEnd(text: string, start: number, maxDigits: number): number {
  const unit = text.charCodeAt(start);
  if (unit >= 0x80) return -1;
  if (isAsciiDigit(unit)) return asciiNumberEnd(text, start, maxDigits);
  let end = asciiWordStart(text, start);
  if (end < 0) return -1;
  while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
  return end < text.length && text.charCodeAt(end) >= 0x80 ? -1 : end;
}

/**
 * Where the ASCII letters of a word at `start` begin: `start` at a letter, `start` + 1 after a lead
 * (`[^\r\n\p{L}\p{N}]`, here an ASCII unit that is no letter, digit or line break) followed by
 * one; −1 otherwise. `text[start]` is ASCII and no digit.
 */
function asciiWordStart(text: string, start: number): number {
  const unit = text.charCodeAt(start);
  if (isAsciiLetter(unit)) return start;
  return unit === CR || unit === LF || start + 1 >= text.length || !isAsciiLetter(text.charCodeAt(start + 1)) ? -1 : start + 1;
}

/**
 * `\p{N}{1,max}` from the ASCII digit at `start`: its end, or −1 when a non-ASCII character could
 * be one more number.
 */
function asciiNumberEnd(text: string, start: number, max: number): number {
  let end = start + 1;
  while (end < start + max && end < text.length && isAsciiDigit(text.charCodeAt(end))) end++;
  return end < start + max && end < text.length && text.charCodeAt(end) >= 0x80 ? -1 : end;
}

/** DeepSeek's `\p{N}{1,3}`: a group of up to three numbers, or −1. */
class DigitGroupScanner extends CodePointReader implements PieceScanner {
  end(text: string, start: number): number {
    return this.digits(text, start, 3);
  }
}

/** DeepSeek's `[一-龥぀-ゟ゠-ヿ]+` (U+4E00–U+9FA5, U+3040–U+30FF): the run, or −1. */
class KanaHanScanner implements PieceScanner {
  end(text: string, start: number): number {
    let end = start;
    for (let unit = text.charCodeAt(end); end < text.length && ((unit >= 0x4e00 && unit <= 0x9fa5) || (unit >= 0x3040 && unit <= 0x30ff)); unit = text.charCodeAt(end)) end++;
    return end > start ? end : -1;
  }
}

/**
 * DeepSeek's word pattern: an ASCII punctuation mark leading ASCII letters; letters and marks
 * with an optional lead that is no line break, letter, punctuation or symbol; punctuation and
 * symbols with an optional leading space and trailing line breaks; whitespace as in the others.
 * Digits and other characters that no alternative takes (controls, format characters,
 * unassigned code points) match nowhere and end up between matches.
 */
class DeepSeekWordScanner extends CodePointReader implements PieceScanner {
  end(text: string, start: number): number {
    const unit = text.charCodeAt(start);
    if (isAsciiPunctuation(unit) && start + 1 < text.length && isAsciiLetter(text.charCodeAt(start + 1))) {
      let end = start + 2;
      while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
      return end;
    }
    const bits = this.classAt(text, start);
    const width = this.width;
    const lettersAndMarks = LETTER | MARK;
    // `[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+`: with the lead when a letter or mark follows it.
    const lead = unit !== CR && unit !== LF && (bits & (LETTER | PUNCTUATION | SYMBOL)) === 0;
    if (lead && start + width < text.length && (this.classAt(text, start + width) & lettersAndMarks) !== 0) return this.runOf(text, start + width, lettersAndMarks);
    if ((bits & lettersAndMarks) !== 0) return this.runOf(text, start, lettersAndMarks);
    // ` ?[\p{P}\p{S}]+[\r\n]*`
    const from = unit === SPACE && start + 1 < text.length && (this.classAt(text, start + 1) & (PUNCTUATION | SYMBOL)) !== 0 ? start + 1 : start;
    if ((this.classAt(text, from) & (PUNCTUATION | SYMBOL)) !== 0) {
      let end = this.runOf(text, from, PUNCTUATION | SYMBOL);
      for (let next = text.charCodeAt(end); end < text.length && (next === CR || next === LF); next = text.charCodeAt(end)) end++;
      return end;
    }
    return (bits & WHITE_SPACE) !== 0 ? this.whiteSpace(text, start) : -1;
  }
}

function isAsciiPunctuation(unit: number): boolean {
  return (unit >= 0x21 && unit <= 0x2f) || (unit >= 0x3a && unit <= 0x40) || (unit >= 0x5b && unit <= 0x60) || (unit >= 0x7b && unit <= 0x7e);
}

function isAsciiDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

function isAsciiUpper(unit: number): boolean {
  return unit >= 0x41 && unit <= 0x5a;
}

function isAsciiLower(unit: number): boolean {
  return unit >= 0x61 && unit <= 0x7a;
}

function isAsciiLetter(unit: number): boolean {
  return (unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a;
}
