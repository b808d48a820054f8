import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countRequest, type RequestTarget } from '../../../../src/core/request/count';
import { countRequestWith } from '../../../../src/core/request/countAsync';
import { measureImages } from '../../../../src/core/request/images';
import { parseRequestFile } from '../../../../src/core/request/parse';
import { FIXTURES } from '../../../support/paths';

const DIR = join(FIXTURES, 'requests');

const TARGETS: readonly RequestTarget[] = [
  { id: 'openai/gpt-4o', vendor: 'openai', tokenizer: 'o200k_base' },
  { id: 'openai/gpt-4', vendor: 'openai', tokenizer: 'cl100k_base' },
  { id: 'anthropic/claude-haiku-4-5', vendor: 'anthropic', tokenizer: 'estimate:claude-3' },
  { id: 'google/gemini-2.5-flash', vendor: 'google', tokenizer: 'gemma3' },
];

/** A made-up count that no tokenizer gives: a text counted by anything else shows in the total. */
const fake = (text: string): number => text.length * 1000 + 7;

describe('request model: counting with texts counted elsewhere', () => {
  const files = readdirSync(DIR).filter((name) => /\.(json|prompt|prompty|ya?ml|md)$/.test(name));

  it('gives countRequest’s figures for every fixture and model, every text from the one batch', async () => {
    let compared = 0;
    for (const name of files) {
      const outcome = parseRequestFile(join(DIR, name), readFileSync(join(DIR, name), 'utf8'));
      if (outcome.kind !== 'request') continue;
      const images = await measureImages(outcome.request, join(DIR, name), { readBytes: async (path) => new Uint8Array(readFileSync(path)) });
      for (const target of TARGETS) {
        const batches: string[][] = [];
        const counted = await countRequestWith(
          outcome.request,
          target,
          async (tokenizer, texts) => {
            assert.equal(tokenizer, target.tokenizer);
            batches.push([...texts]);
            return texts.map(fake);
          },
          images,
        );
        const expected = countRequest(outcome.request, target, { images, count: (_tokenizer, text) => fake(text) });
        assert.deepEqual(counted, expected, `${name} on ${target.id}`);
        assert.ok(batches.length <= 1, `${name}: one batch`);
        const texts = batches[0] ?? [];
        assert.equal(new Set(texts).size, texts.length, `${name}: each text once`);
        compared++;
      }
    }
    assert.ok(compared >= 40, `compared ${compared}`);
  });

  it('asks for no batch when there is nothing to count', async () => {
    const outcome = parseRequestFile('empty.json', '{"model":"gpt-4o","messages":[{"role":"user","content":""}]}');
    assert.equal(outcome.kind, 'request');
    if (outcome.kind !== 'request') return;
    const target: RequestTarget = { id: 'google/gemini-2.5-flash', vendor: 'google', tokenizer: 'gemma3' };
    const counted = await countRequestWith(outcome.request, target, () => assert.fail('no texts to count'));
    assert.equal(counted.tokens, 0);
  });
});
