import { SCRIPT_CLASSES, splitByScript, type ScriptClass } from './scriptClasses';
import type { ErrorBand, Tokenizer, TokenizerInfo } from './types';

/** A class's factor over the reference tokenizer's count, and the class's error band. */
export interface ClassFactor {
  readonly factor: number;
  readonly band: ErrorBand;
}

/** An estimator described without loading anything: per-class factors over a reference tokenizer. */
export interface ScriptEstimateSpec extends TokenizerInfo {
  readonly exactness: 'estimate';
  readonly band: ErrorBand;
  readonly factors: Readonly<Record<ScriptClass, ClassFactor>>;
}

/** The widest band over the classes: what a tooltip can promise before seeing the text. */
export function envelopeBand(factors: Readonly<Record<ScriptClass, ClassFactor>>): ErrorBand {
  const bands = SCRIPT_CLASSES.map((cls) => factors[cls].band);
  return { low: Math.min(...bands.map((b) => b.low)), high: Math.max(...bands.map((b) => b.high)) };
}

/** Factors are applied as integers per 10,000 tokens (every factor has at most four decimals). */
const UNITS_PER_TOKEN = 10_000;

/** One estimate with its breakdown: reference tokens per class and the band for this text. */
export interface ScriptEstimate {
  readonly count: number;
  /** Each class's band weighted by the class's share of the estimate. */
  readonly band: ErrorBand;
  readonly referenceTokens: Readonly<Record<ScriptClass, number>>;
}

/**
 * An estimate that scales by script class: the text is cut into prose / code / CJK / other-script
 * runs, each run is counted exactly with the reference tokenizer and multiplied by its class's
 * factor. Marked `estimate`; `band` is the envelope, `estimate()` gives the band for one text.
 */
export class ScriptEstimateTokenizer implements Tokenizer {
  readonly id: string;
  readonly label: string;
  readonly exactness = 'estimate' as const;
  readonly method: string;
  readonly band: ErrorBand;
  private readonly factors: Readonly<Record<ScriptClass, ClassFactor>>;

  constructor(
    spec: ScriptEstimateSpec,
    /** The exact tokenizer each run is counted with. */
    readonly reference: Tokenizer,
  ) {
    this.id = spec.id;
    this.label = spec.label;
    this.method = spec.method;
    this.band = spec.band;
    this.factors = spec.factors;
  }

  count(text: string): number {
    return this.estimate(text).count;
  }

  /** Reference tokens per class. */
  private referenceTokens(text: string): Record<ScriptClass, number> {
    const referenceTokens: Record<ScriptClass, number> = { latin: 0, code: 0, cjk: 0, otherScript: 0 };
    if (text.length > 0) {
      for (const run of splitByScript(text)) referenceTokens[run.cls] += this.reference.count(run.text);
    }
    return referenceTokens;
  }

  private unitsOf(referenceTokens: Readonly<Record<ScriptClass, number>>): number {
    let units = 0;
    for (const cls of SCRIPT_CLASSES) units += referenceTokens[cls] * Math.round(this.factors[cls].factor * UNITS_PER_TOKEN);
    return units;
  }

  /**
   * The unrounded estimate in integer units of 1/10,000 token. Integers add up exactly, so for a
   * text cut into chunks where the reference tokenizer may be cut and a line that is not blank
   * starts (see splitByScript) the chunks' units sum to the whole text's, and
   * {@link fromUnits} of the sum equals {@link count} of the whole.
   */
  units(text: string): number {
    return this.unitsOf(this.referenceTokens(text));
  }

  /** The estimate for a number of {@link units}, rounded once. */
  fromUnits(units: number): number {
    return units === 0 ? 0 : Math.max(1, Math.round(units / UNITS_PER_TOKEN));
  }

  /** The estimate with its per-class breakdown and per-text band. */
  estimate(text: string): ScriptEstimate {
    return this.fromReferenceTokens(this.referenceTokens(text));
  }

  /**
   * The estimate for reference tokens counted per class elsewhere (a count that walks the runs of
   * `splitByScript` in slices, pausing between runs).
   */
  fromReferenceTokens(referenceTokens: Readonly<Record<ScriptClass, number>>): ScriptEstimate {
    const units = this.unitsOf(referenceTokens);
    let low = 0;
    let high = 0;
    for (const cls of SCRIPT_CLASSES) {
      const { factor, band } = this.factors[cls];
      const part = referenceTokens[cls] * factor;
      low += part * band.low;
      high += part * band.high;
    }
    const scaled = units / UNITS_PER_TOKEN;
    const band = units === 0 ? this.band : { low: low / scaled, high: high / scaled };
    return { count: this.fromUnits(units), band, referenceTokens };
  }
}
