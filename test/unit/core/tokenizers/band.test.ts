import { strict as assert } from 'node:assert';
import { bandRange, countBand } from '../../../../src/core/tokenizers/band';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { ScriptEstimateTokenizer } from '../../../../src/core/tokenizers/scriptEstimate';

describe('count bands', () => {
  it('gives a script-class estimate the band of the text’s own mix of classes', () => {
    const claude = getTokenizer('estimate:claude-3') as ScriptEstimateTokenizer;
    const prose = countBand(claude, ['The quick brown fox jumps over the lazy dog. '.repeat(20)])!;
    const chinese = countBand(claude, ['敏捷的棕色狐狸跳过了懒狗。'.repeat(20)])!;
    const own = claude.estimate('The quick brown fox jumps over the lazy dog. '.repeat(20)).band;
    assert.ok(Math.abs(prose.low - own.low) < 1e-9 && Math.abs(prose.high - own.high) < 1e-9);
    assert.ok(prose.high - prose.low < chinese.high - chinese.low, 'CJK has the wider band');
    // Both narrower than (or equal to) the envelope shown when the text is unknown.
    for (const band of [prose, chinese]) assert.ok(band.low >= claude.band!.low && band.high <= claude.band!.high);
    // Several selections: weighted by each one's estimate.
    const both = countBand(claude, ['The quick brown fox jumps over the lazy dog. '.repeat(20), '敏捷的棕色狐狸跳过了懒狗。'.repeat(20)])!;
    assert.ok(both.low > chinese.low && both.low < prose.low);
  });

  it('uses a one-factor estimate’s fixed band and none for exact or near-exact tokenizers', () => {
    assert.deepEqual(countBand(getTokenizer('estimate:generic'), ['x']), getTokenizer('estimate:generic').band);
    assert.equal(countBand(getTokenizer('o200k_base'), ['x']), undefined);
    assert.equal(countBand(getTokenizer('gemma3'), ['x']), undefined);
  });

  it('turns a band into whole-token bounds', () => {
    assert.deepEqual(bandRange(1000, { low: -0.1, high: 0.15 }), [900, 1150]);
    assert.deepEqual(bandRange(0, { low: -0.1, high: 0.15 }), [0, 0]);
  });
});
