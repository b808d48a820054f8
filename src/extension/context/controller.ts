import * as vscode from 'vscode';
import { KeyedDebounce } from '../keyedDebounce';
import { bundleTotals, bundleTree, type BundleOrder } from '../../core/context/bundle';
import { bundlePrompt } from '../../core/context/bundleText';
import { countFiles, type FilesProgress } from '../../core/context/countFiles';
import { countWithTokenizers, type TextCounter } from '../../core/context/countText';
import { excludeTest } from '../../core/context/ignoreRules';
import { countFailed } from '../../core/context/skip';
import { JobCancelledError } from '../../core/counting/types';
import { formatInteger } from '../../core/pricing/format';
import type { ModelInfo } from '../../core/pricing/types';
import { describeTokenizer } from '../../core/tokenizers/registry';
import type { TokenizerId } from '../../core/tokenizers/types';
import { CONTEXT_VIEW_ID } from '../commandIds';
import { comparisonModels } from '../comparison/view';
import { selectedModel, type Settings, type SettingsService } from '../settings/service';
import type { Translate } from '../ui/l10n';
import { modelDisplayName } from '../ui/modelName';
import { ContextBundle, contextEntry, type ContextEntry } from './contextBundle';
import { currentText, openDocument } from './texts';
import { ContextTree, type ContextNode } from './tree';
import { modelRow, skipReasonText, summaryLine } from './view';
import { workspaceFileSystem } from './workspaceFs';

/** A changed file is recounted this long after its last change (typing, a build writing it). */
const RECOUNT_DELAY_MS = 300;
/** The progress notification is updated at most this often. */
const PROGRESS_MS = 150;
const SORT_KEY = 'tokenCost.context.sort';

/** What the integration tests read back. */
export interface ContextSnapshot {
  readonly files: readonly { readonly path: string; readonly tokens: Readonly<Record<string, number>> }[];
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  /** The bundle's total by tokenizer id: the sum of its files. */
  readonly totals: Readonly<Record<string, number>>;
  readonly rows: readonly { readonly id: string; readonly description: string; readonly level: string }[];
  readonly message: string;
  /** Single entries recounted after a change, since activation. */
  readonly recounts: number;
}

/** What "Copy as One Prompt" wrote and counted. */
export interface CopiedPrompt {
  readonly text: string;
  /** The count of exactly `text`, by tokenizer id. */
  readonly tokens: Readonly<Record<string, number>>;
}

/**
 * The Context view and its commands: a bundle of files, folders, open editors and selections,
 * counted on every compared model. Folders are walked by the core (`.gitignore`, `files.exclude`,
 * `tokenCost.context.exclude`) and counted in the count workers with a cancellable progress
 * notification; afterwards each entry follows its file on its own — a save, a change on disk or an
 * edit in its editor recounts that entry only.
 */
export class ContextController implements vscode.Disposable {
  readonly bundle = new ContextBundle();
  private readonly tree: ContextTree;
  private readonly view: vscode.TreeView<ContextNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly recountsWaiting = new KeyedDebounce();
  private readonly pending = new Set<Promise<unknown>>();
  private order: BundleOrder;
  private recounts = 0;

  constructor(
    private readonly settings: SettingsService,
    private readonly counter: TextCounter & { readonly folderLanes: number },
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
    private readonly realPath?: (fsPath: string) => Promise<string>,
  ) {
    this.tree = new ContextTree(t);
    this.view = vscode.window.createTreeView(CONTEXT_VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true, canSelectMany: true });
    this.order = state.get<BundleOrder>(SORT_KEY) === 'name' ? 'name' : 'tokens';
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      this.tree,
      this.view,
      watcher,
      watcher.onDidChange((uri) => {
        // An open document follows its editor; a save shows up as a document change too.
        if (!openDocument(uri)) this.scheduleRecount(uri.toString());
      }),
      watcher.onDidDelete((uri) => this.forgetDeleted(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length) this.scheduleRecount(event.document.uri.toString());
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        const key = document.uri.toString();
        const entry = this.bundle.get(key);
        // An untitled editor's text is gone with it; a file's falls back to what is on disk.
        if (entry?.source === 'editor') {
          this.bundle.remove(key);
          this.present();
        } else if (entry) {
          this.scheduleRecount(key);
        }
      }),
      settings.onDidChange(() => this.track(this.countMissing())),
    );
    // Nothing is read or drawn yet: the view starts empty, and activation stays cheap.
    void vscode.commands.executeCommand('setContext', 'tokenCost.contextSort', this.order);
  }

  /** *Count Tokens* in the Explorer: the selection becomes the bundle (from the palette: a file dialog). */
  async countSelection(uri?: vscode.Uri, uris?: readonly vscode.Uri[]): Promise<void> {
    const chosen = uris?.length ? uris : uri ? [uri] : await this.pickUris();
    if (!chosen?.length) return;
    await this.addUris(chosen, true);
  }

  /** *Add Files or Folders…*: a dialog, then the choice joins the bundle. */
  async addFiles(): Promise<void> {
    const chosen = await this.pickUris();
    if (chosen?.length) await this.addUris(chosen, false);
  }

  /** Every open text editor joins the bundle (unsaved text and untitled editors included). */
  async addOpenEditors(uris: readonly vscode.Uri[]): Promise<void> {
    if (uris.length === 0) {
      void vscode.window.showInformationMessage(this.t('Token Cost: no text editor is open.'));
      return;
    }
    await this.track(
      Promise.all(
        uris.map(async (uri) => {
          const key = uri.toString();
          // Files are walked again by Recount; an untitled editor has nothing to walk.
          if (uri.scheme !== 'untitled') this.bundle.roots.add(key);
          await this.recountEntry(key, uri, uri.scheme === 'untitled' ? 'editor' : 'file');
        }),
      ),
    );
    this.present();
    await this.reveal();
  }

  /** The active editor's selections join the bundle, each as it is now. */
  async addSelection(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const ranges = editor?.selections.filter((selection) => !selection.isEmpty) ?? [];
    if (!editor || ranges.length === 0) {
      void vscode.window.showInformationMessage(this.t('Token Cost: select some text first.'));
      return;
    }
    const { document } = editor;
    const tokenizers = this.tokenizers(this.settings.get());
    for (const range of ranges) {
      const text = document.getText(range);
      const counts = await countWithTokenizers(text, tokenizers, this.counter);
      const path = this.t('{0}, lines {1}–{2}', vscode.workspace.asRelativePath(document.uri), range.start.line + 1, range.end.line + 1);
      const key = `${document.uri.toString()}#${document.offsetAt(range.start)}-${document.offsetAt(range.end)}`;
      this.bundle.set(contextEntry(key, document.uri.toString(), path, 'selection', text.length, counts, text));
    }
    this.present();
    await this.reveal();
  }

  /** Removes tree items (folders with everything in them) from the bundle. */
  remove(node?: ContextNode, nodes?: readonly ContextNode[]): void {
    for (const element of nodes?.length ? nodes : node ? [node] : []) {
      if (element.kind === 'path') this.bundle.removePath(element.node.path);
      else if (element.kind === 'skipped') this.bundle.remove(element.skipped.key);
    }
    this.present();
  }

  clear(): void {
    this.bundle.clear();
    this.present();
  }

  /** Walks the chosen files and folders again: new files join, deleted ones go. */
  async refresh(): Promise<void> {
    const roots = [...this.bundle.roots].map((root) => vscode.Uri.parse(root));
    const selections = this.bundle.files().filter((entry) => entry.source !== 'file');
    this.bundle.clear();
    for (const entry of selections) this.bundle.set(entry);
    if (roots.length) await this.addUris(roots, false);
    else this.present();
  }

  setOrder(order: BundleOrder): void {
    this.order = order;
    void this.state.update(SORT_KEY, order);
    void vscode.commands.executeCommand('setContext', 'tokenCost.contextSort', order);
    this.present();
  }

  /**
   * Writes the bundle to the clipboard as one prompt (a `### path` header and a fence per file) and
   * counts exactly that text on the compared models' tokenizers.
   */
  async copyPrompt(): Promise<CopiedPrompt | undefined> {
    const entries = this.bundle.files();
    if (entries.length === 0) {
      void vscode.window.showInformationMessage(this.t('Token Cost: the Context view is empty; count some files first.'));
      return undefined;
    }
    const settings = this.settings.get();
    const limit = settings.config.maxCharacters;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: this.t('Copying the context as one prompt…') }, async () => {
      const parts: { path: string; text: string }[] = [];
      for (const entry of entries) {
        const read = entry.text !== undefined ? { kind: 'text' as const, text: entry.text } : await currentText(vscode.Uri.parse(entry.uri), limit);
        if (read.kind === 'text') parts.push({ path: entry.path, text: read.text });
      }
      const text = bundlePrompt(parts);
      await vscode.env.clipboard.writeText(text);
      const counts = await countWithTokenizers(text, this.tokenizers(settings), this.counter);
      const primary = selectedModel(settings);
      const tokens = primary ? counts.get(primary.tokenizer)?.tokens : undefined;
      const message =
        primary && tokens !== undefined
          ? this.t('Copied {0} files as one prompt: {1} tokens on {2}.', parts.length, formatInteger(tokens), modelDisplayName(primary, this.t))
          : this.t('Copied {0} files as one prompt.', parts.length);
      vscode.window.setStatusBarMessage(message, 5000);
      this.log.info(`${message} (${formatInteger(text.length)} characters)`);
      return { text, tokens: Object.fromEntries([...counts].map(([id, counted]) => [id, counted.tokens])) };
    });
  }

  /** The view's state for the integration tests. */
  snapshot(): ContextSnapshot {
    const settings = this.settings.get();
    const files = this.bundle.files();
    const totals = bundleTotals(files, this.tokenizers(settings));
    const shown = this.tree.current();
    return {
      files: files.map((entry) => ({ path: entry.path, tokens: Object.fromEntries([...entry.counts].map(([id, counted]) => [id, counted.tokens])) })),
      skipped: this.bundle.skipped().map((entry) => ({ path: entry.path, reason: skipReasonText(entry.reason, this.t) })),
      totals: Object.fromEntries([...totals].map(([id, counted]) => [id, counted.tokens])),
      rows: shown.rows.map((row) => ({ id: row.id, description: row.description, level: row.level })),
      message: this.view.message ?? '',
      recounts: this.recounts,
    };
  }

  /** Resolves when pending counts and recounts are done. */
  async whenIdle(): Promise<void> {
    for (;;) {
      while (this.recountsWaiting.waiting > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      if (this.pending.size === 0) return;
      await Promise.allSettled([...this.pending]);
    }
  }

  dispose(): void {
    this.recountsWaiting.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** The tokenizers counted: the status bar model's and every compared model's. */
  private tokenizers(settings: Settings): TokenizerId[] {
    const primary = selectedModel(settings);
    return [...new Set([...(primary ? [primary.tokenizer] : []), ...comparisonModels(settings.config, settings.catalog).map((model) => model.tokenizer)])];
  }

  private async pickUris(): Promise<readonly vscode.Uri[] | undefined> {
    return vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: true,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: this.t('Count Tokens'),
    });
  }

  /** Walks and counts `uris` (a new bundle when `replace`), with a cancellable progress notification. */
  private async addUris(uris: readonly vscode.Uri[], replace: boolean): Promise<void> {
    const settings = this.settings.get();
    const tokenizers = this.tokenizers(settings);
    // One walk per file system (scheme and authority): each has its own adapter.
    const groups = new Map<string, vscode.Uri[]>();
    for (const uri of uris) {
      const key = `${uri.scheme}://${uri.authority}`;
      groups.set(key, [...(groups.get(key) ?? []), uri]);
    }
    const counted: ContextEntry[] = [];
    const skipped: { key: string; path: string; reason: Parameters<ContextBundle['skip']>[0]['reason'] }[] = [];
    const cancelled = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: this.t('Counting tokens'), cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let last = 0;
        let reported = 0;
        const onProgress = (p: FilesProgress): void => {
          if (Date.now() - last < PROGRESS_MS) return;
          last = Date.now();
          const share = p.walking || p.found === 0 ? undefined : Math.floor((p.done / p.found) * 100);
          const increment = share === undefined ? undefined : Math.max(0, share - reported);
          if (share !== undefined) reported = share;
          const message = p.walking ? this.t('{0} files counted, {1} found so far…', formatInteger(p.done), formatInteger(p.found)) : this.t('{0} of {1} files', formatInteger(p.done), formatInteger(p.found));
          progress.report({ message, ...(increment ? { increment } : {}) });
        };
        try {
          for (const group of groups.values()) {
            const base = group[0]!;
            const result = await countFiles(
              workspaceFileSystem(base, this.realPath),
              group.map((uri) => this.walkRoot(uri, settings)),
              { gitignore: true },
              { counter: this.counter, tokenizers, maxFileBytes: settings.config.maxCharacters, concurrency: this.counter.folderLanes, signal: abort.signal, onProgress },
            );
            for (const warning of result.warnings) this.log.warn(warning);
            for (const file of result.files) {
              const uri = base.with({ path: file.path });
              counted.push(contextEntry(uri.toString(), uri.toString(), vscode.workspace.asRelativePath(uri), 'file', file.characters, file.counts));
            }
            for (const entry of result.skipped) {
              const uri = base.with({ path: entry.path });
              skipped.push({ key: uri.toString(), path: vscode.workspace.asRelativePath(uri), reason: entry.reason });
            }
            this.log.info(`Counted ${result.files.length} files (${result.skipped.length} skipped, ${result.ignored} ignored) for the Context view.`);
          }
          return false;
        } catch (error) {
          if (error instanceof JobCancelledError) return true;
          throw error;
        }
      },
    );
    if (cancelled) {
      void vscode.window.showInformationMessage(this.t('Token Cost: counting cancelled; the Context view is unchanged.'));
      return;
    }
    if (replace) this.bundle.clear();
    for (const uri of uris) this.bundle.roots.add(uri.toString());
    for (const entry of counted) this.bundle.set(entry);
    for (const entry of skipped) this.bundle.skip(entry);
    // Files open with unsaved edits count as their editors show them.
    const dirty = counted.filter((entry) => openDocument(vscode.Uri.parse(entry.uri))?.isDirty);
    await this.track(Promise.all(dirty.map((entry) => this.recountEntry(entry.key, vscode.Uri.parse(entry.uri), 'file'))));
    this.present();
    await this.reveal();
  }

  /** A root of the walk: its workspace folder is where exclude globs apply and `.gitignore` rules start. */
  private walkRoot(uri: vscode.Uri, settings: Settings): { path: string; base?: string; exclude?: (path: string) => boolean } {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return { path: uri.path };
    const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
    const globs = [...Object.entries(filesExclude).filter(([, on]) => on === true).map(([glob]) => glob), ...settings.config.contextExclude];
    const exclude = excludeTest(globs);
    return { path: uri.path, base: folder.uri.path, ...(exclude ? { exclude } : {}) };
  }

  private scheduleRecount(key: string): void {
    if (!this.bundle.has(key)) return;
    this.recountsWaiting.schedule(key, RECOUNT_DELAY_MS, () => {
      const entry = this.bundle.get(key);
      const uri = vscode.Uri.parse(entry?.uri ?? key);
      void this.track(this.recountEntry(key, uri, entry?.source === 'editor' ? 'editor' : 'file')).then(() => this.present());
    });
  }

  /** Counts one entry again from its current text (editor or disk); it moves to Skipped if it can no longer be counted. */
  private async recountEntry(key: string, uri: vscode.Uri, source: 'file' | 'editor'): Promise<void> {
    const settings = this.settings.get();
    const path = vscode.workspace.asRelativePath(uri);
    const read = await currentText(uri, settings.config.maxCharacters);
    this.recounts++;
    if (read.kind === 'skipped') {
      this.bundle.skip({ key, path, reason: read.reason });
      return;
    }
    try {
      const counts = await countWithTokenizers(read.text, this.tokenizers(settings), this.counter);
      this.bundle.set(contextEntry(key, uri.toString(), path, source, read.text.length, counts));
    } catch (error) {
      if (error instanceof JobCancelledError) return;
      this.log.error(`Counting ${path} for the Context view failed`, error);
      this.bundle.skip({ key, path, reason: countFailed(error) });
    }
  }

  /** Entries lacking a count for a tokenizer the settings now compare. */
  private async countMissing(): Promise<void> {
    const settings = this.settings.get();
    for (const entry of this.bundle.missing(this.tokenizers(settings))) {
      if (entry.source === 'selection' && entry.text !== undefined) {
        const counts = await countWithTokenizers(entry.text, this.tokenizers(settings), this.counter);
        this.bundle.set({ ...entry, counts });
      } else {
        await this.recountEntry(entry.key, vscode.Uri.parse(entry.uri), entry.source === 'editor' ? 'editor' : 'file');
      }
    }
    this.present();
  }

  private forgetDeleted(uri: vscode.Uri): void {
    const key = uri.toString();
    let changed = this.bundle.remove(key);
    // A deleted folder takes its files along.
    for (const entry of this.bundle.files()) {
      if (entry.source === 'file' && entry.uri.startsWith(`${key}/`)) changed = this.bundle.remove(entry.key) || changed;
    }
    if (changed) this.present();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }

  /**
   * Shows the view, on its first item, without taking the keyboard focus: a count ends seconds
   * after the command that asked for it, when the user may be typing in an editor again (the
   * keys went nowhere once the view took the focus). An empty view (nothing counted) has no item
   * to reveal: it is focused, which shows it and its welcome text.
   */
  private async reveal(): Promise<void> {
    const [first] = this.tree.getChildren();
    if (first) await this.view.reveal(first, { select: false, focus: false });
    else await vscode.commands.executeCommand(`${CONTEXT_VIEW_ID}.focus`);
  }

  /** Re-prices and redraws: totals per tokenizer, a row per compared model, the file tree. */
  private present(): void {
    const settings = this.settings.get();
    const { config, catalog } = settings;
    const primary = selectedModel(settings);
    const files = this.bundle.files();
    const models: ModelInfo[] = comparisonModels(config, catalog);
    const totals = bundleTotals(files, this.tokenizers(settings));
    const rows = models.flatMap((model) => {
      const total = totals.get(model.tokenizer);
      return total ? [modelRow(model, total, config, this.t)] : [];
    });
    const viewTokenizer = primary?.tokenizer ?? models[0]?.tokenizer ?? 'o200k_base';
    const estimate = describeTokenizer(viewTokenizer)?.exactness === 'estimate';
    this.tree.show({
      rows,
      tree: bundleTree(files, viewTokenizer, this.order),
      skipped: this.bundle.skipped(),
      files: files.length,
      tokens: totals.get(viewTokenizer)?.tokens ?? 0,
      estimate,
      modelName: primary ? modelDisplayName(primary, this.t) : viewTokenizer,
    });
    this.view.message = files.length ? summaryLine(files.length, totals.get(viewTokenizer)?.tokens, primary, rows.map((row) => row.level), this.t) : undefined;
    void vscode.commands.executeCommand('setContext', 'tokenCost.contextHasFiles', files.length > 0);
  }
}
