import generated from '../data/models.generated.json';
import { FEATURED_MODELS } from './featured';
import { ModelCatalog } from './catalog';
import type { ModelInfo } from './types';

/** The generated table's shape (see scripts/generate-prices.ts). */
interface GeneratedTable {
  readonly generatedAt: string;
  readonly sources: readonly { readonly name: string; readonly asOf: string; readonly license: string }[];
  readonly models: readonly ModelInfo[];
}

let bundled: ModelCatalog | undefined;

/**
 * The bundled catalog: the generated table with the hand-checked featured overlay on top
 * (an overlay entry replaces the generated entry with the same id). Built once, on first use.
 */
export function bundledCatalog(): ModelCatalog {
  if (bundled) return bundled;
  const featuredIds = new Set(FEATURED_MODELS.map((model) => model.id));
  const rest = (generated as GeneratedTable).models.filter((model) => !featuredIds.has(model.id));
  bundled = new ModelCatalog([...FEATURED_MODELS, ...rest]);
  return bundled;
}
