/**
 * Localisation seam. Pure modules take a `Translate` so they run in unit tests without VS Code;
 * the extension passes `vscode.l10n.t`. Every message is an English source string with `{0}`
 * placeholders, looked up in `l10n/bundle.l10n.<locale>.json` (a unit test checks the bundle
 * holds every literal passed to `t(...)`).
 *
 * A word that reads two ways ("Top", "Batch", "tok") carries a note for translators:
 * `t({ message, comment })` with the comment saying which sense is meant. VS Code then looks it
 * up under `message/comment` (see {@link bundleKey}), so the bundle holds it under that key.
 */

/** A source string, alone or with a note for translators. */
type Message = string | { readonly message: string; readonly comment: string };

export type Translate = (message: Message, ...args: Array<string | number>) => string;

/** The English source text of a message. */
function sourceText(message: Message): string {
  return typeof message === 'string' ? message : message.message;
}

/** The key a message has in a translation bundle: the text, then `/comment` when it has one. */
function bundleKey(message: Message): string {
  return typeof message === 'string' ? message : `${message.message}/${message.comment}`;
}

/** Fills `{0}`, `{1}` … like `vscode.l10n.t` does. */
function fill(text: string, args: ReadonlyArray<string | number>): string {
  return text.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

/** The English source strings with their placeholders filled (tests, and the fallback). */
export const englishOnly: Translate = (message, ...args) => fill(sourceText(message), args);

/** A translator over a loaded bundle (tests check the Chinese one this way). */
export function fromBundle(bundle: Readonly<Record<string, string>>): Translate {
  return (message, ...args) => fill(bundle[bundleKey(message)] ?? sourceText(message), args);
}
