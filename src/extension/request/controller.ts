import * as vscode from 'vscode';
import type { DocumentCounter } from '../../core/counting/documentCounter';
import type { ModelInfo } from '../../core/pricing/types';
import type { ImageMeasurement, ParsedRequest, RequestCount, RequestMessage } from '../../core/request';
// The request model's modules one by one rather than through its index: the index brings the
// parsers (YAML, Jinja, Handlebars: 700 KB of the bundle, 30 → 100 ms to load the extension),
// which load on the first prompt file instead (see parser()).
import { countRequestWith } from '../../core/request/countAsync';
import { formatFromFileName } from '../../core/request/fileFormat';
import { imageProblems, measureImages } from '../../core/request/images';
import type { TokenizerId } from '../../core/tokenizers/types';
import { documentLength, type ActiveText } from '../ui/activeText';
import { WorkspaceImageReader } from './imageReader';
import { parseDelay, REQUEST_PARSE_LIMIT, type ParseCost } from './parseTiming';
import type { RequestView } from './view';

/** Counts of message texts kept across recounts, bounded by their total length in characters. */
const TEXT_CACHE_CHARACTERS = 4_000_000;

/** What a document is as a prompt file, before it is counted on a model. */
export type RequestState =
  /** Not a prompt file (or a notebook cell): counted as text, exactly as before. */
  | { readonly kind: 'plain' }
  | Extract<RequestView, { kind: 'raw' | 'unparsed' }>
  /** The request the file sends, with the sizes of its images. */
  | { readonly kind: 'request'; readonly request: ParsedRequest; readonly images: readonly ImageMeasurement[] };

const PLAIN: RequestState = { kind: 'plain' };

/** A prompt file on several models (the comparison panel, the report). */
export interface RequestFigures {
  readonly state: Exclude<RequestState, { kind: 'plain' }>;
  /** Each model's count of the request, by model id; empty when the file is counted as raw text. */
  readonly counts: ReadonlyMap<string, RequestCount>;
}

/**
 * Documents worth parsing: prompt files by name, and JSON, which may hold a saved request body
 * (the core recognizes those by structure). Notebook cells are counted on their own, as text.
 */
function mayBeRequest(document: vscode.TextDocument): boolean {
  if (document.uri.scheme === 'vscode-notebook-cell') return false;
  return formatFromFileName(document.uri.path) !== undefined || document.languageId === 'json' || document.languageId === 'jsonc' || /\.json$/i.test(document.uri.path);
}

/** One parse of one document version, shared by the status bar, the hints, the panel and the diagnostics. */
interface Parse {
  readonly version: number;
  readonly state: Promise<RequestState>;
}

/**
 * Holds what each open document is as a prompt file: parsed once per version (by whichever
 * surface asks first), with its images measured, and counted once per model, the message texts
 * in the count workers. The core does the parsing and counting (core/request); this class only
 * decides when, caches, and feeds it the editor's files and threads.
 */
export class RequestController implements vscode.Disposable {
  private readonly parses = new Map<string, Parse>();
  /** How long the last parse of each document took, and when it ended. */
  private readonly costs = new Map<string, ParseCost>();
  private readonly counts = new WeakMap<object, Map<string, Promise<RequestCount>>>();
  private readonly textCounts = new Map<string, number>();
  private textCharacters = 0;
  private readonly images: WorkspaceImageReader;
  private readonly disposables: vscode.Disposable[] = [];
  private parsers: Promise<typeof import('../../core/request/parse')> | undefined;

  constructor(
    private readonly counter: DocumentCounter,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.images = new WorkspaceImageReader(log);
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)));
  }

  /** The document as a prompt file, for its current version. Never rejects. */
  stateOf(document: vscode.TextDocument): Promise<RequestState> {
    if (document.isClosed || !mayBeRequest(document)) return Promise.resolve(PLAIN);
    const key = document.uri.toString();
    const known = this.parses.get(key);
    if (known && known.version === document.version) return known.state;
    const state = this.parse(document, key).catch((error: unknown) => {
      // The core never throws on input; this is a bug or an I/O failure: count the text, say why in the log.
      this.log.error(`Reading ${document.uri.toString(true)} as a prompt file failed`, error);
      return PLAIN;
    });
    this.parses.set(key, { version: document.version, state });
    return state;
  }

  /** The request counted on `model` (cached per parse and model); message texts are counted in the workers. */
  count(state: Extract<RequestState, { kind: 'request' }>, model: ModelInfo): Promise<RequestCount> {
    let byModel = this.counts.get(state);
    if (!byModel) {
      byModel = new Map();
      this.counts.set(state, byModel);
    }
    // A custom model may change its tokenizer under the same id.
    const key = `${model.id}\u0000${model.vendor}\u0000${model.tokenizer}`;
    let pending = byModel.get(key);
    if (!pending) {
      pending = countRequestWith(state.request, model, (tokenizer, texts) => this.countTexts(tokenizer, texts), state.images);
      byModel.set(key, pending);
      // A failed count (a worker restart) is asked again next time rather than remembered.
      const forgetFailure = byModel;
      pending.catch(() => forgetFailure.delete(key));
    }
    return pending;
  }

  /**
   * The active text as a request on each of `models`; `undefined` for other files, notebook cells
   * and selections (a selection is text, and is compared as text).
   */
  async figuresFor(text: ActiveText, models: readonly ModelInfo[]): Promise<RequestFigures | undefined> {
    if (text.isNotebookCell || text.selections.some((selection) => !selection.isEmpty)) return undefined;
    const state = await this.stateOf(text.document);
    if (state.kind === 'plain') return undefined;
    const counts = new Map<string, RequestCount>();
    if (state.kind === 'request') {
      // One model after another: models sharing a tokenizer then find its texts counted.
      for (const model of models) counts.set(model.id, await this.count(state, model));
    }
    return { state, counts };
  }

  /** The view of a state on one model: the request with its count, or why the file is text. */
  async viewOn(state: RequestState, model: ModelInfo): Promise<RequestView | undefined> {
    if (state.kind === 'plain') return undefined;
    if (state.kind !== 'request') return state;
    return { kind: 'request', request: state.request, count: await this.count(state, model) };
  }

  /** The messages of the request the document sends (its current version); empty for other files. */
  async messagesOf(document: vscode.TextDocument): Promise<readonly RequestMessage[]> {
    const state = await this.stateOf(document);
    return state.kind === 'request' ? state.request.messages : [];
  }

  /**
   * The messages in another version of a document (its saved file, its git HEAD), parsed once for
   * the caller and not kept; empty for other files and for text that does not parse.
   */
  async messagesIn(document: vscode.TextDocument, text: string): Promise<readonly RequestMessage[]> {
    if (!mayBeRequest(document) || text.length > REQUEST_PARSE_LIMIT) return [];
    const { parseRequestFile } = await this.parser();
    const outcome = parseRequestFile(document.uri.path, text);
    return outcome.kind === 'request' ? outcome.request.messages : [];
  }

  /** Forgets a closed document. */
  forget(uri: vscode.Uri): void {
    this.parses.delete(uri.toString());
    this.costs.delete(uri.toString());
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.parses.clear();
    this.textCounts.clear();
  }

  private async parse(document: vscode.TextDocument, key: string): Promise<RequestState> {
    const version = document.version;
    const wait = parseDelay(this.costs.get(key), Date.now());
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (document.isClosed) return PLAIN;
      // Typed on while waiting: parse the newest text once, under its own version.
      if (document.version !== version) return this.stateOf(document);
    }
    // The length without building the text: a large file over the limit is never copied here.
    const length = documentLength(document);
    const format = formatFromFileName(document.uri.path);
    if (length > REQUEST_PARSE_LIMIT) {
      // A JSON file is a request only by its content, which is not read: it stays plain.
      return format ? { kind: 'unparsed', length, limit: REQUEST_PARSE_LIMIT } : PLAIN;
    }
    const text = document.getText();
    const { parseRequestFile } = await this.parser();
    // Loading the parsers took a moment: the text may have changed meanwhile.
    if (document.isClosed) return PLAIN;
    if (document.version !== version) return this.stateOf(document);
    const started = performance.now();
    const outcome = parseRequestFile(document.uri.path, text);
    const ms = performance.now() - started;
    this.costs.set(key, { ms, end: Date.now() });
    this.log.trace(`Parsed ${document.uri.toString(true)} (${text.length} characters) as a prompt file in ${Math.round(ms)} ms`);
    if (outcome.kind === 'plain') return PLAIN;
    if (outcome.kind === 'error') return { kind: 'raw', format: outcome.format, problem: outcome.error, cause: 'parse' };
    const request = outcome.request;
    const images = request.images.length ? await measureImages(request, document.uri.path, this.images.for(document.uri)) : [];
    // As in the CLI: an image that cannot be read makes the request's figure unknowable, so the
    // file is counted as text and the image gets the diagnostic.
    const [problem] = imageProblems(request, images);
    if (problem) return { kind: 'raw', format: request.format, problem, cause: 'image' };
    return { kind: 'request', request, images };
  }

  /** The parsers, loaded once, on the first file that may be a prompt file. */
  private parser(): Promise<typeof import('../../core/request/parse')> {
    this.parsers ??= import('../../core/request/parse');
    return this.parsers;
  }

  /** Counts texts with a tokenizer: from the cache, the rest in one batch in the count workers. */
  private async countTexts(tokenizer: TokenizerId, texts: readonly string[]): Promise<number[]> {
    const key = (text: string): string => `${tokenizer}\u0000${text}`;
    const found = new Map<string, number>();
    const missing: string[] = [];
    for (const text of texts) {
      const cached = this.textCounts.get(key(text));
      if (cached === undefined) missing.push(text);
      else {
        found.set(text, cached);
        // Most recently used last.
        this.textCounts.delete(key(text));
        this.textCounts.set(key(text), cached);
      }
    }
    if (missing.length) {
      const counted = await this.counter.countTexts(tokenizer, missing);
      missing.forEach((text, index) => {
        const tokens = counted[index]!;
        found.set(text, tokens);
        this.remember(key(text), tokens);
      });
    }
    return texts.map((text) => found.get(text)!);
  }

  private remember(key: string, tokens: number): void {
    if (!this.textCounts.has(key)) this.textCharacters += key.length;
    this.textCounts.set(key, tokens);
    while (this.textCharacters > TEXT_CACHE_CHARACTERS && this.textCounts.size > 1) {
      const oldest = this.textCounts.keys().next().value as string;
      this.textCounts.delete(oldest);
      this.textCharacters -= oldest.length;
    }
  }
}
