import * as vscode from 'vscode';
import { ExactCountError } from '../../core/exact/errors';
import { countExactly, ExactCountCache, exactCountVendor, vendorModelName } from '../../core/exact/exactCount';
import type { ExactCountResult, ExactCountVendor } from '../../core/exact/types';
import type { ModelInfo } from '../../core/pricing/types';
import { platform } from '../platform';
import { activeText } from '../ui/activeText';
import { consentKey, consentQuestion, exactErrorMessage, exactScope, secretKeyName, vendorLabel } from './view';
import type { Translate } from '../ui/l10n';
import { selectedModel, type SettingsService } from '../settings/service';

/** What the status bar asks: the vendor's exact count for this model and this exact text, if any. */
export interface ExactCounts {
  /** `text` is read only when an exact count for the model exists (hashing a big file costs). */
  lookup(model: ModelInfo, text: () => string): ExactCountResult | undefined;
  readonly onDidChange: vscode.Event<void>;
}

const VENDORS: readonly ExactCountVendor[] = ['anthropic', 'google'];

/**
 * Another API address for tests against a local server; never set in normal use. An environment
 * variable rather than a setting, so that no workspace can redirect a user's key elsewhere.
 */
function baseUrlFor(vendor: ExactCountVendor): string | undefined {
  const value = platform.environment(vendor === 'anthropic' ? 'TOKEN_COST_ANTHROPIC_BASE_URL' : 'TOKEN_COST_GEMINI_BASE_URL');
  return value && value.trim() ? value.trim() : undefined;
}

/**
 * "Count exactly with the vendor's API": opt-in, on explicit command only. The key lives in
 * SecretStorage; the text is sent once; the answer is cached by content hash and model, so the
 * status bar shows it as exact until the text changes. Nothing here runs in the background.
 */
export class ExactCountController implements ExactCounts, vscode.Disposable {
  private readonly cache = new ExactCountCache();
  /** Models with at least one exact count, so that other models never pay for hashing. */
  private readonly countedModels = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** Per-workspace memory of "always send to this vendor here". */
    private readonly workspaceState: vscode.Memento,
    private readonly settings: SettingsService,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
  ) {}

  lookup(model: ModelInfo, text: () => string): ExactCountResult | undefined {
    if (!this.countedModels.has(model.id)) return undefined;
    return this.cache.get(model.id, text());
  }

  dispose(): void {
    this.changed.dispose();
    this.cache.clear();
    this.countedModels.clear();
  }

  /** The command: counts the active file (or its one selection) on the chosen model's vendor API. */
  /**
   * Asks before text leaves the machine: every time, until the user answers "always for this
   * workspace" (kept per vendor in the workspace state).
   */
  private async consent(vendor: ExactCountVendor, what: string, characters: number): Promise<boolean> {
    const key = consentKey(vendor);
    if (this.workspaceState.get<boolean>(key) === true) return true;
    const send = this.t('Send');
    const always = this.t('Always for this workspace');
    const answer = await vscode.window.showWarningMessage(consentQuestion(what, characters, vendor, this.t), { modal: true }, send, always);
    if (answer === always) await this.workspaceState.update(key, true);
    return answer === send || answer === always;
  }

  async countActive(): Promise<void> {
    const t = this.t;
    const active = activeText();
    if (!active) {
      void vscode.window.showInformationMessage(t('Token Cost: open a text file first.'));
      return;
    }
    const scope = exactScope(active.selections.map((selection) => selection.isEmpty));
    if (scope.kind === 'several-selections') {
      void vscode.window.showWarningMessage(t('Select one range, or none to count the whole file, for an exact count.'));
      return;
    }
    const model = await this.chooseModel();
    if (!model) return;
    const vendor = exactCountVendor(model.vendor);
    if (!vendor) return;
    let apiKey = await this.secrets.get(secretKeyName(vendor));
    if (!apiKey) {
      const setKey = t('Set API Key');
      const answer = await vscode.window.showWarningMessage(t('No API key is set for {0}.', vendorLabel(vendor, t)), setKey);
      if (answer !== setKey || !(await this.setKey(vendor))) return;
      apiKey = await this.secrets.get(secretKeyName(vendor));
      if (!apiKey) return;
    }
    const text = scope.kind === 'file' ? active.document.getText() : active.document.getText(active.selections[scope.index]);
    const what = scope.kind === 'file' ? active.label : t('selection of {0}', active.label);
    if (!(await this.consent(vendor, what, text.length))) return;
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: t('Counting {0} exactly with {1}…', what, vendorLabel(vendor, t)),
          cancellable: true,
        },
        (_progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return countExactly(model.vendor, {
            apiKey: apiKey as string,
            model: vendorModelName(model.id),
            text,
            baseUrl: baseUrlFor(vendor),
            signal: controller.signal,
          });
        },
      );
      this.cache.set(model.id, text, result);
      this.countedModels.add(model.id);
      this.log.info(`Exact count for ${model.id}: ${result.tokens} tokens (${result.scope}, ${text.length} characters sent)`);
      this.changed.fire();
      const message =
        result.scope === 'one user message'
          ? t('{0}: {1} tokens on {2}, exact, counted by the vendor as one user message.', what, result.tokens.toLocaleString(), model.name)
          : t('{0}: {1} tokens on {2}, exact, counted by the vendor.', what, result.tokens.toLocaleString(), model.name);
      void vscode.window.showInformationMessage(message);
    } catch (error) {
      if (!(error instanceof ExactCountError)) {
        this.log.error('Exact count failed', error);
        void vscode.window.showErrorMessage(t('Exact count failed; see the log (Token Cost: Show Log).'));
        return;
      }
      this.log.warn(`Exact count for ${model.id} failed: ${error.kind}: ${error.message}`);
      if (error.kind === 'cancelled') return;
      const message = exactErrorMessage(error, vendor, t);
      if (error.kind === 'unauthorized' || error.kind === 'forbidden') {
        const setKey = t('Set API Key');
        if ((await vscode.window.showErrorMessage(message, setKey)) === setKey) await this.setKey(vendor);
      } else {
        void vscode.window.showErrorMessage(message);
      }
    }
  }

  /** Asks for a key and stores it in SecretStorage. Returns whether one was stored. */
  async setKey(vendor?: ExactCountVendor): Promise<boolean> {
    const t = this.t;
    const target = vendor ?? (await this.pickVendor(VENDORS, t('Set the API key for…')));
    if (!target) return false;
    const key = await vscode.window.showInputBox({
      title: t('API key for {0}', vendorLabel(target, t)),
      prompt: t('Kept in VS Code’s secret storage and sent only when you run “Count Exactly with the Vendor’s API”.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length === 0 ? t('Enter a key, or press Escape to cancel.') : undefined),
    });
    if (!key || !key.trim()) return false;
    await this.secrets.store(secretKeyName(target), key.trim());
    void vscode.window.showInformationMessage(t('API key for {0} saved.', vendorLabel(target, t)));
    return true;
  }

  /** Removes a stored key (and the exact counts made with it stay valid: they are facts about the text). */
  async clearKey(): Promise<void> {
    const t = this.t;
    const stored: ExactCountVendor[] = [];
    for (const vendor of VENDORS) if (await this.secrets.get(secretKeyName(vendor))) stored.push(vendor);
    if (stored.length === 0) {
      void vscode.window.showInformationMessage(t('No API key is stored.'));
      return;
    }
    const target = stored.length === 1 ? stored[0] : await this.pickVendor(stored, t('Clear the API key for…'));
    if (!target) return;
    await this.secrets.delete(secretKeyName(target));
    void vscode.window.showInformationMessage(t('API key for {0} removed.', vendorLabel(target, t)));
  }

  private async pickVendor(vendors: readonly ExactCountVendor[], title: string): Promise<ExactCountVendor | undefined> {
    const picked = await vscode.window.showQuickPick(
      vendors.map((vendor) => ({ label: vendorLabel(vendor, this.t), vendor })),
      { title },
    );
    return picked?.vendor;
  }

  /** The selected model when its vendor can count exactly; otherwise a choice among those that can. */
  private async chooseModel(): Promise<ModelInfo | undefined> {
    const settings = this.settings.get();
    const selected = selectedModel(settings);
    if (selected && exactCountVendor(selected.vendor)) return selected;
    const candidates = [
      ...settings.config.statusBarModels.map((id) => settings.catalog.find(id)),
      ...settings.catalog.featured(),
    ].filter((model): model is ModelInfo => model !== undefined && exactCountVendor(model.vendor) !== undefined);
    const unique = candidates.filter((model, index) => candidates.findIndex((other) => other.id === model.id) === index);
    if (unique.length === 0) {
      void vscode.window.showWarningMessage(this.t('No Claude or Gemini model is configured; exact counts need one.'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      unique.map((model) => ({ label: model.name, description: model.id, model })),
      { title: this.t('Count exactly on which model?') },
    );
    return picked?.model;
  }
}
