/**
 * Splits text into runs of one "script class", the unit that Claude estimates scale by: vendors'
 * tokenizers differ from o200k_base by very different ratios on prose, code and CJK text.
 */

/** What a run of text is, as far as tokenizer efficiency goes. */
export type ScriptClass = 'latin' | 'code' | 'cjk' | 'otherScript';

/** All classes, in a fixed order for breakdowns. */
export const SCRIPT_CLASSES: readonly ScriptClass[] = ['latin', 'code', 'cjk', 'otherScript'];

/** A maximal run of text of one class. */
export interface ScriptRun {
  readonly cls: ScriptClass;
  readonly text: string;
}

// Han, kana, Hangul, CJK punctuation and full-width forms: the characters CJK-trained vocabularies
// encode well and o200k_base / Claude encode at roughly one token each.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
// Letters of other non-Latin scripts (Cyrillic, Greek, Arabic, Devanagari, Thai, …).
const OTHER_LETTER = /(?![\p{Script=Latin}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])\p{L}/u;
const CJK_ANY = new RegExp(CJK.source, 'u');
const OTHER_LETTER_ANY = new RegExp(OTHER_LETTER.source, 'u');
const CODE_KEYWORD =
  /^(import|export|from|const|let|var|function|def|class|interface|type|return|if|elif|else|for|while|switch|case|try|catch|public|private|protected|static|fn|func|package|using|namespace|#include|#define|SELECT|INSERT|UPDATE|CREATE)\b/;
// Markdown's own marks (# * _) are left out: headings and emphasis are prose.
const CODE_SYMBOLS = /[{}()[\]<>=;:/\\|&+$@^~`"']/g;
const LIST_BULLET = /^([-*+•]|\d+[.)])\s/;

/**
 * Whether a line reads as code or structured data rather than prose. A heuristic on purpose —
 * keywords, a closing `;{}[](),` , indentation that is not a list, or a high share of symbols —
 * since the editor's language id does not say which lines of a Markdown prompt are code.
 */
export function isCodeLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length === 0) return false;
  if (CODE_KEYWORD.test(trimmed)) return true;
  if (/[;{}[\]()]$/.test(trimmed) || /^[}\])]/.test(trimmed)) return true;
  if (/^(\t| {2,})/.test(line) && !LIST_BULLET.test(trimmed)) return true;
  const symbols = trimmed.match(CODE_SYMBOLS)?.length ?? 0;
  const visible = trimmed.replace(/\s/g, '').length;
  return symbols / visible >= 0.12;
}

const IS_CJK = 1;
const IS_OTHER_LETTER = 2;
const IS_LETTER = 4;
const KNOWN = 8;
/** The three tests below for each BMP character, made once (a regular expression each per character was most of a long CJK line's time). */
const bmpKinds = new Uint8Array(0x10000);

function kindOf(ch: string): number {
  const unit = ch.length === 1 ? ch.charCodeAt(0) : -1;
  if (unit >= 0 && bmpKinds[unit] !== 0) return bmpKinds[unit];
  const kind = KNOWN | (CJK.test(ch) ? IS_CJK : 0) | (OTHER_LETTER.test(ch) ? IS_OTHER_LETTER : 0) | (/\p{L}/u.test(ch) ? IS_LETTER : 0);
  if (unit >= 0) bmpKinds[unit] = kind;
  return kind;
}

function charClass(ch: string, lineClass: 'latin' | 'code'): ScriptClass {
  const kind = kindOf(ch);
  if ((kind & IS_CJK) !== 0) return 'cjk';
  if (lineClass === 'latin' && (kind & IS_OTHER_LETTER) !== 0) return 'otherScript';
  return lineClass;
}

/** Neither a letter nor CJK: spaces, digits, punctuation, symbols. */
function isNeutral(ch: string): boolean {
  return (kindOf(ch) & (IS_LETTER | IS_CJK)) === 0;
}

/** The class of a prose line's first letter or CJK character (`latin` when it has none). */
function leadingClass(line: string): ScriptClass {
  for (const ch of line) if (!isNeutral(ch)) return charClass(ch, 'latin');
  return 'latin';
}

/**
 * Cuts text into maximal same-class runs. Line ends stay with the line they end; whitespace and
 * punctuation inside a line join the run they sit in, so a CJK sentence with its commas and
 * spaces stays one run.
 *
 * Only a blank line looks at the text before it (it joins the run around it); every other line is
 * classified from its own characters — neutral characters before a prose line's first letter take
 * that letter's class. So after a line that is not blank the runs start over, which lets an
 * estimate be counted in chunks cut at line starts (see {@link ScriptEstimateTokenizer.units}).
 */
export function splitByScript(text: string): ScriptRun[] {
  return [...scriptRuns(text)];
}

/** The lines of `text`, each with its line end (the last one may have none). */
function* linesOf(text: string): Generator<string> {
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const next = end === -1 ? text.length : end + 1;
    yield text.slice(start, next);
    start = next;
  }
}

/**
 * {@link splitByScript} one run at a time: a long text is walked lazily, so a count that pauses
 * between runs (a worker's slices) never spends long in one uninterruptible call.
 */
export function* scriptRuns(text: string): Generator<ScriptRun> {
  let current: ScriptClass | undefined;
  let buffer = '';
  for (const line of linesOf(text)) {
    // A blank line belongs to the run around it: a blank line inside code stays code.
    if (current !== undefined && line.trim().length === 0) {
      buffer += line;
      continue;
    }
    const lineClass = isCodeLine(line) ? 'code' : 'latin';
    // Most lines hold one class only; test the whole line before walking its characters.
    if (!CJK_ANY.test(line) && (lineClass === 'code' || !OTHER_LETTER_ANY.test(line))) {
      if (lineClass !== current) {
        if (buffer && current) yield { cls: current, text: buffer };
        buffer = '';
        current = lineClass;
      }
      buffer += line;
      continue;
    }
    const lead = lineClass === 'latin' ? leadingClass(line) : 'code';
    let inLine: ScriptClass | undefined;
    // Characters are appended a same-class stretch at a time (a 5,000,000-character CJK line
    // appended one character at a time took seconds).
    let stretch = 0;
    for (let i = 0; i < line.length; ) {
      const width = line.codePointAt(i)! > 0xffff ? 2 : 1;
      const ch = line.slice(i, i + width);
      // Neutral characters (spaces, digits, punctuation) never start a new run of their own.
      const cls = isNeutral(ch) ? (lineClass === 'code' ? 'code' : (inLine ?? lead)) : charClass(ch, lineClass);
      inLine = cls;
      if (cls !== current) {
        buffer += line.slice(stretch, i);
        stretch = i;
        if (buffer && current) yield { cls: current, text: buffer };
        buffer = '';
        current = cls;
      }
      i += width;
    }
    buffer += line.slice(stretch);
  }
  if (buffer && current) yield { cls: current, text: buffer };
}
