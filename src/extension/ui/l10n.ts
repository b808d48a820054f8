/**
 * Localisation seam. Pure modules take a `Translate` so they run in unit tests without VS Code;
 * the extension passes `vscode.l10n.t`. Every message is an English source string with `{0}`
 * placeholders, looked up in `l10n/bundle.l10n.<locale>.json` (a unit test checks the bundle
 * holds every literal passed to `t(...)`).
 */
export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Fills `{0}`, `{1}` … like `vscode.l10n.t` does for the English source strings. */
export const englishOnly: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
