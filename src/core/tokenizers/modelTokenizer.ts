import { CLAUDE_ESTIMATES, claudeGeneration } from './claude';
import type { TokenizerId } from './types';
import { KIMI_ESTIMATE } from './vendorEstimates';

/** The first `major.minor` after `prefix` in a model name (`gemini-2.5-flash` → [2, 5]). */
function versionAfter(prefix: RegExp, name: string): [number, number] | undefined {
  const match = new RegExp(`${prefix.source}[-_]?v?(\\d+)(?:[.-](\\d)(?!\\d))?`).exec(name);
  return match ? [Number(match[1]), match[2] === undefined ? 0 : Number(match[2])] : undefined;
}

function atLeast(version: [number, number] | undefined, major: number, minor: number): boolean {
  return version !== undefined && (version[0] > major || (version[0] === major && version[1] >= minor));
}

/**
 * The tokenizer a vendor's model is billed with, by vendor and model name. OpenAI models from
 * GPT-4o on use o200k_base; GPT-4 and GPT-3.5 use cl100k_base. Gemini up to 3.0 uses the Gemma 3
 * vocabulary (the mapping of Google's own local tokenizer in the google-genai SDK), as does Gemma 3
 * itself; Qwen 2.5–3 share one vocabulary; DeepSeek V3, R1, V3.1 and V3.2 share another. Later
 * generations whose vocabulary no package carries get an estimate on their predecessor's.
 */
export function tokenizerForModel(vendor: string, model: string): TokenizerId {
  const name = model.toLowerCase().replace(/^.*\//, '');
  switch (vendor) {
    case 'openai':
      if (/^(gpt-4(?!o|\.1|\.5)|gpt-3\.5|text-embedding-(3|ada))/.test(name)) return 'cl100k_base';
      return 'o200k_base';
    case 'anthropic':
      return CLAUDE_ESTIMATES[claudeGeneration(name)].id;
    case 'google':
    case 'gemini':
    case 'vertex_ai':
      if (/^gemma-?3/.test(name)) return 'gemma3';
      if (!name.includes('gemini')) return 'estimate:generic';
      return atLeast(versionAfter(/gemini/, name), 3, 1) ? 'estimate:gemini-3.1' : 'gemma3';
    case 'qwen':
    case 'dashscope':
    case 'alibaba':
      return atLeast(versionAfter(/qwen/, name), 3, 5) ? 'estimate:qwen-3.5' : 'qwen3';
    case 'deepseek':
      return atLeast(versionAfter(/deepseek-v/, name), 4, 0) ? 'estimate:deepseek-v4' : 'deepseek_v3';
    case 'moonshot':
    case 'moonshotai':
    case 'kimi':
      return KIMI_ESTIMATE.id;
    default:
      return 'estimate:generic';
  }
}
