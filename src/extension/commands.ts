import * as vscode from 'vscode';
import { COMMANDS, type CommandId } from './commandIds';
import type { ComparisonPanelHost } from './comparison/controller';
import { countText } from './comparison/controller';
import { reportMarkdown } from './comparison/report';
import { buildRows, comparisonModels, webviewStrings } from './comparison/view';
import type { ContextController } from './context/controller';
import { openTextUris, showOpenEditorsTotal, type OpenEditorsTotal } from './context/openEditors';
import type { ContextNode } from './context/tree';
import type { ExactCountController } from './exactCount/controller';
import type { LiveCounts } from './liveCounts';
import type { ModelPicker } from './modelPicker/controller';
import type { PriceRefresher } from './prices/controller';
import { platform } from './platform';
import type { SettingsService } from './settings/service';
import type { RequestController } from './request/controller';
import { requestSummary } from './request/view';
import type { StatusBarController } from './statusBar/controller';
import { statusClipboardLine } from './statusBar/view';
import { activeText, type ActiveText } from './ui/activeText';
import type { Translate } from './ui/l10n';
import type { SectionsTree } from './sections/tree';
import type { TokenView } from './tokenView/controller';

/** What the commands act on: the services and surfaces `activate` made. */
export interface CommandTargets {
  readonly settings: SettingsService;
  readonly live: LiveCounts;
  readonly statusBar: StatusBarController;
  readonly panel: ComparisonPanelHost;
  readonly picker: ModelPicker;
  readonly exact: ExactCountController;
  readonly context: ContextController;
  readonly openEditors: OpenEditorsTotal;
  readonly prices: PriceRefresher;
  readonly requests: RequestController;
  readonly tokenView: TokenView;
  readonly sectionsTree: SectionsTree;
  readonly log: vscode.LogOutputChannel;
  readonly t: Translate;
}

/**
 * "Count now" (status bar, command, comparison panel): count one document once, past the size
 * limit, and follow its edits until it closes.
 */
export async function countNow(targets: Pick<CommandTargets, 'live' | 'statusBar' | 'log'>, text: ActiveText): Promise<void> {
  targets.log.info(`Count now: ${text.label}`);
  targets.live.counter.countNow(text.document.uri.toString());
  await targets.statusBar.refresh();
}

/** Registers one handler per contributed command: the Record type makes a missing handler a compile error. */
export function registerCommands(targets: CommandTargets): vscode.Disposable[] {
  const { settings, live, statusBar, panel, picker, exact, context, openEditors, prices, tokenView, sectionsTree, log, t } = targets;
  const needText = (): ActiveText | undefined => {
    const text = activeText();
    if (!text) void vscode.window.showInformationMessage(t('Token Cost: open a text file first.'));
    return text;
  };
  const handlers: Record<CommandId, () => unknown> = {
    [COMMANDS.selectModel]: () => picker.pick(),
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
      const text = needText();
      if (!text) return;
      const { config, catalog } = settings.get();
      const models = comparisonModels(config, catalog);
      const counts = await countText(live.counter, text, models, t, (tokenizer, error) => log.error(`Counting with ${tokenizer} failed`, error));
      if (counts.status !== 'counted') {
        void vscode.window.showWarningMessage(t('Token Cost: {0} cannot be counted (binary or too large).', text.label));
        return;
      }
      const profile = config.profile;
      const now = new Date();
      // A prompt file is reported as the request it sends, as the panel prices it.
      const figures = await targets.requests.figuresFor(text, models);
      const requests = figures?.state.kind === 'request' ? figures.counts : undefined;
      const inputOnly = figures?.state.kind === 'request' && figures.state.request.alwaysOn;
      const rows = buildRows(
        { counts: counts.counts, bands: counts.bands, models, controls: profile, cnyPerUsd: config.cnyPerUsd, priceStaleDays: config.priceStaleDays, now, ...(requests ? { requests, inputOnly } : {}) },
        t,
      );
      const request = figures && requestSummary(figures.state, t);
      const content = reportMarkdown({ sourceLabel: counts.label, rows, strings: webviewStrings(t, profile.callsPerDay), controls: profile, now, ...(request ? { request } : {}) }, t);
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
      if (text) live.counter.forget(text.document.uri.toString());
      await statusBar.refresh();
      panel.refresh();
    },
    [COMMANDS.refreshPrices]: () => prices.refresh(),
    [COMMANDS.acceptHeldPrices]: () => prices.acceptHeld(),
    [COMMANDS.toggleTokenView]: () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !activeText(editor)) {
        void vscode.window.showInformationMessage(t('Token Cost: open a text file first.'));
        return;
      }
      return tokenView.toggle(editor);
    },
    [COMMANDS.sortSectionsByTokens]: () => sectionsTree.sortByTokens(true),
    [COMMANDS.sortSectionsByPosition]: () => sectionsTree.sortByTokens(false),
    [COMMANDS.countNow]: async () => {
      const text = needText();
      if (!text) return;
      await countNow(targets, text);
      const shown = statusBar.current().primary;
      if (!shown && statusBar.current().texts[0]?.includes('$(file-binary)')) {
        void vscode.window.showInformationMessage(t('Token Cost: {0} looks like a binary file; binary content is not counted.', text.label));
      }
    },
    // The Explorer passes the clicked item and the whole selection.
    [COMMANDS.countTokens]: (uri?: vscode.Uri, uris?: vscode.Uri[]) => context.countSelection(uri, uris),
    [COMMANDS.countOpenEditors]: () => showOpenEditorsTotal(openEditors, settings, context, t),
    [COMMANDS.contextAddFiles]: () => context.addFiles(),
    [COMMANDS.contextAddOpenEditors]: () => context.addOpenEditors(openTextUris()),
    [COMMANDS.contextAddSelection]: () => context.addSelection(),
    [COMMANDS.contextCopyPrompt]: () => context.copyPrompt(),
    [COMMANDS.contextRemove]: (node?: ContextNode, nodes?: ContextNode[]) => context.remove(node, nodes),
    [COMMANDS.contextClear]: () => context.clear(),
    [COMMANDS.contextRefresh]: () => context.refresh(),
    [COMMANDS.contextSortByName]: () => context.setOrder('name'),
    [COMMANDS.contextSortByTokens]: () => context.setOrder('tokens'),
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}

/**
 * With TOKEN_COST_TEST_HOOKS=1 in the extension host's environment (the e2e harness sets it), a
 * `tokenCost.test.ping` command answers in the status bar: the end-to-end tests' watchdog times
 * that round trip to see whether the extension host is responsive. Where the platform can measure
 * it, the answer also says how long the host's event loop was held up at most since the previous
 * ping ("Token Cost ping 3 · loop 12 ms"), so the watchdog can tell a blocked host from a slow
 * page or a busy machine. Nothing is registered otherwise.
 */
export function registerTestHooks(): vscode.Disposable[] {
  if (platform.environment('TOKEN_COST_TEST_HOOKS') !== '1') return [];
  let pings = 0;
  const loop = platform.eventLoopMonitor?.();
  return [
    { dispose: () => loop?.dispose() },
    vscode.commands.registerCommand('tokenCost.test.ping', () => {
      pings++;
      const held = loop ? ` · loop ${loop.takeLongestHoldUpMs()} ms` : '';
      return vscode.window.setStatusBarMessage(`Token Cost ping ${pings}${held}`, 10_000);
    }),
  ];
}
