/**
 * Generates the bundled price table from LiteLLM's public price file.
 *
 *   npm run generate:prices                      newest ../shared/data/prices/litellm-*.json
 *   npm run generate:prices -- path/to/file.json a local copy
 *   npm run generate:prices -- --source URL      download (e.g. LiteLLM's raw file on GitHub)
 *   npm run generate:prices -- --as-of 2026-08-01 …   date the figures (default: from the file
 *                                                name, or today for a download)
 *
 * Writes src/core/data/models.generated.json and src/core/data/PRICES-NOTICE.md, and
 * src/core/data/featured.generated.json: the curation (featured.jsonc) with its rates filled from
 * the snapshot extracts in test/fixtures/prices/, which it first rewrites from the snapshots when
 * the snapshots directory is present. Every output depends on the data only, never on the clock.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelInfo } from '../src/core/pricing/types';
import { convertLiteLlm, LITELLM_PRICES_URL, type LiteLlmEntry } from '../src/core/pricing/litellm';
import { LITELLM_LICENSE } from '../src/core/pricing/refreshedTable';
import {
  extractPath,
  FEATURED_TABLE_FILE,
  featuredFromExtracts,
  formatExtract,
  formatFeaturedTable,
  makeExtract,
  readCuration,
  readExtracts,
} from './prices/featuredFiles';
import { newestSnapshot, SNAPSHOT_KINDS } from './prices/snapshots';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SNAPSHOTS = resolve(ROOT, '..', 'shared', 'data', 'prices');
const TABLE = join(ROOT, 'src', 'core', 'data', 'models.generated.json');
const NOTICE = join(ROOT, 'src', 'core', 'data', 'PRICES-NOTICE.md');
/** Where LiteLLM keeps the file online, for the notice and `--source` without a value. */
const LITELLM_URL = LITELLM_PRICES_URL;

/** The generated table's shape (mirrored by src/core/pricing/bundled.ts). */
interface GeneratedTable {
  /** Date of the data the table was generated from (not the wall clock, so reruns are byte-identical). */
  readonly generatedAt: string;
  readonly sources: readonly { readonly name: string; readonly asOf: string; readonly license: string }[];
  readonly models: readonly ModelInfo[];
}

class UsageError extends Error {}

interface Options {
  /** File path or https URL. */
  readonly source: string;
  readonly asOf?: string;
}

function parseArgs(argv: readonly string[]): Options {
  let source: string | undefined;
  let asOf: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--source') {
      const next = argv[i + 1];
      source = next && !next.startsWith('--') ? (i++, next) : LITELLM_URL;
    } else if (arg === '--as-of') {
      asOf = argv[++i];
      if (!asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError('--as-of needs a date YYYY-MM-DD.');
    } else if (arg === '-h' || arg === '--help') {
      throw new UsageError('');
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}.`);
    } else if (source) {
      throw new UsageError('Give one LiteLLM file or URL.');
    } else {
      source = arg;
    }
  }
  if (!source) {
    const newest = existsSync(SNAPSHOTS) ? newestSnapshot(SNAPSHOTS, 'litellm-model_prices_and_context_window-') : undefined;
    if (!newest) {
      throw new UsageError(`No LiteLLM snapshot in ${SNAPSHOTS}. Pass a file, or --source to download ${LITELLM_URL}.`);
    }
    source = newest;
  }
  return asOf ? { source, asOf } : { source };
}

async function readSource(source: string): Promise<{ text: string; dateFromName?: string; downloaded: boolean }> {
  if (/^https?:\/\//i.test(source)) {
    if (!source.toLowerCase().startsWith('https://')) throw new UsageError('Only https URLs are fetched.');
    let response: Response;
    try {
      response = await fetch(source);
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new Error(`Could not download ${source}: ${cause ?? (error as Error).message}`);
    }
    if (!response.ok) throw new Error(`Download failed: ${response.status} ${response.statusText} for ${source}`);
    return { text: await response.text(), downloaded: true };
  }
  if (!existsSync(source) || !statSync(source).isFile()) throw new UsageError(`No such file: ${source}`);
  const date = /(\d{4}-\d{2}-\d{2})/.exec(source.replace(/^.*[\\/]/, ''))?.[1];
  return date ? { text: readFileSync(source, 'utf8'), dateFromName: date, downloaded: false } : { text: readFileSync(source, 'utf8'), downloaded: false };
}

function parseTable(text: string, source: string): Record<string, LiteLlmEntry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${source} is not LiteLLM's price map (expected an object of model entries).`);
  }
  return parsed as Record<string, LiteLlmEntry>;
}

/** One model per line: diffs of a price refresh stay readable, and the file stays small. */
function formatTable(table: GeneratedTable): string {
  const head = JSON.stringify({ generatedAt: table.generatedAt, sources: table.sources });
  const models = table.models.map((model) => JSON.stringify(model)).join(',\n');
  return `${head.slice(0, -1)},"models":[\n${models}\n]}\n`;
}

function noticeText(asOf: string, source: string, count: number, unpriced: number): string {
  return `# Price data notice

\`models.generated.json\` is derived from LiteLLM's \`model_prices_and_context_window.json\`
(${LITELLM_URL}), as of ${asOf}, by \`scripts/generate-prices.ts\`.

What was derived: for ${count} first-party text models (OpenAI, Anthropic, Google Gemini API, xAI,
DeepSeek, Mistral, Qwen/DashScope, Moonshot, Cohere, Perplexity, Z.ai, MiniMax) the per-token
prices, converted exactly to per-1,000,000-token decimal strings (input, output, cache read, cache
write 5 min / 1 h, reasoning output, batch, long-context tiers), the input and output token limits,
and the provider and mode used to select models. Resellers and clouds, image/audio/embedding models
and fine-tune templates were left out. ${unpriced} models have no usable price there and are kept
*unpriced*. Batch rates missing from the source are 50% of list for Anthropic, OpenAI and Google,
whose Batch APIs are half price by rule.
Source read: \`${source.replace(/^.*[\\/]/, '')}\`.

The featured models (curated in \`src/core/data/featured.jsonc\`, their rates filled into
\`featured.generated.json\`) override these entries; their prices are cross-checked against
genai-prices (MIT, pydantic), ai-sdk-cost-calculator (MIT) and OpenRouter's public models API (the
extracts in \`test/fixtures/prices/\`). Mainland-China yuan prices of a few featured models are
typed from the vendors' own pages, whose addresses \`featured.jsonc\` gives.

---

MIT License

Copyright (c) 2023 Berri AI

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
}

/**
 * The featured table: the snapshots' extracts (rewritten when the snapshots are here, as committed
 * otherwise) and the curation give featured.generated.json, the same way in CI as here.
 */
function writeFeatured(): void {
  const curation = readCuration(ROOT);
  if (existsSync(SNAPSHOTS)) {
    mkdirSync(dirname(extractPath(ROOT, 'litellm')), { recursive: true });
    for (const kind of SNAPSHOT_KINDS) writeFileSync(extractPath(ROOT, kind), formatExtract(makeExtract(curation, kind, SNAPSHOTS)));
    console.log(`test/fixtures/prices/: extracts of the ${SNAPSHOT_KINDS.length} snapshots for ${curation.models.length} featured models`);
  } else {
    console.log(`No snapshots at ${SNAPSHOTS}: the committed extracts in test/fixtures/prices/ are used as they are.`);
  }
  const featured = featuredFromExtracts(curation, readExtracts(ROOT));
  writeFileSync(join(ROOT, FEATURED_TABLE_FILE), formatFeaturedTable(featured));
  console.log(`${FEATURED_TABLE_FILE}: ${featured.models.length} featured models (${curation.regional.length} priced by hand in yuan)`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const { text, dateFromName, downloaded } = await readSource(options.source);
  const asOf = options.asOf ?? dateFromName ?? (downloaded ? new Date().toISOString().slice(0, 10) : undefined);
  if (!asOf) throw new UsageError(`Cannot tell the date of ${options.source}: pass --as-of YYYY-MM-DD.`);
  const { models, report } = convertLiteLlm(parseTable(text, options.source), asOf);
  if (models.length === 0) throw new Error(`${options.source} holds no first-party text models; is it LiteLLM's price map?`);

  const table: GeneratedTable = {
    generatedAt: asOf,
    sources: [{ name: 'LiteLLM', asOf, license: LITELLM_LICENSE }],
    models,
  };
  const output = formatTable(table);
  writeFileSync(TABLE, output);
  writeFileSync(NOTICE, noticeText(asOf, options.source, report.kept, report.unpriced));
  console.log(
    `${TABLE.slice(ROOT.length + 1)}: ${report.kept} models (${report.unpriced} unpriced, ` +
      `${report.foldedSnapshots} dated snapshots folded into aliases, ${report.skipped} entries skipped), ` +
      `${(Buffer.byteLength(output) / 1024).toFixed(0)} KiB`,
  );

  writeFeatured();
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    if (error.message) console.error(error.message);
    console.error('Usage: npm run generate:prices -- [litellm.json | --source [https-url]] [--as-of YYYY-MM-DD]');
    process.exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
});
