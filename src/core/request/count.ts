import { countWithRegistry, type TokenCounter } from '../pricing/analyze';
import { EXACTNESS_LEVELS } from '../tokenizers/exactness';
import { describeTokenizer } from '../tokenizers/registry';
import type { Exactness, TokenizerId } from '../tokenizers/types';
import { anthropicToolPromptTokens } from './anthropicRules';
import { anthropicImageTokens, geminiImageTokens, openAiImageTokens, type ImageTokens } from './imageRules';
import { describeImageSource, type ImageMeasurement } from './images';
import { OPENAI_COOKBOOK, openAiFunctionTokens, openAiRuleExactness, openAiToolSettings } from './openaiRules';
import type { Omission, ParsedRequest, ToolDefinition } from './types';
import { jsonText } from './values';

/** The model a request is counted for: a catalog `ModelInfo` fits. */
export interface RequestTarget {
  readonly id: string;
  readonly vendor: string;
  readonly tokenizer: TokenizerId;
}

/** One billed part of a request. `kind` and `role` are the CLI's JSON contract. */
export interface RequestPart {
  readonly kind: 'message' | 'framing' | 'tools' | 'image';
  /** For a message: its role as the file writes it. */
  readonly role?: string;
  readonly tokens: number;
  readonly exactness: Exactness;
  /** For a message or an image: the message's index in `ParsedRequest.messages`. */
  readonly messageIndex?: number;
  /** For an image: its index in `ParsedRequest.images`. */
  readonly imageIndex?: number;
  /** For a tool: its name; for fixed overheads: what they are (`tool-use system prompt` …). */
  readonly label?: string;
}

/** A request counted for one model. */
export interface RequestCount {
  /** Input tokens as billed, as far as they are known: the sum of `parts`. */
  readonly tokens: number;
  /** The least exact part; `estimate` as soon as anything is omitted. */
  readonly exactness: Exactness;
  readonly parts: readonly RequestPart[];
  /** What the request sends that is not in `tokens` (the parse's omissions and the count's own). */
  readonly omissions: readonly Omission[];
}

/** Options for {@link countRequest}. */
export interface CountRequestOptions {
  /** Counts text with a tokenizer; the editor passes its cached counter. */
  readonly count?: TokenCounter;
  /** Sizes of `request.images`, in order, from {@link measureImages}; without them images are omitted as unreadable. */
  readonly images?: readonly ImageMeasurement[];
}

type VendorRules = 'openai' | 'anthropic' | 'google' | 'other';

function rulesFor(target: RequestTarget): VendorRules {
  const vendor = target.vendor.toLowerCase();
  if (vendor === 'openai' || vendor === 'azure' || vendor === 'azure_openai') return target.tokenizer === 'o200k_base' || target.tokenizer === 'cl100k_base' ? 'openai' : 'other';
  if (vendor === 'anthropic') return 'anthropic';
  if (vendor === 'google' || vendor === 'gemini' || vendor === 'vertex_ai') return 'google';
  return 'other';
}

/** The less exact of two levels. */
export function leastExact(a: Exactness, b: Exactness): Exactness {
  return EXACTNESS_LEVELS.indexOf(a) >= EXACTNESS_LEVELS.indexOf(b) ? a : b;
}

function toolJson(tool: ToolDefinition): string {
  return jsonText(tool.raw);
}

/**
 * Counts a parsed request for one model: every message with the model's own tokenizer, plus the
 * chat framing, tool definitions and images by the model's vendor's published rules where there
 * are any. What cannot be counted offline is listed in `omissions` and makes the total an estimate.
 */
export function countRequest(request: ParsedRequest, target: RequestTarget, options: CountRequestOptions = {}): RequestCount {
  const counter = options.count ?? countWithRegistry;
  const cache = new Map<string, number>();
  const count = (text: string): number => {
    if (text === '') return 0;
    let tokens = cache.get(text);
    if (tokens === undefined) {
      tokens = counter(target.tokenizer, text);
      cache.set(text, tokens);
    }
    return tokens;
  };
  const textExactness: Exactness = describeTokenizer(target.tokenizer)?.exactness ?? 'estimate';
  const rules = rulesFor(target);
  const parts: RequestPart[] = [];
  const omissions: Omission[] = [...request.omissions];

  request.messages.forEach((message, messageIndex) => {
    const structured = message.structured ? count(message.structured) : 0;
    parts.push({
      kind: 'message',
      role: message.role,
      tokens: count(message.content) + (message.name ? count(message.name) : 0) + structured,
      exactness: message.structured ? 'estimate' : textExactness,
      messageIndex,
    });
  });

  // Instruction files join a request that is framed anyway: their cost is their text alone.
  if (!request.alwaysOn && request.messages.length > 0) {
    if (rules === 'openai') {
      let framing = OPENAI_COOKBOOK.replyPriming;
      for (const message of request.messages) {
        framing += OPENAI_COOKBOOK.tokensPerMessage + count(message.role) + (message.name ? OPENAI_COOKBOOK.tokensPerName : 0);
      }
      // The cookbook's rule is for Chat Completions; the Responses API frames its input its own way.
      const exactness = request.format === 'openai-responses' ? 'estimate' : openAiRuleExactness(target.id);
      parts.push({ kind: 'framing', tokens: framing, exactness, label: 'chat framing' });
    } else {
      omissions.push({ kind: 'chatFraming', vendor: rules === 'other' ? target.vendor : rules });
    }
  }

  const functions = request.tools.filter((tool) => tool.kind === 'function');
  if (functions.length) {
    if (rules === 'openai') {
      const settings = openAiToolSettings(target.id);
      const ruleExactness = openAiRuleExactness(target.id);
      for (const tool of functions) {
        const { tokens, complete } = openAiFunctionTokens(tool, count, settings);
        parts.push({ kind: 'tools', tokens, exactness: complete ? ruleExactness : 'estimate', label: tool.name });
      }
      parts.push({ kind: 'tools', tokens: settings.functionsEnd, exactness: ruleExactness, label: 'tool list' });
    } else {
      for (const tool of functions) parts.push({ kind: 'tools', tokens: count(toolJson(tool)), exactness: 'estimate', label: tool.name });
    }
  }
  if (rules === 'anthropic' && request.tools.some((tool) => tool.kind !== 'named')) {
    const prompt = anthropicToolPromptTokens(target.id, request.toolChoice);
    parts.push({ kind: 'tools', tokens: prompt.tokens, exactness: prompt.exactness, label: 'tool-use system prompt' });
  }

  let unpriced = 0;
  request.images.forEach((image, imageIndex) => {
    const size = options.images?.[imageIndex];
    let cost: ImageTokens | undefined;
    if (rules === 'openai' && image.detail === 'low') cost = openAiImageTokens(target.id, 1, 1, 'low');
    else if (rules === 'other') unpriced++;
    else if (!size) omissions.push({ kind: 'unreadableImage', source: describeImageSource(image.source), reason: 'not measured' });
    else if (!size.ok) {
      omissions.push(
        size.reason === 'remote' && image.source.kind === 'url'
          ? { kind: 'remoteImage', url: image.source.url }
          : { kind: 'unreadableImage', source: describeImageSource(image.source), reason: size.reason },
      );
    } else if (rules === 'openai') cost = openAiImageTokens(target.id, size.width, size.height, image.detail);
    else if (rules === 'anthropic') cost = anthropicImageTokens(size.width, size.height);
    else cost = geminiImageTokens(size.width, size.height);
    if (cost) parts.push({ kind: 'image', tokens: cost.tokens, exactness: cost.exactness, messageIndex: image.messageIndex, imageIndex });
  });
  if (unpriced) omissions.push({ kind: 'imageRule', vendor: target.vendor, count: unpriced });

  const tokens = parts.reduce((sum, part) => sum + part.tokens, 0);
  let exactness = parts.reduce<Exactness>((level, part) => leastExact(level, part.exactness), textExactness);
  if (omissions.length) exactness = 'estimate';
  return { tokens, exactness, parts, omissions };
}
