import type { Omission, RequestFormat, VariableSource } from './types';

/**
 * English words for the request model, for the CLI (which is not localized). The extension words
 * the same data through its translations.
 */

/** Each format's name for people. */
export const FORMAT_NAMES: Readonly<Record<RequestFormat, string>> = {
  'github-models': 'GitHub Models prompt',
  'vscode-prompt': 'VS Code prompt file',
  'vscode-instructions': 'VS Code instructions',
  'agents-md': 'AGENTS.md instructions',
  'claude-md': 'CLAUDE.md instructions',
  prompty: 'Prompty',
  dotprompt: 'Dotprompt',
  'openai-chat': 'OpenAI Chat Completions request',
  'openai-responses': 'OpenAI Responses request',
  'anthropic-messages': 'Anthropic Messages request',
  gemini: 'Gemini generateContent request',
};

/** What near-exact means for a request: the legend's sentence for the tokenizer speaks of text alone. */
export const REQUEST_NEAR_EXACT = 'the vendor’s tokenizer plus its published rules for framing, tools and images, which it checked against its API';

/** What an estimated request total means, when its tokenizer is not the reason. */
export const REQUEST_ESTIMATE = 'a part follows a vendor rule only approximately or is not included (see above); the vendor’s count API gives the exact figure';

/** How variables were counted, in a few words. */
export const VARIABLE_WORDS: Readonly<Record<VariableSource, string>> = {
  sample: 'variables filled from the file’s sample values',
  placeholders: 'variables counted as written (no sample values)',
  none: 'no variables',
};

const VENDOR_NAMES: Readonly<Record<string, string>> = { openai: 'OpenAI', anthropic: 'Anthropic', google: 'Gemini' };

function vendorName(vendor: string): string {
  return VENDOR_NAMES[vendor] ?? vendor;
}

/** One omission in a short English phrase, e.g. "Gemini chat framing". */
export function describeOmission(omission: Omission): string {
  switch (omission.kind) {
    case 'chatFraming':
      return `${vendorName(omission.vendor)} chat framing (no published rule)`;
    case 'clientContext':
      return 'the system prompt, context and tools the chat tool adds';
    case 'toolDefinitions':
      return `definitions of the tools named in the file (${omission.names.join(', ')})`;
    case 'builtinTool':
      return `built-in tool ${omission.name} (its hidden prompt is not published)`;
    case 'remoteImage':
      return `remote image ${omission.url}: size unknown`;
    case 'unreadableImage':
      return `image ${omission.source}: ${omission.reason}`;
    case 'imageRule':
      return `${omission.count === 1 ? 'an image' : `${omission.count} images`} (no published image rule for ${vendorName(omission.vendor)})`;
    case 'attachment':
      return `${omission.count} × ${omission.type}`;
    case 'history':
      return 'conversation history inserted at run time ({{history}})';
    case 'external':
      return `${omission.reference} (not loaded)`;
  }
}
