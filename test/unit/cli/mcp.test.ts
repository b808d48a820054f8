/**
 * `token-cost mcp` as a client meets it: the built server (dist/cli.js) spawned over stdio by the
 * official SDK's client, every tool called, bad input answered with tool errors, roots honoured.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { get_encoding } from 'tiktoken';
import { bundledCatalog } from '../../../src/core/pricing/bundled';
import { Decimal } from '../../../src/core/pricing/decimal';
import { FIXTURES, REPO_ROOT } from '../../support/paths';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const PROMPT = 'You are a careful assistant. Answer in one short paragraph, citing the file you read.\n';

function o200k(text: string): number {
  const encoding = get_encoding('o200k_base');
  try {
    return encoding.encode(text).length;
  } finally {
    encoding.free();
  }
}

/** The sandbox: two roots, a directory beside them the server must never read, and traps inside. */
function makeSandbox(): { base: string; root: string; other: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'token-cost-mcp-')));
  const root = join(base, 'root');
  const other = join(base, 'other');
  const outside = join(base, 'outside');
  for (const dir of [root, join(root, 'docs'), other, outside, join(root, 'images')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(root, 'docs', 'prompt.md'), PROMPT);
  writeFileSync(join(other, 'notes.md'), 'Notes in the second root.\n');
  writeFileSync(join(outside, 'secret.md'), 'Not for the server.\n');
  copyFileSync(join(FIXTURES, 'cli', 'binary.bin'), join(root, 'binary.bin'));
  symlinkSync(join(outside, 'secret.md'), join(root, 'link-out.md'));
  // A prompt file inside the root whose image lies outside it: the image must not be read.
  copyFileSync(join(FIXTURES, 'requests', 'images', 'red-40x30.png'), join(outside, 'red-40x30.png'));
  copyFileSync(join(FIXTURES, 'requests', 'images', 'red-40x30.png'), join(root, 'images', 'red-40x30.png'));
  const vision = (image: string): string => `---\nname: Swatch\nmodel:\n  api: chat\n---\nuser:\nWhich colour?\n![swatch](${image})\n`;
  writeFileSync(join(root, 'inside.prompty'), vision('images/red-40x30.png'));
  writeFileSync(join(root, 'escape.prompty'), vision('../outside/red-40x30.png'));
  return { base, root, other, outside };
}

interface Connection {
  readonly client: Client;
  readonly stderr: () => string;
  close(): Promise<void>;
}

/** Spawns `node dist/cli.js mcp` in `cwd`; with `roots`, the client declares the capability and answers roots/list. */
async function connect(cwd: string, priceCache: string, roots?: readonly string[]): Promise<Connection> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--prices-cache', priceCache], cwd, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'token-cost-test', version: '1.0.0' }, roots ? { capabilities: { roots: { listChanged: true } } } : {});
  if (roots) client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: roots.map((dir) => ({ uri: pathToFileURL(dir).href, name: dir })) }));
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

async function call(connection: Connection, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await connection.client.callTool({ name, arguments: args })) as CallToolResult;
}

function errorText(result: CallToolResult): string {
  assert.equal(result.isError, true, `expected a tool error, got ${JSON.stringify(result).slice(0, 400)}`);
  const [part] = result.content;
  assert.ok(part && part.type === 'text');
  return part.text;
}

interface FileResult {
  path: string;
  characters: number;
  results: { model: string; tokens: number; exactness: string; band: unknown; cost: { total: string } | null; fractionOfContext: number | null; overLimit: boolean }[];
}

describe('token-cost mcp (the built server over stdio)', function () {
  this.timeout(120_000);
  let sandbox: ReturnType<typeof makeSandbox>;
  let priceCache: string;
  let withRoots: Connection;

  before(async function () {
    if (!existsSync(CLI)) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT });
    sandbox = makeSandbox();
    // An empty price cache: the bundled prices, whatever this machine refreshed before.
    priceCache = join(sandbox.base, 'prices');
    // The server runs in `outside`: with roots given, its working directory must not matter.
    withRoots = await connect(sandbox.outside, priceCache, [sandbox.root, sandbox.other]);
  });

  after(async () => {
    await withRoots?.close();
    if (sandbox) rmSync(sandbox.base, { recursive: true, force: true });
  });

  it('lists the three tools, each with input and output schemas and read-only annotations', async () => {
    const { tools } = await withRoots.client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['compare_models', 'count_tokens', 'list_models']);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object', tool.name);
      assert.equal(tool.outputSchema?.type, 'object', tool.name);
      assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
      assert.ok((tool.description ?? '').length > 60, tool.name);
    }
    const count = tools.find((tool) => tool.name === 'count_tokens')!;
    assert.deepEqual(Object.keys(count.inputSchema.properties ?? {}).sort(), ['models', 'path', 'raw', 'text']);
  });

  it('count_tokens: given text on two models, the same figures as token-cost --json', async () => {
    const result = await call(withRoots, 'count_tokens', { text: PROMPT, models: ['gpt-5-mini', 'claude-haiku-4-5'] });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    const structured = result.structuredContent as unknown as FileResult;
    assert.equal(structured.path, '<text>');
    assert.deepEqual(
      structured.results.map((entry) => [entry.model, entry.exactness]),
      [
        ['openai/gpt-5-mini', 'exact'],
        ['anthropic/claude-haiku-4-5', 'estimate'],
      ],
    );
    assert.equal(structured.results[0]!.tokens, o200k(PROMPT));
    assert.equal(structured.results[0]!.band, null);
    assert.ok(structured.results[1]!.band, 'an estimate carries its band');
    // The CLI's JSON contract: the built CLI on the same text with the same prices prints the same entry.
    const cli = spawnSync(process.execPath, [CLI, '--json', '-m', 'gpt-5-mini', '-m', 'claude-haiku-4-5', '--prices-cache', priceCache], { input: PROMPT, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(structured, { ...JSON.parse(cli.stdout).files[0], path: '<text>' });
    // The text parts: the same JSON for clients without structured content, and a summary line per model.
    const [json, summary] = result.content;
    assert.ok(json?.type === 'text' && summary?.type === 'text');
    assert.deepEqual(JSON.parse(json.text), structured);
    assert.match(summary.text, new RegExp(`^openai/gpt-5-mini: ${o200k(PROMPT)} tokens \\(exact\\), \\$[\\d.]+ per call, <?[\\d.]+% of 272K input, fits$`, 'm'));
    assert.match(summary.text, /^anthropic\/claude-haiku-4-5: ≈\d+ tokens \(estimate\)/m);
  });

  it('count_tokens: a path relative to a root, a path in the second root, and a file: URI', async () => {
    const relative = (await call(withRoots, 'count_tokens', { path: 'docs/prompt.md' })).structuredContent as unknown as FileResult;
    assert.equal(relative.path, join(sandbox.root, 'docs', 'prompt.md'));
    assert.equal(relative.results[0]!.model, 'openai/gpt-5-mini');
    assert.equal(relative.results[0]!.tokens, o200k(PROMPT));
    const second = (await call(withRoots, 'count_tokens', { path: 'notes.md' })).structuredContent as unknown as FileResult;
    assert.equal(second.path, join(sandbox.other, 'notes.md'));
    const uri = await call(withRoots, 'count_tokens', { path: pathToFileURL(join(sandbox.root, 'docs', 'prompt.md')).href });
    assert.equal((uri.structuredContent as unknown as FileResult).results[0]!.tokens, o200k(PROMPT));
  });

  it('count_tokens: a prompt file is counted as its request, images read only inside the roots', async () => {
    const inside = (await call(withRoots, 'count_tokens', { path: 'inside.prompty', models: ['gpt-5'] })).structuredContent as unknown as FileResult & {
      parseError: unknown;
      results: { request: { parts: { kind: string; tokens: number }[] } | null }[];
    };
    assert.equal(inside.parseError, null);
    assert.ok(inside.results[0]!.request?.parts.some((part) => part.kind === 'image' && part.tokens === 255), JSON.stringify(inside.results[0]!.request));
    const escape = (await call(withRoots, 'count_tokens', { path: 'escape.prompty', models: ['gpt-5'] })).structuredContent as unknown as {
      parseError: { message: string } | null;
      results: { request: unknown }[];
    };
    assert.match(escape.parseError?.message ?? '', /cannot be read/);
    assert.equal(escape.results[0]!.request, null);
  });

  it('compare_models: every featured model, cheapest first', async () => {
    const result = await call(withRoots, 'compare_models', { path: 'docs/prompt.md' });
    const structured = result.structuredContent as unknown as FileResult;
    const featured = bundledCatalog().featured().map((model) => model.id);
    assert.deepEqual(structured.results.map((entry) => entry.model).sort(), [...featured].sort());
    const totals = structured.results.filter((entry) => entry.cost).map((entry) => Decimal.from(entry.cost!.total));
    for (let i = 1; i < totals.length; i++) assert.ok(totals[i - 1]!.compare(totals[i]!) <= 0, `not cheapest first at ${i}`);
  });

  it('list_models: every model, featured first; narrowed to the ids named', async () => {
    const all = (await call(withRoots, 'list_models', {})).structuredContent as { models: { id: string; featured: boolean }[] };
    assert.equal(all.models.length, bundledCatalog().all().length);
    const firstPlain = all.models.findIndex((model) => !model.featured);
    assert.ok(firstPlain > 0 && all.models.slice(firstPlain).every((model) => !model.featured));
    const named = (await call(withRoots, 'list_models', { models: ['gpt-5-mini', 'claude-haiku-4-5'] })).structuredContent as { models: { id: string }[] };
    assert.deepEqual(named.models.map((model) => model.id).sort(), ['anthropic/claude-haiku-4-5', 'openai/gpt-5-mini']);
    const featured = (await call(withRoots, 'list_models', { featured: true })).structuredContent as { models: { featured: boolean }[] };
    assert.equal(featured.models.length, bundledCatalog().featured().length);
  });

  it('answers bad input with tool errors, and keeps serving', async () => {
    assert.match(errorText(await call(withRoots, 'count_tokens', { text: 'x', models: ['gpt-5-mnii'] })), /^Unknown model "gpt-5-mnii" \(closest: openai\/gpt-5-mini.*\); list_models gives the known ids\.$/);
    assert.match(errorText(await call(withRoots, 'list_models', { models: ['nope-model'] })), /Unknown model "nope-model"/);
    assert.match(errorText(await call(withRoots, 'count_tokens', { path: join(sandbox.outside, 'secret.md') })), /is outside the roots/);
    assert.match(errorText(await call(withRoots, 'count_tokens', { path: '../outside/secret.md' })), /is outside the roots/);
    assert.match(errorText(await call(withRoots, 'count_tokens', { path: 'docs/../../outside/secret.md' })), /is outside the roots/);
    assert.match(errorText(await call(withRoots, 'count_tokens', { path: 'link-out.md' })), /outside the roots through a symbolic link/);
    assert.match(errorText(await call(withRoots, 'count_tokens', { path: 'binary.bin' })), /looks binary/);
    assert.match(errorText(await call(withRoots, 'count_tokens', { path: 'missing.md' })), /no such file/);
    assert.match(errorText(await call(withRoots, 'count_tokens', { path: 'docs' })), /is a directory/);
    assert.match(errorText(await call(withRoots, 'count_tokens', { text: 'x', path: 'docs/prompt.md' })), /either text or path/);
    assert.match(errorText(await call(withRoots, 'count_tokens', {})), /either text or path/);
    assert.match(errorText(await call(withRoots, 'compare_models', { text: 'a\u0000b' })), /looks binary/);
    assert.match(errorText(await call(withRoots, 'count_tokens', { text: 42 })), /text/);
    assert.match(errorText(await call(withRoots, 'compare_models', { path: 'http://example.com/x.md' })), /not a local path/);
    // Still serving, and nothing on stderr: no crash, no stack trace.
    assert.notEqual((await call(withRoots, 'count_tokens', { text: 'still here' })).isError, true);
    assert.equal(withRoots.stderr(), '');
  });

  it('without roots from the client, reads only inside its working directory', async () => {
    const plain = await connect(sandbox.root, priceCache);
    try {
      const inCwd = (await call(plain, 'count_tokens', { path: 'docs/prompt.md' })).structuredContent as unknown as FileResult;
      assert.equal(inCwd.results[0]!.tokens, o200k(PROMPT));
      assert.match(errorText(await call(plain, 'count_tokens', { path: join(sandbox.other, 'notes.md') })), /is outside the roots/);
    } finally {
      await plain.close();
    }
  });

  it('refuses options that belong to the counting CLI', () => {
    const bad = spawnSync(process.execPath, [CLI, 'mcp', '--json'], { encoding: 'utf8', input: '' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /token-cost mcp takes no --json/);
  });
});
