import generated from '../data/featured.generated.json';
import type { FeaturedRefreshRules } from './table';
import type { ModelInfo } from './types';

/*
 * The featured models: the comparison's rows. Their curation (which models, names, tiers, aliases,
 * tokenizers, limits, each one's key in each price snapshot, the documented exceptions) is written
 * by hand in src/core/data/featured.jsonc; `npm run generate:prices` fills their rates from the
 * snapshots into featured.generated.json, read here. test/unit/core/pricing/featured.test.ts
 * rebuilds that file from the committed snapshot extracts (test/fixtures/prices/) and checks that
 * every input/output price equals at least two snapshots, unless an exception says which figure
 * wins and why.
 */

/** featured.generated.json's shape (written by scripts/prices/featuredFiles.ts). */
interface FeaturedFile {
  readonly generatedAt: string;
  readonly snapshots: readonly { readonly name: string; readonly asOf: string; readonly license: string }[];
  readonly exceptions: Readonly<Record<string, string>>;
  readonly refresh: FeaturedRefreshRules;
  readonly models: readonly ModelInfo[];
}

const featured = generated as unknown as FeaturedFile;

/** The featured models with their generated rates, in curation order; each replaces the generated entry with its id. */
export const FEATURED_MODELS: readonly ModelInfo[] = featured.models;

/** Featured ids whose input/output price two snapshots do not state alike, and why the figure used is right. */
export const PRICE_CROSSCHECK_EXCEPTIONS: Readonly<Record<string, string>> = featured.exceptions;

/** How a price refresh treats each featured model: its LiteLLM key, and whether a change is held back. */
export const FEATURED_REFRESH_RULES: FeaturedRefreshRules = featured.refresh;
