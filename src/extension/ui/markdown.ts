/**
 * Escapes text for a VS Code MarkdownString: every ASCII punctuation character gets a backslash
 * (CommonMark allows that for all of them), so file names and selected text can neither form
 * links, HTML nor emphasis.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~"'&:$]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}
