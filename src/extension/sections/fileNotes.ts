import type * as vscode from 'vscode';
import type { ModelInfo } from '../../core/pricing/types';
import type { BudgetController } from '../budgets/controller';
import type { SettingsService } from '../settings/service';
import type { Translate } from '../ui/l10n';
import { escapeMarkdown } from '../ui/markdown';
import type { BaselineKind, Baselines } from './baselines';
import { formatDelta, tokenDelta } from './delta';
import type { SectionsModel } from './model';
import { deltaSentence } from './view';

/** What a cut saved, as one line per baseline: `Since the last save: −120 tok (−9 %) · −$3.60 / month at 1,000 calls/day`. */
function deltaLines(model: ModelInfo, tokens: number, baselines: Partial<Record<BaselineKind, number>>, settings: SettingsService, t: Translate): string[] {
  const { config } = settings.get();
  const lines: string[] = [];
  for (const kind of ['saved', 'head'] as const) {
    const baseline = baselines[kind];
    if (baseline === undefined || baseline === tokens) continue;
    lines.push(deltaSentence(kind, formatDelta(tokenDelta(model, tokens, baseline, config.profile, config.cnyPerUsd), t), t));
  }
  return lines;
}

/**
 * The lines the status bar's tooltip and the comparison panel add for a file: what a cut saved
 * since the last save and since git HEAD, and its token budgets (with the warning colour when
 * over one).
 */
export class FileNotes {
  constructor(
    private readonly settings: SettingsService,
    private readonly baselines: Baselines,
    private readonly budgets: BudgetController,
    private readonly sections: SectionsModel,
    private readonly t: Translate,
  ) {}

  /** Listens for changes of the status bar's notes: a baseline's counts, a budget. */
  onDidChange(listener: () => void): vscode.Disposable[] {
    return [this.baselines.onDidChange(listener), this.budgets.onDidChange(listener)];
  }

  /** Listens for changes of the panel's line: the sections' counts (they carry the baselines' totals). */
  onDidChangePanelLine(listener: () => void): vscode.Disposable {
    return this.sections.onDidChange(listener);
  }

  /** For the status bar's primary entry: Markdown tooltip lines, and whether to take the warning colour. */
  statusNotes(document: vscode.TextDocument, model: ModelInfo, fileTokens: number | undefined): { readonly lines: readonly string[]; readonly warning: boolean } {
    const lines: string[] = [];
    if (fileTokens !== undefined) {
      const found = this.baselines.get(document, model.tokenizer);
      const totals: Partial<Record<BaselineKind, number>> = {};
      if (found.saved) totals.saved = found.saved.total;
      if (found.head) totals.head = found.head.total;
      for (const line of deltaLines(model, fileTokens, totals, this.settings, this.t)) lines.push(`$(diff) ${escapeMarkdown(line)}  `);
    }
    const budget = this.budgets.notesFor(document);
    lines.push(...budget.lines);
    return { lines, warning: budget.overBudget };
  }

  /** For the comparison panel: what a cut saved on the status bar's model, in one line (plain text). */
  line(document: vscode.TextDocument): string | undefined {
    const state = this.sections.current();
    if (state.status !== 'counted' || state.document !== document) return undefined;
    const lines = deltaLines(state.model, state.fileTokens, state.baselines, this.settings, this.t);
    return lines.length ? `${lines.join(' · ')} (${state.model.name})` : undefined;
  }
}
