import { RequestBuilder, emptyContent, imageSource, variablesOf } from '../builder';
import { renderDotprompt, scanDotprompt, splitDotprompt, type DotpromptScan } from '../handlebars';
import type { LineIndex } from '../position';
import type { ParseOutcome, SourcePosition } from '../types';
import { asArray, asString, field, isRecord } from '../values';
import { positionOf } from '../yamlDoc';
import { parseFrontMatter } from './frontMatterYaml';

/** `name?(description): type, more` in a Picoschema key → `name`. */
function schemaKey(key: string): string {
  return key.replace(/[?(].*$/, '').trim();
}

/**
 * A Dotprompt file (`*.prompt`): YAML front matter (`model`, `input.schema`, `input.default`,
 * `tools`), then a Handlebars body split into messages by `{{role "…"}}` and `{{history}}`, with
 * images from `{{media url=…}}` (google.github.io/dotprompt › reference).
 */
export function parseDotprompt(text: string, lines: LineIndex): ParseOutcome {
  const split = parseFrontMatter(text, lines, 'dotprompt');
  if ('error' in split) return split.error;
  const { source } = split;
  const bodyStart = lines.positionAt(split.bodyOffset);
  let scan: DotpromptScan;
  try {
    scan = scanDotprompt(split.body);
  } catch (error) {
    // Handlebars names the line of the body; the file's line is that plus the front matter.
    // Handlebars: "Parse error on line N:", the code with a caret, then what it expected.
    const parts = (error as Error).message.split('\n').filter((line) => line.trim() !== '');
    const message = parts.length > 1 ? `${parts[0]} ${parts[parts.length - 1]}` : (parts[0] ?? 'template error');
    const line = /line (\d+)/.exec(message);
    const position = line ? lines.positionAt(lines.lineStart(bodyStart.line + Number(line[1]) - 1)) : bodyStart;
    return { kind: 'error', format: 'dotprompt', error: { message, position } };
  }
  const builder = new RequestBuilder();
  const input = field(source?.value, 'input');
  const defaults = field(input, 'default');
  const values = isRecord(defaults) && Object.keys(defaults).length ? defaults : undefined;
  let rendered = scan.asWritten;
  let filled = false;
  if (scan.partial) builder.omit({ kind: 'external', reference: scan.partial });
  if (values && !scan.partial) {
    try {
      rendered = renderDotprompt(split.body, scan, values);
      filled = true;
    } catch (error) {
      builder.warnings.push({ kind: 'render', message: `template: ${(error as Error).message.split('\n', 1)[0]}`, position: bodyStart });
    }
  }
  const { messages, history } = splitDotprompt(rendered);
  if (history) builder.omit({ kind: 'history' });
  const marks = scan.roleMarks.map((mark): SourcePosition => lines.positionAt(lines.lineStart(bodyStart.line + mark.line) + (mark.line === 0 ? bodyStart.character : 0) + mark.column));
  // Text before the first {{role}} is a user message of its own; the marks then start one later.
  const shift = messages.length > marks.length ? messages.length - marks.length : 0;
  messages.forEach((message, index) => {
    const content = { ...emptyContent(), text: message.text, images: message.media.map((url) => ({ source: imageSource(url) })) };
    builder.addMessage(message.role, content, marks[index - shift] ?? bodyStart);
  });
  const toolNames = asArray(field(source?.value, 'tools')).filter((name): name is string => typeof name === 'string');
  for (const name of toolNames) builder.tools.push({ name, kind: 'named', raw: name, position: source ? positionOf(source, ['tools']) : bodyStart });
  if (toolNames.length) builder.omit({ kind: 'toolDefinitions', names: toolNames });
  const declared = Object.keys(isRecord(field(input, 'schema')) ? (field(input, 'schema') as Record<string, unknown>) : {}).map(schemaKey);
  const names = [...new Set([...declared, ...scan.variables])];
  return {
    kind: 'request',
    request: builder.build('dotprompt', asString(field(source?.value, 'model')) ?? null, variablesOf(names, filled ? values : undefined)),
  };
}
