import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCatalog } from '../../../../src/core/pricing/bundled';
import { FEATURED_MODELS, FEATURED_REFRESH_RULES, PRICE_CROSSCHECK_EXCEPTIONS } from '../../../../src/core/pricing/featured';
import { bareId } from '../../../../src/core/pricing/modelIds';
import { TIERS } from '../../../../src/core/pricing/types';
import { describeTokenizer, tokenizerForModel } from '../../../../src/core/tokenizers/registry';
import {
  FEATURED_TABLE_FILE,
  featuredFromExtracts,
  formatFeaturedTable,
  makeExtract,
  readCuration,
  readExtracts,
  statedFromExtracts,
} from '../../../../scripts/prices/featuredFiles';
import { SNAPSHOT_KINDS } from '../../../../scripts/prices/snapshots';
import { halfOf, sameRate } from '../../../../src/core/pricing/rates';
import { REPO_ROOT } from '../../../support/paths';

const ROOT = REPO_ROOT;
const SNAPSHOTS = join(ROOT, '..', 'shared', 'data', 'prices');
const curation = readCuration(ROOT);
const extracts = readExtracts(ROOT);
const statedFor = statedFromExtracts(curation, extracts);

/** What issue 2 asks the comparison to cover, by canonical id. */
const REQUIRED = [
  'openai/gpt-5-nano', 'openai/gpt-5-mini', 'openai/gpt-5', 'openai/gpt-4.1-mini', 'openai/gpt-4o-mini',
  'google/gemini-2.5-flash-lite', 'google/gemini-2.5-flash', 'google/gemini-2.5-pro',
  'anthropic/claude-haiku-4-5', 'anthropic/claude-3-5-haiku',
];
/** Vendors (and one model family each at least) the comparison must show. */
const REQUIRED_VENDORS = ['openai', 'google', 'anthropic', 'xai', 'deepseek', 'qwen', 'moonshot', 'mistral'];

describe('featured models', () => {
  it('cover the models and vendors the comparison needs, in every tier', () => {
    const ids = new Set(FEATURED_MODELS.map((model) => model.id));
    for (const id of REQUIRED) assert.ok(ids.has(id), `${id} is not featured`);
    for (const vendor of REQUIRED_VENDORS) assert.ok(FEATURED_MODELS.some((model) => model.vendor === vendor), `no ${vendor} model`);
    for (const tier of TIERS) assert.ok(FEATURED_MODELS.some((model) => model.tier === tier), `no ${tier} model`);
    for (const family of [/^google\/gemini-3\.\d+-flash$/, /^google\/gemini-3(\.\d+)?-pro/, /^anthropic\/claude-sonnet-/, /^anthropic\/claude-opus-/, /^xai\/grok-4.*fast/]) {
      assert.ok(FEATURED_MODELS.some((model) => family.test(model.id)), `nothing matches ${family}`);
    }
    for (const name of ['turbo', 'flash', 'plus', 'max']) {
      assert.ok(FEATURED_MODELS.some((model) => model.vendor === 'qwen' && model.id.includes(name)), `no Qwen ${name}`);
    }
    for (const name of ['small', 'medium', 'large']) {
      assert.ok(FEATURED_MODELS.some((model) => model.vendor === 'mistral' && model.id.includes(name)), `no Mistral ${name}`);
    }
  });

  it('are complete: unique ids, tier, the vendor tokenizer, limits, full dated price', () => {
    const seen = new Set<string>();
    for (const model of FEATURED_MODELS) {
      assert.ok(!seen.has(model.id), `duplicate ${model.id}`);
      seen.add(model.id);
      assert.ok(model.id.startsWith(`${model.vendor}/`), model.id);
      assert.equal(model.featured, true, `${model.id}: featured flag`);
      assert.ok(model.tier && TIERS.includes(model.tier), `${model.id}: tier`);
      assert.ok(describeTokenizer(model.tokenizer), `${model.id}: unknown tokenizer`);
      assert.equal(model.tokenizer, tokenizerForModel(model.vendor, bareId(model.id)), `${model.id}: tokenizer differs from the registry's`);
      assert.ok(model.contextWindow && model.contextWindow > 0, `${model.id}: context window`);
      if (model.maxInput !== undefined) assert.ok(model.maxInput <= model.contextWindow, `${model.id}: maxInput above the window`);
      assert.ok(model.aliases?.includes(bareId(model.id)), `${model.id}: bare id missing from aliases`);
      const price = model.price;
      assert.ok(price, `${model.id}: featured models must be priced`);
      assert.match(price.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(price.source.length > 0);
      for (const rate of [price.input, price.output, price.cachedInput, price.cacheWrite5m, price.cacheWrite1h, price.batchInput, price.batchOutput]) {
        if (rate !== undefined) assert.match(rate, /^\d+(\.\d+)?$/, `${model.id}: ${rate}`);
      }
      let previous = 0;
      for (const tier of price.longContext ?? []) {
        assert.ok(tier.above > previous, `${model.id}: long-context tiers ascending`);
        previous = tier.above;
      }
      if (model.vendor === 'anthropic') {
        assert.equal(price.batchInput, halfOf(price.input), `${model.id}: Anthropic batch input is half`);
        assert.equal(price.batchOutput, halfOf(price.output), `${model.id}: Anthropic batch output is half`);
      }
    }
  });

  it('resolve by every alias in the bundled catalog', () => {
    const catalog = bundledCatalog();
    for (const model of FEATURED_MODELS) {
      assert.equal(catalog.get(model.id), model, model.id);
      for (const alias of model.aliases ?? []) assert.equal(catalog.find(alias)?.id, model.id, `alias ${alias}`);
    }
  });
});

describe('featured prices against the snapshot extracts (test/fixtures/prices)', () => {
  for (const curated of curation.models) {
    const model = FEATURED_MODELS.find((featured) => featured.id === curated.id)!;
    const stated = Object.entries(statedFor(curated)).map(([kind, rates]) => ({ name: curation.snapshots[kind as keyof typeof curation.snapshots].name, rates }));

    it(`${curated.id}: input/output stated identically by two snapshots, or a documented exception`, () => {
      assert.ok(model, `${curated.id} is missing from ${FEATURED_TABLE_FILE}: run npm run generate:prices`);
      assert.equal(stated.length, Object.keys(curated.keys).length, `${curated.id}: a key finds nothing in its extract`);
      const price = model.price!;
      const agreeing = stated.filter(({ rates }) => sameRate(rates.input, price.input) && sameRate(rates.output, price.output)).map(({ name }) => name);
      const exception = PRICE_CROSSCHECK_EXCEPTIONS[model.id];
      if (exception) {
        assert.ok(exception.length > 40, `${model.id}: the exception needs a reason`);
        assert.ok(agreeing.length < 2, `${model.id}: ${agreeing.join(', ')} agree now; drop the exception`);
        assert.ok(agreeing.length >= 1, `${model.id}: even an exception must match one snapshot`);
      } else {
        const pairs = stated.map(({ name, rates }) => `${name}: ${rates.input}/${rates.output}`);
        assert.ok(agreeing.length >= 2, `${model.id} ${price.input}/${price.output} vs ${pairs.join('; ')}`);
      }
      for (const name of agreeing) assert.ok(price.source.includes(name), `${model.id}: source should name ${name}`);
    });

    it(`${curated.id}: cached-input rate matches a snapshot that states one`, function () {
      const cached = model?.price?.cachedInput;
      const withCache = stated.filter(({ rates }) => rates.cachedInput !== undefined);
      if (cached === undefined || withCache.length === 0) this.skip();
      assert.ok(
        withCache.some(({ rates }) => sameRate(rates.cachedInput, cached)),
        `${curated.id}: cached ${cached} vs ${withCache.map(({ rates }) => `${rates.key} ${rates.cachedInput}`).join(', ')}`,
      );
    });
  }

  it(`${FEATURED_TABLE_FILE} is what the curation and the committed extracts give, byte for byte`, () => {
    const expected = formatFeaturedTable(featuredFromExtracts(curation, extracts));
    assert.equal(readFileSync(join(ROOT, FEATURED_TABLE_FILE), 'utf8'), expected, 'stale or edited by hand: run npm run generate:prices');
  });

  it('features exactly the curated models, and a refresh rule names each one\'s LiteLLM key', () => {
    assert.deepEqual(FEATURED_MODELS.map((model) => model.id), [...curation.models, ...curation.regional].map((model) => model.id));
    for (const curated of curation.models) assert.equal(FEATURED_REFRESH_RULES[curated.id]?.litellm, curated.keys.litellm, curated.id);
    assert.equal(FEATURED_REFRESH_RULES['deepseek/deepseek-v4-flash']?.holdBack, PRICE_CROSSCHECK_EXCEPTIONS['deepseek/deepseek-v4-flash']);
  });

  for (const kind of SNAPSHOT_KINDS) {
    it(`the committed ${kind} extract is what the snapshot gives (when the snapshots are present)`, function () {
      if (!existsSync(SNAPSHOTS)) this.skip();
      assert.deepEqual(makeExtract(curation, kind, SNAPSHOTS), extracts[kind], 'stale: run npm run generate:prices');
    });
  }
});

describe('mainland-China yuan prices', () => {
  const regional = FEATURED_MODELS.filter((model) => model.region === 'cn');

  it('are present for the vendors whose own pages could be read: DeepSeek, and Zhipu GLM at the flash and top tiers', () => {
    assert.deepEqual(regional.map((model) => model.id).sort(), ['deepseek/deepseek-v4-flash-cn', 'zai/glm-5.3-cn', 'zai/glm-5.3-flash-cn']);
    const glm = regional.filter((model) => model.vendor === 'zai').map((model) => model.tier).sort();
    assert.deepEqual(glm, ['mini', 'top']);
  });

  for (const model of regional) {
    it(`${model.id}: in yuan, with its source page and the date it was read`, () => {
      const price = model.price!;
      assert.equal(price.currency, 'CNY');
      assert.match(price.source, /^https:\/\/[^\s/]+\.[a-z]{2,}\//, `${model.id}: the source must be the page's address`);
      assert.match(price.asOf, /^20\d\d-\d\d-\d\d$/);
      assert.ok(/-cn$/.test(model.id) && model.aliases?.every((alias) => alias.endsWith('-cn')), `${model.id}: a yuan entry never takes a dollar entry's name`);
      const curated = curation.regional.find((entry) => entry.id === model.id)!;
      assert.ok(curated.note.length > 60, `${model.id}: the curation says what the page showed`);
      assert.equal(FEATURED_REFRESH_RULES[model.id], undefined, `${model.id}: no refresh may touch a price LiteLLM does not carry`);
    });
  }
});
