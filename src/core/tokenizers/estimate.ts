import type { ErrorBand, Tokenizer, TokenizerId, TokenizerInfo } from './types';

/** How an estimate is made: an exact reference tokenizer's count times one factor. */
export interface ScaledEstimateSpec extends TokenizerInfo {
  readonly exactness: 'estimate';
  readonly band: ErrorBand;
  /** Multiplier applied to the reference count. */
  readonly factor: number;
  /** The exact tokenizer whose count is scaled; o200k_base when omitted. */
  readonly reference?: TokenizerId;
}

/**
 * An estimate from another tokenizer's exact count. Always marked `estimate` with its band so the
 * interface can show ≈ and the range instead of passing a foreign vocabulary off as exact.
 */
export class ScaledEstimateTokenizer implements Tokenizer {
  readonly id: string;
  readonly label: string;
  readonly exactness = 'estimate' as const;
  readonly method: string;
  readonly band: ErrorBand;

  constructor(
    spec: ScaledEstimateSpec,
    /** The exact tokenizer whose count is scaled (the incremental counter counts with it). */
    readonly reference: Tokenizer,
  ) {
    this.id = spec.id;
    this.label = spec.label;
    this.method = spec.method;
    this.band = spec.band;
    this.factor = spec.factor;
  }

  private readonly factor: number;

  count(text: string): number {
    return this.scale(this.reference.count(text));
  }

  /**
   * The estimate for a reference count. Applied once to a whole document's count (never per
   * chunk), so an incrementally maintained sum rounds exactly like a count from scratch.
   */
  scale(referenceCount: number): number {
    return referenceCount === 0 ? 0 : Math.max(1, Math.round(referenceCount * this.factor));
  }
}
