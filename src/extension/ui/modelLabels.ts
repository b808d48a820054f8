import type { Translate } from './l10n';

/*
 * How vendors and tiers are named to people, in the model picker and the comparison panel alike.
 */

/** Display names of the common vendors; others show their key. */
const VENDOR_NAMES: Readonly<Record<string, string>> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  google: 'Google',
  deepseek: 'DeepSeek',
  mistral: 'Mistral',
  xai: 'xAI',
  alibaba: 'Alibaba (Qwen)',
  qwen: 'Qwen',
  moonshot: 'Moonshot (Kimi)',
  zhipu: 'Zhipu (GLM)',
  zai: 'Zhipu / Z.ai (GLM)',
  meta: 'Meta',
};

/** "OpenAI" for `openai`, the key itself for unknown vendors. */
export function vendorName(vendor: string): string {
  return VENDOR_NAMES[vendor] ?? vendor;
}

/** Tier label for people. */
export function tierLabel(tier: string | undefined, t: Translate): string {
  switch (tier) {
    case 'nano':
      return t({ message: 'Nano', comment: 'price tier of the smallest, cheapest models (as in "GPT-5 nano")' });
    case 'mini':
      return t('Flash / mini / Haiku');
    case 'mid':
      return t({ message: 'Mid', comment: 'price tier between the mini/flash models and the top models' });
    case 'top':
      return t({ message: 'Top', comment: 'price tier of the most capable, most expensive models' });
    default:
      return t({ message: 'Other', comment: 'models whose price tier is unknown' });
  }
}
