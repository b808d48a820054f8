/**
 * Exact decimal arithmetic on BigInt, enough for money: parse, add, multiply, compare, round.
 * Prices are per-million rates with a handful of decimals and token counts are integers, so every
 * cost is an exact finite decimal; binary floats would drift (0.1 + 0.2) in displayed figures.
 */
export class Decimal {
  private constructor(
    /** The value is `units / 10^scale`. */
    private readonly units: bigint,
    private readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  /** Parses "12", "-0.075", "1.5e-7" or a finite number (through its shortest decimal form). */
  static from(value: string | number | bigint | Decimal): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value, 0);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
      return Decimal.parse(String(value));
    }
    return Decimal.parse(value);
  }

  private static parse(text: string): Decimal {
    const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
      throw new RangeError(`Not a decimal number: "${text}"`);
    }
    const [, sign, whole, fraction = '', exponentText] = match;
    const exponent = exponentText ? Number(exponentText) : 0;
    let units = BigInt((whole || '0') + fraction);
    let scale = fraction.length - exponent;
    if (scale < 0) {
      units *= 10n ** BigInt(-scale);
      scale = 0;
    }
    return new Decimal(sign === '-' ? -units : units, scale).normalized();
  }

  private normalized(): Decimal {
    let { units, scale } = this;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return scale === this.scale ? this : new Decimal(units, scale);
  }

  private aligned(other: Decimal): [bigint, bigint, number] {
    const scale = Math.max(this.scale, other.scale);
    return [
      this.units * 10n ** BigInt(scale - this.scale),
      other.units * 10n ** BigInt(scale - other.scale),
      scale,
    ];
  }

  plus(other: Decimal | string | number): Decimal {
    const [a, b, scale] = this.aligned(Decimal.from(other));
    return new Decimal(a + b, scale).normalized();
  }

  minus(other: Decimal | string | number): Decimal {
    const [a, b, scale] = this.aligned(Decimal.from(other));
    return new Decimal(a - b, scale).normalized();
  }

  times(other: Decimal | string | number | bigint): Decimal {
    const o = Decimal.from(other);
    return new Decimal(this.units * o.units, this.scale + o.scale).normalized();
  }

  /**
   * this ÷ divisor, rounded half away from zero to `places` decimals. Truncating to one extra
   * digit first is enough: that digit is 5 or more exactly when the remainder is half or more.
   */
  dividedBy(divisor: Decimal | string | number, places: number): Decimal {
    const d = Decimal.from(divisor);
    if (d.units === 0n) throw new RangeError('Division by zero.');
    const numerator = this.units * 10n ** BigInt(d.scale + places + 1);
    const denominator = d.units * 10n ** BigInt(this.scale);
    return new Decimal(numerator / denominator, places + 1).round(places);
  }

  /** Division by 10^n, exact (used to turn per-million rates into per-token ones). */
  shiftLeft(n: number): Decimal {
    return new Decimal(this.units, this.scale + n).normalized();
  }

  compare(other: Decimal | string | number): number {
    const [a, b] = this.aligned(Decimal.from(other));
    return a < b ? -1 : a > b ? 1 : 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** Rounds half away from zero to `places` decimals. */
  round(places: number): Decimal {
    if (this.scale <= places) return this;
    const divisor = 10n ** BigInt(this.scale - places);
    const negative = this.units < 0n;
    const magnitude = negative ? -this.units : this.units;
    let quotient = magnitude / divisor;
    if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
    return new Decimal(negative ? -quotient : quotient, places).normalized();
  }

  /** Plain decimal notation, no exponent, no trailing zeros; `places` pads to a fixed number of decimals. */
  toString(places?: number): string {
    const value = places === undefined ? this : this.round(places);
    const negative = value.units < 0n;
    let digits = (negative ? -value.units : value.units).toString();
    const scale = places === undefined ? value.scale : Math.max(places, value.scale);
    const padded = value.units === 0n ? '0' : digits;
    digits = (padded + '0'.repeat(Math.max(0, scale - value.scale))).padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale);
    return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  }

  /** A float for charts and sorting only; never for displayed money. */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }
}
