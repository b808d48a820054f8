import { valueText } from './values';

/**
 * GitHub Models' `{{name}}` placeholders: plain substitution, no logic (GitHub Docs, "Storing
 * prompts in GitHub repositories"), so a regular expression is the whole syntax.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** Placeholder names in `text`, in first-use order. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** `text` with each placeholder that has a value replaced by it; the others stay as written. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, unknown>> | undefined): string {
  if (!values) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? valueText(values[name]) : whole));
}
