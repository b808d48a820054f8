import * as vscode from 'vscode';
import { decodeUtf8 } from '../../core/counting/decode';
import type { DocumentCounter } from '../../core/counting/documentCounter';
import { decideCounting, surelyOverLimit } from '../../core/counting/filePolicy';
import { JobCancelledError, type Counted } from '../../core/counting/types';
import { formatInteger } from '../../core/pricing/format';
import type { ModelInfo } from '../../core/pricing/types';
import { combinedBand } from '../../core/tokenizers/band';
import { describeTokenizer } from '../../core/tokenizers/registry';
import { TOKEN_COST_TOOL } from '../commandIds';
import { selectedModel, type SettingsService } from '../settings/service';
import { activeText } from '../ui/activeText';
import type { Translate } from '../ui/l10n';
import { parseToolInput, type TokenCostToolInput } from './input';
import { toolReport, toolSummary, type CountedSource, type ModelCount } from './view';

/** What is counted: an editor document (live counts, unsaved edits included) or a loose text. */
type Target =
  | { readonly kind: 'document'; readonly document: vscode.TextDocument; readonly ranges: readonly vscode.Range[]; readonly source: CountedSource }
  | { readonly kind: 'text'; readonly text: string; readonly source: CountedSource };

/** A problem the agent can act on, answered as text rather than thrown. */
class ToolProblem extends Error {}

const SCHEME = /^[a-z][a-z0-9+.-]+:/i;
const ABSOLUTE_PATH = /^(\/|\\\\|[a-z]:[\\/])/i;

/** True when `uri` is a workspace folder or lies below one (as written: `..` is normalized away first). */
function inWorkspace(uri: vscode.Uri): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((folder) => {
    if (folder.uri.scheme !== uri.scheme || folder.uri.authority !== uri.authority) return false;
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
    return uri.path === folder.uri.path || uri.path.startsWith(base);
  });
}

/**
 * The `tokenCost` language-model tool (`#tokenCost` in chat, and any agent using `vscode.lm.tools`):
 * tokens, exactness, cost per call, context share and fit of a file, the selection or a given
 * text, on the status bar's model or the models named. Counting goes through the extension's
 * DocumentCounter, so the host never encodes: open documents reuse their live counts, other text
 * is counted once on the count worker. Nothing leaves the machine, so nothing needs confirming.
 */
export class TokenCostTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly settings: SettingsService,
    private readonly counter: DocumentCounter,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
  ) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    // No confirmationMessages: the count is local and sends nothing anywhere.
    const parsed = parseToolInput(options.input, this.t);
    const what = !parsed.ok
      ? this.t('the input')
      : parsed.input.path !== undefined
        ? parsed.input.path
        : parsed.input.text !== undefined
          ? this.t('the given text')
          : this.t('the active editor');
    return { invocationMessage: this.t('Counting the tokens and cost of {0} (locally)', what) };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const abort = new AbortController();
    const listener = token.onCancellationRequested(() => abort.abort());
    try {
      const parsed = parseToolInput(options.input, this.t);
      if (!parsed.ok) throw new ToolProblem(parsed.message);
      const models = this.models(parsed.input);
      const target = await this.target(parsed.input);
      const counts = await this.count(target, models, abort.signal);
      const { config } = this.settings.get();
      const report = toolReport(target.source, counts, config);
      return new vscode.LanguageModelToolResult([
        new vscode.LanguageModelTextPart(toolSummary(report, counts, this.t)),
        new vscode.LanguageModelTextPart(JSON.stringify(report)),
      ]);
    } catch (error) {
      if (token.isCancellationRequested || error instanceof JobCancelledError) throw new vscode.CancellationError();
      if (!(error instanceof ToolProblem)) this.log.error('The tokenCost tool failed', error);
      const message = error instanceof Error ? error.message : String(error);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(error instanceof ToolProblem ? message : this.t('Token Cost could not count: {0}', message))]);
    } finally {
      listener.dispose();
    }
  }

  /** The models named (unknown ones answered with the closest ids), else the status bar's. */
  private models(input: TokenCostToolInput): ModelInfo[] {
    const settings = this.settings.get();
    const ids = input.models ?? [];
    if (ids.length === 0) {
      const model = selectedModel(settings);
      if (!model) throw new ToolProblem(this.t('No model is known; check the tokenCost.model setting.'));
      return [model];
    }
    const unknown = ids.filter((id) => !settings.catalog.find(id));
    if (unknown.length) {
      const sentences = unknown.map((id) => {
        const closest = settings.catalog.suggest(id);
        return this.t('Unknown model "{0}".', id) + (closest.length ? ` ${this.t('Did you mean: {0}?', closest.join(', '))}` : '');
      });
      throw new ToolProblem(sentences.join(' '));
    }
    return [...new Map(ids.map((id) => settings.catalog.find(id)!).map((model) => [model.id, model])).values()];
  }

  private async target(input: TokenCostToolInput): Promise<Target> {
    if (input.text !== undefined) return { kind: 'text', text: this.checked(input.text, this.t('The given text')), source: { kind: 'text', label: this.t('the given text'), characters: input.text.length } };
    if (input.path !== undefined) return this.fileTarget(input.path);
    const active = activeText();
    if (!active) throw new ToolProblem(this.t('No text to count: give text or path, or open a file in the editor.'));
    const ranges = active.selections.filter((selection) => !selection.isEmpty);
    const characters = ranges.length ? ranges.reduce((sum, range) => sum + active.document.getText(range).length, 0) : active.document.getText().length;
    return { kind: 'document', document: active.document, ranges, source: { kind: ranges.length ? 'selection' : 'activeFile', label: active.label, characters } };
  }

  /** A path relative to a workspace folder, an absolute path in one, or a URI (an open document's, or in a folder). */
  private async fileTarget(path: string): Promise<Target> {
    const uri = await this.resolve(path);
    const label = uri.scheme === 'file' || inWorkspace(uri) ? vscode.workspace.asRelativePath(uri, false) : uri.toString();
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open) return { kind: 'document', document: open, ranges: [], source: { kind: 'file', label, characters: open.getText().length } };
    if (!inWorkspace(uri)) throw new ToolProblem(this.t('{0} is outside the workspace; the tool reads files in the workspace folders and open documents only.', path));
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      throw new ToolProblem(this.t('{0} was not found.', path));
    }
    if (stat.type & vscode.FileType.Directory) throw new ToolProblem(this.t('{0} is a folder; name a file.', path));
    // A pipe or a device (/dev/zero) has no size to refuse it by, and its read may never end.
    if (!(stat.type & vscode.FileType.File)) throw new ToolProblem(this.t('{0} is not a regular file (a pipe, socket or device); name a file.', path));
    const limit = this.settings.get().config.maxCharacters;
    if (surelyOverLimit(stat.size, limit)) throw new ToolProblem(this.tooLarge(label, limit));
    const text = this.checked(decodeUtf8(await vscode.workspace.fs.readFile(uri)), label);
    return { kind: 'text', text, source: { kind: 'file', label, characters: text.length } };
  }

  private async resolve(path: string): Promise<vscode.Uri> {
    if (SCHEME.test(path) && !ABSOLUTE_PATH.test(path)) {
      try {
        return vscode.Uri.parse(path, true);
      } catch {
        throw new ToolProblem(this.t('"{0}" is neither a path nor a URI.', path));
      }
    }
    if (ABSOLUTE_PATH.test(path)) return vscode.Uri.file(path);
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) throw new ToolProblem(this.t('No folder is open, so "{0}" cannot be resolved; give an absolute path or the text.', path));
    for (const folder of folders) {
      const candidate = vscode.Uri.joinPath(folder.uri, path);
      if (!inWorkspace(candidate)) continue;
      try {
        await vscode.workspace.fs.stat(candidate);
        return candidate;
      } catch {
        // Not in this folder; try the next one.
      }
    }
    const first = vscode.Uri.joinPath(folders[0]!.uri, path);
    if (!inWorkspace(first)) throw new ToolProblem(this.t('{0} is outside the workspace; the tool reads files in the workspace folders and open documents only.', path));
    throw new ToolProblem(this.t('{0} was not found.', path));
  }

  /** The editor's rules for text that is not open: binary content and texts over tokenCost.maxCharacters are refused. */
  private checked(text: string, label: string): string {
    const limit = this.settings.get().config.maxCharacters;
    const decision = decideCounting(text, limit);
    if (decision.kind === 'binary') throw new ToolProblem(this.t('Token Cost: {0} looks like a binary file; binary content is not counted.', label));
    if (decision.kind === 'manual') throw new ToolProblem(this.tooLarge(label, limit));
    return text;
  }

  private tooLarge(label: string, limit: number): string {
    return this.t('{0} is larger than the tokenCost.maxCharacters limit ({1} characters); open it and run "Count Active File Now", or count a part of it.', label, formatInteger(limit));
  }

  /** One count per tokenizer the models use (models sharing one share its count). */
  private async count(target: Target, models: readonly ModelInfo[], signal: AbortSignal): Promise<ModelCount[]> {
    const byTokenizer = new Map<string, Counted>();
    for (const tokenizer of new Set(models.map((model) => model.tokenizer))) {
      byTokenizer.set(tokenizer, target.kind === 'text' ? await this.counter.countText(target.text, tokenizer, { signal }) : await this.countDocument(target, tokenizer, signal));
    }
    return models.map((model) => {
      const counted = byTokenizer.get(model.tokenizer)!;
      return { model, tokens: counted.tokens, exactness: describeTokenizer(model.tokenizer)?.exactness ?? 'estimate', ...(counted.band ? { band: counted.band } : {}) };
    });
  }

  private async countDocument(target: Extract<Target, { kind: 'document' }>, tokenizer: string, signal: AbortSignal): Promise<Counted> {
    const result = await this.counter.count(target.document, target.ranges, tokenizer, { signal });
    const label = target.source.label;
    if (result.kind === 'binary') throw new ToolProblem(this.t('Token Cost: {0} looks like a binary file; binary content is not counted.', label));
    if (result.kind === 'tooLarge') throw new ToolProblem(this.tooLarge(label, result.limit));
    if (target.ranges.length) {
      if (result.ranges.length === 0) throw new ToolProblem(this.tooLarge(label, this.settings.get().config.maxCharacters));
      return { tokens: result.ranges.reduce((sum, range) => sum + range.tokens, 0), ...(combinedBand(result.ranges) ? { band: combinedBand(result.ranges)! } : {}) };
    }
    if (!result.file) throw new ToolProblem(this.tooLarge(label, this.settings.get().config.maxCharacters));
    return result.file;
  }
}

/**
 * Registers the tool where this VS Code has `vscode.lm.registerTool` (1.100 does); elsewhere it
 * logs and returns nothing, so activation never fails over it.
 */
export function registerTokenCostTool(tool: TokenCostTool, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const lm = vscode.lm as typeof vscode.lm | undefined;
  if (typeof lm?.registerTool !== 'function') {
    log.info('This VS Code has no language-model tools (vscode.lm.registerTool); #tokenCost is not offered.');
    return [];
  }
  try {
    return [lm.registerTool(TOKEN_COST_TOOL, tool)];
  } catch (error) {
    log.warn(`The tokenCost language-model tool could not be registered: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
