import { strict as assert } from 'node:assert';
import { bandRange, combinedBand } from '../../../../src/core/tokenizers/band';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { ScriptEstimateTokenizer } from '../../../../src/core/tokenizers/scriptEstimate';

describe('count bands', () => {
  it('gives a script-class estimate the band of the text’s own mix of classes', () => {
    const claude = getTokenizer('estimate:claude-3') as ScriptEstimateTokenizer;
    const prose = claude.estimate('The quick brown fox jumps over the lazy dog. '.repeat(20));
    const chinese = claude.estimate('敏捷的棕色狐狸跳过了懒狗。'.repeat(20));
    assert.ok(prose.band.high - prose.band.low < chinese.band.high - chinese.band.low, 'CJK has the wider band');
    // Both narrower than (or equal to) the envelope shown when the text is unknown.
    for (const { band } of [prose, chinese]) assert.ok(band.low >= claude.band.low && band.high <= claude.band.high);
  });

  it('combines several selections weighted by their counts', () => {
    const claude = getTokenizer('estimate:claude-3') as ScriptEstimateTokenizer;
    const prose = claude.estimate('The quick brown fox jumps over the lazy dog. '.repeat(20));
    const chinese = claude.estimate('敏捷的棕色狐狸跳过了懒狗。'.repeat(20));
    const both = combinedBand([
      { tokens: prose.count, band: prose.band },
      { tokens: chinese.count, band: chinese.band },
    ])!;
    assert.ok(both.low > chinese.band.low && both.low < prose.band.low);
    const expectedLow = (prose.count * prose.band.low + chinese.count * chinese.band.low) / (prose.count + chinese.count);
    assert.ok(Math.abs(both.low - expectedLow) < 1e-12);
    // One part: its own band; exact counts: none.
    assert.deepEqual(combinedBand([{ tokens: 5, band: prose.band }]), prose.band);
    assert.equal(combinedBand([{ tokens: 5 }, { tokens: 7 }]), undefined);
    assert.equal(combinedBand([]), undefined);
  });

  it('turns a band into whole-token bounds', () => {
    assert.deepEqual(bandRange(1000, { low: -0.1, high: 0.15 }), [900, 1150]);
    assert.deepEqual(bandRange(0, { low: -0.1, high: 0.15 }), [0, 0]);
  });
});
