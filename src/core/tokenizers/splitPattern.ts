import { UNICODE_CLASSES } from './unicode16';

/**
 * Turns one of tiktoken's pre-tokenizer patterns (Rust regex syntax) into a JavaScript regular
 * expression that splits every string exactly as tiktoken does, whatever the runtime's Unicode
 * version.
 *
 * Three things differ between the two engines, and each is handled here:
 * - `\p{L}`, `\p{N}`, … follow the runtime's ICU tables in JavaScript (Node 20.20 has Unicode 17)
 *   and the regex crate's own in tiktoken (Unicode 16.0 in tiktoken 1.0.22). `𐥀't` (U+10940, a
 *   letter since 17) is one piece for the first and two for the second. Each class is written as
 *   the runtime's property minus the code points where the runtime disagrees with Unicode 16, plus
 *   those of them that Unicode 16 puts in the class ({@link unicodeDisagreements}). Written out
 *   in full, the classes push the o200k pattern past the 20 KB above which V8 stops optimizing a
 *   regular expression, and the split runs 4–8× slower.
 * - `\s` is White_Space in Rust (with U+0085, without U+FEFF, unlike JavaScript's `\s`): it is
 *   written out (it is short).
 * - `(?i:…)` is not JavaScript syntax before V8 12.5; Rust folds case the Unicode way, so the
 *   contraction `'s` also matches `'ſ` (U+017F LATIN SMALL LETTER LONG S folds to `s`).
 *
 * Only the constructs the OpenAI patterns use are handled; anything else throws, so a new pattern
 * cannot be translated silently wrong. The result uses the `v` flag (Node 20+) for class subtraction.
 */
export function tiktokenSplitRegex(pattern: string): RegExp {
  return new RegExp(translate(pattern, unicodeDisagreements()), 'gv');
}

/** The general categories the patterns use, each one key of {@link UNICODE_CLASSES}. */
type Category = 'Lu' | 'Lt' | 'Ll' | 'Lm' | 'Lo' | 'M' | 'N';
const CATEGORIES: readonly Category[] = ['Lu', 'Lt', 'Ll', 'Lm', 'Lo', 'M', 'N'];

/** Category names as the patterns write them, and the categories they stand for. */
const PATTERN_CLASSES: Readonly<Record<string, readonly Category[]>> = {
  L: ['Lu', 'Lt', 'Ll', 'Lm', 'Lo'],
  Lu: ['Lu'],
  Lt: ['Lt'],
  Ll: ['Ll'],
  Lm: ['Lm'],
  Lo: ['Lo'],
  M: ['M'],
  N: ['N'],
};

/** Where this runtime's Unicode tables disagree with tiktoken's: a class expression per category. */
export interface UnicodeDisagreements {
  /** Code points whose category (among those the patterns use) differs, as class contents. */
  readonly differing: string;
  /** For each category, the differing code points that Unicode 16 puts in it, as class contents. */
  readonly members: Readonly<Record<Category, string>>;
  /** Number of differing code points (0 on a runtime with Unicode 16 tables). */
  readonly count: number;
}

let disagreements: UnicodeDisagreements | undefined;

/**
 * Finds, once per process, the code points whose category this runtime's regular expressions
 * see differently from Unicode 16: one scan of every code point (≈ 10 ms) with a class that is
 * the symmetric difference of `\p{X}` and the Unicode 16 ranges. Node 20.20 (Unicode 17): 4,700
 * code points in 28 ranges, new letters mostly, and a few that moved between letter categories.
 */
export function unicodeDisagreements(): UnicodeDisagreements {
  if (disagreements) return disagreements;
  const difference = CATEGORIES.map((category) => {
    const ours = `[${literal(UNICODE_CLASSES[category])}]`;
    return `[\\p{${category}}--${ours}][${ours}--\\p{${category}}]`;
  }).join('');
  const found: number[] = [];
  const scan = new RegExp(`[${difference}]`, 'gv');
  const all = everyCodePoint();
  for (let match = scan.exec(all); match !== null; match = scan.exec(all)) {
    found.push(match[0].codePointAt(0) as number);
  }
  const members = {} as Record<Category, string>;
  for (const category of CATEGORIES) {
    const ranges = parseRanges(UNICODE_CLASSES[category]);
    members[category] = classOf(found.filter((codePoint) => inRanges(ranges, codePoint)));
  }
  disagreements = { differing: classOf(found), members, count: found.length };
  return disagreements;
}

/** Every code point but the surrogates, in order: 2.16 M UTF-16 units. */
function everyCodePoint(): string {
  const units = new Uint16Array(0x10000 - 0x800 + (0x110000 - 0x10000) * 2);
  let k = 0;
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) units[k++] = c;
  for (let c = 0x10000; c < 0x110000; c++) {
    units[k++] = 0xd800 + ((c - 0x10000) >> 10);
    units[k++] = 0xdc00 + ((c - 0x10000) & 0x3ff);
  }
  return new TextDecoder('utf-16le').decode(units);
}

/** `[begin, end]` pairs (inclusive) from generated class contents such as `\u{41}-\u{5A}\u{AA}`. */
function parseRanges(contents: string): number[] {
  const ranges: number[] = [];
  for (const match of contents.matchAll(/\\u\{([0-9A-F]+)\}(?:-\\u\{([0-9A-F]+)\})?/g)) {
    const begin = parseInt(match[1], 16);
    ranges.push(begin, match[2] === undefined ? begin : parseInt(match[2], 16));
  }
  return ranges;
}

function inRanges(ranges: readonly number[], codePoint: number): boolean {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (codePoint < ranges[2 * mid]) high = mid - 1;
    else if (codePoint > ranges[2 * mid + 1]) low = mid + 1;
    else return true;
  }
  return false;
}

/** Class contents for ascending code points, consecutive ones as ranges. */
function classOf(codePoints: readonly number[]): string {
  let out = '';
  for (let i = 0; i < codePoints.length; i++) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === codePoints[j] + 1) j++;
    out += j === i ? hex(codePoints[i]) : `${hex(codePoints[i])}-${hex(codePoints[j])}`;
    i = j;
  }
  return out;
}

const hex = (codePoint: number): string => `\\u{${codePoint.toString(16).toUpperCase()}}`;

/**
 * Class contents with `\u{…}` escapes replaced by the characters themselves, except ASCII
 * punctuation and controls: a third of the size, which keeps the disagreement scan optimizable.
 */
function literal(contents: string): string {
  return contents.replace(/\\u\{([0-9A-F]+)\}/g, (escape, hexDigits: string) => {
    const codePoint = parseInt(hexDigits, 16);
    return codePoint < 0x80 && !/[0-9A-Za-z]/.test(String.fromCharCode(codePoint)) ? escape : String.fromCodePoint(codePoint);
  });
}

/** The categories a pattern's `\p{…}` names. */
function categoriesOf(name: string): readonly Category[] {
  const parts = Object.prototype.hasOwnProperty.call(PATTERN_CLASSES, name) ? PATTERN_CLASSES[name] : undefined;
  if (!parts) throw new Error(`Unsupported Unicode class \\p{${name}} in a split pattern.`);
  return parts;
}

/**
 * The union of some categories as Unicode 16 has them, in `v`-flag syntax (nested classes): the
 * runtime's properties less the code points it sees differently, plus those of them that
 * Unicode 16 puts in one of the categories. One subtraction per pattern class keeps it short.
 */
function unicode16Union(categories: readonly Category[], differences: UnicodeDisagreements): string {
  const properties = categories.map((part) => `\\p{${part}}`).join('');
  if (differences.count === 0) return properties;
  const members = categories.map((part) => differences.members[part]).join('');
  return `[[${properties}]--[${differences.differing}]]${members ? `[${members}]` : ''}`;
}

/**
 * Simple case folding of the ASCII letters in the contractions, as Rust's `(?i)` applies it: each
 * folds only with its other case, except `s`, which U+017F also folds to.
 */
function caseless(letter: string): string {
  const lower = letter.toLowerCase();
  return `[${lower}${lower.toUpperCase()}${lower === 's' ? '\u017f' : ''}]`;
}

/** `(?i:'s|'t|…)` → `(?:'[sSſ]|'[tT]|…)`: the group's literal letters made caseless. */
function caselessGroup(body: string): string {
  if (!/^[a-z'|]+$/i.test(body)) throw new Error(`Unsupported case-insensitive group (?i:${body}) in a split pattern.`);
  return `(?:${body.replace(/[a-z]/gi, caseless)})`;
}

function translate(pattern: string, differences: UnicodeDisagreements): string {
  const whiteSpace = UNICODE_CLASSES.White_Space;
  let out = '';
  // Inside a bracket class, its \p{…} categories, written out together when the class closes.
  let inClass: Category[] | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next === 'p') {
        const close = pattern.indexOf('}', i);
        const categories = categoriesOf(pattern.slice(i + 3, close));
        if (inClass) inClass.push(...categories);
        else out += `[${unicode16Union(categories, differences)}]`;
        i = close;
      } else if (next === 's') {
        out += `[${whiteSpace}]`;
        i++;
      } else if (next === 'S' && !inClass) {
        out += `[^${whiteSpace}]`;
        i++;
      } else if (next === 'r' || next === 'n') {
        out += char + next;
        i++;
      } else {
        throw new Error(`Unsupported escape \\${next} in a split pattern.`);
      }
    } else if (!inClass && pattern.startsWith('(?i:', i)) {
      const close = pattern.indexOf(')', i);
      out += caselessGroup(pattern.slice(i + 4, close));
      i = close;
    } else if (inClass && char === '/') {
      out += '\\/'; // a syntax character inside a `v`-flag class
    } else if (char === '[' && !inClass) {
      inClass = [];
      out += char;
    } else if (char === ']' && inClass) {
      out += (inClass.length > 0 ? unicode16Union(inClass, differences) : '') + char;
      inClass = undefined;
    } else {
      out += char;
    }
  }
  return out;
}
