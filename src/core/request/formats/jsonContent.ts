import { emptyContent, imageSource, type MessageContent } from '../builder';
import { asArray, asString, field, isRecord, jsonText } from '../values';
import { appendAll } from '../../util/arrays';

function addStructured(content: MessageContent, value: unknown): void {
  const text = typeof value === 'string' ? value : jsonText(value);
  content.structured = content.structured ? `${content.structured}\n${text}` : text;
}

function addText(content: MessageContent, text: string): void {
  content.text += text;
}

/**
 * One content block of OpenAI Chat Completions / Responses or Anthropic Messages into `content`:
 * text is text; images keep their source and `detail`; tool calls and results are structured
 * text; audio, files and documents are attachments.
 */
function addBlock(content: MessageContent, block: unknown): void {
  if (typeof block === 'string') return addText(content, block);
  const type = asString(field(block, 'type'));
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return addText(content, asString(field(block, 'text')) ?? '');
    case 'image_url': {
      const image = field(block, 'image_url');
      const url = asString(image) ?? asString(field(image, 'url'));
      const detail = asString(field(image, 'detail'));
      if (url) content.images.push({ source: imageSource(url), ...(detail ? { detail } : {}) });
      return;
    }
    case 'input_image': {
      const url = asString(field(block, 'image_url'));
      const detail = asString(field(block, 'detail'));
      if (url) content.images.push({ source: imageSource(url), ...(detail ? { detail } : {}) });
      else content.attachments.push('image file');
      return;
    }
    case 'image': {
      const source = field(block, 'source');
      const kind = asString(field(source, 'type'));
      if (kind === 'base64') {
        content.images.push({ source: { kind: 'data', mediaType: asString(field(source, 'media_type')) ?? 'image/*', base64: asString(field(source, 'data')) ?? '' } });
      } else if (kind === 'url' && asString(field(source, 'url'))) {
        content.images.push({ source: imageSource(asString(field(source, 'url'))!) });
      } else {
        content.attachments.push('image file');
      }
      return;
    }
    case 'tool_use':
    case 'server_tool_use':
      return addStructured(content, { name: field(block, 'name'), input: field(block, 'input') });
    case 'tool_result': {
      const inner = emptyContent();
      addContent(inner, field(block, 'content'));
      addStructured(content, inner.text + inner.structured);
      appendAll(content.images, inner.images);
      appendAll(content.attachments, inner.attachments);
      return;
    }
    case 'thinking':
    case 'redacted_thinking':
    case 'reasoning':
      content.attachments.push('thinking block');
      return;
    case 'refusal':
      return addText(content, asString(field(block, 'refusal')) ?? '');
    default:
      content.attachments.push(type ?? 'unknown part');
  }
}

/** A message's `content`: a string, or a list of blocks. */
export function addContent(content: MessageContent, value: unknown): void {
  if (typeof value === 'string') return addText(content, value);
  for (const block of asArray(value)) addBlock(content, block);
}

/** An OpenAI Chat Completions message's content, with its `tool_calls` / `function_call` as structured text. */
export function openAiMessageContent(message: unknown): MessageContent {
  const content = emptyContent();
  addContent(content, field(message, 'content'));
  for (const call of asArray(field(message, 'tool_calls'))) {
    const fn = field(call, 'function');
    addStructured(content, isRecord(fn) ? { name: field(fn, 'name'), arguments: field(fn, 'arguments') } : call);
  }
  if (field(message, 'function_call') !== undefined) addStructured(content, field(message, 'function_call'));
  return content;
}

/** A Gemini `Content`'s parts. */
export function geminiContent(value: unknown): MessageContent {
  const content = emptyContent();
  if (typeof value === 'string') {
    content.text = value;
    return content;
  }
  for (const part of asArray(field(value, 'parts'))) {
    const text = asString(field(part, 'text'));
    const inline = field(part, 'inlineData') ?? field(part, 'inline_data');
    const file = field(part, 'fileData') ?? field(part, 'file_data');
    const call = field(part, 'functionCall') ?? field(part, 'function_call');
    const response = field(part, 'functionResponse') ?? field(part, 'function_response');
    if (text !== undefined) {
      if (field(part, 'thought') === true) content.attachments.push('thinking block');
      else content.text += text;
    } else if (inline !== undefined) {
      const mediaType = asString(field(inline, 'mimeType') ?? field(inline, 'mime_type')) ?? '';
      if (mediaType.startsWith('image/')) content.images.push({ source: { kind: 'data', mediaType, base64: asString(field(inline, 'data')) ?? '' } });
      else content.attachments.push(mediaType || 'inline data');
    } else if (file !== undefined) {
      const mediaType = asString(field(file, 'mimeType') ?? field(file, 'mime_type')) ?? '';
      const uri = asString(field(file, 'fileUri') ?? field(file, 'file_uri'));
      if (uri && (mediaType.startsWith('image/') || /\.(png|jpe?g|gif|webp)$/i.test(uri))) content.images.push({ source: imageSource(uri) });
      else content.attachments.push(mediaType || 'file');
    } else if (call !== undefined || response !== undefined) {
      addStructured(content, call ?? response);
    }
  }
  return content;
}
