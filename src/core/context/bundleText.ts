/** One file of a bundle as it goes into the prompt. */
export interface PromptPart {
  /** Shown in the header: relative, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

/**
 * The bundle as one prompt: each file under a `### path` header, its text in a Markdown fence one
 * backtick longer than any run of backticks inside it (so a file holding fences cannot close the
 * block early), files separated by a blank line. Chat tools and models read this layout as
 * documents with their names; it is the text "Copy as One Prompt" writes and counts.
 */
export function bundlePrompt(parts: readonly PromptPart[]): string {
  return parts
    .map(({ path, text }) => {
      const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
      const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
      return `### ${path}\n${fence}\n${body}${fence}\n`;
    })
    .join('\n');
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}
