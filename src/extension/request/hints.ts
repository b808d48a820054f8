import * as vscode from 'vscode';
import { JobCancelledError } from '../../core/counting/types';
import { selectedModel, type SettingsService } from '../settings/service';
import type { Translate } from '../ui/l10n';
import type { RequestController } from './controller';
import { chooseModel, messageHints } from './view';

/**
 * Files the hints are asked for: prompt formats by name, and JSON (request bodies are known by
 * content, so the provider answers nothing for other JSON). Instruction files are one message
 * sent with every request: the status bar says all there is.
 */
const SELECTOR: vscode.DocumentSelector = [
  { pattern: '**/*.{prompt.yml,prompt.yaml,prompt.md,prompty,prompt}' },
  { language: 'json' },
  { language: 'jsonc' },
];

/**
 * Per-message token counts as inlay hints at each message's start. Inlay hints rather than
 * CodeLens: they sit on the message's own line (a CodeLens adds a line above each message, which
 * doubles the height of a chat of short messages), they follow `editor.inlayHints.enabled` (and
 * its press-to-show modes) like every other hint, and they are not commands to click. Counted on
 * the model the status bar shows for the file; off with `tokenCost.requestHints`.
 */
export class RequestHints implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly requests: RequestController,
    private readonly settings: SettingsService,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
  ) {
    this.disposables.push(
      vscode.languages.registerInlayHintsProvider(SELECTOR, this),
      // The hints' model and their switch are settings.
      settings.onDidChange(() => this.changed.fire()),
    );
  }

  async provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    const settings = this.settings.get();
    if (!settings.config.requestHints) return [];
    try {
      const state = await this.requests.stateOf(document);
      if (state.kind !== 'request' || state.request.alwaysOn || token.isCancellationRequested) return [];
      const { model } = chooseModel(state.request, settings.config.useModelFromFile, settings.catalog, selectedModel(settings));
      if (!model) return [];
      const count = await this.requests.count(state, model);
      if (token.isCancellationRequested) return [];
      const messages = state.request.messages;
      return messageHints({ kind: 'request', request: state.request, count }, model, this.t).flatMap((hint) => {
        const { line, character } = messages[hint.messageIndex]!.position;
        const position = document.validatePosition(new vscode.Position(line, character));
        if (!range.contains(position)) return [];
        const inlay = new vscode.InlayHint(position, hint.label);
        inlay.tooltip = new vscode.MarkdownString(hint.tooltip);
        inlay.paddingRight = true;
        return [inlay];
      });
    } catch (error) {
      if (!(error instanceof JobCancelledError)) this.log.error(`Request hints for ${document.uri.toString(true)} failed`, error);
      return [];
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
