import { join } from 'node:path';
import * as vscode from 'vscode';
import { CountWorkerClient } from '../core/counting/worker/client';
import type { ComparisonState } from '../shared/protocol';
import { activeText, type ActiveText } from './ui/activeText';
import { COMMANDS, COMPARISON_VIEW_TYPE, type CommandId } from './commands';
import { buildRows, comparisonModels, webviewStrings } from './comparison/view';
import { ExactCountController } from './exactCount/controller';
import { ComparisonPanelHost, countText } from './comparison/controller';
import type { DocumentCounter } from '../core/counting/documentCounter';
import { IncrementalDocumentCounter } from '../core/counting/incrementalCounter';
import type { Translate } from './ui/l10n';
import { ModelPicker } from './modelPicker/controller';
import { reportMarkdown } from './comparison/report';
import { SettingsService } from './settings/service';
import { StatusBarController, type StatusSnapshot } from './statusBar/controller';
import { statusClipboardLine } from './statusBar/view';
import { TextBands } from './ui/textBand';

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
  /** The counter behind both surfaces (the incremental engine replaces it; see DocumentCounter). */
  readonly counter: DocumentCounter;
}

const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

/**
 * The OpenAI-encoding worker stays while documents are followed (its indexes make keystrokes
 * instant) and goes after 10 idle minutes without any; the vendor-vocabulary worker (50–190 MB per
 * vocabulary) goes after 3 minutes without a count, sessions included: its next count reloads.
 */
const FAST_WORKER_IDLE_MS = 10 * 60_000;
const SLOW_WORKER_IDLE_MS = 3 * 60_000;

/**
 * Activation stays cheap: no tokenizer is loaded here. The first count runs on a timer after
 * `activate` returns, and rank tables load on that first use.
 */
export function activate(context: vscode.ExtensionContext): TokenCostApi {
  const log = vscode.window.createOutputChannel('Token Cost', { log: true });
  const settings = new SettingsService(log, t);
  // Incremental counts: change events update a chunk index kept in a worker thread
  // (dist/countWorker.js, started on first use), so the host never loads a table or encodes text.
  const workerScript = join(__dirname, 'countWorker.js');
  const counter = new IncrementalDocumentCounter(() => settings.get().config.maxCharacters, {
    fast: new CountWorkerClient(workerScript, { idleMs: FAST_WORKER_IDLE_MS, keepWhileSessions: true }),
    slow: new CountWorkerClient(workerScript, { idleMs: SLOW_WORKER_IDLE_MS }),
  });
  const exact = new ExactCountController(context.secrets, settings, log, t);
  // The panel measures each estimate's band for its text; the status bar shows it for that text.
  const bands = new TextBands();
  const statusBar = new StatusBarController(settings, counter, log, t, exact, bands);
  const picker = new ModelPicker(settings, t);
  // "Count now" (status bar, command, comparison panel): count this document once, past the size limit.
  const countNow = async (text: ActiveText): Promise<void> => {
    log.info(`Count now: ${text.label}`);
    counter.countNow(text.document.uri.toString());
    await statusBar.refresh();
  };
  const panel = new ComparisonPanelHost(context.extensionUri, settings, counter, log, t, exact, bands, countNow);
  context.subscriptions.push(
    log,
    settings,
    { dispose: () => counter.dispose() },
    vscode.workspace.onDidChangeTextDocument((event) =>
      counter.applyChanges(event.document.uri.toString(), event.document.version, event.contentChanges),
    ),
    exact,
    statusBar,
    picker,
    panel,
    vscode.window.registerWebviewPanelSerializer(COMPARISON_VIEW_TYPE, panel),
    ...registerCommands({
      [COMMANDS.selectModel]: async () => {
        await picker.pick();
      },
      [COMMANDS.compareModels]: () => panel.show(),
      [COMMANDS.copyCountAndCost]: async () => {
        await statusBar.whenIdle();
        const primary = statusBar.current().primary;
        if (!primary) {
          void vscode.window.showInformationMessage(t('Token Cost: open a text file first.'));
          return;
        }
        const line = statusClipboardLine(primary, t);
        await vscode.env.clipboard.writeText(line);
        vscode.window.setStatusBarMessage(t('Copied: {0}', line), 3000);
      },
      [COMMANDS.showReport]: async () => {
        const text = activeText();
        if (!text) {
          void vscode.window.showInformationMessage(t('Token Cost: open a text file first.'));
          return;
        }
        const { config, catalog } = settings.get();
        const models = comparisonModels(config, catalog);
        const counts = await countText(counter, text, models, t, (tokenizer, error) => log.error(`Counting with ${tokenizer} failed`, error));
        if (counts.status !== 'counted') {
          void vscode.window.showWarningMessage(t('Token Cost: {0} cannot be counted (binary or too large).', text.label));
          return;
        }
        const controls = config.profile;
        const now = new Date();
        const rows = buildRows({ counts: counts.counts, models, controls, cnyPerUsd: config.cnyPerUsd, priceStaleDays: config.priceStaleDays, now }, t);
        const content = reportMarkdown({ sourceLabel: counts.label, rows, strings: webviewStrings(t, controls.callsPerDay), controls, now }, t);
        const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      },
      [COMMANDS.showLog]: () => log.show(),
      [COMMANDS.countExactly]: () => exact.countActive(),
      [COMMANDS.setApiKey]: () => exact.setKey(),
      [COMMANDS.clearApiKey]: () => exact.clearKey(),
      [COMMANDS.recount]: async () => {
        // After a failed count: forget what the workers hold of this document and count it again.
        const text = activeText() ?? panel.shownText();
        if (text) counter.forget(text.document.uri.toString());
        await statusBar.refresh();
        panel.refresh();
      },
      [COMMANDS.countNow]: async () => {
        const text = activeText();
        if (!text) {
          void vscode.window.showInformationMessage(t('Token Cost: open a text file first.'));
          return;
        }
        await countNow(text);
        const shown = statusBar.current().primary;
        if (!shown && statusBar.current().texts[0]?.includes('$(file-binary)')) {
          void vscode.window.showInformationMessage(t('Token Cost: {0} looks like a binary file; binary content is not counted.', text.label));
        }
      },
    }),
  );
  context.subscriptions.push(...registerTestHooks());
  log.info(`Token Cost activated (VS Code ${vscode.version}, UI language ${vscode.env.language}).`);
  return {
    getStatusBar: () => statusBar.current(),
    getStatusBarText: () => statusBar.current().texts[0],
    getPanelState: () => panel.currentState(),
    isPanelOpen: () => panel.isOpen(),
    whenIdle: async () => {
      await statusBar.whenIdle();
      await panel.whenIdle();
    },
    counter,
  };
}

/** One handler per contributed command: the Record type makes a missing handler a compile error. */
function registerCommands(handlers: Record<CommandId, () => unknown>): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}

/**
 * With TOKEN_COST_TEST_HOOKS=1 in the extension host's environment (the e2e harness sets it), a
 * `tokenCost.test.ping` command answers in the status bar: the end-to-end tests' watchdog times
 * that round trip to see whether the extension host is responsive. Nothing is registered otherwise.
 */
function registerTestHooks(): vscode.Disposable[] {
  if (typeof process === 'undefined' || process.env.TOKEN_COST_TEST_HOOKS !== '1') return [];
  let pings = 0;
  return [
    vscode.commands.registerCommand('tokenCost.test.ping', () => {
      pings++;
      return vscode.window.setStatusBarMessage(`Token Cost ping ${pings}`, 10_000);
    }),
  ];
}

export function deactivate(): void {}
