import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { PricingOptions } from '../../core/pricing/analyze';
import { DEFAULT_MODEL_ID, type ModelCatalog } from '../../core/pricing/catalog';
import { formatContext, formatMoney, formatPercent, formatTokens } from '../../core/pricing/format';
import type { ModelInfo } from '../../core/pricing/types';
import type { ImageReader } from '../../core/request';
import { featuredFirst, toJsonFile, toJsonModel } from '../jsonReport';
import { countFile, fileReader, sortCheapestFirst, type CountedResult } from '../request';
import { fileInput, textInput, type InputOutcome } from './inputs';
import { confine, rootDirectory } from './roots';
import { compareInput, countInput, fileOutput, listInput, listOutput, type FileOutput, type ListOutput } from './schemas';

/** What the server counts with; `token-cost mcp` fills it from its options, tests from theirs. */
export interface TokenCostServerOptions {
  readonly catalog: ModelCatalog;
  /** The call every cost is for (the CLI's profile options) and the yuan rate. */
  readonly pricing: PricingOptions;
  readonly version: string;
  /** Where paths resolve when the client names no roots. */
  readonly cwd: string;
  /** Largest input counted, in characters (the editor's default size limit). */
  readonly maxCharacters: number;
  /** Counts a whole text (worker threads for long ones); the registry's tokenizer when absent. */
  readonly countText?: (tokenizer: string, text: string) => Promise<number>;
}

/** The roots paths may be read from, or why none may be read. */
type Roots = { readonly ok: true; readonly dirs: readonly string[] } | { readonly ok: false; readonly reason: string };

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

function toolError(reason: string): CallToolResult {
  return { content: [{ type: 'text', text: `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.` }], isError: true };
}

/** One line per model for people and for clients that read only text: tokens, cost per call, context. */
function summaryLine({ result, exactness }: CountedResult): string {
  const { model, cost } = result;
  const price = cost ? `${formatMoney(cost.total, cost.currency)} per call` : 'unpriced';
  const limit = model.maxInput ?? model.contextWindow;
  const context =
    result.fractionOfInput === undefined || limit === undefined
      ? 'context window unknown'
      : `${formatPercent(result.fractionOfInput)} of ${formatContext(limit)} input, ${result.overLimit ? 'does NOT fit' : 'fits'}`;
  return `${model.id}: ${formatTokens(result.tokens, exactness)} tokens (${exactness}), ${price}, ${context}`;
}

/**
 * The `token-cost mcp` server: `count_tokens`, `compare_models` and `list_models` over the CLI's
 * counting (src/cli/request.ts) and JSON (src/cli/jsonReport.ts). Every failure the caller can
 * cause — an unknown model, a path outside the roots, a binary or missing file — is a tool error
 * (`isError: true`) with one sentence saying why; the SDK turns anything unexpected into one too.
 */
export function createTokenCostServer(options: TokenCostServerOptions): McpServer {
  const { catalog } = options;
  const server = new McpServer(
    { name: 'token-cost', title: 'Token Cost Meter', version: options.version },
    {
      instructions:
        'Counts LLM tokens and prices prompts offline (nothing is sent anywhere). Call count_tokens before sending a large file or prompt to a model, ' +
        'or to check it against a budget or a context window; compare_models to pick the cheapest model for it; list_models for the ids.',
    },
  );

  /** The client's roots as local directories, asked afresh on each call (they change with the workspace). */
  async function roots(): Promise<Roots> {
    if (!server.server.getClientCapabilities()?.roots) return { ok: true, dirs: [options.cwd] };
    let listed: readonly { uri: string }[];
    try {
      listed = (await server.server.listRoots()).roots;
    } catch (error) {
      return { ok: false, reason: `the client's roots could not be read (${error instanceof Error ? error.message : String(error)})` };
    }
    if (listed.length === 0) return { ok: true, dirs: [options.cwd] };
    const dirs = listed.map((root) => rootDirectory(root.uri)).filter((dir): dir is string => dir !== undefined);
    if (dirs.length === 0) return { ok: false, reason: 'the client names no local directory as a root, so no file can be read; pass the text instead' };
    return { ok: true, dirs };
  }

  /**
   * Reads image headers for prompt files only inside the roots (an image elsewhere "cannot be
   * read"); the roots are asked for only when an image is read.
   */
  function imagesInside(allowed: () => Promise<Roots>): ImageReader {
    return {
      async readBytes(path, maxBytes) {
        const dirs = await allowed();
        const confined = dirs.ok ? await confine(path, dirs.dirs) : undefined;
        return confined?.ok ? fileReader.readBytes(confined.path, maxBytes) : undefined;
      },
    };
  }

  /** The models named (deduplicated), or one message naming each unknown id with the closest known ones. */
  function models(ids: readonly string[]): { models: ModelInfo[] } | { reason: string } {
    const unknown = ids.filter((id) => !catalog.find(id));
    if (unknown.length) {
      return {
        reason: unknown
          .map((id) => {
            const closest = catalog.suggest(id);
            return `unknown model "${id}"${closest.length ? ` (closest: ${closest.join(', ')})` : ''}`;
          })
          .join('; ')
          .concat('; list_models gives the known ids'),
      };
    }
    return { models: [...new Map(ids.map((id) => catalog.get(id)).map((model) => [model.id, model])).values()] };
  }

  async function count(args: { text?: string; path?: string; raw?: boolean; models?: string[] }, compare: boolean): Promise<CallToolResult> {
    if ((args.text === undefined) === (args.path === undefined)) return toolError('give either text or path (exactly one)');
    const named = models(args.models ?? []);
    if ('reason' in named) return toolError(named.reason);
    const chosen = compare ? [...new Map([...catalog.featured(), ...named.models].map((model) => [model.id, model])).values()] : named.models;
    let asked: Promise<Roots> | undefined;
    const allowed = (): Promise<Roots> => (asked ??= roots());
    let input: InputOutcome;
    if (args.path === undefined) {
      input = textInput(args.text!, '<text>', options.maxCharacters);
    } else {
      const dirs = await allowed();
      if (!dirs.ok) return toolError(dirs.reason);
      const confined = await confine(args.path, dirs.dirs);
      input = confined.ok ? await fileInput(confined.path, options.maxCharacters) : { ok: false, reason: confined.reason };
    }
    if (!input.ok) return toolError(input.reason);
    const file = await countFile(
      input.input,
      {
        raw: args.raw ?? false,
        chosen,
        defaultModel: catalog.get(DEFAULT_MODEL_ID),
        pricing: options.pricing,
        ...(options.countText ? { countText: options.countText } : {}),
        images: imagesInside(allowed),
      },
      catalog,
    );
    if (compare) sortCheapestFirst(file);
    const structured: FileOutput = toJsonFile(file);
    const summary = [`${file.input.path} (${file.input.text.length.toLocaleString('en-US')} characters):`, ...file.results.map(summaryLine), ...(file.modelNote ? [file.modelNote] : [])];
    return { content: [{ type: 'text', text: JSON.stringify(structured) }, { type: 'text', text: summary.join('\n') }], structuredContent: structured };
  }

  server.registerTool(
    'count_tokens',
    {
      title: 'Count tokens and cost',
      description:
        'Counts the tokens of a text or a file on one or more LLMs and prices one call, offline. Per model: tokens, exactness ' +
        '(exact, near-exact, or estimate with its error band), cost per call, share of the context window and whether it fits. ' +
        'A prompt file (*.prompt.yml, *.prompt.md, AGENTS.md, a saved request JSON …) is counted as the request it sends unless raw is true. ' +
        'Use it before sending a large file or prompt to a model, or to check a prompt against a token budget.',
      inputSchema: countInput,
      outputSchema: fileOutput,
      annotations: { title: 'Count tokens and cost', ...READ_ONLY },
    },
    (args) => count(args, false),
  );

  server.registerTool(
    'compare_models',
    {
      title: 'Compare models by cost',
      description:
        'Counts a text or a file on every featured model (one or two per vendor and tier, plus any named) and lists them cheapest first per call, ' +
        'with tokens, exactness, cost and context share. Use it to choose a model for a prompt.',
      inputSchema: compareInput,
      outputSchema: fileOutput,
      annotations: { title: 'Compare models by cost', ...READ_ONLY },
    },
    (args) => count(args, true),
  );

  server.registerTool(
    'list_models',
    {
      title: 'List models',
      description:
        'Lists the models this server knows: id, aliases, vendor, tier, tokenizer and exactness, context window and list prices per 1M tokens ' +
        'with their source and date. Featured models first.',
      inputSchema: listInput,
      outputSchema: listOutput,
      annotations: { title: 'List models', ...READ_ONLY },
    },
    (args) => {
      const named = models(args.models ?? []);
      if ('reason' in named) return toolError(named.reason);
      const listed = (args.models?.length ? named.models : catalog.all()).filter((model) => !args.featured || model.featured);
      const structured: ListOutput = { models: featuredFirst(listed).map(toJsonModel) };
      return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
    },
  );
  return server;
}
