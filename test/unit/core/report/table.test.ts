import { strict as assert } from 'node:assert';
import { escapeCsvField, escapeMarkdownCell, toCsv, toMarkdownTable } from '../../../../src/core/report/table';

describe('report tables', () => {
  const table = {
    headers: ['Model', 'Tokens', 'Cost'],
    rows: [
      ['GPT-5 mini', '1,234', '$0.00031'],
      ['a|b', '≈12', 'unpriced'],
    ],
    numeric: [false, true, true],
  };

  it('lays out Markdown with right-aligned numeric columns and escaped pipes', () => {
    assert.equal(
      toMarkdownTable(table),
      '| Model | Tokens | Cost |\n| --- | ---: | ---: |\n| GPT-5 mini | 1,234 | $0.00031 |\n| a\\|b | ≈12 | unpriced |\n',
    );
  });

  it('keeps HTML out of Markdown cells and folds newlines', () => {
    assert.equal(escapeMarkdownCell('<img src=x onerror=alert(1)>\nx'), '&lt;img src=x onerror=alert(1)&gt; x');
  });

  it('writes CSV with quoting and CRLF', () => {
    assert.equal(toCsv(table), 'Model,Tokens,Cost\r\nGPT-5 mini,"1,234",$0.00031\r\na|b,≈12,unpriced\r\n');
  });

  it('quotes quotes, commas and newlines in CSV fields', () => {
    assert.equal(escapeCsvField('say "hi", then\ngo'), '"say ""hi"", then\ngo"');
  });

  it('defuses spreadsheet formulas but not negative numbers', () => {
    assert.equal(escapeCsvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
    assert.equal(escapeCsvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(escapeCsvField('-0.5'), '-0.5');
  });

  it('rejects ragged rows', () => {
    assert.throws(() => toCsv({ headers: ['a', 'b'], rows: [['1']] }), /Row 1 has 1 cells/);
  });
});
