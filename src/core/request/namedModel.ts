import type { ModelCatalog } from '../pricing/catalog';
import type { ModelInfo } from '../pricing/types';

/** The model a file names, resolved in a catalog: the model, or the closest known ids. */
export type NamedModel =
  | { readonly kind: 'known'; readonly named: string; readonly model: ModelInfo }
  | { readonly kind: 'unknown'; readonly named: string; readonly suggestions: readonly string[] };

/**
 * Spellings of a model name to try, in order: as written; without a picker suffix such as
 * "(copilot)" or "(Preview)"; as an id (`Claude Sonnet 4.5` → `claude-sonnet-4.5`); with dots as
 * dashes (`claude-sonnet-4-5`). VS Code prompt files name models as the picker shows them.
 */
function spellings(named: string): string[] {
  const bare = named.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const slug = bare.toLowerCase().replace(/\s+/g, '-');
  return [...new Set([named.trim(), bare, slug, slug.replace(/(\d)\.(\d)/g, '$1-$2')])].filter(Boolean);
}

/**
 * Resolves the model a prompt file names. Never guesses: a name that matches no id or alias is
 * `unknown`, with the closest ids to show, and the caller keeps its own model.
 */
export function resolveNamedModel(named: string, catalog: ModelCatalog): NamedModel {
  for (const spelling of spellings(named)) {
    const model = catalog.find(spelling);
    if (model) return { kind: 'known', named, model };
  }
  const slug = spellings(named).at(-1) ?? named;
  return { kind: 'unknown', named, suggestions: catalog.suggest(slug) };
}
