import { join } from 'node:path';
import * as vscode from 'vscode';
import { DocumentCounter } from '../core/counting/documentCounter';
import { CountWorkerClient } from '../core/counting/worker/client';
import { nodeWorkerStarter } from '../core/counting/worker/nodeWorker';
import type { ComparisonState } from '../shared/protocol';
import { COMPARISON_VIEW_TYPE } from './commandIds';
import { countNow, registerCommands, registerTestHooks } from './commands';
import { ComparisonPanelHost } from './comparison/controller';
import { ExactCountController } from './exactCount/controller';
import { LiveCounts } from './liveCounts';
import { ModelPicker } from './modelPicker/controller';
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
 * Wiring only. Activation stays cheap: no tokenizer is loaded here; the first count runs on a timer
 * after `activate` returns, in a worker thread (dist/countWorker.js) that loads its tables on first
 * use, so the host never loads a vocabulary nor encodes text.
 */
export function activate(context: vscode.ExtensionContext): TokenCostApi {
  const log = vscode.window.createOutputChannel('Token Cost', { log: true });
  const settings = new SettingsService(log, t);
  const startWorker = nodeWorkerStarter(join(__dirname, 'countWorker.js'));
  const live = new LiveCounts(
    new DocumentCounter({
      maxCharacters: () => settings.get().config.maxCharacters,
      workers: {
        fast: new CountWorkerClient(startWorker, { idleMs: FAST_WORKER_IDLE_MS, keepWhileSessions: true }),
        slow: new CountWorkerClient(startWorker, { idleMs: SLOW_WORKER_IDLE_MS }),
      },
    }),
  );
  const exact = new ExactCountController(context.secrets, settings, log, t);
  const baselines = new Baselines(live.counter, log);
  const budgets = new BudgetController(settings, live, log, t);
  const sections = new SectionsModel(settings, live, baselines, log);
  const sectionsTree = new SectionsTree(sections, settings, t);
  const notes = new FileNotes(settings, baselines, budgets, sections, t);
  const tokenView = new TokenView(settings, live, log, t);
  const statusBar = new StatusBarController(settings, live, log, t, exact, notes);
  const picker = new ModelPicker(settings, t);
  const panel = new ComparisonPanelHost(context.extensionUri, settings, live, log, t, exact, (text) => countNow({ live, statusBar, log }, text), notes);
  context.subscriptions.push(
    log,
    settings,
    live,
    exact,
    baselines,
    budgets,
    sections,
    sectionsTree,
    new SectionsCodeLens(sections, settings, t),
    tokenView,
    statusBar,
    picker,
    panel,
    vscode.window.registerWebviewPanelSerializer(COMPARISON_VIEW_TYPE, panel),
    ...registerCommands({ settings, live, statusBar, panel, picker, exact, tokenView, sectionsTree, log, t }),
    ...registerTestHooks(),
  );
  log.info(`Token Cost activated (VS Code ${vscode.version}, UI language ${vscode.env.language}).`);
  return {
    getStatusBar: () => statusBar.current(),
    getStatusBarText: () => statusBar.current().texts[0],
    getPanelState: () => panel.currentState(),
    isPanelOpen: () => panel.isOpen(),
    whenIdle: async () => {
      await sections.whenIdle();
      await budgets.whenIdle();
      await tokenView.whenIdle();
      await statusBar.whenIdle();
      await panel.whenIdle();
    },
    counter: live.counter,
    getTokenView: (editor) => tokenView.snapshot(editor),
    getSectionRows: () => sectionsTree.snapshot(),
    getBudgetDiagnostics: (uri) => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Token Cost'),
  };
}

export function deactivate(): void {}
