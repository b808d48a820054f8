import type { ScaledEstimateSpec } from './estimate';
import { envelopeBand, type ClassFactor, type ScriptEstimateSpec } from './scriptEstimate';
import type { ScriptClass } from './scriptClasses';

/**
 * Models whose vendor moved to a newer vocabulary that no registry package carries yet: counted
 * with the predecessor's vocabulary and marked `estimate`, never passed off as exact. The bands
 * are judgement, not measurement — widen them if a measurement says so.
 */
export const SUCCESSOR_ESTIMATES: readonly ScaledEstimateSpec[] = [
  {
    id: 'estimate:gemini-3.1',
    label: '≈ Gemini 3.1+',
    exactness: 'estimate',
    method:
      'Gemma 3 vocabulary count; Gemini 3.1 and later tokenize with the Gemma 4 vocabulary, which no registry ' +
      'package carries yet',
    factor: 1,
    reference: 'gemma3',
    band: { low: -0.1, high: 0.1 },
  },
  {
    id: 'estimate:qwen-3.5',
    label: '≈ Qwen 3.5+',
    exactness: 'estimate',
    method: 'Qwen 3 vocabulary count; Qwen 3.5 and later use a larger vocabulary that no registry package carries yet',
    factor: 1,
    reference: 'qwen3',
    band: { low: -0.15, high: 0.05 },
  },
  {
    id: 'estimate:deepseek-v4',
    label: '≈ DeepSeek V4',
    exactness: 'estimate',
    method: 'DeepSeek V3 vocabulary count; DeepSeek V4’s tokenizer is not in any registry package',
    factor: 1,
    reference: 'deepseek_v3',
    band: { low: -0.1, high: 0.1 },
  },
];

/**
 * Kimi (Moonshot) ÷ o200k_base per script class. Kimi K2's tokenizer (a 163,840-entry tiktoken
 * BPE) is published but not in any npm package. The one public cross-vendor measurement: the same
 * Chinese text costs 0.81× the English-on-OpenAI baseline on Kimi and 1.15× on OpenAI (Aran
 * Komatsuzaki, "The Bitter Lesson" in 9 languages, 2026-04-29) → CJK 0.70. No published figure
 * for English or code: assumed equal to o200k_base, with a band that says so.
 */
const KIMI_FACTORS: Readonly<Record<ScriptClass, ClassFactor>> = {
  latin: { factor: 1, band: { low: -0.1, high: 0.15 } },
  code: { factor: 1, band: { low: -0.15, high: 0.2 } },
  cjk: { factor: 0.7, band: { low: -0.15, high: 0.15 } },
  otherScript: { factor: 1, band: { low: -0.3, high: 0.5 } },
};

/** The Kimi estimator, reference o200k_base. */
export const KIMI_ESTIMATE: ScriptEstimateSpec = {
  id: 'estimate:kimi',
  label: '≈ Kimi',
  exactness: 'estimate',
  method:
    'o200k_base count per script class × published Kimi/OpenAI ratios (CJK 0.70; prose and code assumed 1.0); ' +
    'Kimi’s tokenizer is not in any registry package',
  band: envelopeBand(KIMI_FACTORS),
  factors: KIMI_FACTORS,
};
