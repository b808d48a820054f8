import * as vscode from 'vscode';
import { SerialUpdates } from '../serialUpdates';
import { JobCancelledError } from '../../core/counting/types';
import { sectionKeys, type Section } from '../../core/sections';
import type { ModelInfo } from '../../core/pricing/types';
import type { LiveCounts } from '../liveCounts';
import { selectedModel, type SettingsService } from '../settings/service';
import { activeText, documentLength } from '../ui/activeText';
import type { BaselineKind, Baselines } from './baselines';
import { documentSections, type RequestMessages } from './documentSections';

/** Sections of longer documents are not listed: splitting runs on the editor's thread (≈ 6 ms per MB). */
const SECTIONS_MAX_CHARACTERS = 5_000_000;
/** Typing is batched like the status bar's. */
const TYPING_DELAY_MS = 250;

/** One section with its count on the status bar's model. */
export interface CountedSection {
  readonly section: Section;
  /** Index in the document's section list (parents refer to it). */
  readonly index: number;
  /** Stable across edits that keep titles (see sectionKeys), for deltas. */
  readonly key: string;
  /** Tokens of the section with its subsections. */
  readonly tokens: number;
  /** Its baselines' tokens, where the section was there. */
  readonly baselines: Partial<Record<BaselineKind, number>>;
}

/** What the sections surfaces (tree view, CodeLens) show for the active document. */
export type SectionsState =
  | { readonly status: 'none' }
  | { readonly status: 'unavailable'; readonly document: vscode.TextDocument; readonly reason: 'tooLarge' | 'binary' | 'failed' }
  | {
      readonly status: 'counted';
      readonly document: vscode.TextDocument;
      /** The document version the counts are of. */
      readonly version: number;
      readonly model: ModelInfo;
      readonly fileTokens: number;
      readonly sections: readonly CountedSection[];
      /** Baseline totals of the file (saved while dirty, HEAD in a repository). */
      readonly baselines: Partial<Record<BaselineKind, number>>;
    };

/**
 * The active document's sections counted on the status bar's model: split on each change
 * (batched while typing), then every section counted in one worker message from the document's
 * chunk index — no re-encode of the file per keystroke. Fires `onDidChange` with each new state.
 */
export class SectionsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SectionsState>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private state: SectionsState = { status: 'none' };
  private generation = 0;
  private readonly updates = new SerialUpdates(
    () => {
      const generation = ++this.generation;
      return () => this.update(generation);
    },
    (error) => this.log.error('Sections update failed', error),
  );
  /** Stops the count of an update a newer one has overtaken (a whole-text estimate counts every section afresh). */
  private inFlight: AbortController | undefined;

  constructor(
    private readonly settings: SettingsService,
    private readonly live: LiveCounts,
    private readonly baselines: Baselines,
    private readonly requests: RequestMessages,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focusing a view or panel clears the active editor: keep showing the last document.
        if (editor) this.schedule(0);
      }),
      live.onDidEdit((event) => {
        if (event.document === this.currentDocument()) this.schedule(TYPING_DELAY_MS);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document === this.currentDocument()) this.schedule(0);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.state.status !== 'none' && this.state.document === document) this.publish({ status: 'none' });
      }),
      settings.onDidChange(() => this.schedule(0)),
      baselines.onDidChange(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  /** The state last published. */
  current(): SectionsState {
    return this.state;
  }

  /** Resolves once the pending update (if any) is done (tests). */
  whenIdle(): Promise<void> {
    return this.updates.whenIdle();
  }

  dispose(): void {
    this.updates.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** The document shown: the active editor's, else the one last shown while it is still visible. */
  private currentDocument(): vscode.TextDocument | undefined {
    const active = activeText();
    if (active && !active.isNotebookCell) return active.document;
    if (this.state.status !== 'none' && !this.state.document.isClosed) return this.state.document;
    return undefined;
  }

  private schedule(delay: number): void {
    this.inFlight?.abort();
    this.updates.debounce(delay);
  }

  private publish(state: SectionsState): void {
    this.state = state;
    this.changed.fire(state);
  }

  private async update(generation: number): Promise<void> {
    const document = this.currentDocument();
    if (!document) return this.publish({ status: 'none' });
    // Over tokenCost.maxCharacters a file is counted on request only: each keystroke's split (the
    // whole text copied and scanned on this thread) would be work nobody asked for.
    const length = documentLength(document);
    if (length > SECTIONS_MAX_CHARACTERS || !this.live.counter.countsUnasked(length)) {
      return this.publish({ status: 'unavailable', document, reason: 'tooLarge' });
    }
    const settings = this.settings.get();
    const model = selectedModel(settings);
    if (!model) return this.publish({ status: 'none' });
    const version = document.version;
    const sections = await documentSections(document, this.requests);
    if (generation !== this.generation || document.version !== version) return;
    let count;
    const job = new AbortController();
    this.inFlight = job;
    try {
      const spans = sections.map((section) => ({ start: section.start, end: section.extentEnd }));
      count = await this.live.counter.countSpans(document, spans, model.tokenizer, { signal: job.signal, spansVersion: version });
    } catch (error) {
      // A newer edit overtook this count: its own update publishes.
      if (error instanceof JobCancelledError) return;
      this.log.error(`Counting sections with ${model.tokenizer} failed`, error);
      return this.publish({ status: 'unavailable', document, reason: 'failed' });
    }
    if (generation !== this.generation || document.version !== version) return;
    if (count.kind !== 'counted' || !count.file) return this.publish({ status: 'unavailable', document, reason: count.kind === 'binary' ? 'binary' : 'tooLarge' });
    const found = this.baselines.get(document, model.tokenizer);
    const keys = sectionKeys(sections);
    const baselineOf = (key: string): Partial<Record<BaselineKind, number>> => {
      const out: Partial<Record<BaselineKind, number>> = {};
      for (const kind of ['saved', 'head'] as const) {
        const tokens = found[kind]?.sections.get(key);
        if (tokens !== undefined) out[kind] = tokens;
      }
      return out;
    };
    const totals: Partial<Record<BaselineKind, number>> = {};
    if (found.saved) totals.saved = found.saved.total;
    if (found.head) totals.head = found.head.total;
    this.publish({
      status: 'counted',
      document,
      version,
      model,
      fileTokens: count.file.tokens,
      baselines: totals,
      sections: sections.map((section, index) => ({ section, index, key: keys[index]!, tokens: count.ranges[index]!.tokens, baselines: baselineOf(keys[index]!) })),
    });
  }
}
