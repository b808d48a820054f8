import generated from '../data/models.generated.json';
import { FEATURED_MODELS } from './featured';
import { ModelCatalog } from './catalog';
import type { PriceTable } from './table';

const generatedTable = generated as unknown as PriceTable;

let table: PriceTable | undefined;
let bundled: ModelCatalog | undefined;

/**
 * The bundled table: the generated LiteLLM table with the featured models on top (a featured entry
 * replaces the generated entry with the same id), featured first. Built once, on first use.
 */
export function bundledTable(): PriceTable {
  if (table) return table;
  const featuredIds = new Set(FEATURED_MODELS.map((model) => model.id));
  const rest = generatedTable.models.filter((model) => !featuredIds.has(model.id));
  table = { generatedAt: generatedTable.generatedAt, sources: generatedTable.sources, models: [...FEATURED_MODELS, ...rest] };
  return table;
}

/** The catalog of the bundled table. */
export function bundledCatalog(): ModelCatalog {
  bundled ??= new ModelCatalog(bundledTable().models);
  return bundled;
}
