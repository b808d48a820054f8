import { isolatingScannerFor, splitIsolated, type PieceScanner } from './pieceScanner';

/** The parts of @huggingface/tokenizers' `Split` pre-tokenizer (0.2.x) that are replaced here. */
interface HfSplit {
  readonly config: { readonly type: 'Split'; readonly pattern?: { readonly Regex?: string }; readonly behavior?: string; readonly invert?: boolean };
  pre_tokenize_text(text: string): string[];
}

function isSplit(value: unknown): value is HfSplit {
  const config = (value as { config?: HfSplit['config'] } | null)?.config;
  return typeof (value as HfSplit | null)?.pre_tokenize_text === 'function' && config?.type === 'Split';
}

/** Each `Split` that {@link installOwnSplits} replaced, with its scanner. */
const ownSplits = new WeakMap<object, PieceScanner>();

/** Whether a pre-tokenizer step is a `Split` that {@link installOwnSplits} replaced. */
export function isOwnSplit(step: unknown): boolean {
  return ownSplitScanner(step) !== undefined;
}

/** The scanner of a `Split` that {@link installOwnSplits} replaced (its pieces: pieceScanner.ts's `walkIsolated`). */
export function ownSplitScanner(step: unknown): PieceScanner | undefined {
  return (typeof step === 'object' || typeof step === 'function') && step !== null ? ownSplits.get(step) : undefined;
}

/**
 * Replaces the regular expression of each `Split` pre-tokenizer (also inside a `Sequence`) whose
 * pattern pieceScanner.ts scans — Qwen's (cl100k_base's with single digits) and DeepSeek V3's
 * three — by the scanner, in a loaded @huggingface/tokenizers tokenizer. Two reasons:
 * - the JavaScript regular expression throws "Maximum call stack size exceeded" on one piece of
 *   ≈ 4 million characters (`中` × 5,000,000 on Qwen 3 and DeepSeek V3);
 * - it follows the runtime's Unicode tables (Node 20.20: Unicode 17) where the vendors' own
 *   tokenizer (Hugging Face's Rust `tokenizers`, on Oniguruma's tables: Unicode 16.0 since
 *   onig_sys 69.9) does not: U+10940 is a letter for one and not the other, so `a𐥀b` is one
 *   piece in JavaScript and two for the vendor. The scanners use Unicode 16.0, and fold `ſ` to `s`
 *   in Qwen's `(?i:'s|…)` as Oniguruma does (the JavaScript port folds ASCII only).
 * Returns how many were replaced; a pattern the scanners do not know keeps its regular expression.
 *
 * Still the runtime's: Qwen's NFC normalizer (`String.prototype.normalize`). Unicode keeps NFC
 * stable for assigned characters, so only text with a combining mark new since Unicode 16 can
 * normalize differently (Unicode 17 tables reorder it among other marks; for Unicode 16 it is
 * unassigned, a starter); matching that would mean shipping normalization tables.
 */
export function installOwnSplits(tokenizer: unknown): number {
  const preTokenizer = (tokenizer as { pre_tokenizer?: unknown } | null)?.pre_tokenizer;
  const candidates = (preTokenizer as { tokenizers?: unknown[] } | null)?.tokenizers ?? [preTokenizer];
  let replaced = 0;
  for (const candidate of candidates) {
    if (!isSplit(candidate) || candidate.config.behavior !== 'Isolated' || candidate.config.invert) continue;
    const pattern = candidate.config.pattern?.Regex;
    const scanner = pattern === undefined ? undefined : isolatingScannerFor(pattern);
    if (!scanner) continue;
    candidate.pre_tokenize_text = (text: string): string[] => splitIsolated(scanner, text);
    ownSplits.set(candidate, scanner);
    replaced++;
  }
  return replaced;
}
