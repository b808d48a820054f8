import { strict as assert } from 'node:assert';
import { Decimal } from '../../../../src/core/pricing/decimal';
import { formatContext, formatInteger, formatMoney, formatPercent, formatRate, formatTokens } from '../../../../src/core/pricing/format';

describe('format', () => {
  it('groups integers and marks estimates with ≈', () => {
    assert.equal(formatInteger(1234567), '1,234,567');
    assert.equal(formatTokens(1234, 'exact'), '1,234');
    assert.equal(formatTokens(1234, 'estimate'), '≈1,234');
    // ≈ means "estimated": a near-exact count has no mark (core/tokenizers/exactness).
    assert.equal(formatTokens(1234, 'near-exact'), '1,234');
  });

  it('shows money with two decimals, or two significant digits below ten cents', () => {
    assert.equal(formatMoney(Decimal.from('1234.5'), 'USD'), '$1,234.50');
    assert.equal(formatMoney(Decimal.from('0.5'), 'USD'), '$0.50');
    assert.equal(formatMoney(Decimal.from('0.000312'), 'USD'), '$0.00031');
    assert.equal(formatMoney(Decimal.from('0.0003'), 'USD'), '$0.00030');
    assert.equal(formatMoney(Decimal.from('0.05'), 'CNY'), '¥0.050');
    assert.equal(formatMoney(Decimal.ZERO, 'USD'), '$0.00');
    assert.equal(formatMoney(Decimal.from('0.000000001'), 'USD'), '<$0.00000001');
    assert.equal(formatMoney(Decimal.from('-2'), 'USD'), '-$2.00');
  });

  it('shows rates, percentages and context sizes', () => {
    assert.equal(formatRate('0.25', 'USD'), '$0.25/M');
    assert.equal(formatRate('15', 'USD'), '$15.00/M');
    // Cents at least, so rates line up ($0.40 beside $0.42); finer rates keep their digits.
    assert.equal(formatRate('0.4', 'USD'), '$0.40/M');
    assert.equal(formatRate('0.025', 'USD'), '$0.025/M');
    assert.equal(formatRate('2', 'CNY'), '¥2.00/M');
    assert.equal(formatPercent(0.456), '46%');
    assert.equal(formatPercent(0.0456), '4.6%');
    assert.equal(formatPercent(0.0001), '<0.1%');
    assert.equal(formatContext(400000), '400K');
    assert.equal(formatContext(1048576), '1M');
    assert.equal(formatContext(2000000), '2M');
  });
});
