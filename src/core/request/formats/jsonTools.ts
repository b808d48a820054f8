import type { RequestBuilder } from '../builder';
import type { SourcePosition, ToolChoice, ToolDefinition } from '../types';
import { asArray, asString, field, isRecord } from '../values';

/** Where the i-th tool of a list starts, or one position for all. */
export type ToolPositions = SourcePosition | ((index: number) => SourcePosition);

function at(positions: ToolPositions, index: number): SourcePosition {
  return typeof positions === 'function' ? positions(index) : positions;
}

function functionTool(definition: unknown, parameters: unknown, position: SourcePosition): ToolDefinition {
  const description = asString(field(definition, 'description'));
  return {
    name: asString(field(definition, 'name')) ?? '',
    ...(description !== undefined ? { description } : {}),
    ...(parameters !== undefined ? { parameters } : {}),
    kind: 'function',
    raw: definition,
    position,
  };
}

function builtinTool(name: string, raw: unknown, position: SourcePosition, builder: RequestBuilder): ToolDefinition {
  builder.omit({ kind: 'builtinTool', name });
  return { name, kind: 'builtin', raw, position };
}

/**
 * OpenAI tools: Chat Completions `{type: "function", function: {…}}`, Responses `{type:
 * "function", name, …}`, the legacy `functions` list, and built-in tools (web search …).
 */
export function openAiTools(value: unknown, positions: ToolPositions, builder: RequestBuilder): ToolDefinition[] {
  return asArray(value).map((tool, index) => {
    const position = at(positions, index);
    const nested = field(tool, 'function');
    if (isRecord(nested)) return functionTool(nested, field(nested, 'parameters'), position);
    const type = asString(field(tool, 'type'));
    if ((type === undefined || type === 'function') && asString(field(tool, 'name')) !== undefined) return functionTool(tool, field(tool, 'parameters'), position);
    return builtinTool(type ?? 'tool', tool, position, builder);
  });
}

/** Anthropic tools: client tools with `input_schema`; typed ones (`bash_…`, `web_search_…`) are Anthropic's own. */
export function anthropicTools(value: unknown, positions: ToolPositions, builder: RequestBuilder): ToolDefinition[] {
  return asArray(value).map((tool, index) => {
    const position = at(positions, index);
    const type = asString(field(tool, 'type'));
    if (type === undefined || type === 'custom') return functionTool(tool, field(tool, 'input_schema'), position);
    return builtinTool(asString(field(tool, 'name')) ?? type, tool, position, builder);
  });
}

/** Gemini tools: `functionDeclarations` (either spelling); other keys are Google's own tools (`googleSearch` …). */
export function geminiTools(value: unknown, positions: ToolPositions, builder: RequestBuilder): ToolDefinition[] {
  return asArray(value).flatMap((tool, index) => {
    const position = at(positions, index);
    if (!isRecord(tool)) return [];
    return Object.entries(tool).flatMap(([key, entry]) => {
      if (key === 'functionDeclarations' || key === 'function_declarations') {
        return asArray(entry).map((declaration) =>
          functionTool(declaration, field(declaration, 'parameters') ?? field(declaration, 'parametersJsonSchema') ?? field(declaration, 'parameters_json_schema'), position),
        );
      }
      return [builtinTool(key, entry, position, builder)];
    });
  });
}

/** OpenAI's `tool_choice` in the vocabulary of Anthropic's table: `required` → any, a named function → tool. */
export function openAiToolChoice(value: unknown): ToolChoice {
  if (value === 'none') return 'none';
  if (value === 'required') return 'any';
  if (isRecord(value)) return asString(field(value, 'type')) === 'allowed_tools' ? 'auto' : 'tool';
  return 'auto';
}

/** Anthropic's `tool_choice.type`. */
export function anthropicToolChoice(value: unknown): ToolChoice {
  const type = asString(field(value, 'type'));
  return type === 'any' || type === 'tool' || type === 'none' ? type : 'auto';
}

/** Gemini's `toolConfig.functionCallingConfig.mode`. */
export function geminiToolChoice(config: unknown): ToolChoice {
  const calling = field(config, 'functionCallingConfig') ?? field(config, 'function_calling_config');
  const mode = asString(field(calling, 'mode'))?.toUpperCase();
  if (mode === 'NONE') return 'none';
  if (mode === 'ANY') return asArray(field(calling, 'allowedFunctionNames') ?? field(calling, 'allowed_function_names')).length === 1 ? 'tool' : 'any';
  return 'auto';
}
