import * as vscode from 'vscode';
import type { DocumentCounter } from '../../core/counting/documentCounter';
import { JobCancelledError } from '../../core/counting/types';
import { sectionKeys, textSections } from '../../core/sections';
import { isRecord } from '../../core/util/isRecord';
import { documentLength } from '../ui/activeText';
import { textFlavour, type RequestMessages } from './documentSections';

/** The versions a document is compared with: its saved file (while it has unsaved edits) and git `HEAD`. */
export type BaselineKind = 'saved' | 'head';

/** A baseline version's counts on one tokenizer: the whole text and each text section by key. */
export interface BaselineCounts {
  readonly kind: BaselineKind;
  readonly total: number;
  /** Per section key (see sectionKeys); empty for code, whose symbols need a document. */
  readonly sections: ReadonlyMap<string, number>;
}

/** The parts of the built-in Git extension's API (version 1) used here, checked at run time. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly commit?: string }; readonly onDidChange: vscode.Event<void> };
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
  /** A repository was found (the API finds them after it starts, and as folders open). */
  readonly onDidOpenRepository?: vscode.Event<GitRepository>;
}

/** The Git extension's API, or why there is none: not installed, or disabled (`git.enabled`: it may be enabled later). */
type GitLookup = { readonly api: GitApi } | { readonly absent: true; readonly onEnabled?: vscode.Event<boolean> };

async function gitApi(): Promise<GitLookup> {
  const extension = vscode.extensions.getExtension('vscode.git');
  if (!extension) return { absent: true };
  let exports: unknown;
  try {
    exports = extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return { absent: true };
  }
  if (!isRecord(exports) || typeof exports.getAPI !== 'function') return { absent: true };
  const onEnabled = typeof exports.onDidChangeEnablement === 'function' ? (exports.onDidChangeEnablement as vscode.Event<boolean>) : undefined;
  try {
    const api: unknown = (exports.getAPI as (version: number) => unknown)(1);
    return isRecord(api) && typeof api.getRepository === 'function' ? { api: api as unknown as GitApi } : { absent: true, onEnabled };
  } catch {
    // Disabled (git.enabled: false) or git not found on the machine: no HEAD baseline, silently.
    return { absent: true, onEnabled };
  }
}

/** One baseline text being read (or known to be absent), keyed by what identifies its version. */
interface BaselineText {
  readonly version: string;
  readonly text: Promise<string | undefined>;
}

const UTF8_BOM = /^\uFEFF/;

/**
 * The saved and committed versions of documents and their counts, read and counted once per
 * version (a save, a new HEAD commit) in the count worker, so every keystroke's delta is the
 * current count minus a number already known. Fires `onDidChange` when a baseline's counts arrive
 * or a version changes.
 */
export class Baselines implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** A baseline's counts arrived, or a save or commit changed one. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Per document: the number of saves seen, which names the saved version. */
  private readonly saves = new Map<string, number>();
  private readonly texts = new Map<string, BaselineText>();
  private readonly counts = new Map<string, { readonly value?: BaselineCounts; readonly pending: boolean }>();
  /** The Git API: not asked yet, being asked, absent (no HEAD deltas), or there. */
  private git: GitApi | 'asking' | 'absent' | undefined;
  private readonly watched = new Set<GitRepository>();

  constructor(
    private readonly counter: DocumentCounter,
    private readonly requests: RequestMessages,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((document) => {
        const uri = document.uri.toString();
        this.saves.set(uri, (this.saves.get(uri) ?? 0) + 1);
        this.forget(uri, 'saved');
        this.changed.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.forget(document.uri.toString());
        this.saves.delete(document.uri.toString());
      }),
    );
  }

  /**
   * The baselines of a document on a tokenizer that are known now: the saved version while the
   * document has unsaved changes, and HEAD when the file is in a git repository. Starts reading
   * and counting what is missing; `onDidChange` fires when it is known.
   */
  get(document: vscode.TextDocument, tokenizerId: string): Partial<Record<BaselineKind, BaselineCounts>> {
    const found: Partial<Record<BaselineKind, BaselineCounts>> = {};
    // Files over tokenCost.maxCharacters are counted on request only (Count now): their saved and
    // committed versions are not read and counted on the side.
    if (!this.counter.countsUnasked(documentLength(document))) return found;
    for (const kind of ['saved', 'head'] as const) {
      if (kind === 'saved' && (!document.isDirty || document.isUntitled)) continue;
      const text = this.text(document, kind);
      if (!text) continue;
      const key = `${document.uri.toString()}|${kind}|${text.version}|${tokenizerId}`;
      const entry = this.counts.get(key);
      if (entry?.value) found[kind] = entry.value;
      if (!entry) this.count(key, kind, document, text, tokenizerId);
    }
    return found;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private count(key: string, kind: BaselineKind, document: vscode.TextDocument, baseline: BaselineText, tokenizerId: string): void {
    this.counts.set(key, { pending: true });
    const fileName = document.uri.path;
    const flavour = textFlavour(document);
    void baseline.text
      .then(async (text) => {
        if (text === undefined) return undefined;
        const sections = flavour ? textSections(fileName, text, flavour, await this.requests.messagesIn(document, text)) : [];
        const counted = await this.counter.countTextSpans(text, sections.map((section) => ({ start: section.start, end: section.extentEnd })), tokenizerId);
        const keys = sectionKeys(sections);
        return { kind, total: counted.total.tokens, sections: new Map(keys.map((sectionKey, i) => [sectionKey, counted.ranges[i]!.tokens])) };
      })
      .then(
        (value) => {
          if (this.counts.get(key)?.pending !== true) return;
          this.counts.set(key, { value, pending: false });
          if (value) this.changed.fire();
        },
        (error: unknown) => {
          if (!(error instanceof JobCancelledError)) this.log.warn(`Counting the ${kind} version of ${document.uri.toString()} failed: ${String(error)}`);
          this.counts.set(key, { pending: false });
        },
      );
  }

  /** The baseline text of one kind, started reading if need be; `undefined` when there is none to read. */
  private text(document: vscode.TextDocument, kind: BaselineKind): BaselineText | undefined {
    const uri = document.uri.toString();
    if (kind === 'saved') {
      const version = String(this.saves.get(uri) ?? 0);
      return this.remember(`${uri}|saved`, version, () => this.readSaved(document.uri));
    }
    if (document.uri.scheme !== 'file') return undefined;
    const repository = this.repository(document.uri);
    if (!repository) return undefined;
    const commit = repository.state.HEAD?.commit;
    if (!commit) return undefined;
    return this.remember(`${uri}|head`, commit, () => this.readHead(repository, document.uri));
  }

  private remember(key: string, version: string, read: () => Promise<string | undefined>): BaselineText {
    const known = this.texts.get(key);
    if (known?.version === version) return known;
    const text = read();
    const entry = { version, text };
    this.texts.set(key, entry);
    return entry;
  }

  private async readSaved(uri: vscode.Uri): Promise<string | undefined> {
    try {
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)).replace(UTF8_BOM, '');
    } catch {
      return undefined;
    }
  }

  private async readHead(repository: GitRepository, uri: vscode.Uri): Promise<string | undefined> {
    try {
      return (await repository.show('HEAD', uri.fsPath)).replace(UTF8_BOM, '');
    } catch {
      // Not in HEAD (a new file) or git failed: nothing to compare with.
      return undefined;
    }
  }

  /** The repository holding a file, once the Git extension's API is there (asked on first need, then kept). */
  private repository(uri: vscode.Uri): GitRepository | undefined {
    if (this.git === undefined) {
      this.git = 'asking';
      void gitApi().then((found) => {
        if ('api' in found) {
          this.git = found.api;
          if (found.api.onDidOpenRepository) this.disposables.push(found.api.onDidOpenRepository(() => this.changed.fire()));
          this.changed.fire();
          return;
        }
        this.git = 'absent';
        // Enabled later (the setting changed): ask again.
        const listener = found.onEnabled?.((enabled) => {
          if (!enabled || this.git !== 'absent') return;
          listener?.dispose();
          this.git = undefined;
          this.changed.fire();
        });
        if (listener) this.disposables.push(listener);
      });
    }
    if (typeof this.git === 'string') return undefined;
    const repository = this.git.getRepository(uri) ?? undefined;
    if (repository && !this.watched.has(repository)) {
      this.watched.add(repository);
      let commit = repository.state.HEAD?.commit;
      this.disposables.push(
        repository.state.onDidChange(() => {
          if (repository.state.HEAD?.commit === commit) return;
          commit = repository.state.HEAD?.commit;
          this.changed.fire();
        }),
      );
    }
    return repository;
  }

  private forget(uri: string, kind?: BaselineKind): void {
    for (const key of [...this.texts.keys()]) if (key.startsWith(`${uri}|`) && (!kind || key.endsWith(`|${kind}`))) this.texts.delete(key);
    for (const key of [...this.counts.keys()]) if (key.startsWith(`${uri}|`) && (!kind || key.split('|')[1] === kind)) this.counts.delete(key);
  }
}
