import { splitFrontMatter } from '../frontMatter';
import type { LineIndex } from '../position';
import type { ParseOutcome, RequestFormat } from '../types';
import { parseYaml, type YamlSource } from '../yamlDoc';

/** A file's front matter, parsed, and its body; `source` is undefined when there is no front matter. */
export interface FrontMatterParts {
  readonly source?: YamlSource;
  readonly body: string;
  readonly bodyOffset: number;
}

/** Splits off and parses a file's YAML front matter; malformed YAML is the file's error, with its place. */
export function parseFrontMatter(text: string, lines: LineIndex, format: RequestFormat): FrontMatterParts | { readonly error: ParseOutcome } {
  const split = splitFrontMatter(text);
  if (split.yaml === undefined) return { body: split.body, bodyOffset: split.bodyOffset };
  const parsed = parseYaml(split.yaml, split.yamlOffset, lines);
  if (!parsed.ok) return { error: { kind: 'error', format, error: parsed.error } };
  return { source: parsed.source, body: split.body, bodyOffset: split.bodyOffset };
}
