import * as vscode from 'vscode';
import { DocumentCounter } from '../core/counting/documentCounter';
import { CountWorkerClient } from '../core/counting/worker/client';
import type { ComparisonState } from '../shared/protocol';
import { CountPool } from '../core/context/countPool';
import { COMPARISON_VIEW_TYPE } from './commandIds';
import { ContextController, type ContextSnapshot } from './context/controller';
import { OpenEditorsTotal } from './context/openEditors';
import { countNow, registerCommands, registerTestHooks } from './commands';
import { ComparisonPanelHost } from './comparison/controller';
import { ExactCountController } from './exactCount/controller';
import { LiveCounts } from './liveCounts';
import { registerTokenCostTool, TokenCostTool } from './lmTool/tool';
import { offerMcpServer, type McpHost } from './mcpServer/definitionProvider';
import { RequestController } from './request/controller';
import { RequestDiagnostics } from './request/diagnostics';
import { RequestHints } from './request/hints';
import { ModelPicker } from './modelPicker/controller';
import { PriceRefresher } from './prices/controller';
import { platform } from './platform';
import { SettingsService } from './settings/service';
import { StatusBarController, type StatusSnapshot } from './statusBar/controller';
import type { Translate } from './ui/l10n';
import { BudgetController } from './budgets/controller';
import { Baselines } from './sections/baselines';
import { SectionsCodeLens } from './sections/codeLens';
import { FileNotes } from './sections/fileNotes';
import { SectionsModel } from './sections/model';
import { SectionsTree, type SectionRowSnapshot } from './sections/tree';
import { TokenView, type TokenViewSnapshot } from './tokenView/controller';

/** What `activate` returns: hooks for the integration tests (and nothing users rely on). */
export interface TokenCostApi {
  /** The status bar entries as last painted. */
  getStatusBar(): StatusSnapshot;
  /** The primary entry's text, `undefined` when hidden. */
  getStatusBarText(): string | undefined;
  /** The comparison panel's last state, `undefined` when closed. */
  getPanelState(): ComparisonState | undefined;
  isPanelOpen(): boolean;
  /** Resolves when pending recounts of the status bar and the panel are done. */
  whenIdle(): Promise<void>;
  /** The counter behind every surface. */
  readonly counter: DocumentCounter;
  /** VS Code took the MCP server definition provider (1.101+; false on 1.100 and on the web). */
  readonly mcpServerOffered: boolean;
  /** The Context view's bundle, totals and rows. */
  getContext(): ContextSnapshot;
  /** The token view of an editor as last painted; `undefined` when off. */
  getTokenView(editor: vscode.TextEditor): TokenViewSnapshot | undefined;
  /** The Token Sections view's rows, depth first. */
  getSectionRows(): SectionRowSnapshot[];
  /** The Problems-panel entries of the token budgets for a document. */
  getBudgetDiagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[];
}

const t: Translate = (message, ...args) =>
  typeof message === 'string' ? vscode.l10n.t(message, ...args) : vscode.l10n.t({ message: message.message, comment: message.comment, args });

/**
 * The OpenAI-encoding worker stays while documents are followed (its indexes make keystrokes
 * instant) and goes after 10 idle minutes without any; the vendor-vocabulary worker (50–190 MB per
 * vocabulary) goes after 3 minutes without a count, sessions included: its next count reloads.
 */
const FAST_WORKER_IDLE_MS = 10 * 60_000;
const SLOW_WORKER_IDLE_MS = 3 * 60_000;
/**
 * The Context view's workers, one per core: a folder's files are counted side by side. Each holds
 * the vocabularies it was asked for, so they stop after 2 idle minutes and give the memory back.
 */
const CONTEXT_WORKER_IDLE_MS = 2 * 60_000;

/**
 * Wiring only, for both builds (`main` and `browser`: what differs is in platform.ts and
 * platform.web.ts). Activation stays cheap: no tokenizer is loaded here; the first count runs on a
 * timer after `activate` returns, in a worker (a thread of dist/countWorker.js, or a Web Worker of
 * dist/web/countWorker.js) that loads its tables on first use, so the host never loads a
 * vocabulary nor encodes text.
 */
export function activate(context: vscode.ExtensionContext): TokenCostApi {
  const log = vscode.window.createOutputChannel('Token Cost', { log: true });
  const settings = new SettingsService(log, t);
  const startWorker = platform.countWorkerStarter(context);
  const live = new LiveCounts(
    new DocumentCounter({
      maxCharacters: () => settings.get().config.maxCharacters,
      workers: {
        fast: new CountWorkerClient(startWorker, { idleMs: FAST_WORKER_IDLE_MS, keepWhileSessions: true }),
        slow: new CountWorkerClient(startWorker, { idleMs: SLOW_WORKER_IDLE_MS }),
      },
    }),
  );
  const exact = new ExactCountController(context.secrets, context.workspaceState, settings, log, t);
  const requests = new RequestController(live.counter, log);
  const pool = new CountPool(
    Array.from({ length: platform.cores() }, () => new CountWorkerClient(startWorker, { idleMs: CONTEXT_WORKER_IDLE_MS })),
    // Node's worker threads open the files of a folder count themselves; a browser's cannot.
    { readsFiles: platform.kind === 'desktop' },
  );
  const contextView = new ContextController(settings, pool, context.workspaceState, log, t, platform.realPath);
  const openEditors = new OpenEditorsTotal(pool, () => settings.get().config.maxCharacters, log);
  const baselines = new Baselines(live.counter, requests, log);
  const budgets = new BudgetController(settings, live, log, t);
  const sections = new SectionsModel(settings, live, baselines, requests, log);
  const sectionsTree = new SectionsTree(sections, settings, t);
  const notes = new FileNotes(settings, baselines, budgets, sections, t);
  const tokenView = new TokenView(settings, live, log, t);
  const statusBar = new StatusBarController(settings, live, log, t, exact, requests, openEditors, notes);
  const picker = new ModelPicker(settings, t);
  // The MCP server is the CLI, which needs Node: the web build has no executable to offer it with.
  const mcpServer =
    platform.nodeExecutable === undefined
      ? []
      : offerMcpServer(
          vscode as unknown as McpHost,
          {
            cliPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath,
            nodePath: platform.nodeExecutable,
            version: String(context.extension.packageJSON.version),
            cwd: () => vscode.workspace.workspaceFolders?.[0]?.uri,
          },
          log,
        );
  const prices = new PriceRefresher(context.globalStorageUri, context.globalState, settings, log, t);
  const panel = new ComparisonPanelHost(context.extensionUri, settings, live, log, t, exact, (text) => countNow({ live, statusBar, log }, text), requests, notes);
  context.subscriptions.push(
    log,
    settings,
    live,
    exact,
    requests,
    new RequestDiagnostics(requests, log, t),
    new RequestHints(requests, settings, log, t),
    baselines,
    budgets,
    sections,
    sectionsTree,
    new SectionsCodeLens(sections, settings, t),
    tokenView,
    statusBar,
    picker,
    prices,
    panel,
    contextView,
    openEditors,
    { dispose: () => pool.dispose() },
    vscode.window.registerWebviewPanelSerializer(COMPARISON_VIEW_TYPE, panel),
    ...registerCommands({ settings, live, statusBar, panel, picker, exact, prices, requests, context: contextView, openEditors, tokenView, sectionsTree, log, t }),
    ...registerTokenCostTool(new TokenCostTool(settings, live.counter, log, t), log),
    ...mcpServer,
    ...registerTestHooks(),
  );
  // Stored prices load (and a weekly refresh, when opted in and due, runs) after activation returns.
  setTimeout(() => void prices.start().catch((error: unknown) => log.error('Loading refreshed prices failed', error)), 0);
  log.info(`Token Cost activated (VS Code ${vscode.version}, UI language ${vscode.env.language}, ${platform.description})`);
  return {
    getStatusBar: () => statusBar.current(),
    getStatusBarText: () => statusBar.current().texts[0],
    getPanelState: () => panel.currentState(),
    isPanelOpen: () => panel.isOpen(),
    whenIdle: async () => {
      await contextView.whenIdle();
      await openEditors.whenIdle();
      await sections.whenIdle();
      await budgets.whenIdle();
      await tokenView.whenIdle();
      await statusBar.whenIdle();
      await panel.whenIdle();
    },
    counter: live.counter,
    mcpServerOffered: mcpServer.length > 0,
    getContext: () => contextView.snapshot(),
    getTokenView: (editor) => tokenView.snapshot(editor),
    getSectionRows: () => sectionsTree.snapshot(),
    getBudgetDiagnostics: (uri) => budgets.diagnosticsOf(uri),
  };
}

export function deactivate(): void {}
