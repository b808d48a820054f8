/**
 * What the primary status bar entry must say about a document, worked out here with the core the
 * extension counts with (tokenizers, the prompt-file parser, the request count), and the entry as
 * the workbench shows it, read back into figures. The e2e tests compare the two: a count of
 * another document, a stale count or a "counting…" that never ends fails.
 */
import { bundledCatalog } from '../../src/core/pricing/bundled';
import { bareId } from '../../src/core/pricing/modelIds';
import type { ModelInfo } from '../../src/core/pricing/types';
import { countRequest, formatFromFileName, imageProblems, measureImages, parseRequestFile } from '../../src/core/request';
import { getTokenizer } from '../../src/core/tokenizers/registry';
import { fileReader } from '../../src/cli/request';
import { REQUEST_PARSE_LIMIT } from '../../src/extension/request/parseTiming';
import { chooseModel } from '../../src/extension/request/view';
import type { Workbench } from './workbench';

/** What an entry's figure counts: text (or the selected part of it), a prompt file's request, instructions. */
type FigureKind = 'text' | 'request' | 'always on';

/** A primary status bar entry read into its figures. */
export interface EntryFigures {
  readonly kind: FigureKind;
  /** The request's or instructions' tokens; for text, the whole file's. */
  readonly tokens: number;
  /** Tokens of the selected text ("120 / 1,234 tok"), when text is selected. */
  readonly selection?: number;
  /** A prompt file that could not be read as a request, counted as raw text ("raw text — …"). */
  readonly raw: boolean;
  /** The model part: "gpt-5-mini", "gpt-4o-mini (from file)". */
  readonly model: string;
}

const number = (digits: string): number => Number(digits.replace(/,/g, ''));

/**
 * The figures of an entry's text: `1,234 tok · $… · gpt-5-mini`, `≈120 / 1,234 tok · …`,
 * `request 1,204 tok · 3 msgs · … · gpt-4o-mini (from file)`, `always on 121 tok · …`, `… · raw
 * text — could not parse line 8 · …`; `undefined` for a state without a count ("counting…").
 */
export function readEntry(text: string): EntryFigures | undefined {
  const model = text.slice(text.lastIndexOf(' · ') + 3);
  const request = /^(request|always on) ≈?([\d,]+) tok\b/.exec(text);
  if (request) return { kind: request[1] as FigureKind, tokens: number(request[2]!), raw: false, model };
  const plain = /^≈?(?:([\d,]+) \/ )?≈?([\d,]+) tok\b/.exec(text);
  if (!plain) return undefined;
  const figures = { kind: 'text' as const, tokens: number(plain[2]!), raw: text.includes(' · raw text — '), model };
  return plain[1] === undefined ? figures : { ...figures, selection: number(plain[1]) };
}

/** The primary Token Cost entry's text, whatever its state; `undefined` while it is hidden. */
export async function primaryEntry(wb: Workbench): Promise<string | undefined> {
  const entry = wb.page.locator('.part.statusbar .statusbar-item[id$=".tokenCost.status"]').filter({ visible: true });
  if ((await entry.count()) === 0) return undefined;
  const text = (await entry.first().innerText()).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/** What the primary entry must show for a document. */
export interface ExpectedEntry {
  /** The figures with nothing selected. */
  readonly figures: EntryFigures;
  /** The whole text's tokens on the entry model's tokenizer: the figure after the slash while text is selected. */
  readonly textTokens: number;
  /** The tokenizer of the entry's model. */
  readonly tokenizer: string;
}

/**
 * What the primary entry shows for `text` with the default settings and `configured` as the
 * picked model. `path`: the file's absolute path, which makes a prompt file (by name, or a JSON
 * request body by its content) count as the request it sends, on the model it names; `undefined`
 * for an untitled document.
 */
export async function expectedEntry(path: string | undefined, text: string, configured: ModelInfo): Promise<ExpectedEntry> {
  const catalog = bundledCatalog();
  const asText = (model: ModelInfo, raw: boolean, origin = ''): ExpectedEntry => {
    const tokens = getTokenizer(model.tokenizer).count(text);
    return { figures: { kind: 'text', tokens, raw, model: bareId(model.id) + origin }, textTokens: tokens, tokenizer: model.tokenizer };
  };
  // As the extension's request controller: prompt files by name, JSON by content.
  if (path === undefined || (formatFromFileName(path) === undefined && !/\.json$/i.test(path))) return asText(configured, false);
  if (text.length > REQUEST_PARSE_LIMIT) throw new Error(`expectedEntry: ${path} is over the prompt-file parse limit (not modelled here)`);
  const outcome = parseRequestFile(path, text);
  if (outcome.kind === 'plain') return asText(configured, false);
  if (outcome.kind === 'error') return asText(configured, true);
  const request = outcome.request;
  const images = request.images.length ? await measureImages(request, path, fileReader) : [];
  // An image that cannot be read: the file is counted as text, on the picked model.
  if (imageProblems(request, images).length) return asText(configured, true);
  const { model, origin } = chooseModel(request, true, catalog, configured);
  if (!model) throw new Error(`expectedEntry: no model for ${path}`);
  const note = origin === undefined ? '' : origin.kind === 'file' ? ' (from file)' : ' (file’s model unknown)';
  const count = countRequest(request, model, { images });
  const textTokens = asText(model, false).textTokens;
  return {
    figures: { kind: request.alwaysOn ? 'always on' : 'request', tokens: count.tokens, raw: false, model: bareId(model.id) + note },
    textTokens,
    tokenizer: model.tokenizer,
  };
}

/** Whether read figures are the expected ones (a selection's own tokens are not known here, only that there is one). */
export function figuresMatch(shown: EntryFigures, expected: EntryFigures): boolean {
  return shown.kind === expected.kind && shown.tokens === expected.tokens && shown.raw === expected.raw && shown.model === expected.model && shown.selection === expected.selection;
}

/** Formats a count the way the status bar does (en-US grouping). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "request 1,204 tok on gpt-4o-mini (from file)", "1,234 tok selected of 1,234 on …", for messages. */
export function describeFigures(figures: EntryFigures): string {
  const count = `${formatCount(figures.tokens)} tok`;
  const what =
    figures.kind === 'text'
      ? figures.selection === undefined
        ? count
        : `${formatCount(figures.selection)} / ${count}`
      : `${figures.kind} ${count}`;
  return `"${what}${figures.raw ? ' (raw text)' : ''} · ${figures.model}"`;
}
