import type { Exactness } from '../tokenizers/types';

/** An image's tokens by a vendor's published rule, and how exact the rule is for the model. */
export interface ImageTokens {
  readonly tokens: number;
  readonly exactness: Exactness;
}

/**
 * OpenAI's tile rule (OpenAI docs, "Images and vision" › calculating costs): `detail: low` costs
 * the base; otherwise the image is fitted into 2048 × 2048, its shortest side scaled down to 768,
 * and each 512 px tile costs the tile price on top of the base. GPT-4o, GPT-4.1 and GPT-4.5 pay
 * 85 + 170 per tile, GPT-4o mini 2833 + 5667 (the same price at its lower rate). Newer small models
 * use a 32 px patch scheme whose model list is disputed (openai/openai-python#2851), so they get
 * the GPT-4o rule as an estimate. `auto` (the default) lets the API choose and is an estimate too.
 */
const OPENAI_IMAGE_RULES: readonly { readonly match: RegExp; readonly base: number; readonly tile: number }[] = [
  { match: /^gpt-4o-mini/, base: 2833, tile: 5667 },
  { match: /^(chatgpt-4o|gpt-4o|gpt-4\.1(?!-(mini|nano))|gpt-4\.5|gpt-4-turbo|gpt-4-vision)/, base: 85, tile: 170 },
];

/** Tokens of one image on an OpenAI model. */
export function openAiImageTokens(modelId: string, width: number, height: number, detail: string | undefined): ImageTokens {
  const name = modelId.toLowerCase().replace(/^.*\//, '');
  const rule = OPENAI_IMAGE_RULES.find((candidate) => candidate.match.test(name));
  const { base, tile } = rule ?? OPENAI_IMAGE_RULES[1]!;
  const chosen = detail === 'low' || detail === 'high';
  const exactness: Exactness = rule && chosen ? 'near-exact' : 'estimate';
  if (detail === 'low') return { tokens: base, exactness };
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shrink = Math.min(1, 768 / Math.min(w, h));
  w = Math.floor(w * shrink);
  h = Math.floor(h * shrink);
  return { tokens: base + tile * Math.ceil(w / 512) * Math.ceil(h / 512), exactness };
}

/**
 * Anthropic (docs, "Vision" › evaluate image size): about width × height / 750 tokens, after
 * images whose long edge exceeds 1568 px, or that would cost more than about 1,600 tokens, are
 * scaled down keeping their aspect ratio. Anthropic calls it approximate.
 */
export function anthropicImageTokens(width: number, height: number): ImageTokens {
  const edge = Math.min(1, 1568 / Math.max(width, height));
  const area = Math.min(width * edge * height * edge, 1600 * 750);
  return { tokens: Math.ceil(area / 750), exactness: 'estimate' };
}

/**
 * Gemini 2.0 and later (Google AI docs, "Token counting" › images): 258 tokens when both sides are
 * at most 384 px; larger images are cropped and scaled into 768 × 768 tiles of 258 tokens each.
 * Google does not publish the cropping, so the tile count here is an estimate.
 */
export function geminiImageTokens(width: number, height: number): ImageTokens {
  if (width <= 384 && height <= 384) return { tokens: 258, exactness: 'near-exact' };
  return { tokens: 258 * Math.ceil(width / 768) * Math.ceil(height / 768), exactness: 'estimate' };
}
