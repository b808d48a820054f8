import * as vscode from 'vscode';
import { bundledCatalog } from '../../core/pricing/bundled';
import type { ModelInfo } from '../../core/pricing/types';
import { DEFAULT_MODEL_ID, ModelCatalog } from '../../core/pricing/catalog';
import type { PriceTable } from '../../core/pricing/table';
import type { CallProfile } from '../../core/pricing/profile';
import { CONFIG_SECTION, parseConfig, PROFILE_SETTING_KEYS, RESTRICTED_SETTINGS, SETTING_KEYS, type TokenCostConfig } from './config';
import type { Translate } from '../ui/l10n';
import { catalogProblemMessage, keptBundledMessages } from '../ui/priceNotes';

/** The validated settings and the catalog they produce (bundled models + overrides + custom models). */
export interface Settings {
  readonly config: TokenCostConfig;
  readonly catalog: ModelCatalog;
}

/**
 * The one configuration reader. Re-reads only when `tokenCost.*` or trust changes, reports each
 * new problem once (naming the setting) and falls back to defaults, so bad settings never break
 * the status bar or the panel.
 */
export class SettingsService implements vscode.Disposable {
  private current: Settings | undefined;
  /** The prices in force: a refreshed table once one is loaded, else the bundled one. */
  private baseCatalog: ModelCatalog = bundledCatalog();
  private reported = new Set<string>();
  private logged = new Set<string>();
  private readonly changed = new vscode.EventEmitter<Settings>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  /** Fires after settings (or workspace trust) changed and were re-read. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(CONFIG_SECTION)) this.reload();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
  }

  /** Uses another price table (a refreshed one); overrides and custom models still apply on top. */
  usePriceTable(table: PriceTable): void {
    this.baseCatalog = new ModelCatalog(table.models);
    this.reload();
  }

  /** Current settings, read on first use. */
  get(): Settings {
    this.current ??= this.read();
    return this.current;
  }

  /** The model a status entry or the picker means: the id resolved, else the default, else the first featured. */
  resolveModel(id: string): ModelInfo | undefined {
    const { catalog } = this.get();
    return catalog.find(id);
  }

  /** Stores the chosen model where it takes effect: the workspace when it sets one, else user settings. */
  async setModel(id: string): Promise<void> {
    const configuration = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const inspected = configuration.inspect<string>(SETTING_KEYS.model);
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await configuration.update(SETTING_KEYS.model, id, target);
  }

  /** "Save as default": writes each field of the profile people set to its user setting. */
  async saveProfile(profile: CallProfile): Promise<void> {
    const configuration = vscode.workspace.getConfiguration(CONFIG_SECTION);
    for (const [field, key] of Object.entries(PROFILE_SETTING_KEYS) as [keyof typeof PROFILE_SETTING_KEYS, string][]) {
      await configuration.update(key, profile[field], vscode.ConfigurationTarget.Global);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private reload(): void {
    this.current = this.read();
    this.changed.fire(this.current);
  }

  private read(): Settings {
    const configuration = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const trusted = vscode.workspace.isTrusted;
    const restricted = new Set<string>(RESTRICTED_SETTINGS.map((field) => SETTING_KEYS[field]));
    const get = (key: string): unknown => {
      // VS Code already drops restricted workspace values in untrusted workspaces; reading the
      // user value explicitly keeps that true even if the manifest and this list ever disagree.
      if (!trusted && restricted.has(key)) return configuration.inspect(key)?.globalValue;
      return configuration.get(key);
    };
    const { config, problems } = parseConfig(get, this.t);
    const { catalog, problems: catalogProblems } = this.baseCatalog.withUserModels(config.priceOverrides, config.customModels);
    const all = [...problems, ...catalogProblems.map((problem) => catalogProblemMessage(problem, this.t))];
    if (!catalog.find(config.model)) {
      all.push(
        this.t('Setting "{0}": unknown model "{1}"; using {2}.', `${CONFIG_SECTION}.${SETTING_KEYS.model}`, config.model, catalog.fallback()?.id ?? DEFAULT_MODEL_ID),
      );
    }
    for (const id of [...config.statusBarModels, ...config.comparisonModels]) {
      if (!catalog.find(id)) {
        const suggestions = catalog.suggest(id);
        all.push(
          this.t('Unknown model "{0}" in settings, skipped.', id) +
            (suggestions.length ? ' ' + this.t('Did you mean: {0}?', suggestions.join(', ')) : ''),
        );
      }
    }
    this.report(all);
    this.logNotes(
      catalog
        .all()
        .flatMap((model) => keptBundledMessages(model.price, this.t).map((note) => `${CONFIG_SECTION}.${SETTING_KEYS.priceOverrides}: ${model.id}: ${note}`)),
    );
    return { config, catalog };
  }

  /** Logs each new note once; no pop-up, since an override that keeps bundled tiers may be meant so. */
  private logNotes(notes: readonly string[]): void {
    for (const note of notes) if (!this.logged.has(note)) this.log.warn(note);
    this.logged = new Set(notes);
  }

  private report(problems: readonly string[]): void {
    const fresh = problems.filter((problem) => !this.reported.has(problem));
    this.reported = new Set(problems);
    for (const problem of fresh) this.log.warn(problem);
    if (fresh.length) {
      const open = this.t('Open Settings');
      void vscode.window
        .showWarningMessage(this.t('Token Cost: {0}', fresh.join(' ')), open)
        .then((choice) => (choice === open ? vscode.commands.executeCommand('workbench.action.openSettings', CONFIG_SECTION) : undefined));
    }
  }
}

/** The model for the primary status entry. */
export function selectedModel(settings: Settings): ModelInfo | undefined {
  return settings.catalog.find(settings.config.model) ?? settings.catalog.fallback();
}
