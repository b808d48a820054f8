import { strict as assert } from 'node:assert';
import { get_encoding } from 'tiktoken';
import { getTokenizer, describeTokenizer, tokenizerForModel, releaseTokenizers } from '../../../../src/core/tokenizers/registry';

/** A varied corpus: every kind of text a prompt file holds. */
export const CORPUS: Readonly<Record<string, string>> = {
  english: 'You are a helpful assistant. Answer in two sentences, and cite the source.\nDon\'t guess; say "I don\'t know".',
  chineseEmoji: '你是一个乐于助人的助手。请用两句话回答，并注明出处。🎉👩‍👩‍👧‍👦 混合 English 文本！',
  code: 'export function add(a: number, b: number): number {\n\treturn a + b; // sum\n}\n\nconst x = [1, 2, 3].map((n) => n ** 2);\n',
  json: '{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi\\n there"}],"temperature":0.2}',
  crlf: 'line one\r\nline two\r\n\r\n  indented\r\n',
  loneSurrogate: 'broken \uD83D pair and \uDC00 low',
  specialTokens: 'Quote <|endoftext|> and <|im_start|>system<|im_end|> plus <|fim_prefix|><|fim_middle|><|fim_suffix|>.',
  spaces: '      \n\t\t\n   trailing   \n',
  numbers: '3.14159 1234567890 1,000,000 0x1F',
};

describe('OpenAI tokenizers (tiktoken)', () => {
  after(() => releaseTokenizers());

  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    describe(encoding, () => {
      const reference = get_encoding(encoding);
      after(() => reference.free());

      for (const [name, text] of Object.entries(CORPUS)) {
        it(`counts ${name} exactly like tiktoken's full build`, () => {
          assert.equal(getTokenizer(encoding).count(text), reference.encode(text, [], []).length);
        });
      }

      it('counts special-token strings as ordinary text and never throws', () => {
        const text = '<|endoftext|>';
        const count = getTokenizer(encoding).count(text);
        assert.ok(count > 1, `expected several ordinary tokens, got ${count}`);
        assert.throws(() => reference.encode(text), /special token/i);
      });

      it('counts the empty string as 0', () => {
        assert.equal(getTokenizer(encoding).count(''), 0);
      });
    });
  }

  it('says o200k and cl100k are exact and estimates are not', () => {
    assert.equal(describeTokenizer('o200k_base')?.exactness, 'exact');
    assert.equal(describeTokenizer('cl100k_base')?.exactness, 'exact');
    assert.equal(describeTokenizer('estimate:anthropic')?.exactness, 'estimate');
    assert.ok(describeTokenizer('estimate:anthropic')?.band);
  });

  it('maps OpenAI model names to their encoding', () => {
    assert.equal(tokenizerForModel('openai', 'gpt-4o-mini'), 'o200k_base');
    assert.equal(tokenizerForModel('openai', 'gpt-4.1-mini'), 'o200k_base');
    assert.equal(tokenizerForModel('openai', 'gpt-5-nano'), 'o200k_base');
    assert.equal(tokenizerForModel('openai', 'o3-mini'), 'o200k_base');
    assert.equal(tokenizerForModel('openai', 'gpt-4-turbo'), 'cl100k_base');
    assert.equal(tokenizerForModel('openai', 'gpt-3.5-turbo'), 'cl100k_base');
  });

  it('rejects an unknown tokenizer id, naming the known ones', () => {
    assert.throws(() => getTokenizer('nope'), /Unknown tokenizer "nope".*o200k_base/);
  });

  it('frees encoders and reloads them on next use', () => {
    const before = getTokenizer('o200k_base').count(CORPUS.english!);
    releaseTokenizers();
    assert.equal(getTokenizer('o200k_base').count(CORPUS.english!), before);
  });
});
