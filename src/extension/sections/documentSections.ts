import * as vscode from 'vscode';
import { flavourOf, symbolSections, textSections, type MessageStart, type Section, type SymbolLike, type TextFlavour } from '../../core/sections';

/** Languages whose text is Markdown to a reader (prompt and instruction files included). */
const MARKDOWN_LANGUAGES = new Set(['markdown', 'mdx', 'prompt', 'instructions', 'chatmode', 'prompty']);
/** Languages read as text: tag blocks, and the messages of prompt files and request bodies. */
const TEXT_LANGUAGES = new Set(['plaintext', 'json', 'jsonc', 'yaml', 'log', 'jinja', 'handlebars', 'xml', 'html']);

/**
 * How a document is split: as Markdown, as plain text, or — `undefined` — as code, by the symbols
 * its language support reports.
 */
export function textFlavour(document: vscode.TextDocument): TextFlavour | undefined {
  if (MARKDOWN_LANGUAGES.has(document.languageId) || flavourOf(document.uri.path) === 'markdown') return 'markdown';
  if (TEXT_LANGUAGES.has(document.languageId)) return 'plain';
  return undefined;
}

/** A SymbolKind in words for tooltips ("Function", "Class" …). */
function kindName(kind: vscode.SymbolKind): string {
  return vscode.SymbolKind[kind] ?? 'Symbol';
}

/** Document symbols (hierarchical or flat) as the core's SymbolLike, with offsets. */
function toSymbols(document: vscode.TextDocument, symbols: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[]): SymbolLike[] {
  return symbols.map((symbol) => {
    const range = 'location' in symbol ? symbol.location.range : symbol.range;
    const children = 'children' in symbol ? toSymbols(document, symbol.children) : [];
    return { name: symbol.name, kind: kindName(symbol.kind), start: document.offsetAt(range.start), end: document.offsetAt(range.end), children };
  });
}

/** Where a prompt file's messages are, from the parse the other prompt-file surfaces share (request/controller.ts). */
export interface RequestMessages {
  /** The document's current version. */
  messagesOf(document: vscode.TextDocument): Promise<readonly MessageStart[]>;
  /** Another version of its text (saved, committed). */
  messagesIn(document: vscode.TextDocument, text: string): Promise<readonly MessageStart[]>;
}

/**
 * The sections of a document: Markdown and text by the core's splitter (a prompt file's messages
 * from its parse); code by its document symbols (none when the language reports none, then its
 * tag blocks if any).
 */
export async function documentSections(document: vscode.TextDocument, requests: RequestMessages): Promise<Section[]> {
  const flavour = textFlavour(document);
  if (flavour) {
    const messages = await requests.messagesOf(document);
    return textSections(document.uri.path, document.getText(), flavour, messages);
  }
  const text = document.getText();
  let symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined;
  try {
    symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
  } catch {
    symbols = undefined;
  }
  if (symbols?.length) return symbolSections(text, toSymbols(document, symbols));
  return textSections(document.uri.path, text, 'plain');
}
