import * as vscode from 'vscode';
import type { Translate } from '../ui/l10n';
import { pickerEntries } from './view';
import { selectedModel, type SettingsService } from '../settings/service';

interface ModelItem extends vscode.QuickPickItem {
  readonly modelId?: string;
}

/**
 * Owns the "select model" quick pick. One instance at a time: opening it again while it is
 * shown just focuses the existing one. The choice is stored in `tokenCost.model`.
 */
export class ModelPicker implements vscode.Disposable {
  private open: vscode.QuickPick<ModelItem> | undefined;

  constructor(
    private readonly settings: SettingsService,
    private readonly t: Translate,
  ) {}

  /** Shows the picker; resolves with the chosen id (already saved) or `undefined` when dismissed. */
  async pick(): Promise<string | undefined> {
    if (this.open) {
      this.open.show();
      return undefined;
    }
    const settings = this.settings.get();
    const current = selectedModel(settings);
    const items: ModelItem[] = pickerEntries(settings.catalog.all(), current?.id, this.t).map((entry) =>
      entry.kind === 'separator'
        ? { label: entry.label, kind: vscode.QuickPickItemKind.Separator }
        : { label: entry.label, description: entry.description, detail: entry.detail, modelId: entry.id },
    );
    const quickPick = vscode.window.createQuickPick<ModelItem>();
    this.open = quickPick;
    quickPick.title = this.t('Token Cost: Select Model');
    quickPick.placeholder = this.t('Type to filter by name, id or vendor');
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    quickPick.items = items;
    const active = items.find((item) => item.modelId === current?.id);
    if (active) quickPick.activeItems = [active];
    const chosen = await new Promise<string | undefined>((resolve) => {
      quickPick.onDidAccept(() => {
        resolve(quickPick.selectedItems[0]?.modelId);
        quickPick.hide();
      });
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
    quickPick.dispose();
    this.open = undefined;
    if (chosen && chosen !== current?.id) await this.settings.setModel(chosen);
    return chosen;
  }

  dispose(): void {
    this.open?.dispose();
  }
}
