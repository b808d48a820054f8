import { strict as assert } from 'node:assert';
import { Decimal } from '../../../../src/core/pricing/decimal';

describe('Decimal', () => {
  it('parses plain, signed and exponent forms exactly', () => {
    assert.equal(Decimal.from('0.25').toString(), '0.25');
    assert.equal(Decimal.from('-0.075').toString(), '-0.075');
    assert.equal(Decimal.from('2.5e-7').toString(), '0.00000025');
    assert.equal(Decimal.from(2.5e-7).toString(), '0.00000025');
    assert.equal(Decimal.from('1e3').toString(), '1000');
    assert.equal(Decimal.from('12.500').toString(), '12.5');
  });

  it('rejects text that is not a number', () => {
    assert.throws(() => Decimal.from('abc'), /Not a decimal number/);
    assert.throws(() => Decimal.from(''), /Not a decimal number/);
    assert.throws(() => Decimal.from(Number.NaN), /finite/);
  });

  it('adds without binary float drift', () => {
    assert.equal(Decimal.from('0.1').plus('0.2').toString(), '0.3');
    let sum = Decimal.ZERO;
    for (let i = 0; i < 1000; i++) sum = sum.plus('0.001');
    assert.equal(sum.toString(), '1');
  });

  it('multiplies and shifts exactly', () => {
    assert.equal(Decimal.from('0.075').times(1234n).shiftLeft(6).toString(), '0.00009255');
    assert.equal(Decimal.from('1.25').times('0.5').toString(), '0.625');
  });

  it('rounds half away from zero and pads', () => {
    assert.equal(Decimal.from('0.125').round(2).toString(), '0.13');
    assert.equal(Decimal.from('-0.125').round(2).toString(), '-0.13');
    assert.equal(Decimal.from('0.124').toString(2), '0.12');
    assert.equal(Decimal.from('3').toString(2), '3.00');
    assert.equal(Decimal.ZERO.toString(2), '0.00');
    assert.equal(Decimal.from('0.0004').toString(2), '0.00');
  });

  it('divides with correct rounding', () => {
    assert.equal(Decimal.from('1').dividedBy('3', 4).toString(), '0.3333');
    assert.equal(Decimal.from('2').dividedBy('3', 4).toString(), '0.6667');
    assert.equal(Decimal.from('7.1').dividedBy('7.1', 6).toString(), '1');
    assert.equal(Decimal.from('-1').dividedBy('8', 2).toString(), '-0.13');
    assert.throws(() => Decimal.from('1').dividedBy('0', 2), /Division by zero/);
  });

  it('compares across scales', () => {
    assert.equal(Decimal.from('0.10').compare('0.1'), 0);
    assert.equal(Decimal.from('0.09').compare('0.1'), -1);
    assert.equal(Decimal.from('10').compare('9.999'), 1);
  });
});
