import * as vscode from 'vscode';
import type { BundleNode } from '../../core/context/bundle';
import type { Translate } from '../ui/l10n';
import type { ContextEntry, ContextSkipped } from './contextBundle';
import { skipReasonText, tokensText, type FitLevel, type ModelRow } from './view';

/** An element of the Context view's tree. */
export type ContextNode =
  | { readonly kind: 'models' }
  | { readonly kind: 'model'; readonly row: ModelRow }
  | { readonly kind: 'files' }
  | { readonly kind: 'path'; readonly node: BundleNode<ContextEntry> }
  | { readonly kind: 'skippedGroup' }
  | { readonly kind: 'skipped'; readonly skipped: ContextSkipped };

/** What the tree shows, made by the controller from the bundle and the settings. */
export interface ContextPresentation {
  readonly rows: readonly ModelRow[];
  readonly tree: readonly BundleNode<ContextEntry>[];
  readonly skipped: readonly ContextSkipped[];
  readonly files: number;
  /** Tokens on the view's model (the status bar's), and whether that is an estimate. */
  readonly tokens: number;
  readonly estimate: boolean;
  /** The model the file and folder figures are counted on. */
  readonly modelName: string;
}

/** Folders with at most this many files open expanded. */
const EXPAND_UP_TO = 20;

const EMPTY: ContextPresentation = { rows: [], tree: [], skipped: [], files: 0, tokens: 0, estimate: false, modelName: '' };

/**
 * The Context view as a native tree: the compared models first (fit bar, share of the usable
 * input limit, cost per call and per month), then the files by folder with their totals, then
 * what was skipped. A tree rather than a webview: file icons, open on click, multi-select with
 * *Remove*, keyboard and screen-reader support come with it, and the bar reads in the item's
 * description next to the percentage and an icon that says fits / near / over.
 */
export class ContextTree implements vscode.TreeDataProvider<ContextNode> {
  private presentation = EMPTY;
  private readonly changed = new vscode.EventEmitter<ContextNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly t: Translate) {}

  show(presentation: ContextPresentation): void {
    this.presentation = presentation;
    this.changed.fire(undefined);
  }

  current(): ContextPresentation {
    return this.presentation;
  }

  getChildren(element?: ContextNode): ContextNode[] {
    const shown = this.presentation;
    if (!element) {
      if (shown.files === 0 && shown.skipped.length === 0) return [];
      return [
        ...(shown.files ? [{ kind: 'models' } as const, { kind: 'files' } as const] : []),
        ...(shown.skipped.length ? [{ kind: 'skippedGroup' } as const] : []),
      ];
    }
    switch (element.kind) {
      case 'models':
        return shown.rows.map((row) => ({ kind: 'model', row }));
      case 'files':
        return shown.tree.map((node) => ({ kind: 'path', node }));
      case 'path':
        return (element.node.children ?? []).map((node) => ({ kind: 'path', node }));
      case 'skippedGroup':
        return shown.skipped.map((skipped) => ({ kind: 'skipped', skipped }));
      default:
        return [];
    }
  }

  /** Where `element` hangs in the tree (VS Code needs it to reveal an item). */
  getParent(element: ContextNode): ContextNode | undefined {
    switch (element.kind) {
      case 'model':
        return { kind: 'models' };
      case 'skipped':
        return { kind: 'skippedGroup' };
      case 'path': {
        const parent = parentOf(this.presentation.tree, element.node.path);
        return parent ? { kind: 'path', node: parent } : { kind: 'files' };
      }
      default:
        return undefined;
    }
  }

  getTreeItem(element: ContextNode): vscode.TreeItem {
    const { t } = this;
    const shown = this.presentation;
    switch (element.kind) {
      case 'models': {
        const item = new vscode.TreeItem(t('Models'), vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'models';
        item.description = t('context window and cost of one call');
        return item;
      }
      case 'model': {
        const { row } = element;
        const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
        item.id = `model:${row.id}`;
        item.description = row.description;
        const tooltip = new vscode.MarkdownString(row.tooltip, true);
        item.tooltip = tooltip;
        item.iconPath = fitIcon(row.level);
        item.contextValue = 'contextModel';
        // The bar's block characters read as noise; the percentage says it.
        item.accessibilityInformation = { label: `${row.label}, ${fitWord(row.level, t)}, ${row.description.replace(/[█░]+ /, '')}` };
        return item;
      }
      case 'files': {
        const item = new vscode.TreeItem(t('Files'), vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'files';
        item.description = t('{0} · {1} tokens on {2}', shown.files, tokensText(shown.tokens, shown.estimate), shown.modelName);
        return item;
      }
      case 'path': {
        const { node } = element;
        const folder = node.children !== undefined;
        const item = new vscode.TreeItem(node.name, folder ? (node.files <= EXPAND_UP_TO ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None);
        item.id = `path:${node.path}`;
        item.description = tokensText(node.tokens, shown.estimate);
        if (folder) {
          item.iconPath = vscode.ThemeIcon.Folder;
          item.contextValue = 'contextFolder';
          item.tooltip = t('{0}: {1} files, {2} tokens on {3}', node.path, node.files, tokensText(node.tokens, shown.estimate), shown.modelName);
        } else {
          const entry = node.file!;
          const uri = vscode.Uri.parse(entry.uri);
          item.resourceUri = uri;
          item.contextValue = 'contextFile';
          item.command = { command: 'vscode.open', title: t('Open'), arguments: [uri] };
          item.tooltip = t('{0}: {1} characters, {2} tokens on {3}', entry.path, entry.characters, tokensText(node.tokens, shown.estimate), shown.modelName);
        }
        return item;
      }
      case 'skippedGroup': {
        const item = new vscode.TreeItem(t('Skipped'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'skipped';
        item.description = String(shown.skipped.length);
        return item;
      }
      case 'skipped': {
        const item = new vscode.TreeItem(element.skipped.path, vscode.TreeItemCollapsibleState.None);
        item.id = `skipped:${element.skipped.key}`;
        item.description = skipReasonText(element.skipped.reason, t);
        item.iconPath = new vscode.ThemeIcon('circle-slash');
        item.contextValue = 'contextSkipped';
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function fitIcon(level: FitLevel): vscode.ThemeIcon {
  switch (level) {
    case 'fits':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
    case 'near':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.yellow'));
    case 'over':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    case 'unknown':
      return new vscode.ThemeIcon('question');
  }
}

function fitWord(level: FitLevel, t: Translate): string {
  switch (level) {
    case 'fits':
      return t('fits');
    case 'near':
      return t('near the input limit');
    case 'over':
      return t('over the input limit');
    case 'unknown':
      return t('context unknown');
  }
}

/** The folder node holding the node at `path`, searched from `nodes` down; `undefined` at the top. */
function parentOf<F extends ContextEntry>(nodes: readonly BundleNode<F>[], path: string): BundleNode<F> | undefined {
  for (const node of nodes) {
    if (!node.children) continue;
    if (node.children.some((child) => child.path === path)) return node;
    const deeper = parentOf(node.children, path);
    if (deeper) return deeper;
  }
  return undefined;
}
