import { strict as assert } from 'node:assert';
import { tokenWindow } from '../../../../src/core/counting/tokenWindow';
import { describeTokenizer, getTokenizer } from '../../../../src/core/tokenizers/registry';
import { boundariesSentence, tokenGroups, tokenHover, visibleText } from '../../../../src/extension/tokenView/view';
import { englishOnly } from '../../../../src/extension/ui/l10n';
import { HAIKU, MINI } from '../../../support/statusInput';

const edges = { atDocumentStart: true, atDocumentEnd: true };

describe('token view marks', () => {
  it('alternates backgrounds token by token, and joins the byte tokens of one character into one mark', () => {
    const text = 'say 𠀀 hi';
    const window = tokenWindow(getTokenizer('o200k_base'), text, 0, text.length, edges);
    const groups = tokenGroups(window, 100);
    const shown = groups.map((group) => [text.slice(group.start - 100, group.end - 100), group.fragment, group.parity]);
    assert.deepEqual(shown[0], ['say', false, 0]);
    const rare = shown.find(([, fragment]) => fragment);
    assert.ok(rare && String(rare[0]).includes('𠀀'), JSON.stringify(shown));
    const fragmentGroup = groups.find((group) => group.fragment)!;
    assert.ok(fragmentGroup.ids.length >= 2, 'the character is several byte tokens, shown as one mark');
    for (let i = 1; i < groups.length; i++) assert.notEqual(groups[i]!.parity, groups[i - 1]!.parity);
    assert.equal(shown.map(([piece]) => piece).join(''), text, 'the marks cover the text once');
  });

  it('hovers with ids, bytes and visible whitespace, and says whose boundaries they are', () => {
    const text = 'a \tb\n';
    const window = tokenWindow(getTokenizer('o200k_base'), text, 0, text.length, edges);
    const [first] = tokenGroups(window, 0);
    const hover = tokenHover(first!, text.slice(first!.start, first!.end), 'o200k_base tokens, as gpt-5-mini is billed.', englishOnly);
    assert.match(hover, new RegExp(`^\\*\\*Token ${first!.ids[0]}\\*\\*`));
    assert.match(hover, /Bytes: `61`/);
    assert.equal(visibleText(' \t\r\n'), '·→↵');
    assert.equal(boundariesSentence(MINI, describeTokenizer('o200k_base'), 'o200k_base', englishOnly), 'o200k_base tokens, as gpt-5-mini is billed.');
    assert.equal(
      boundariesSentence(HAIKU, describeTokenizer('estimate:claude-3'), 'o200k_base', englishOnly),
      'o200k_base boundaries; Claude Haiku 4.5’s own tokenizer is not public, so its tokens cannot be shown.',
    );
  });
});
