import type { ScriptClass } from './scriptClasses';
import { envelopeBand, type ClassFactor, type ScriptEstimateSpec } from './scriptEstimate';

/** Claude tokenizer generations with different counts for the same text. */
export type ClaudeGeneration = 'claude-3' | 'claude-4.7';

/**
 * Claude ÷ o200k_base token ratios per script class.
 *
 * Claude 3 – 4.6 (one tokenizer family, Anthropic: no offline tokenizer since Claude 3):
 * - latin 1.16, code 1.30: Claude 3.5 Sonnet vs GPT-4o measured on English articles (+16 %) and
 *   Python code (+30 %; math +21 % falls between) — VentureBeat, "Hidden costs in AI deployment:
 *   why Claude models may be 20–30 % more expensive than GPT in enterprise settings", 2025-05-01.
 * - cjk 1.43: the same Chinese text costs 1.65× the English-on-OpenAI baseline on Claude and
 *   1.15× on OpenAI (Aran Komatsuzaki, "The Bitter Lesson" in 9 languages through six vendors'
 *   tokenizers, 2026-04-29), 1.65 / 1.15 ≈ 1.43.
 * - otherScript 1.5: no direct measurement for Cyrillic, Greek or Arabic; the same study puts
 *   Hindi above 3× the baseline on Claude. The factor sits between the Latin ratio and that
 *   extreme, with the widest band; it is the weakest-supported number here.
 *
 * Claude Opus 4.7 and later (new tokenizer; Anthropic: "roughly 1× to 1.35× as many tokens"):
 * - latin × 1.33: English 1.45×, German 1.46×, French 1.36×, Spanish 1.24× (sol.ava.dev, "Opus
 *   4.7 tokenizer", 2026-04-17, count_tokens probes 4.7 vs 4.6); English prose 1.20×, technical
 *   docs 1.47× (Claude Code Camp, "Measuring Claude 4.7's tokenizer costs", 2026-04).
 * - code × 1.24: 1.13–1.33× by language (sol.ava.dev), 1.29–1.36× (Claude Code Camp).
 * - cjk × 1.00: Chinese, Japanese, Korean unchanged (sol.ava.dev 1.00×; Claude Code Camp 1.01×).
 * - otherScript × 1.00: Cyrillic, Arabic, Hindi 1.00× (sol.ava.dev).
 *
 * Bands: each class's band covers the spread of the published measurements around the factor,
 * widened where only one source exists. They are not measured against Anthropic's endpoint by
 * this project; scripts/calibrate-claude.mjs does that with the user's own key.
 */
const FACTORS: Readonly<Record<ClaudeGeneration, Readonly<Record<ScriptClass, ClassFactor>>>> = {
  'claude-3': {
    latin: { factor: 1.16, band: { low: -0.1, high: 0.12 } },
    code: { factor: 1.3, band: { low: -0.15, high: 0.15 } },
    cjk: { factor: 1.43, band: { low: -0.2, high: 0.2 } },
    otherScript: { factor: 1.5, band: { low: -0.3, high: 0.5 } },
  },
  'claude-4.7': {
    latin: { factor: 1.16 * 1.33, band: { low: -0.15, high: 0.15 } },
    code: { factor: 1.3 * 1.24, band: { low: -0.15, high: 0.15 } },
    cjk: { factor: 1.43, band: { low: -0.2, high: 0.2 } },
    otherScript: { factor: 1.5, band: { low: -0.3, high: 0.5 } },
  },
};

/** The two Claude estimators (o200k_base is the reference), described without loading anything. */
export const CLAUDE_ESTIMATES: Readonly<Record<ClaudeGeneration, ScriptEstimateSpec>> = {
  'claude-3': {
    id: 'estimate:claude-3',
    label: '≈ Claude 3–4.6',
    exactness: 'estimate',
    method:
      'o200k_base count per script class × published Claude/GPT-4o ratios (prose 1.16, code 1.30, CJK 1.43, ' +
      'other scripts 1.5); Anthropic publishes no tokenizer for Claude 3 and later',
    band: envelopeBand(FACTORS['claude-3']),
    factors: FACTORS['claude-3'],
  },
  'claude-4.7': {
    id: 'estimate:claude-4.7',
    label: '≈ Claude Opus 4.7+',
    exactness: 'estimate',
    method:
      'o200k_base count per script class × published ratios for the Opus 4.7 tokenizer (prose 1.54, code 1.61, ' +
      'CJK 1.43, other scripts 1.5); Anthropic publishes no tokenizer for Claude 3 and later',
    band: envelopeBand(FACTORS['claude-4.7']),
    factors: FACTORS['claude-4.7'],
  },
};

/**
 * Which Claude tokenizer generation a model id belongs to: Opus 4.7 and every model numbered
 * 4.7 or later (Anthropic ships new models on the newest tokenizer); everything older, including
 * ids we cannot parse, counts as Claude 3–4.6.
 */
export function claudeGeneration(model: string): ClaudeGeneration {
  const name = model.toLowerCase().replace(/^.*\//, '');
  // Current scheme: claude-opus-4-7, claude-sonnet-4-5-20250929, claude-opus-4.7, claude-haiku-5
  // (any family name, so a new family is placed by its number too)
  const modern = /claude-[a-z]+-(\d+)(?:[-.](\d{1,2})(?!\d))?/.exec(name);
  // Older scheme: claude-3-5-sonnet, claude-3-opus
  const legacy = /claude-(\d+)(?:[-.](\d{1,2})(?!\d))?-(?:opus|sonnet|haiku)/.exec(name);
  const match = modern ?? legacy;
  if (!match) return 'claude-3';
  const major = Number(match[1]);
  const minor = match[2] === undefined ? 0 : Number(match[2]);
  return major > 4 || (major === 4 && minor >= 7) ? 'claude-4.7' : 'claude-3';
}
