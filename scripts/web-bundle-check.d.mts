/** The Node-only uses in bundled JavaScript (see web-bundle-check.mjs); empty when there are none. */
export function nodeOnlyUses(code: string): Promise<string[]>;
