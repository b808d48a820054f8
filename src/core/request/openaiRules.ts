import type { Exactness } from '../tokenizers/types';
import type { ToolDefinition } from './types';
import { asArray, field, isRecord } from './values';

/**
 * OpenAI's published token accounting for chat requests: OpenAI Cookbook, "How to count tokens
 * with tiktoken" (sections 6 and 7, `num_tokens_from_messages` and `num_tokens_for_tools`). The
 * notebook checked both against the API's `prompt_tokens` for gpt-3.5-turbo, gpt-4, gpt-4o and
 * gpt-4o-mini (its tools example: 101 tokens on gpt-4o, as the API said); for other OpenAI models
 * the same rule is applied and marked as an estimate.
 */
export const OPENAI_COOKBOOK = {
  source: 'OpenAI Cookbook, "How to count tokens with tiktoken" (num_tokens_from_messages, num_tokens_for_tools)',
  /** Each message: its fields' tokens plus this many. */
  tokensPerMessage: 3,
  /** One more for a message's `name`. */
  tokensPerName: 1,
  /** Every reply is primed with `<|start|>assistant<|message|>`. */
  replyPriming: 3,
} as const;

/** Tool-definition constants of `num_tokens_for_tools`, per model family. */
export interface OpenAiToolSettings {
  readonly functionInit: number;
  readonly propertiesInit: number;
  readonly propertyKey: number;
  readonly enumInit: number;
  readonly enumItem: number;
  readonly functionsEnd: number;
}

const GPT_4O_TOOLS: OpenAiToolSettings = { functionInit: 7, propertiesInit: 3, propertyKey: 3, enumInit: -3, enumItem: 3, functionsEnd: 12 };
const GPT_4_TOOLS: OpenAiToolSettings = { ...GPT_4O_TOOLS, functionInit: 10 };

function bareName(modelId: string): string {
  return modelId.toLowerCase().replace(/^.*\//, '');
}

/** gpt-3.5-turbo and gpt-4 (not 4o, 4.1, 4.5): the older constants. */
function isGpt4OrOlder(name: string): boolean {
  return /^(gpt-3\.5-turbo|gpt-4(?![o.\d]))/.test(name);
}

/** The models the notebook checked against the API. */
function isCookbookChecked(name: string): boolean {
  return /^(gpt-3\.5-turbo|gpt-4o(-mini)?(?![\w.])|gpt-4o(-mini)?-\d{4}|gpt-4(?![o.\d]))/.test(name);
}

/** How exact the cookbook's rules are for `modelId`: near-exact where the notebook checked them, an estimate elsewhere. */
export function openAiRuleExactness(modelId: string): Exactness {
  return isCookbookChecked(bareName(modelId)) ? 'near-exact' : 'estimate';
}

/** The tool constants for `modelId` (gpt-4o's for everything newer). */
export function openAiToolSettings(modelId: string): OpenAiToolSettings {
  return isGpt4OrOlder(bareName(modelId)) ? GPT_4_TOOLS : GPT_4O_TOOLS;
}

function withoutFinalPeriod(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/**
 * One function's tokens by `num_tokens_for_tools` (without the once-per-request end), and whether
 * the notebook's rule covers all of it: it reads only top-level properties' name, type,
 * description and enum, so nested objects, arrays of objects and `anyOf` make it an estimate.
 */
export function openAiFunctionTokens(tool: ToolDefinition, count: (text: string) => number, settings: OpenAiToolSettings): { tokens: number; complete: boolean } {
  let tokens = settings.functionInit + count(`${tool.name}:${withoutFinalPeriod(tool.description ?? '')}`);
  let complete = true;
  const properties = field(tool.parameters, 'properties');
  if (isRecord(properties) && Object.keys(properties).length > 0) {
    tokens += settings.propertiesInit;
    for (const [name, property] of Object.entries(properties)) {
      tokens += settings.propertyKey;
      const values = field(property, 'enum');
      if (Array.isArray(values)) {
        tokens += settings.enumInit;
        for (const item of values) tokens += settings.enumItem + count(text(item));
      }
      const type = field(property, 'type');
      if (typeof type !== 'string' || field(property, 'properties') !== undefined || isRecord(field(property, 'items')) || asArray(field(property, 'anyOf')).length) {
        complete = false;
      }
      tokens += count(`${name}:${text(Array.isArray(type) ? type.join('|') : type)}:${withoutFinalPeriod(text(field(property, 'description')))}`);
    }
  }
  return { tokens, complete };
}
