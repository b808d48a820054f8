import type * as vscode from 'vscode';
import { MCP_PROVIDER_ID } from '../commandIds';

/**
 * Offers `token-cost mcp` to VS Code's own MCP client, so agent mode finds the server without an
 * mcp.json. The API (`vscode.lm.registerMcpServerDefinitionProvider`, `vscode.McpStdioServerDefinition`)
 * is stable from VS Code 1.101; the extension supports 1.100, whose @types/vscode it compiles
 * against, so the few members used are declared below and looked up at run time. In 1.100 the
 * function exists but throws (it was the proposed "mcpConfigurationProvider" API) and the class is
 * absent: either way nothing is offered and activation goes on. The module takes the `vscode`
 * namespace as a parameter so unit tests can hand it a 1.100-like or a 1.101-like one.
 */

/** VS Code 1.101's `McpStdioServerDefinition`, as much of it as is used. */
interface StdioServerDefinition {
  cwd?: vscode.Uri;
}

/** Its constructor: label, command, args, env, version. */
type StdioServerDefinitionClass = new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => StdioServerDefinition;

/** VS Code 1.101's `McpServerDefinitionProvider`, as much of it as is used. */
interface ServerDefinitionProvider {
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<StdioServerDefinition[]>;
}

/** `vscode.lm.registerMcpServerDefinitionProvider`. */
type RegisterProvider = (id: string, provider: ServerDefinitionProvider) => vscode.Disposable;

/** The parts of the `vscode` namespace looked up (any of them may be missing). */
export interface McpHost {
  readonly lm?: { readonly registerMcpServerDefinitionProvider?: RegisterProvider };
  readonly McpStdioServerDefinition?: StdioServerDefinitionClass;
}

/** How the server is started: VS Code's own Node runs the CLI bundled in the extension. */
export interface McpLaunch {
  /** `<extension>/dist/cli.js`. */
  readonly cliPath: string;
  /**
   * The extension host's executable (`process.execPath`): Node under code-server and remote
   * hosts, Electron on the desktop, where ELECTRON_RUN_AS_NODE makes it Node. Users need no Node
   * of their own on PATH, and the server runs on the Node version the extension is tested on.
   */
  readonly nodePath: string;
  readonly version: string;
  /** The first workspace folder, the server's working directory (clients also send it as a root). */
  readonly cwd: () => vscode.Uri | undefined;
}

/** Registers the provider where the API works; logs why not and returns nothing elsewhere. */
export function offerMcpServer(host: McpHost, launch: McpLaunch, log: { info(message: string): void }): vscode.Disposable[] {
  let Definition: StdioServerDefinitionClass | undefined;
  let register: RegisterProvider | undefined;
  try {
    // Proposed-API members may be guarded getters that throw when read.
    Definition = host.McpStdioServerDefinition;
    register = host.lm?.registerMcpServerDefinitionProvider;
  } catch {
    Definition = undefined;
    register = undefined;
  }
  if (typeof Definition !== 'function' || typeof register !== 'function') {
    log.info('This VS Code cannot take MCP servers from extensions (1.101+); add token-cost mcp to mcp.json instead (see the README).');
    return [];
  }
  const provider: ServerDefinitionProvider = {
    provideMcpServerDefinitions: () => {
      const definition = new Definition('Token Cost Meter', launch.nodePath, [launch.cliPath, 'mcp'], { ELECTRON_RUN_AS_NODE: '1' }, launch.version);
      const cwd = launch.cwd();
      if (cwd) definition.cwd = cwd;
      return [definition];
    },
  };
  try {
    const registration = register.call(host.lm, MCP_PROVIDER_ID, provider);
    log.info(`Offered the token-cost MCP server to VS Code (${launch.cliPath} mcp).`);
    return [registration];
  } catch (error) {
    log.info(`The token-cost MCP server is not offered by this VS Code: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
