/**
 * The one message protocol between the extension host and the comparison webview. Both bundles
 * import it; neither `vscode` nor the DOM is referenced here. Messages arriving from the webview
 * are `unknown` until `parseWebviewMessage` has narrowed and range-checked them.
 */
import { isRecord } from '../core/util/isRecord';
import { parseProfile, type CallProfile } from '../core/pricing/profile';

/** Sortable columns. */
export type SortColumn = 'model' | 'vendor' | 'tier' | 'tokens' | 'input' | 'output' | 'perCall' | 'per1000' | 'perMonth' | 'context';

/** Column sort, kept in the webview's own state. */
export interface SortState {
  readonly column: SortColumn;
  readonly descending: boolean;
}

/** How a row's token count was made (see {@link ComparisonRow.accuracy}). */
type RowAccuracy = 'exact' | 'near-exact' | 'estimate' | 'api';

/** One model's priced row, every figure already formatted by the host (exact decimals). */
export interface ComparisonRow {
  readonly id: string;
  readonly name: string;
  /** The vendor's display name ("OpenAI"). */
  readonly vendor: string;
  /** Tier key (`nano` … `top`, or `other`) and its display label. */
  readonly tier: string;
  readonly tierLabel: string;
  readonly tierOrder: number;
  readonly tokens: string;
  readonly tokenCount: number;
  readonly estimated: boolean;
  /**
   * How the count was made: the vendor's own vocabulary (`exact`), its published local tokenizer
   * (`near-exact`), an estimate, or the vendor's count-tokens API for this very text (`api`).
   */
  readonly accuracy: RowAccuracy;
  /** Short mark under the count: the estimate's likely range, "near-exact", "vendor API"; '' when exact. */
  readonly accuracyMark: string;
  /** One sentence on the count for the tooltip and the detail row. */
  readonly accuracyLabel: string;
  readonly tokenizer: string;
  readonly input: string;
  readonly output: string;
  readonly perCall: string;
  readonly per1000: string;
  readonly perMonth: string;
  /** Sort keys only, never displayed (display uses the exact strings above). */
  readonly inputValue: number | null;
  readonly outputValue: number | null;
  readonly perCallValue: number | null;
  /** tokens ÷ context window, or null when unknown. */
  readonly contextShare: number | null;
  /** input limit ÷ context window when the limit is below the window (where the marker goes). */
  readonly limitShare: number | null;
  /** Full context text, e.g. "0.5% of 400K · input limit 272K". */
  readonly contextLabel: string;
  /** The short form for narrow panels: "0.5%" (or "unknown"). */
  readonly contextPercent: string;
  readonly overLimit: boolean;
  readonly cheapest: boolean;
  readonly unpriced: boolean;
  readonly asOf: string;
  readonly stale: boolean;
  /** Short notes such as "no batch price; list rates used". */
  readonly notes: readonly string[];
  /** A prompt file's request broken down on this model: "messages 98 · framing 11 · tools 112". */
  readonly breakdown?: string;
}

/** Localised UI strings for the webview, supplied by the host (which owns `vscode.l10n`). */
export const WEBVIEW_STRING_KEYS = [
  'title',
  'showing',
  'nothing',
  'outputTokens',
  'reasoningMultiplier',
  'callsPerDay',
  'cacheHitShare',
  'batch',
  'currency',
  'saveDefaults',
  'copyMarkdown',
  'copyCsv',
  'groupByTier',
  'colModel',
  'colVendor',
  'colTier',
  'colTokens',
  'colInput',
  'colOutput',
  'colPerCall',
  'colPer1000',
  'colPerMonth',
  'colContext',
  'colAsOf',
  'colTokenizer',
  'colCount',
  'controlsLabel',
  'details',
  'cheapest',
  'overLimit',
  'unpriced',
  'stale',
  'estimateNote',
  'sortBy',
  'limitMarker',
  'countNow',
  'colRequest',
] as const;

/** A key of the webview's string table. */
export type WebviewStringKey = (typeof WEBVIEW_STRING_KEYS)[number];

/** Everything the panel renders. */
export interface ComparisonState {
  /** What is compared, e.g. "prompt.md (selection, 2 ranges)"; workspace text, escaped on render. */
  readonly sourceLabel: string;
  readonly status: 'counted' | 'empty' | 'binary' | 'tooLarge' | 'noEditor' | 'failed';
  /** A sentence for the non-counted states, or a warning shown above the table. */
  readonly message?: string;
  /** For a prompt file: what the figures are (the request it sends, its variables), shown under the source. */
  readonly request?: string;
  /** Price dates and the conversion rate in use, shown under the source line. */
  readonly priceNote?: string;
  readonly controls: CallProfile;
  readonly rows: readonly ComparisonRow[];
  readonly strings: Readonly<Record<WebviewStringKey, string>>;
  /** What a cut saved since the last save or git HEAD, on the status bar's model (one line, plain text). */
  readonly delta?: string;
}

/** Host → webview. */
export type HostMessage = { readonly type: 'state'; readonly state: ComparisonState };

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'controls'; readonly controls: CallProfile }
  | { readonly type: 'saveDefaults'; readonly controls: CallProfile }
  | { readonly type: 'copy'; readonly format: 'markdown' | 'csv' }
  /** "Count now" on a file over `tokenCost.maxCharacters` (the panel's too-large message). */
  | { readonly type: 'countNow' };

/** What the webview persists with `setState` and the serializer hands back on restore. */
export interface PersistedPanelState {
  readonly controls?: CallProfile;
  readonly sort?: SortState;
  readonly grouped?: boolean;
}

/** Narrows a message from the webview; anything malformed is `undefined` and gets dropped. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'countNow':
      return { type: 'countNow' };
    case 'controls':
    case 'saveDefaults': {
      const controls = parseProfile(value.controls);
      return controls && { type: value.type, controls };
    }
    case 'copy':
      return value.format === 'markdown' || value.format === 'csv' ? { type: 'copy', format: value.format } : undefined;
    default:
      return undefined;
  }
}

const SORT_COLUMNS: readonly SortColumn[] = ['model', 'vendor', 'tier', 'tokens', 'input', 'output', 'perCall', 'per1000', 'perMonth', 'context'];

/** Narrows persisted webview state (it comes back through the serializer, so it is untrusted too). */
export function parsePersistedState(value: unknown): PersistedPanelState {
  if (!isRecord(value)) return {};
  const sort =
    isRecord(value.sort) && SORT_COLUMNS.includes(value.sort.column as SortColumn) && typeof value.sort.descending === 'boolean'
      ? { column: value.sort.column as SortColumn, descending: value.sort.descending }
      : undefined;
  return {
    controls: parseProfile(value.controls),
    sort,
    grouped: typeof value.grouped === 'boolean' ? value.grouped : undefined,
  };
}

/** Narrows a host message in the webview (defence in depth; the host is trusted). */
export function isHostMessage(value: unknown): value is HostMessage {
  return isRecord(value) && value.type === 'state' && isRecord(value.state) && Array.isArray(value.state.rows);
}
