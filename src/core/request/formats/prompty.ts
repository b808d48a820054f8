import { RequestBuilder, emptyContent, imageSource, variablesOf, type MessageContent } from '../builder';
import { compileJinja, type JinjaTemplate } from '../jinja';
import type { LineIndex } from '../position';
import type { ParseOutcome, SourcePosition } from '../types';
import { asString, field, isRecord } from '../values';
import { positionOf, type YamlSource } from '../yamlDoc';
import { parseFrontMatter } from './frontMatterYaml';
import { openAiTools } from './jsonTools';
import { appendAll } from '../../util/arrays';

/**
 * A role line of a Prompty body: `system:`, `user:`, `assistant:` … alone on its line, any case,
 * optionally after `#` (Prompty's chat parser, microsoft.github.io/promptflow › prompty).
 */
const ROLE_LINE = /^[ \t]*#?[ \t]*(system|user|assistant|developer|function|tool)(?:\[[^\]\n]*\])?[ \t]*:[ \t]*$/gim;

/** Markdown images in a user message, which Prompty sends as image parts. */
const MARKDOWN_IMAGE = /!\[[^\]\n]*\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g;

/** Where each message starts in a body and what it says. */
interface RoleSection {
  readonly role: string;
  readonly offset: number;
  readonly content: string;
}

/** Splits a body at its role lines; text before the first one is a system message, as Prompty reads it. */
function splitRoles(body: string): RoleSection[] {
  const sections: RoleSection[] = [];
  let role = 'system';
  let offset = 0;
  let contentStart = 0;
  const push = (end: number): void => {
    const content = body.slice(contentStart, end).trim();
    if (content) sections.push({ role, offset, content });
  };
  for (const match of body.matchAll(ROLE_LINE)) {
    push(match.index);
    role = match[1]!.toLowerCase();
    offset = match.index;
    contentStart = match.index + match[0].length;
  }
  push(body.length);
  return sections;
}

function userContent(text: string): MessageContent {
  const content = emptyContent();
  content.text = text.replace(MARKDOWN_IMAGE, (_, reference: string) => {
    content.images.push({ source: imageSource(reference) });
    return '';
  });
  return content;
}

/** The deployment or model a Prompty `model` section names; `${env:…}` references name none. */
function modelName(model: unknown): string | null {
  const configuration = field(model, 'configuration');
  const candidates = [typeof model === 'string' ? model : undefined, field(configuration, 'name'), field(configuration, 'azure_deployment'), field(configuration, 'model'), field(model, 'id')];
  const name = candidates.map(asString).find((candidate) => candidate !== undefined && candidate.trim() !== '' && !candidate.includes('${'));
  return name ?? null;
}

/** Sample values: `sample`, then the `default` of each declared input. */
function sampleValues(source: YamlSource | undefined, builder: RequestBuilder): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  const inputs = field(source?.value, 'inputs');
  if (isRecord(inputs)) {
    for (const [name, input] of Object.entries(inputs)) if (field(input, 'default') !== undefined) values[name] = field(input, 'default');
  }
  const sample = field(source?.value, 'sample');
  if (isRecord(sample)) Object.assign(values, sample);
  else if (typeof sample === 'string') builder.omit({ kind: 'external', reference: sample });
  return Object.keys(values).length ? values : undefined;
}

/** A Prompty file: YAML front matter, a Jinja body split into messages by role lines. */
export function parsePrompty(text: string, lines: LineIndex): ParseOutcome {
  const split = parseFrontMatter(text, lines, 'prompty');
  if ('error' in split) return split.error;
  const { source } = split;
  const builder = new RequestBuilder();
  const bodyStart = lines.positionAt(split.bodyOffset);
  const values = sampleValues(source, builder);
  let template: JinjaTemplate | undefined;
  try {
    template = compileJinja(split.body);
  } catch (error) {
    builder.warnings.push({ kind: 'render', message: `template: ${(error as Error).message}`, position: bodyStart });
  }
  let rendered = split.body;
  let filled = false;
  if (template && values) {
    try {
      rendered = template.render(values);
      filled = true;
    } catch (error) {
      builder.warnings.push({ kind: 'render', message: `template: ${(error as Error).message}`, position: bodyStart });
    }
  }
  // Positions come from the role lines as written; rendering keeps them in order.
  const written = splitRoles(split.body).map((section): SourcePosition => lines.positionAt(split.bodyOffset + section.offset));
  splitRoles(rendered).forEach((section, index) => {
    const content = section.role === 'user' ? userContent(section.content) : { ...emptyContent(), text: section.content };
    builder.addMessage(section.role, content, written[index] ?? bodyStart);
  });
  const parameters = field(field(source?.value, 'model'), 'parameters');
  appendAll(builder.tools, openAiTools(field(parameters, 'tools'), source ? positionOf(source, ['model', 'parameters', 'tools']) : bodyStart, builder));
  return {
    kind: 'request',
    request: builder.build('prompty', modelName(field(source?.value, 'model')), variablesOf(template?.variables ?? [], filled ? values : undefined)),
  };
}
