import { RequestBuilder, emptyContent } from '../builder';
import type { LineIndex } from '../position';
import type { ParseOutcome, ParsedRequest, RequestFormat, SourcePosition, SourceProblem } from '../types';
import { asArray, asString, field, isRecord } from '../values';
import { itemPositions, parseYaml, positionOf, type YamlSource } from '../yamlDoc';
import { addContent, geminiContent, openAiMessageContent } from './jsonContent';
import { anthropicToolChoice, anthropicTools, geminiTools, geminiToolChoice, openAiToolChoice, openAiTools } from './jsonTools';
import { appendAll } from '../../util/arrays';

/** JSON request bodies larger than this are counted as plain text: parsing them twice (for positions) would stall an editor. */
const MAX_JSON_REQUEST_CHARACTERS = 8_000_000;

/** Message positions come from a YAML parse of the JSON (it keeps node ranges); skipped above this size. */
const MAX_POSITIONED_CHARACTERS = 2_000_000;

/** Content-block types only Anthropic's Messages API has. */
const ANTHROPIC_BLOCKS = new Set(['image', 'tool_use', 'tool_result', 'document', 'thinking', 'redacted_thinking', 'server_tool_use']);

/** The request-body formats read from JSON. */
type JsonRequestFormat = Extract<RequestFormat, 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'gemini'>;

type BodyParser = (body: Record<string, unknown>, builder: RequestBuilder, positions: JsonPositions) => ParsedRequest;

/** Which request body a JSON value is, by its structure alone (any file name, stdin too). */
function detectJsonRequest(value: unknown): JsonRequestFormat | undefined {
  if (!isRecord(value)) return undefined;
  if (Array.isArray(value.contents) && value.contents.every((item) => typeof item === 'string' || isRecord(item))) return 'gemini';
  if (Array.isArray(value.messages) && value.messages.length > 0 && value.messages.every((message) => typeof field(message, 'role') === 'string')) {
    const blocks = value.messages.flatMap((message) => asArray(field(message, 'content')));
    const anthropic =
      value.system !== undefined ||
      value.anthropic_version !== undefined ||
      asArray(value.tools).some((tool) => field(tool, 'input_schema') !== undefined) ||
      blocks.some((block) => ANTHROPIC_BLOCKS.has(asString(field(block, 'type')) ?? ''));
    return anthropic ? 'anthropic-messages' : 'openai-chat';
  }
  if ((typeof value.input === 'string' || Array.isArray(value.input)) && (typeof value.model === 'string' || typeof value.instructions === 'string')) {
    return 'openai-responses';
  }
  return undefined;
}

/** A broken JSON file that still reads like a request body, so its error is worth reporting. */
function looksLikeRequest(text: string): JsonRequestFormat | undefined {
  const head = text.slice(0, 65_536);
  if (/"contents"\s*:\s*\[/.test(head)) return 'gemini';
  if (/"messages"\s*:\s*\[/.test(head)) return /"(system|anthropic_version|input_schema)"\s*:/.test(head) ? 'anthropic-messages' : 'openai-chat';
  if (/"input"\s*:/.test(head) && /"model"\s*:/.test(head)) return 'openai-responses';
  return undefined;
}

/** The place JSON.parse names in its message (V8: "at position N" / "line L column C"; Firefox: "at line L column C"). */
function jsonErrorPosition(message: string, text: string, lines: LineIndex): SourcePosition {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return lines.positionAt(lines.lineStart(Number(lineColumn[1]) - 1) + Number(lineColumn[2]) - 1);
  const position = /position (\d+)/.exec(message);
  if (position) return lines.positionAt(Number(position[1]));
  return lines.positionAt(/end of (JSON )?input|unterminated|unexpected end/i.test(message) ? text.length : 0);
}

/** Positions in the JSON, from a YAML parse of it; the file start when it is too large or YAML reads it differently. */
class JsonPositions {
  private readonly source?: YamlSource;

  constructor(
    text: string,
    private readonly lines: LineIndex,
  ) {
    if (text.length > MAX_POSITIONED_CHARACTERS) return;
    const parsed = parseYaml(text, 0, lines);
    if (parsed.ok) this.source = parsed.source;
  }

  of(path: readonly (string | number)[]): SourcePosition {
    return this.source ? positionOf(this.source, path) : this.lines.positionAt(0);
  }

  item(path: readonly (string | number)[], index: number): SourcePosition {
    return (this.source ? itemPositions(this.source, path)[index] : undefined) ?? this.of(path);
  }
}

function parseOpenAiChat(body: Record<string, unknown>, builder: RequestBuilder, positions: JsonPositions): ParsedRequest {
  asArray(body.messages).forEach((message, index) => {
    builder.addMessage(asString(field(message, 'role')) ?? 'user', openAiMessageContent(message), positions.item(['messages'], index), asString(field(message, 'name')));
  });
  appendAll(builder.tools, openAiTools(body.tools, (index) => positions.item(['tools'], index), builder));
  appendAll(builder.tools, openAiTools(body.functions, (index) => positions.item(['functions'], index), builder));
  return builder.build('openai-chat', asString(body.model) ?? null, { toolChoice: openAiToolChoice(body.tool_choice ?? body.function_call) });
}

function parseOpenAiResponses(body: Record<string, unknown>, builder: RequestBuilder, positions: JsonPositions): ParsedRequest {
  if (typeof body.instructions === 'string') builder.addMessage('system', { ...emptyContent(), text: body.instructions }, positions.of(['instructions']));
  if (typeof body.input === 'string') {
    builder.addMessage('user', { ...emptyContent(), text: body.input }, positions.of(['input']));
  } else {
    asArray(body.input).forEach((item, index) => {
      const position = positions.item(['input'], index);
      const type = asString(field(item, 'type'));
      if (type === 'function_call' || type === 'function_call_output' || type === 'custom_tool_call' || type === 'custom_tool_call_output') {
        const content = emptyContent();
        content.structured = type.endsWith('output') ? String(field(item, 'output') ?? '') : `${asString(field(item, 'name')) ?? ''} ${String(field(item, 'arguments') ?? field(item, 'input') ?? '')}`;
        builder.addMessage(type.endsWith('output') ? 'tool' : 'assistant', content, position);
      } else if (type === 'reasoning') {
        builder.omit({ kind: 'attachment', type: 'reasoning item', count: 1 });
      } else if (type === undefined || type === 'message') {
        const content = emptyContent();
        addContent(content, field(item, 'content'));
        builder.addMessage(asString(field(item, 'role')) ?? 'user', content, position);
      } else {
        builder.omit({ kind: 'attachment', type, count: 1 });
      }
    });
  }
  appendAll(builder.tools, openAiTools(body.tools, (index) => positions.item(['tools'], index), builder));
  return builder.build('openai-responses', asString(body.model) ?? null, { toolChoice: openAiToolChoice(body.tool_choice) });
}

function parseAnthropic(body: Record<string, unknown>, builder: RequestBuilder, positions: JsonPositions): ParsedRequest {
  if (body.system !== undefined) {
    const content = emptyContent();
    addContent(content, body.system);
    builder.addMessage('system', content, positions.of(['system']));
  }
  asArray(body.messages).forEach((message, index) => {
    const content = emptyContent();
    addContent(content, field(message, 'content'));
    builder.addMessage(asString(field(message, 'role')) ?? 'user', content, positions.item(['messages'], index));
  });
  appendAll(builder.tools, anthropicTools(body.tools, (index) => positions.item(['tools'], index), builder));
  return builder.build('anthropic-messages', asString(body.model) ?? null, { toolChoice: anthropicToolChoice(body.tool_choice) });
}

function parseGemini(body: Record<string, unknown>, builder: RequestBuilder, positions: JsonPositions): ParsedRequest {
  const systemKey = body.systemInstruction !== undefined ? 'systemInstruction' : 'system_instruction';
  if (body[systemKey] !== undefined) builder.addMessage('system', geminiContent(body[systemKey]), positions.of([systemKey]));
  asArray(body.contents).forEach((item, index) => {
    builder.addMessage(asString(field(item, 'role')) ?? 'user', geminiContent(item), positions.item(['contents'], index));
  });
  appendAll(builder.tools, geminiTools(body.tools, (index) => positions.item(['tools'], index), builder));
  // The model is in the URL of a generateContent call; saved bodies sometimes carry it anyway.
  return builder.build('gemini', asString(body.model) ?? null, { toolChoice: geminiToolChoice(body.toolConfig ?? body.tool_config) });
}

const PARSERS: Readonly<Record<JsonRequestFormat, BodyParser>> = {
  'openai-chat': parseOpenAiChat,
  'openai-responses': parseOpenAiResponses,
  'anthropic-messages': parseAnthropic,
  gemini: parseGemini,
};

/**
 * A JSON file as a request body, recognized by its structure: OpenAI Chat Completions or
 * Responses, Anthropic Messages, Gemini generateContent. `undefined` when it is none of them
 * (plain text); an error when it is broken JSON that reads like one.
 */
export function parseJsonRequest(text: string, lines: LineIndex): ParseOutcome | undefined {
  if (text.length > MAX_JSON_REQUEST_CHARACTERS || !/^\uFEFF?\s*\{/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const format = looksLikeRequest(text);
    if (!format) return undefined;
    const message = (error as Error).message;
    const problem: SourceProblem = { message: message.replace(/\s*\(line \d+ column \d+\)$/, ''), position: jsonErrorPosition(message, text, lines) };
    return { kind: 'error', format, error: problem };
  }
  const format = detectJsonRequest(value);
  if (!format || !isRecord(value)) return undefined;
  const builder = new RequestBuilder();
  const positions = new JsonPositions(text, lines);
  return { kind: 'request', request: PARSERS[format](value, builder, positions) };
}
