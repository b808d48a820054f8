/** Pure helpers for turning what a user typed into a model id. */

/** Lower-case and trim; ids are matched case-insensitively. */
export function normalizeId(id: string): string {
  return id.trim().toLowerCase();
}

/** `openai/gpt-5-mini` → `gpt-5-mini`; an id without a provider is returned as is. */
export function bareId(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash === -1 ? id : id.slice(slash + 1);
}

/**
 * Removes a dated-snapshot suffix so `gpt-4o-mini-2024-07-18`, `claude-3-5-haiku-20241022`,
 * `claude-haiku-4-5@20251001` and `gemini-2.5-flash-preview-05-20` resolve to their model.
 */
export function stripSnapshotSuffix(id: string): string {
  return id
    .replace(/@\d{8}$/, '')
    .replace(/-\d{4}-\d{2}-\d{2}$/, '')
    .replace(/-\d{8}$/, '')
    .replace(/-preview-\d{2}-\d{2}$/, '')
    .replace(/-(latest|preview|exp)$/, '');
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}
