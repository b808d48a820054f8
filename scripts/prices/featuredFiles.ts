import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelInfo } from '../../src/core/pricing/types';
import { parseCuration, type CuratedModel, type Curation } from './curation';
import { buildFeatured, type FeaturedTable, type StatedByKind } from './featured';
import { extractEntries, SNAPSHOT_KINDS, statedPrice, type SnapshotKind } from './snapshots';

/** The curation, written by hand. */
export const CURATION_FILE = join('src', 'core', 'data', 'featured.jsonc');
/** The featured table the extension and the CLI load, written by the generator. */
export const FEATURED_TABLE_FILE = join('src', 'core', 'data', 'featured.generated.json');
/** The snapshot extracts the cross-check reads, committed. */
export const EXTRACTS_DIR = join('test', 'fixtures', 'prices');

/** A committed extract: where it comes from, and the featured models' entries in the snapshot's own shape. */
export interface SnapshotExtract {
  readonly provenance: {
    readonly source: string;
    readonly file: string;
    readonly asOf: string;
    readonly license: string;
    readonly note: string;
  };
  readonly data: unknown;
}

/** Reads and checks the curation of the repository at `root`. */
export function readCuration(root: string): Curation {
  return parseCuration(readFileSync(join(root, CURATION_FILE), 'utf8'), CURATION_FILE);
}

/** `test/fixtures/prices/litellm.json` … */
export function extractPath(root: string, kind: SnapshotKind): string {
  return join(root, EXTRACTS_DIR, `${kind}.json`);
}

/** The extract of one snapshot for the curated models (the snapshot read from `snapshotsDir`). */
export function makeExtract(curation: Curation, kind: SnapshotKind, snapshotsDir: string): SnapshotExtract {
  const meta = curation.snapshots[kind];
  const data: unknown = JSON.parse(readFileSync(join(snapshotsDir, meta.file), 'utf8'));
  const keys = curation.models.flatMap((model) => (model.keys[kind] ? [model.keys[kind]!] : []));
  return {
    provenance: {
      source: meta.name,
      file: meta.file,
      asOf: meta.asOf,
      license: meta.license,
      note: "Only the featured models' entries (prose fields dropped), in the snapshot's own shape; written by `npm run generate:prices` from the snapshot named in `file`, which is not committed.",
    },
    data: extractEntries(kind, data, keys),
  };
}

/** An extract as committed: indented, so a refresh's diff shows which rate moved. */
export function formatExtract(extract: SnapshotExtract): string {
  return `${JSON.stringify(extract, null, 2)}\n`;
}

/** The committed extracts of the repository at `root`. */
export function readExtracts(root: string): Record<SnapshotKind, SnapshotExtract> {
  return Object.fromEntries(
    SNAPSHOT_KINDS.map((kind) => [kind, JSON.parse(readFileSync(extractPath(root, kind), 'utf8')) as SnapshotExtract]),
  ) as Record<SnapshotKind, SnapshotExtract>;
}

/** What each snapshot states for one curated model, read from the extracts. */
export function statedFromExtracts(curation: Curation, extracts: Record<SnapshotKind, SnapshotExtract>): (model: CuratedModel) => StatedByKind {
  return (model) => {
    const stated: StatedByKind = {};
    for (const kind of SNAPSHOT_KINDS) {
      const key = model.keys[kind];
      if (key === undefined) continue;
      const meta = curation.snapshots[kind];
      const price = statedPrice(kind, extracts[kind].data, key, meta.pricesInForceOn ?? meta.asOf);
      if (price) stated[kind] = price;
    }
    return stated;
  };
}

/** The featured table the extracts give. */
export function featuredFromExtracts(curation: Curation, extracts: Record<SnapshotKind, SnapshotExtract>): FeaturedTable {
  return buildFeatured(curation, statedFromExtracts(curation, extracts));
}

/** The featured table as committed: one model per line, like models.generated.json. */
export function formatFeaturedTable(table: FeaturedTable): string {
  const lines = (entries: readonly string[]): string => `[\n${entries.join(',\n')}\n]`;
  const rules = Object.entries(table.refresh).map(([id, rule]) => `${JSON.stringify(id)}:${JSON.stringify(rule)}`);
  return (
    `{"generatedAt":${JSON.stringify(table.generatedAt)},\n` +
    `"snapshots":${lines(table.snapshots.map((snapshot) => JSON.stringify(snapshot)))},\n` +
    `"exceptions":${JSON.stringify(table.exceptions, null, 1)},\n` +
    `"refresh":{\n${rules.join(',\n')}\n},\n` +
    `"models":${lines(table.models.map((model: ModelInfo) => JSON.stringify(model)))}}\n`
  );
}
