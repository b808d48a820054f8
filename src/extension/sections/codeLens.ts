import * as vscode from 'vscode';
import type { SettingsService } from '../settings/service';
import type { Translate } from '../ui/l10n';
import type { SectionsModel } from './model';
import { SECTIONS_VIEW_ID } from '../commandIds';
import { codeLensTitle } from './view';

/**
 * A CodeLens above each section of the active document: its tokens, share of the file, cost per
 * call, and its change since the last save or HEAD. Off with `tokenCost.sections.codeLens`.
 */
export class SectionsCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly model: SectionsModel,
    private readonly settings: SettingsService,
    private readonly t: Translate,
  ) {
    this.disposables.push(
      vscode.languages.registerCodeLensProvider({ scheme: '*' }, this),
      model.onDidChange(() => this.changed.fire()),
      settings.onDidChange(() => this.changed.fire()),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const state = this.model.current();
    const { config } = this.settings.get();
    // Lenses of an older version would sit on the wrong lines; the next update brings new ones.
    if (!config.sectionsCodeLens || state.status !== 'counted' || state.document !== document || state.version !== document.version) return [];
    const pricing = { model: state.model, fileTokens: state.fileTokens, profile: config.profile, cnyPerUsd: config.cnyPerUsd };
    return state.sections.map((item) => {
      const at = document.positionAt(item.section.start);
      return new vscode.CodeLens(new vscode.Range(at, at), {
        title: codeLensTitle(item, pricing, this.t),
        tooltip: this.t('Tokens of this section with its subsections, its share of the file and its share of the cost per call. Click for the Token Sections view.'),
        command: `${SECTIONS_VIEW_ID}.focus`,
      });
    });
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
