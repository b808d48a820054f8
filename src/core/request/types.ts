/**
 * The request a prompt file sends: what a model is billed for, as opposed to the file's text.
 * Pure data; parsing lives in parse.ts, counting in count.ts.
 */

/** The prompt-file and request-body formats recognized. */
export type RequestFormat =
  /** GitHub Models `*.prompt.yml` / `*.prompt.yaml`. */
  | 'github-models'
  /** VS Code prompt file `*.prompt.md`: front matter, then the body as one user message. */
  | 'vscode-prompt'
  /** `.github/copilot-instructions.md` or `*.instructions.md`: sent with every request. */
  | 'vscode-instructions'
  /** `AGENTS.md`: sent with every request. */
  | 'agents-md'
  /** `CLAUDE.md`: sent with every request. */
  | 'claude-md'
  /** Prompty `*.prompty`: YAML front matter and a Jinja body split by role lines. */
  | 'prompty'
  /** Dotprompt `*.prompt`: YAML front matter and a Handlebars body split by `{{role}}`. */
  | 'dotprompt'
  /** An OpenAI Chat Completions request body saved as JSON. */
  | 'openai-chat'
  /** An OpenAI Responses request body saved as JSON. */
  | 'openai-responses'
  /** An Anthropic Messages request body saved as JSON. */
  | 'anthropic-messages'
  /** A Gemini `generateContent` request body saved as JSON. */
  | 'gemini';

/**
 * A place in the file. Zero-based like VS Code's `Position` (`character` in UTF-16 code units);
 * add 1 to `line` and `character` when showing it to people.
 */
export interface SourcePosition {
  readonly offset: number;
  readonly line: number;
  readonly character: number;
}

/** One message of the request, with its text as sent (variables filled or as written). */
export interface RequestMessage {
  /** As the file says it: `system`, `developer`, `user`, `assistant`, `model`, `tool` … */
  readonly role: string;
  /** The text the message sends; images are listed separately in `ParsedRequest.images`. */
  readonly content: string;
  /** The optional `name` field (OpenAI counts one more token for it). */
  readonly name?: string;
  /** Where the message starts in the file, for per-message hints. */
  readonly position: SourcePosition;
  /**
   * Text the message carries that no vendor frames as plain content: tool calls and tool results
   * (name and arguments as JSON). Counted as text, always as an estimate.
   */
  readonly structured?: string;
}

/** Where variable values came from: the file's own sample values, none (placeholders counted as written), or no variables at all. */
export type VariableSource = 'sample' | 'placeholders' | 'none';

/** A template variable the file uses. */
export interface RequestVariable {
  readonly name: string;
  /** True when a sample value of the file filled it; false when its placeholder was counted as written. */
  readonly filled: boolean;
}

/** A tool definition sent with the request. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string;
  /** The JSON Schema of its arguments, when the file gives one. */
  readonly parameters?: unknown;
  /**
   * `function`: a full definition in the file; `builtin`: a vendor's own tool (web search …)
   * whose hidden prompt is not published; `named`: only its name is in the file, the definition
   * comes from the tool that runs the prompt.
   */
  readonly kind: 'function' | 'builtin' | 'named';
  /** The definition as the file writes it, for counting its JSON when no vendor rule applies. */
  readonly raw: unknown;
  readonly position: SourcePosition;
}

/** How the model is asked to use the tools (Anthropic's hidden tool prompt depends on it). */
export type ToolChoice = 'auto' | 'none' | 'any' | 'tool';

/** Where an image comes from. */
export type ImageSource =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'data'; readonly mediaType: string; readonly base64: string };

/** An image sent with a message. */
export interface RequestImage {
  readonly source: ImageSource;
  /** OpenAI's `detail` (`low`, `high`, `auto`), when given. */
  readonly detail?: string;
  readonly messageIndex: number;
  readonly position: SourcePosition;
}

/** A problem with its place in the file; the message is the parser's own (English). */
export interface SourceProblem {
  readonly message: string;
  readonly position: SourcePosition;
}

/**
 * Something the file's request sends that could not be counted from the file alone. Data, not
 * sentences: the CLI words it in English (describe.ts), the extension in the user's language.
 */
export type Omission =
  /** The vendor publishes no per-message framing rule for this model family. */
  | { readonly kind: 'chatFraming'; readonly vendor: string }
  /** The tool that runs a prompt or instruction file adds its own system prompt, context and tools. */
  | { readonly kind: 'clientContext' }
  /** Tools named in the file whose definitions come from elsewhere. */
  | { readonly kind: 'toolDefinitions'; readonly names: readonly string[] }
  /** A vendor's built-in tool whose hidden prompt is not published. */
  | { readonly kind: 'builtinTool'; readonly name: string }
  /** An image at a remote URL: its size, and so its tokens, are unknown offline. */
  | { readonly kind: 'remoteImage'; readonly url: string }
  /** A local or inline image whose size could not be read. */
  | { readonly kind: 'unreadableImage'; readonly source: string; readonly reason: string }
  /** The vendor publishes no image rule for this model. */
  | { readonly kind: 'imageRule'; readonly vendor: string; readonly count: number }
  /** Audio, files, documents: content the offline count does not price. */
  | { readonly kind: 'attachment'; readonly type: string; readonly count: number }
  /** Conversation history the template inserts at run time (`{{history}}`). */
  | { readonly kind: 'history' }
  /** A template partial or sample file the offline count does not load. */
  | { readonly kind: 'external'; readonly reference: string };

/** A warning about the parse that does not stop the count, e.g. a template that would not render with the sample values. */
export interface ParseWarning extends SourceProblem {
  readonly kind: 'render' | 'sample';
}

/** A prompt file understood as the request it sends. */
export interface ParsedRequest {
  readonly format: RequestFormat;
  /** The model as the file names it, or null. Resolve it with `resolveNamedModel`. */
  readonly model: string | null;
  readonly messages: readonly RequestMessage[];
  readonly variables: readonly RequestVariable[];
  readonly variableSource: VariableSource;
  readonly tools: readonly ToolDefinition[];
  readonly toolChoice: ToolChoice;
  readonly images: readonly RequestImage[];
  /** Instruction files: the text is sent with every request the file applies to. */
  readonly alwaysOn: boolean;
  /** `applyTo` glob of a `*.instructions.md` file. */
  readonly applyTo?: string;
  /** What the file's request sends that this parse could not see (counting adds its own). */
  readonly omissions: readonly Omission[];
  readonly warnings: readonly ParseWarning[];
}

/**
 * What a file is: a request, plain text (not a prompt format, counted as today), or a prompt file
 * that failed to parse (counted as raw text, with the problem and its place).
 */
export type ParseOutcome =
  | { readonly kind: 'request'; readonly request: ParsedRequest }
  | { readonly kind: 'plain' }
  | { readonly kind: 'error'; readonly format: RequestFormat; readonly error: SourceProblem };
