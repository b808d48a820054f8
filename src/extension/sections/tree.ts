import * as vscode from 'vscode';
import type { SectionKind } from '../../core/sections';
import { SECTIONS_VIEW_ID } from '../commandIds';
import type { SettingsService } from '../settings/service';
import type { Translate } from '../ui/l10n';
import type { CountedSection, SectionsModel, SectionsState } from './model';
import { sectionDescription, sectionLabel, sectionTooltip, type SectionPricing } from './view';

/** Context key: the tree is sorted by tokens (the view's title shows the other order's button). */
const SORTED_BY_TOKENS_KEY = 'tokenCost.sectionsByTokens';

const ICONS: Readonly<Record<SectionKind, string>> = {
  preamble: 'symbol-text',
  heading: 'symbol-key',
  tag: 'symbol-namespace',
  message: 'comment',
  symbol: 'symbol-method',
};

/** One row of the tree as tests read it back: label, description, depth. */
export interface SectionRowSnapshot {
  readonly label: string;
  readonly description: string;
  readonly depth: number;
}

/**
 * The *Token Sections* view: the active document's sections nested as they are, each with its
 * tokens, share and cost per call and its change since the last save or HEAD; sortable by
 * tokens; a click reveals the section.
 */
export class SectionsTree implements vscode.TreeDataProvider<CountedSection>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CountedSection | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<CountedSection>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private byTokens = false;

  constructor(
    private readonly model: SectionsModel,
    private readonly settings: SettingsService,
    private readonly t: Translate,
  ) {
    this.view = vscode.window.createTreeView(SECTIONS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view, model.onDidChange((state) => this.refresh(state)));
    void vscode.commands.executeCommand('setContext', SORTED_BY_TOKENS_KEY, false);
    this.refresh(model.current());
  }

  /** Sorts siblings by tokens (most first), or back in document order. */
  sortByTokens(on: boolean): void {
    this.byTokens = on;
    void vscode.commands.executeCommand('setContext', SORTED_BY_TOKENS_KEY, on);
    this.changed.fire(undefined);
  }

  /** The rows as shown, depth first (tests). */
  snapshot(): SectionRowSnapshot[] {
    const rows: SectionRowSnapshot[] = [];
    const walk = (items: readonly CountedSection[], depth: number): void => {
      for (const item of items) {
        const tree = this.getTreeItem(item);
        rows.push({ label: String(tree.label), description: String(tree.description ?? ''), depth });
        walk(this.getChildren(item), depth + 1);
      }
    };
    walk(this.getChildren(), 0);
    return rows;
  }

  getTreeItem(item: CountedSection): vscode.TreeItem {
    const state = this.model.current();
    const pricing = this.pricing(state);
    const hasChildren = this.childrenOf(item.index).length > 0;
    const tree = new vscode.TreeItem(
      sectionLabel(item.section, this.t),
      hasChildren ? (item.section.level <= 2 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None,
    );
    tree.id = item.key;
    tree.iconPath = new vscode.ThemeIcon(ICONS[item.section.kind]);
    if (state.status === 'counted' && pricing) {
      const hasBaseline = state.baselines.saved !== undefined || state.baselines.head !== undefined;
      tree.description = sectionDescription(item, pricing, hasBaseline && item.section.kind !== 'symbol', this.t);
      tree.tooltip = new vscode.MarkdownString(sectionTooltip(item, pricing, this.t), true);
      const at = state.document.positionAt(item.section.start);
      tree.command = {
        command: 'vscode.open',
        title: this.t('Go to section'),
        arguments: [state.document.uri, { selection: new vscode.Range(at, at), preserveFocus: false } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return tree;
  }

  getChildren(item?: CountedSection): CountedSection[] {
    const children = this.childrenOf(item ? item.index : -1);
    return this.byTokens ? [...children].sort((a, b) => b.tokens - a.tokens || a.index - b.index) : children;
  }

  getParent(item: CountedSection): CountedSection | undefined {
    const state = this.model.current();
    return state.status === 'counted' && item.section.parent >= 0 ? state.sections[item.section.parent] : undefined;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private childrenOf(parent: number): CountedSection[] {
    const state = this.model.current();
    return state.status === 'counted' ? state.sections.filter((item) => item.section.parent === parent) : [];
  }

  private pricing(state: SectionsState): SectionPricing | undefined {
    if (state.status !== 'counted') return undefined;
    const { config } = this.settings.get();
    return { model: state.model, fileTokens: state.fileTokens, profile: config.profile, cnyPerUsd: config.cnyPerUsd };
  }

  private refresh(state: SectionsState): void {
    this.view.message = this.message(state);
    if (state.status === 'counted') {
      const name = state.document.uri.path.split('/').pop() ?? '';
      this.view.description = name;
    } else {
      this.view.description = undefined;
    }
    this.changed.fire(undefined);
  }

  private message(state: SectionsState): string | undefined {
    switch (state.status) {
      case 'none':
        return undefined;
      case 'unavailable':
        return state.reason === 'tooLarge'
          ? this.t('This file is too large to list its sections.')
          : state.reason === 'binary'
            ? this.t('This file looks binary; it has no sections to count.')
            : this.t('Counting the sections failed; see the log (Token Cost: Show Log).');
      case 'counted':
        return state.sections.length === 0 ? this.t('No sections: no Markdown headings, XML-style tags, prompt messages or code symbols in this file.') : undefined;
    }
  }
}
