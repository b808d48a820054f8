import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Uri } from 'vscode';
import { offerMcpServer, type McpHost } from '../../../../src/extension/mcpServer/definitionProvider';
import { REPO_ROOT } from '../../../support/paths';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

/** What a 1.101-like VS Code was handed. */
class FakeDefinition {
  cwd?: Uri;
  constructor(
    readonly label: string,
    readonly command: string,
    readonly args: string[] = [],
    readonly env: Record<string, string | number | null> = {},
    readonly version?: string,
  ) {}
}

const launch = { cliPath: CLI, nodePath: process.execPath, version: '9.9.9', cwd: () => ({ fsPath: REPO_ROOT }) as never };

function logger(): { info(message: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message) };
}

describe('the MCP server offered to VS Code (1.101+), guarded for 1.100', () => {
  it('offers nothing, and says so, where the API is missing, throws (1.100: a proposed API) or cannot be read', () => {
    const hosts: McpHost[] = [
      {},
      { lm: {} },
      {
        lm: {
          registerMcpServerDefinitionProvider: () => {
            throw new Error('Extension CANNOT use API proposal: mcpConfigurationProvider');
          },
        },
        McpStdioServerDefinition: FakeDefinition,
      },
      Object.defineProperty({ lm: { registerMcpServerDefinitionProvider: () => ({ dispose() {} }) } }, 'McpStdioServerDefinition', {
        get() {
          throw new Error('proposed API');
        },
      }),
    ];
    for (const host of hosts) {
      const log = logger();
      assert.deepEqual(offerMcpServer(host, launch, log), []);
      assert.equal(log.lines.length, 1);
      assert.match(log.lines[0]!, /mcp\.json|not offered/);
    }
  });

  it('registers the manifest’s provider id with a stdio definition running `<node> dist/cli.js mcp`', async () => {
    let registered: { id: string; provider: { provideMcpServerDefinitions(token: never): unknown } } | undefined;
    const disposable = { dispose() {} };
    const host: McpHost = {
      lm: {
        registerMcpServerDefinitionProvider: (id, provider) => {
          registered = { id, provider };
          return disposable;
        },
      },
      McpStdioServerDefinition: FakeDefinition,
    };
    assert.deepEqual(offerMcpServer(host, launch, logger()), [disposable]);
    assert.equal(registered?.id, manifest.contributes.mcpServerDefinitionProviders[0].id);
    const [definition] = (await registered!.provider.provideMcpServerDefinitions(undefined as never)) as FakeDefinition[];
    assert.ok(definition instanceof FakeDefinition);
    assert.deepEqual(
      { label: definition.label, command: definition.command, args: definition.args, env: definition.env, version: definition.version, cwd: definition.cwd },
      { label: 'Token Cost Meter', command: process.execPath, args: [CLI, 'mcp'], env: { ELECTRON_RUN_AS_NODE: '1' }, version: '9.9.9', cwd: { fsPath: REPO_ROOT } },
    );

    // What VS Code would start answers as an MCP server.
    if (!existsSync(CLI)) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT });
    const env = Object.fromEntries(Object.entries({ ...process.env, ...definition.env }).map(([key, value]) => [key, String(value)]));
    const client = new Client({ name: 'definition-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: definition.command, args: definition.args, env, stderr: 'pipe' }));
    try {
      assert.deepEqual((await client.listTools()).tools.map((tool) => tool.name).sort(), ['compare_models', 'count_tokens', 'list_models']);
    } finally {
      await client.close();
    }
  }).timeout(60_000);
});
