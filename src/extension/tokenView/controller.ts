import * as vscode from 'vscode';
import { JobCancelledError } from '../../core/counting/types';
import { describeTokenizer } from '../../core/tokenizers/registry';
import type { LiveCounts } from '../liveCounts';
import { selectedModel, type SettingsService } from '../settings/service';
import { documentLength } from '../ui/activeText';
import type { Translate } from '../ui/l10n';
import { escapeMarkdown } from '../ui/markdown';
import { boundariesSentence, tokenGroups, tokenHover, type TokenGroup } from './view';

/** Text sent around the visible range so that safe cuts can be found before and after it. */
const MARGIN_CHARS = 4096;
/** A visible range longer than this (one enormous unwrapped line) is shown from its start only. */
const MAX_WINDOW_CHARS = 100_000;
/** Context key: the active editor shows its tokens (the command's title reads "Hide Tokens" then). */
const TOKEN_VIEW_ON_KEY = 'tokenCost.tokenViewOn';

/** What one editor shows, for the hover and the tests. */
interface Shown {
  readonly version: number;
  readonly groups: readonly TokenGroup[];
  readonly boundaries: string;
  readonly tokenizer: string;
  /** The document span the marks cover. */
  readonly from: number;
  readonly to: number;
  readonly exact: boolean;
}

/** What tests read back of an editor's token view. */
export interface TokenViewSnapshot {
  readonly tokenizer: string;
  readonly boundaries: string;
  readonly marks: number;
  readonly fragments: number;
  readonly newlines: number;
  readonly firstLine: number;
  readonly lastLine: number;
  /** Text of the first few marks, for checks of where tokens split. */
  readonly texts: readonly string[];
}

/** The marks' looks: two alternating backgrounds, line-break marks in each, fragments underlined. Theme colours only. */
function decorationTypes(): { tokens: [vscode.TextEditorDecorationType, vscode.TextEditorDecorationType]; newlines: [vscode.TextEditorDecorationType, vscode.TextEditorDecorationType]; fragment: vscode.TextEditorDecorationType } {
  const background = (n: 1 | 2): vscode.ThemeColor => new vscode.ThemeColor(`tokenCost.tokenBackground${n}`);
  const border = new vscode.ThemeColor('tokenCost.tokenBorder');
  const token = (n: 1 | 2): vscode.TextEditorDecorationType =>
    vscode.window.createTextEditorDecorationType({ backgroundColor: background(n), border: '1px solid', borderColor: border, borderRadius: '2px', rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed });
  const newline = (n: 1 | 2): vscode.TextEditorDecorationType =>
    vscode.window.createTextEditorDecorationType({
      after: { contentText: '↵', color: new vscode.ThemeColor('tokenCost.tokenWhitespaceForeground'), backgroundColor: background(n), border: '1px solid', borderColor: border },
    });
  return {
    tokens: [token(1), token(2)],
    newlines: [newline(1), newline(2)],
    fragment: vscode.window.createTextEditorDecorationType({ borderStyle: 'none none dashed none', borderWidth: '0 0 2px 0', borderColor: new vscode.ThemeColor('tokenCost.tokenFragmentBorder') }),
  };
}

/**
 * The token view (*Show Tokens*), toggled per document: the visible range coloured token by token
 * with the status bar model's tokenizer (an estimate shows its reference's boundaries and says
 * so), line breaks marked, byte fragments underlined, and a hover with ids, bytes and text. Only
 * the visible range is tokenized — in the count worker, from safe cuts around it — and decorated,
 * again on every scroll and edit.
 */
export class TokenView implements vscode.Disposable {
  private readonly on = new Set<string>();
  private readonly shown = new Map<vscode.TextEditor, Shown>();
  private readonly busy = new Set<vscode.TextEditor>();
  private readonly again = new Set<vscode.TextEditor>();
  /** Made on first use: activation creates nothing the token view may never need. */
  private typesMade: ReturnType<typeof decorationTypes> | undefined;
  /** The status bar entry saying whose tokens are shown; made when the view is first turned on. */
  private itemMade: vscode.StatusBarItem | undefined;
  private readonly disposables: vscode.Disposable[];
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly settings: SettingsService,
    private readonly live: LiveCounts,
    private readonly log: vscode.LogOutputChannel,
    private readonly t: Translate,
  ) {
    this.disposables = [
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => this.refresh(event.textEditor)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of [...this.shown.keys()]) if (!editors.includes(editor)) this.shown.delete(editor);
        for (const editor of editors) this.refresh(editor);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.paintItem()),
      live.onDidEdit((event) => {
        for (const editor of vscode.window.visibleTextEditors) if (editor.document === event.document) this.refresh(editor);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.on.delete(document.uri.toString())),
      settings.onDidChange(() => {
        for (const editor of vscode.window.visibleTextEditors) this.refresh(editor);
        this.paintItem();
      }),
      vscode.languages.registerHoverProvider({ scheme: '*' }, { provideHover: (document, position) => this.hover(document, position) }),
    ];
    void vscode.commands.executeCommand('setContext', TOKEN_VIEW_ON_KEY, false);
  }

  /** Shows or hides the tokens of an editor's document; returns whether they are shown now. */
  toggle(editor: vscode.TextEditor): boolean {
    const uri = editor.document.uri.toString();
    if (this.on.has(uri)) this.on.delete(uri);
    else this.on.add(uri);
    for (const visible of vscode.window.visibleTextEditors) if (visible.document === editor.document) this.refresh(visible);
    this.paintItem();
    return this.on.has(uri);
  }

  /** What an editor shows, for tests; `undefined` when its token view is off. */
  snapshot(editor: vscode.TextEditor): TokenViewSnapshot | undefined {
    const shown = this.shown.get(editor);
    if (!shown || !this.on.has(editor.document.uri.toString())) return undefined;
    const text = editor.document.getText();
    return {
      tokenizer: shown.tokenizer,
      boundaries: shown.boundaries,
      marks: shown.groups.length,
      fragments: shown.groups.filter((group) => group.fragment).length,
      newlines: shown.groups.reduce((sum, group) => sum + (text.slice(group.start, group.end).match(/\r\n|\n|\r/g)?.length ?? 0), 0),
      firstLine: editor.document.positionAt(shown.from).line,
      lastLine: editor.document.positionAt(shown.to).line,
      texts: shown.groups.slice(0, 40).map((group) => text.slice(group.start, group.end)),
    };
  }

  /** Resolves when no editor is being tokenized (tests). */
  whenIdle(): Promise<void> {
    if (this.busy.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    if (this.typesMade) for (const type of [...this.typesMade.tokens, ...this.typesMade.newlines, this.typesMade.fragment]) type.dispose();
  }

  private get item(): vscode.StatusBarItem {
    if (!this.itemMade) {
      this.itemMade = vscode.window.createStatusBarItem('tokenCost.tokenView', vscode.StatusBarAlignment.Right, 90);
      this.itemMade.name = this.t('Token Cost: token view');
      this.itemMade.command = 'tokenCost.toggleTokenView';
      this.disposables.push(this.itemMade);
    }
    return this.itemMade;
  }

  private get types(): ReturnType<typeof decorationTypes> {
    this.typesMade ??= decorationTypes();
    return this.typesMade;
  }

  private paintItem(): void {
    const editor = vscode.window.activeTextEditor;
    const shown = editor && this.on.has(editor.document.uri.toString()) ? this.shown.get(editor) : undefined;
    void vscode.commands.executeCommand('setContext', TOKEN_VIEW_ON_KEY, editor !== undefined && this.on.has(editor.document.uri.toString()));
    if (!editor || !this.on.has(editor.document.uri.toString())) {
      this.itemMade?.hide();
      return;
    }
    this.item.text = `$(symbol-key) ${shown ? shown.tokenizer : this.t('tokens…')}`;
    const tooltip = new vscode.MarkdownString(
      [
        `**${this.t('Token view')}**`,
        '',
        shown ? escapeMarkdown(shown.boundaries) : this.t('Tokenizing the visible lines…'),
        '',
        this.t('Only the visible lines are tokenized; hover a token for its ids and bytes. Click to hide the tokens.'),
      ].join('\n'),
    );
    this.item.tooltip = tooltip;
    this.item.show();
  }

  /** Tokenizes and decorates an editor's visible range again (latest wins while one is running). */
  private refresh(editor: vscode.TextEditor): void {
    if (!this.on.has(editor.document.uri.toString())) {
      if (this.shown.delete(editor)) this.clear(editor);
      return;
    }
    if (this.busy.has(editor)) {
      this.again.add(editor);
      return;
    }
    this.busy.add(editor);
    void this.decorate(editor)
      .catch((error: unknown) => {
        if (!(error instanceof JobCancelledError)) this.log.error('Token view failed', error);
      })
      .finally(() => {
        this.busy.delete(editor);
        if (this.again.delete(editor)) this.refresh(editor);
        else if (this.busy.size === 0) {
          for (const resolve of this.idle) resolve();
          this.idle.clear();
        }
      });
  }

  private clear(editor: vscode.TextEditor): void {
    if (!this.typesMade) return;
    for (const type of [...this.typesMade.tokens, ...this.typesMade.newlines, this.typesMade.fragment]) editor.setDecorations(type, []);
  }

  private async decorate(editor: vscode.TextEditor): Promise<void> {
    const document = editor.document;
    const settings = this.settings.get();
    const model = selectedModel(settings);
    const visible = editor.visibleRanges;
    if (!model || visible.length === 0) return;
    const version = document.version;
    const from = document.offsetAt(visible[0]!.start);
    const to = Math.min(document.offsetAt(visible[visible.length - 1]!.end), from + MAX_WINDOW_CHARS);
    // Whole lines around the window: a line start is where most safe cuts are.
    const textStart = document.offsetAt(new vscode.Position(document.positionAt(Math.max(0, from - MARGIN_CHARS)).line, 0));
    const endPosition = document.positionAt(to + MARGIN_CHARS);
    const textEnd = document.offsetAt(endPosition.line + 1 < document.lineCount ? new vscode.Position(endPosition.line + 1, 0) : endPosition);
    const text = document.getText(new vscode.Range(document.positionAt(textStart), document.positionAt(textEnd)));
    const atDocumentEnd = textEnd >= documentLength(document);
    const window = await this.live.counter.tokens(text, from - textStart, to - textStart, { atDocumentStart: textStart === 0, atDocumentEnd }, model.tokenizer);
    // Scrolled or edited meanwhile: the next run paints.
    if (document.version !== version || !this.on.has(document.uri.toString())) return;
    const groups = tokenGroups(window, textStart);
    const boundaries = boundariesSentence(model, describeTokenizer(model.tokenizer), window.tokenizer, this.t);
    this.shown.set(editor, { version, groups, boundaries, tokenizer: window.tokenizer, from, to, exact: window.exactStart && window.exactEnd && window.allPlaced });
    const ranges: [vscode.Range[], vscode.Range[]] = [[], []];
    const newlines: [vscode.Range[], vscode.Range[]] = [[], []];
    const fragments: vscode.Range[] = [];
    for (const group of groups) {
      let end = document.positionAt(group.end);
      // A token ending with a line break ends at the next line's start; drawn there, its border
      // would mark an empty column: stop it at the end of the line it breaks (the ↵ shows the break).
      if (end.character === 0 && end.line > 0 && group.end > group.start) end = document.lineAt(end.line - 1).range.end;
      const start = document.positionAt(group.start);
      const range = new vscode.Range(start, end.isBefore(start) ? start : end);
      ranges[group.parity].push(range);
      if (group.fragment) fragments.push(range);
      // A line break inside a token has no width: a ↵ after the line's last character shows it.
      const last = document.positionAt(group.end);
      for (let line = start.line; line < last.line; line++) {
        const lineEnd = document.lineAt(line).range.end;
        newlines[group.parity].push(new vscode.Range(lineEnd, lineEnd));
      }
    }
    editor.setDecorations(this.types.tokens[0], ranges[0]);
    editor.setDecorations(this.types.tokens[1], ranges[1]);
    editor.setDecorations(this.types.newlines[0], newlines[0]);
    editor.setDecorations(this.types.newlines[1], newlines[1]);
    editor.setDecorations(this.types.fragment, fragments);
    if (editor === vscode.window.activeTextEditor) this.paintItem();
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.on.has(document.uri.toString())) return undefined;
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document && this.shown.has(candidate));
    const shown = editor && this.shown.get(editor);
    if (!shown || shown.version !== document.version) return undefined;
    const offset = document.offsetAt(position);
    const group = shown.groups.find((candidate) => candidate.start <= offset && offset < candidate.end);
    if (!group) return undefined;
    const range = new vscode.Range(document.positionAt(group.start), document.positionAt(group.end));
    const markdown = new vscode.MarkdownString(tokenHover(group, document.getText(range), shown.boundaries, this.t));
    return new vscode.Hover(markdown, range);
  }
}
