import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_ESTIMATES, claudeGeneration, type ClaudeGeneration } from '../../../../src/core/tokenizers/claude';
import { describeTokenizer, getTokenizer, releaseTokenizers, tokenizerForModel } from '../../../../src/core/tokenizers/registry';
import { isCodeLine, splitByScript, type ScriptClass } from '../../../../src/core/tokenizers/scriptClasses';
import type { ScriptEstimateTokenizer } from '../../../../src/core/tokenizers/scriptEstimate';
import { FIXTURES } from '../../../support/paths';

const TOKENIZER_FIXTURES = join(FIXTURES, 'tokenizers');
const CORPUS = JSON.parse(readFileSync(join(TOKENIZER_FIXTURES, 'corpus.json'), 'utf8')) as Record<string, string>;

interface Published {
  vsO200k: { generation: ClaudeGeneration; cls: ScriptClass; ratio: number; what: string; source: string }[];
  opus47VsOpus46: { cls: ScriptClass; ratio: number; what: string; source: string }[];
}
const PUBLISHED = JSON.parse(readFileSync(join(TOKENIZER_FIXTURES, 'claude-published.json'), 'utf8')) as Published;

const ENGLISH =
  'Tokenizers split text into pieces that a model reads one at a time. Every vendor trains its own ' +
  'vocabulary on its own data, so the same paragraph costs a different number of tokens on each model, ' +
  'and the price per million tokens only tells half of the story.';
const CODE = CORPUS.code_typescript;
const CHINESE = CORPUS.chinese_long;

function claude(generation: ClaudeGeneration): ScriptEstimateTokenizer {
  return getTokenizer(CLAUDE_ESTIMATES[generation].id) as ScriptEstimateTokenizer;
}

function classesOf(text: string): ScriptClass[] {
  return [...new Set(splitByScript(text).map((run) => run.cls))];
}

describe('script classes', () => {
  it('tells prose, code, CJK and other scripts apart', () => {
    assert.deepEqual(classesOf(ENGLISH), ['latin']);
    assert.deepEqual(classesOf(CODE), ['code']);
    assert.deepEqual(classesOf(CHINESE), ['cjk']);
    assert.deepEqual(classesOf('Русский текст для проверки.'), ['otherScript']);
    assert.deepEqual(classesOf(CORPUS.json_compact), ['code']);
    assert.deepEqual(classesOf('# Title\n\n- item **bold** and _italic_\n'), ['latin']);
  });

  it('keeps a Chinese comment inside code apart from the code around it', () => {
    const runs = splitByScript('\t\tself.total = 0  # 计数器\n');
    assert.deepEqual(
      runs.map((run) => run.cls),
      ['code', 'cjk', 'code'],
    );
  });

  it('loses no character', () => {
    for (const text of Object.values(CORPUS)) {
      assert.equal(
        splitByScript(text)
          .map((run) => run.text)
          .join(''),
        text,
      );
    }
  });

  it('reads Markdown bullets and plain sentences as prose, indented or symbol-dense lines as code', () => {
    assert.equal(isCodeLine('- a bullet point that talks about things'), false);
    assert.equal(isCodeLine('  - an indented bullet'), false);
    assert.equal(isCodeLine('This is a sentence, and it ends with a comma,'), false);
    assert.equal(isCodeLine('    return x;'), true);
    assert.equal(isCodeLine('const total = items.reduce((a, b) => a + b, 0)'), true);
    assert.equal(isCodeLine('{"a":1,"b":[2,3]}'), true);
  });
});

describe('Claude estimate', function () {
  this.timeout(30000);
  after(() => releaseTokenizers());

  it('is marked estimate, with a band, for both generations', () => {
    for (const generation of ['claude-3', 'claude-4.7'] as const) {
      const info = describeTokenizer(CLAUDE_ESTIMATES[generation].id);
      assert.equal(info?.exactness, 'estimate');
      assert.ok(info?.band && info.band.low < 0 && info.band.high > 0);
      assert.match(info.method, /o200k_base/);
    }
  });

  it('scales each class by its published factor over o200k_base', () => {
    const o200k = getTokenizer('o200k_base');
    const expect = (generation: ClaudeGeneration, text: string, factor: number): void => {
      const reference = o200k.count(text);
      const estimate = claude(generation).count(text);
      assert.ok(Math.abs(estimate - reference * factor) <= 1, `${generation}: ${estimate} vs ${reference} × ${factor}`);
    };
    expect('claude-3', ENGLISH, 1.16);
    expect('claude-3', CODE, 1.3);
    expect('claude-3', CHINESE, 1.43);
    expect('claude-4.7', ENGLISH, 1.16 * 1.33);
    expect('claude-4.7', CODE, 1.3 * 1.24);
    expect('claude-4.7', CHINESE, 1.43);
  });

  it('has bands that contain every published Claude / GPT-4o measurement', () => {
    for (const entry of PUBLISHED.vsO200k) {
      const { factors } = CLAUDE_ESTIMATES[entry.generation];
      const { factor, band } = factors[entry.cls];
      const [low, high] = [factor * (1 + band.low), factor * (1 + band.high)];
      assert.ok(entry.ratio >= low && entry.ratio <= high, `${entry.what} (${entry.source}): ${entry.ratio} outside ${low}–${high}`);
    }
  });

  it('has Opus 4.7 bands that contain every published Opus 4.7 / 4.6 measurement', () => {
    for (const entry of PUBLISHED.opus47VsOpus46) {
      const older = CLAUDE_ESTIMATES['claude-3'].factors[entry.cls].factor;
      const { factor, band } = CLAUDE_ESTIMATES['claude-4.7'].factors[entry.cls];
      const implied = factor / older;
      const [low, high] = [implied * (1 + band.low), implied * (1 + band.high)];
      assert.ok(entry.ratio >= low && entry.ratio <= high, `${entry.what} (${entry.source}): ${entry.ratio} outside ${low}–${high}`);
    }
  });

  it('gives a per-text band between the class bands, and the envelope for empty text', () => {
    const mixed = `${ENGLISH}\n${CODE}\n${CHINESE}`;
    const result = claude('claude-3').estimate(mixed);
    const envelope = CLAUDE_ESTIMATES['claude-3'].band;
    assert.ok(result.band.low >= envelope.low && result.band.low <= -0.1);
    assert.ok(result.band.high <= envelope.high && result.band.high >= 0.12);
    assert.ok(result.referenceTokens.latin > 0 && result.referenceTokens.code > 0 && result.referenceTokens.cjk > 0);
    assert.deepEqual(claude('claude-3').estimate('').band, envelope);
    assert.equal(claude('claude-3').count(''), 0);
  });

  it('never throws on special-token text and counts Opus 4.7 at least as high as Claude 3', () => {
    for (const text of Object.values(CORPUS)) {
      const older = claude('claude-3').count(text);
      const newer = claude('claude-4.7').count(text);
      assert.ok(newer >= older, `${newer} < ${older} for ${JSON.stringify(text.slice(0, 30))}`);
    }
  });

  it('places each Claude model in its tokenizer generation', () => {
    const cases: [string, ClaudeGeneration][] = [
      ['claude-3-5-sonnet-20241022', 'claude-3'],
      ['claude-3-opus-20240229', 'claude-3'],
      ['claude-4-opus-20250514', 'claude-3'],
      ['claude-sonnet-4-5-20250929', 'claude-3'],
      ['claude-opus-4-6', 'claude-3'],
      ['claude-haiku-4-5', 'claude-3'],
      ['claude-opus-4-7', 'claude-4.7'],
      ['claude-opus-4.7', 'claude-4.7'],
      ['anthropic/claude-opus-4-8', 'claude-4.7'],
      ['claude-sonnet-5', 'claude-4.7'],
      ['claude-opus-5-5', 'claude-4.7'],
      ['claude-2.1', 'claude-3'],
      ['something-else', 'claude-3'],
    ];
    for (const [model, generation] of cases) assert.equal(claudeGeneration(model), generation, model);
    assert.equal(tokenizerForModel('anthropic', 'claude-opus-4-7'), 'estimate:claude-4.7');
    assert.equal(tokenizerForModel('anthropic', 'claude-haiku-4-5'), 'estimate:claude-3');
  });
});

describe('other vendors’ tokenizer choice', function () {
  this.timeout(30000);
  after(() => releaseTokenizers());

  it('maps each vendor’s models to its vocabulary, or to an estimate on the predecessor’s', () => {
    const cases: [string, string, string][] = [
      ['google', 'gemini-2.5-flash', 'gemma3'],
      ['google', 'gemini-2.0-flash-001', 'gemma3'],
      ['google', 'gemini-3-pro-preview', 'gemma3'],
      ['google', 'gemini-3.1-pro-preview', 'estimate:gemini-3.1'],
      ['google', 'gemini-3.8-flash', 'estimate:gemini-3.1'],
      ['qwen', 'qwen-plus', 'qwen3'],
      ['qwen', 'qwen3-max', 'qwen3'],
      ['qwen', 'qwen2.5-72b-instruct', 'qwen3'],
      ['qwen', 'qwen3.5-plus', 'estimate:qwen-3.5'],
      ['deepseek', 'deepseek-chat', 'deepseek_v3'],
      ['deepseek', 'deepseek-r1', 'deepseek_v3'],
      ['deepseek', 'deepseek-v3.2', 'deepseek_v3'],
      ['deepseek', 'deepseek-v4-flash', 'estimate:deepseek-v4'],
      ['moonshot', 'kimi-k2.6', 'estimate:kimi'],
      ['mistral', 'mistral-large-3', 'estimate:generic'],
    ];
    for (const [vendor, model, id] of cases) {
      assert.equal(tokenizerForModel(vendor, model), id, `${vendor}/${model}`);
      assert.ok(describeTokenizer(id), `${id} is described`);
    }
  });

  it('counts successor estimates with the predecessor vocabulary, marked estimate', () => {
    assert.equal(getTokenizer('estimate:deepseek-v4').count(CHINESE), getTokenizer('deepseek_v3').count(CHINESE));
    assert.equal(describeTokenizer('estimate:deepseek-v4')?.exactness, 'estimate');
    assert.equal(describeTokenizer('estimate:gemini-3.1')?.exactness, 'estimate');
  });

  it('estimates Kimi below o200k_base on Chinese, equal on English', () => {
    const kimi = getTokenizer('estimate:kimi');
    const o200k = getTokenizer('o200k_base');
    assert.ok(kimi.count(CHINESE) < o200k.count(CHINESE));
    assert.equal(kimi.count(ENGLISH), o200k.count(ENGLISH));
  });
});
