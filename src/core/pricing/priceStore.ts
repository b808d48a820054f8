import type { PriceTable } from './table';
import { parsePriceTable } from './tableSchema';

/**
 * Where a refreshed table is kept, injected: the extension's global storage, the CLI's cache
 * directory, a map in a test. Names are plain file names inside that place.
 */
export interface PriceStorage {
  /** The file's text, or `undefined` when there is no such file. */
  read(name: string): Promise<string | undefined>;
  write(name: string, text: string): Promise<void>;
  /** Renames `from` to `to`, replacing `to`: the step that makes a save atomic. */
  rename(from: string, to: string): Promise<void>;
  /** Removes the file; no error when it is missing. */
  remove(name: string): Promise<void>;
}

/** The stored table's file name. */
export const STORED_TABLE = 'prices.json';
const PARTIAL = `${STORED_TABLE}.partial`;
/** Tells a stored table from any other JSON file; bump the number if the shape ever changes. */
const FORMAT = 'token-cost-meter/prices@1';

/** What is stored: the table, and when and where it was fetched. */
export interface StoredTable {
  readonly table: PriceTable;
  /** ISO date-time of the refresh. */
  readonly fetchedAt: string;
  /** The URL (or file) the figures came from. */
  readonly origin: string;
}

/**
 * Stores a table atomically: the whole text goes to a temporary file, which then replaces the
 * stored one by rename, so a crash or a full disk leaves either the old table or the new one,
 * never half of one. Throws the storage's error (the old table is then untouched).
 */
export async function saveTable(storage: PriceStorage, stored: StoredTable): Promise<void> {
  const text = `${JSON.stringify({ format: FORMAT, fetchedAt: stored.fetchedAt, origin: stored.origin, table: stored.table })}\n`;
  try {
    await storage.write(PARTIAL, text);
    await storage.rename(PARTIAL, STORED_TABLE);
  } catch (error) {
    await storage.remove(PARTIAL).catch(() => undefined);
    throw error;
  }
}

/** A stored table read back: validated, or absent, or damaged (then the bundled table is used). */
export type LoadedTable =
  | { readonly status: 'none' }
  | { readonly status: 'ok'; readonly stored: StoredTable }
  | { readonly status: 'damaged'; readonly problem: string };

/**
 * Reads the stored table and validates it again as strictly as a download (a file edited by hand,
 * cut short, or written by another version must not reach the meter). Never throws.
 */
export async function loadTable(storage: PriceStorage): Promise<LoadedTable> {
  let text: string | undefined;
  try {
    text = await storage.read(STORED_TABLE);
  } catch (error) {
    return { status: 'damaged', problem: error instanceof Error ? error.message : String(error) };
  }
  if (text === undefined) return { status: 'none' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { status: 'damaged', problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const record = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  if (record.format !== FORMAT) return { status: 'damaged', problem: `not a ${FORMAT} file` };
  if (typeof record.fetchedAt !== 'string' || typeof record.origin !== 'string') {
    return { status: 'damaged', problem: 'fetchedAt or origin missing' };
  }
  const table = parsePriceTable(record.table);
  if (!table.ok) return { status: 'damaged', problem: table.problem };
  return { status: 'ok', stored: { table: table.table, fetchedAt: record.fetchedAt, origin: record.origin } };
}
