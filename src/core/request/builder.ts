import type {
  ImageSource,
  Omission,
  ParsedRequest,
  ParseWarning,
  RequestFormat,
  RequestImage,
  RequestMessage,
  RequestVariable,
  SourcePosition,
  ToolChoice,
  ToolDefinition,
  VariableSource,
} from './types';

/** What one message's content holds, gathered from any vendor's content shape. */
export interface MessageContent {
  text: string;
  structured: string;
  images: { readonly source: ImageSource; readonly detail?: string }[];
  /** Content types not priced offline (audio, files, documents), one entry per item. */
  attachments: string[];
}

/** An empty content to fill. */
export function emptyContent(): MessageContent {
  return { text: '', structured: '', images: [], attachments: [] };
}

/** An image reference as written (`data:` URI, http(s) URL, or a path) turned into its source. */
export function imageSource(reference: string): ImageSource {
  const data = /^data:([^;,]*)(;[^,]*)?,/i.exec(reference);
  if (data) {
    const isBase64 = /;base64/i.test(data[2] ?? '');
    // A data URI that is not base64 carries its bytes percent-encoded; keep them readable as base64.
    const payload = reference.slice(data[0].length);
    return { kind: 'data', mediaType: data[1] || 'application/octet-stream', base64: isBase64 ? payload : percentToBase64(payload) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference) && !/^file:\/\//i.test(reference)) return { kind: 'url', url: reference };
  return { kind: 'path', path: reference };
}

function percentToBase64(payload: string): string {
  try {
    const bytes = decodeURIComponent(payload);
    let binary = '';
    for (const char of bytes) binary += String.fromCharCode(char.charCodeAt(0) & 0xff);
    return btoa(binary);
  } catch {
    return '';
  }
}

/** Variables and where their values came from, for a list of names and the sample values (if any). */
export function variablesOf(names: readonly string[], values: Readonly<Record<string, unknown>> | undefined): { variables: RequestVariable[]; variableSource: VariableSource } {
  const variables = names.map((name) => ({ name, filled: values !== undefined && Object.prototype.hasOwnProperty.call(values, name) }));
  const variableSource: VariableSource = variables.length === 0 ? 'none' : variables.some((variable) => variable.filled) ? 'sample' : 'placeholders';
  return { variables, variableSource };
}

/** Collects a request's parts as a format parser finds them. */
export class RequestBuilder {
  readonly messages: RequestMessage[] = [];
  readonly images: RequestImage[] = [];
  readonly tools: ToolDefinition[] = [];
  readonly omissions: Omission[] = [];
  readonly warnings: ParseWarning[] = [];
  private readonly attachments = new Map<string, number>();

  /** Adds a message with its content; images and attachments go to their own lists. */
  addMessage(role: string, content: MessageContent, position: SourcePosition, name?: string): void {
    const messageIndex = this.messages.length;
    this.messages.push({
      role,
      content: content.text,
      position,
      ...(name ? { name } : {}),
      ...(content.structured ? { structured: content.structured } : {}),
    });
    for (const image of content.images) this.images.push({ ...image, messageIndex, position });
    for (const type of content.attachments) this.attachments.set(type, (this.attachments.get(type) ?? 0) + 1);
  }

  /** Adds an omission once. */
  omit(omission: Omission): void {
    const key = JSON.stringify(omission);
    if (!this.omissions.some((known) => JSON.stringify(known) === key)) this.omissions.push(omission);
  }

  /** The finished request. */
  build(
    format: RequestFormat,
    model: string | null,
    extra: Partial<Pick<ParsedRequest, 'variables' | 'variableSource' | 'toolChoice' | 'alwaysOn' | 'applyTo'>> = {},
  ): ParsedRequest {
    for (const [type, count] of this.attachments) this.omit({ kind: 'attachment', type, count });
    const toolChoice: ToolChoice = extra.toolChoice ?? 'auto';
    return {
      format,
      model,
      messages: this.messages,
      variables: extra.variables ?? [],
      variableSource: extra.variableSource ?? 'none',
      tools: this.tools,
      toolChoice,
      images: this.images,
      alwaysOn: extra.alwaysOn ?? false,
      ...(extra.applyTo !== undefined ? { applyTo: extra.applyTo } : {}),
      omissions: this.omissions,
      warnings: this.warnings,
    };
  }
}
