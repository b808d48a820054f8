import { isRecord } from '../../core/util/isRecord';
import type { Translate } from '../ui/l10n';

/**
 * What the `tokenCost` language-model tool is asked, as package.json's `inputSchema` declares it.
 * A model writes the input, so it arrives as `unknown` and is narrowed here (pure: unit-tested).
 */
export interface TokenCostToolInput {
  /** Text to count as given. */
  readonly text?: string;
  /** A file: relative to a workspace folder, absolute, or a URI. */
  readonly path?: string;
  /** Model ids or aliases; the status bar's model when absent or empty. */
  readonly models?: readonly string[];
}

/** Most models one call may name: package.json's `maxItems`, checked again here. */
export const MAX_TOOL_MODELS = 20;

/** The input narrowed, or one sentence saying what is wrong with it. */
export type ParsedToolInput = { readonly ok: true; readonly input: TokenCostToolInput } | { readonly ok: false; readonly message: string };

/** Narrows a tool input: `text` or `path` (not both), `models` a short list of non-empty strings. */
export function parseToolInput(value: unknown, t: Translate): ParsedToolInput {
  if (value === undefined || value === null) return { ok: true, input: {} };
  if (!isRecord(value)) return { ok: false, message: t('The input must be an object with text, path or models.') };
  const { text, path, models } = value;
  if (text !== undefined && typeof text !== 'string') return { ok: false, message: t('"{0}" must be a string.', 'text') };
  if (path !== undefined && (typeof path !== 'string' || path.trim() === '')) return { ok: false, message: t('"{0}" must be a string.', 'path') };
  if (text !== undefined && path !== undefined) return { ok: false, message: t('Give text or path, not both.') };
  if (models !== undefined && (!Array.isArray(models) || !models.every((id) => typeof id === 'string' && id.trim() !== ''))) {
    return { ok: false, message: t('"models" must be a list of model ids.') };
  }
  if (Array.isArray(models) && models.length > MAX_TOOL_MODELS) return { ok: false, message: t('At most {0} models per call.', MAX_TOOL_MODELS) };
  return {
    ok: true,
    input: {
      ...(text !== undefined ? { text } : {}),
      ...(path !== undefined ? { path: path.trim() } : {}),
      ...(models !== undefined ? { models: (models as string[]).map((id) => id.trim()) } : {}),
    },
  };
}
