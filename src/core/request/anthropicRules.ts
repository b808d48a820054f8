import type { Exactness } from '../tokenizers/types';
import type { ToolChoice } from './types';

/**
 * The system prompt Anthropic adds whenever a request has tools, in tokens, by model and
 * `tool_choice`. Anthropic's docs changed these figures between versions, so they are kept as a
 * dated table with its sources; models newer than the table get its latest row as an estimate.
 */
export const ANTHROPIC_TOOL_PROMPT = {
  source:
    'Anthropic docs, Pricing › Tool use pricing (platform.claude.com/docs/en/about-claude/pricing): Claude 4 – Opus 4.7, Sonnet 3.7 – 4.6, Haiku 4.5 346 / 313, Haiku 3 and 3.5 264 / 340, Opus 3 530 / 281; Claude 3 Sonnet 159 / 235 from the earlier page "Tool use pricing and tokens"',
  asOf: '2026-12-01',
  rows: [
    { models: 'Claude Opus 4 – 4.7, Sonnet 3.7 – 4.6, Haiku 4.5', autoOrNone: 346, anyOrTool: 313 },
    { models: 'Claude Haiku 3, Haiku 3.5', autoOrNone: 264, anyOrTool: 340 },
    { models: 'Claude Opus 3', autoOrNone: 530, anyOrTool: 281 },
    { models: 'Claude Sonnet 3', autoOrNone: 159, anyOrTool: 235 },
  ],
} as const;

type Row = (typeof ANTHROPIC_TOOL_PROMPT.rows)[number];

/** Family and version of a Claude model id (`claude-sonnet-4-5-20250929`, `claude-3-5-haiku-latest`, `claude-opus-4.7`). */
function claudeVersion(modelId: string): { family: string; major: number; minor: number } | undefined {
  const name = modelId.toLowerCase().replace(/^.*\//, '');
  const modern = /claude-(opus|sonnet|haiku)-(\d+)(?:[-.](\d)(?!\d))?/.exec(name);
  if (modern) return { family: modern[1]!, major: Number(modern[2]), minor: Number(modern[3] ?? 0) };
  const legacy = /claude-(\d+)(?:[-.](\d)(?!\d))?-(opus|sonnet|haiku)/.exec(name);
  if (legacy) return { family: legacy[3]!, major: Number(legacy[1]), minor: Number(legacy[2] ?? 0) };
  return undefined;
}

/** The row for a model and whether the table lists that model (else the latest row, as an estimate). */
function rowFor(modelId: string): { row: Row; listed: boolean } {
  const [latest, haiku3, opus3, sonnet3] = ANTHROPIC_TOOL_PROMPT.rows;
  const version = claudeVersion(modelId);
  if (!version) return { row: latest, listed: false };
  const { family, major, minor } = version;
  if (major === 3 && family === 'haiku' && (minor === 0 || minor === 5)) return { row: haiku3, listed: true };
  if (major === 3 && minor === 0 && family === 'opus') return { row: opus3, listed: true };
  if (major === 3 && minor === 0 && family === 'sonnet') return { row: sonnet3, listed: true };
  if (major === 3 && minor === 7 && family === 'sonnet') return { row: latest, listed: true };
  const listed = major === 4 && (family === 'opus' ? minor <= 7 : family === 'sonnet' ? minor <= 6 : minor === 5);
  return { row: latest, listed };
}

/** The hidden tool-use system prompt's tokens for `modelId` and `choice`, and how exact that figure is. */
export function anthropicToolPromptTokens(modelId: string, choice: ToolChoice): { tokens: number; exactness: Exactness } {
  const { row, listed } = rowFor(modelId);
  return { tokens: choice === 'any' || choice === 'tool' ? row.anyOrTool : row.autoOrNone, exactness: listed ? 'near-exact' : 'estimate' };
}
