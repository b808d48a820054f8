import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { countRequest, type RequestTarget } from '../../../../src/core/request/count';
import { measureImages, type ImageMeasurement } from '../../../../src/core/request/images';
import { parseRequestFile } from '../../../../src/core/request/parse';
import type { ParsedRequest } from '../../../../src/core/request/types';
import { getTokenizer, releaseTokenizers } from '../../../../src/core/tokenizers/registry';
import { FIXTURES } from '../../../support/paths';

const DIR = join(FIXTURES, 'requests');

function request(name: string): ParsedRequest {
  const outcome = parseRequestFile(join(DIR, name), readFileSync(join(DIR, name), 'utf8'));
  assert.equal(outcome.kind, 'request');
  return (outcome as { request: ParsedRequest }).request;
}

async function sizes(parsed: ParsedRequest, name: string): Promise<ImageMeasurement[]> {
  return measureImages(parsed, join(DIR, name), { readBytes: async (path) => new Uint8Array(readFileSync(path)) });
}

const GPT_4O: RequestTarget = { id: 'openai/gpt-4o', vendor: 'openai', tokenizer: 'o200k_base' };
const GPT_4O_MINI: RequestTarget = { id: 'openai/gpt-4o-mini', vendor: 'openai', tokenizer: 'o200k_base' };
const GPT_4: RequestTarget = { id: 'openai/gpt-4', vendor: 'openai', tokenizer: 'cl100k_base' };
const GPT_5_MINI: RequestTarget = { id: 'openai/gpt-5-mini', vendor: 'openai', tokenizer: 'o200k_base' };
const HAIKU_45: RequestTarget = { id: 'anthropic/claude-haiku-4-5', vendor: 'anthropic', tokenizer: 'estimate:claude-3' };
const FLASH: RequestTarget = { id: 'google/gemini-2.5-flash', vendor: 'google', tokenizer: 'gemma3' };
const QWEN: RequestTarget = { id: 'qwen/qwen-plus', vendor: 'qwen', tokenizer: 'qwen3' };

describe('request model: counting', () => {
  let o200k: Tiktoken;
  let cl100k: Tiktoken;
  before(() => {
    o200k = get_encoding('o200k_base');
    cl100k = get_encoding('cl100k_base');
  });
  after(() => {
    o200k.free();
    cl100k.free();
    releaseTokenizers();
  });
  /** tiktoken's own count (the full build), the reference for OpenAI text. */
  const n = (text: string, encoding: Tiktoken = o200k): number => encoding.encode(text, [], []).length;

  /**
   * The cookbook's num_tokens_from_messages, written out: 3 per message, every field value's
   * tokens, 1 more for a name, 3 to prime the reply.
   */
  function cookbookMessages(list: { role: string; content: string; name?: string }[], encoding: Tiktoken = o200k): number {
    let total = 3;
    for (const message of list) {
      total += 3;
      for (const [key, value] of Object.entries(message)) {
        total += n(value, encoding);
        if (key === 'name') total += 1;
      }
    }
    return total;
  }

  it('counts a prompt file with the OpenAI framing rule, each part with its tokenizer', () => {
    const parsed = request('with-sample.prompt.yml');
    const count = countRequest(parsed, GPT_4O);
    const expected = cookbookMessages(parsed.messages.map(({ role, content }) => ({ role, content })));
    assert.equal(count.tokens, expected);
    assert.deepEqual(
      count.parts.filter((part) => part.kind === 'message').map((part) => part.tokens),
      parsed.messages.map((message) => n(message.content)),
    );
    assert.deepEqual(count.parts.find((part) => part.kind === 'framing'), { kind: 'framing', tokens: 3 + 2 * 3 + n('system') + n('user'), exactness: 'near-exact', label: 'chat framing' });
    assert.equal(count.exactness, 'near-exact');
    assert.deepEqual(count.omissions, []);
  });

  it('adds a name and its extra token', () => {
    const parsed = request('openai-chat-images.json');
    const count = countRequest({ ...parsed, images: [] }, GPT_4O);
    assert.equal(
      count.tokens,
      cookbookMessages([
        { role: 'system', name: 'house_rules', content: 'Describe images in one sentence.' },
        { role: 'user', content: 'Compare these pictures.' },
      ]),
    );
  });

  it('reproduces the cookbook’s tools example: 101 tokens on gpt-4o', () => {
    const count = countRequest(request('openai-chat-tools.json'), GPT_4O);
    assert.equal(count.tokens, 101);
    assert.equal(count.exactness, 'near-exact');
    assert.deepEqual(count.parts.filter((part) => part.kind === 'tools').map((part) => part.label), ['get_current_weather', 'tool list']);
  });

  it('follows num_tokens_for_tools on gpt-4 (cl100k_base, 10 per function), written out independently', () => {
    const count = countRequest(request('openai-chat-tools.json'), GPT_4);
    const messages = cookbookMessages(
      [
        { role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },
        { role: 'user', content: "What's the weather like in San Francisco?" },
      ],
      cl100k,
    );
    // Per function 10 + "name:description" (final period dropped); properties 3; per property 3 +
    // "name:type:description"; an enum -3, then 3 + tokens per item; 12 once at the end.
    const tools =
      10 +
      n('get_current_weather:Get the current weather in a given location', cl100k) +
      3 +
      (3 + n('location:string:The city and state, e.g. San Francisco, CA', cl100k)) +
      (3 - 3 + 3 + n('celsius', cl100k) + 3 + n('fahrenheit', cl100k) + n('unit:string:The unit of temperature to return', cl100k)) +
      12;
    assert.equal(count.tokens, messages + tools);
  });

  it('keeps the rule near-exact on dated snapshots of the checked models', () => {
    const tools = request('openai-chat-tools.json');
    assert.equal(countRequest(tools, { ...GPT_4O, id: 'openai/gpt-4o-2024-08-06' }).exactness, 'near-exact');
    assert.equal(countRequest(tools, { ...GPT_4O_MINI, id: 'gpt-4o-mini-2024-07-18' }).exactness, 'near-exact');
    assert.equal(countRequest(tools, { ...GPT_4O, id: 'openai/gpt-4.1' }).exactness, 'estimate');
  });

  it('marks the rule an estimate on models the cookbook did not check, and nested schemas everywhere', () => {
    assert.equal(countRequest(request('openai-chat-tools.json'), GPT_5_MINI).exactness, 'estimate');
    const nested = parseRequestFile('n.json', JSON.stringify({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: { filter: { type: 'object', properties: { a: { type: 'string' } } } } } } }],
    }));
    const count = countRequest((nested as { request: ParsedRequest }).request, GPT_4O);
    assert.equal(count.parts.find((part) => part.label === 'f')?.exactness, 'estimate');
    assert.equal(count.exactness, 'estimate');
  });

  it('counts an instruction file as its text alone, with no framing', () => {
    const parsed = request('AGENTS.md');
    const count = countRequest(parsed, GPT_4O);
    assert.equal(count.tokens, n(readFileSync(join(DIR, 'AGENTS.md'), 'utf8')));
    assert.deepEqual(count.parts.map((part) => part.kind), ['message']);
    assert.equal(count.exactness, 'exact');
  });

  it('names the framing it cannot count for Anthropic, Gemini and others, and marks the total ≈', () => {
    const parsed = request('with-sample.prompt.yml');
    for (const [target, vendor] of [[HAIKU_45, 'anthropic'], [FLASH, 'google'], [QWEN, 'qwen']] as const) {
      const count = countRequest(parsed, target);
      assert.deepEqual(count.omissions, [{ kind: 'chatFraming', vendor }]);
      assert.equal(count.exactness, 'estimate');
      assert.equal(count.tokens, parsed.messages.reduce((sum, message) => sum + getTokenizer(target.tokenizer).count(message.content), 0));
    }
  });

  it('adds Anthropic’s hidden tool-use system prompt from the dated table, by tool_choice', () => {
    const parsed = request('anthropic-messages.json');
    const prompt = (target: RequestTarget, choice = parsed.toolChoice) => countRequest({ ...parsed, toolChoice: choice }, target).parts.find((part) => part.label === 'tool-use system prompt');
    assert.deepEqual(prompt(HAIKU_45), { kind: 'tools', tokens: 313, exactness: 'near-exact', label: 'tool-use system prompt' });
    assert.equal(prompt(HAIKU_45, 'auto')?.tokens, 346);
    assert.deepEqual(prompt({ ...HAIKU_45, id: 'anthropic/claude-3-haiku-20240307' }, 'auto'), { kind: 'tools', tokens: 264, exactness: 'near-exact', label: 'tool-use system prompt' });
    assert.equal(prompt({ ...HAIKU_45, id: 'anthropic/claude-3-opus-20240229' }, 'any')?.tokens, 281);
    // A model newer than the table: its latest row, as an estimate.
    assert.deepEqual(prompt({ ...HAIKU_45, id: 'anthropic/claude-opus-4-8' }, 'auto'), { kind: 'tools', tokens: 346, exactness: 'estimate', label: 'tool-use system prompt' });
    const tool = parsed.tools[0]!;
    assert.equal(countRequest(parsed, HAIKU_45).parts.find((part) => part.label === 'rate_painting')?.tokens, getTokenizer(HAIKU_45.tokenizer).count(JSON.stringify(tool.raw)));
  });

  describe('images', () => {
    /** OpenAI's tile rule, written out: fit in 2048², shortest side down to 768, 512 px tiles. */
    function openAiTiles(width: number, height: number): number {
      let w = width;
      let h = height;
      if (Math.max(w, h) > 2048) [w, h] = [(w * 2048) / Math.max(w, h), (h * 2048) / Math.max(w, h)];
      if (Math.min(w, h) > 768) [w, h] = [(w * 768) / Math.min(w, h), (h * 768) / Math.min(w, h)];
      return Math.ceil(Math.floor(w) / 512) * Math.ceil(Math.floor(h) / 512);
    }

    it('prices OpenAI images by tiles, detail low at the base, GPT-4o mini at its own rates', async () => {
      const parsed = request('openai-chat-images.json');
      const measured = await sizes(parsed, 'openai-chat-images.json');
      const images = countRequest(parsed, GPT_4O, { images: measured }).parts.filter((part) => part.kind === 'image');
      assert.equal(openAiTiles(1600, 1200), 4);
      assert.deepEqual(images.map((part) => [part.tokens, part.exactness]), [[85 + 170 * 4, 'near-exact'], [85, 'near-exact']]);
      const mini = countRequest(parsed, GPT_4O_MINI, { images: measured });
      assert.deepEqual(mini.parts.filter((part) => part.kind === 'image').map((part) => part.tokens), [2833 + 5667 * 4, 2833]);
      assert.deepEqual(mini.omissions, [{ kind: 'remoteImage', url: 'https://example.com/chart.png' }]);
      assert.equal(mini.exactness, 'estimate');
    });

    it('fits a wide image into 2048 px before tiling, and calls detail auto an estimate', () => {
      const parsed = parseRequestFile('w.json', JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'wide.png' } }] }] }));
      const request_ = (parsed as { request: ParsedRequest }).request;
      const [image] = countRequest(request_, GPT_4O, { images: [{ ok: true, format: 'png', width: 3000, height: 1000 }] }).parts.filter((part) => part.kind === 'image');
      assert.equal(openAiTiles(3000, 1000), 8);
      assert.deepEqual([image!.tokens, image!.exactness], [85 + 170 * 8, 'estimate']);
    });

    it('prices Anthropic images at w·h/750 after the 1568 px resize, Gemini at 258 per image or 768 px tile', async () => {
      const parsed = request('gemini.json');
      const measured = await sizes(parsed, 'gemini.json');
      assert.deepEqual(measured.map((size) => (size.ok ? [size.width, size.height] : size.reason)), [[40, 30], [1600, 1200]]);
      const gemini = countRequest(parsed, FLASH, { images: measured }).parts.filter((part) => part.kind === 'image');
      assert.deepEqual(gemini.map((part) => [part.tokens, part.exactness]), [[258, 'near-exact'], [258 * Math.ceil(1600 / 768) * Math.ceil(1200 / 768), 'estimate']]);
      const claude = countRequest(parsed, HAIKU_45, { images: measured }).parts.filter((part) => part.kind === 'image');
      // Long edge down to 1568 px (1568 × 1176), then down again to about 1,600 tokens at most.
      const scale = 1568 / 1600;
      assert.ok((1600 * scale * 1200 * scale) / 750 > 1600);
      assert.deepEqual(claude.map((part) => part.tokens), [Math.ceil((40 * 30) / 750), 1600]);
      assert.ok(claude.every((part) => part.exactness === 'estimate'));
    });

    it('scales an Anthropic image by its long edge alone when that keeps it under 1,600 tokens', () => {
      const parsed = parseRequestFile('w.json', JSON.stringify({ model: 'claude-haiku-4-5', system: 's', messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/w.png' } }] }] }));
      const [image] = countRequest((parsed as { request: ParsedRequest }).request, HAIKU_45, { images: [{ ok: true, format: 'png', width: 3000, height: 1000 }] }).parts.filter((part) => part.kind === 'image');
      // 3000 × 1000 → 1568 × 522.7 px → 819,541 px² / 750.
      assert.equal(image!.tokens, Math.ceil((1568 * ((1000 * 1568) / 3000)) / 750));
      assert.equal(image!.tokens, 1093);
    });

    it('names images it cannot price: unread, and vendors without a published rule', () => {
      const parsed = request('gemini.json');
      assert.deepEqual(countRequest(parsed, FLASH).omissions.filter((omission) => omission.kind === 'unreadableImage').length, 2);
      assert.deepEqual(countRequest(parsed, QWEN).omissions.find((omission) => omission.kind === 'imageRule'), { kind: 'imageRule', vendor: 'qwen', count: 2 });
    });
  });
});
