import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { countWithRegistry, priceModel, sortByCost, type ModelResult, type PricingOptions } from '../core/pricing/analyze';
import type { ModelCatalog } from '../core/pricing/catalog';
import type { ModelInfo } from '../core/pricing/types';
import {
  countRequest,
  imageProblems,
  measureImages,
  parseRequestFile,
  resolveNamedModel,
  type ImageMeasurement,
  type ImageReader,
  type ParseOutcome,
  type RequestCount,
} from '../core/request';
import type { Exactness } from '../core/tokenizers/types';

/** One input to count: its path as shown (`<stdin>` for standard input) and its text. */
export interface Input {
  readonly path: string;
  readonly text: string;
}

/** One model's figures for one input: the priced result (request tokens for a prompt file) and the file's own count. */
export interface CountedResult {
  readonly result: ModelResult;
  /** The file's text, counted as text. */
  readonly fileTokens: number;
  /** The request, for a recognized prompt file. */
  readonly request?: RequestCount;
  /** The exactness of `result.tokens`: the request's, or the tokenizer's for text. */
  readonly exactness: Exactness;
}

/** An input counted on its models. */
export interface CountedFile {
  readonly input: Input;
  /** `plain` under `--raw` or for other files; `error` for a broken prompt file, counted as raw text. */
  readonly outcome: ParseOutcome;
  readonly results: CountedResult[];
  /** Why the models are what they are when the file names one (used, or unknown). */
  readonly modelNote?: string;
}

/** Reads image headers from local files for the request model. */
export const fileReader: ImageReader = {
  async readBytes(path, maxBytes) {
    try {
      // Non-blocking, then refused unless a regular file: opening a named pipe nobody writes to
      // would wait for ever (and hold a thread of the pool); a device has no header to read.
      const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      try {
        if (!(await handle.stat()).isFile()) return undefined;
        const buffer = new Uint8Array(maxBytes);
        const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    } catch {
      return undefined;
    }
  },
};

/** How the CLI wants an input counted. */
export interface CountFileOptions {
  /** `--raw`: the text only, as before prompt files were understood. */
  readonly raw: boolean;
  /** Models named with `-m` or `--compare`; empty means "the file's model, else the default". */
  readonly chosen: readonly ModelInfo[];
  readonly defaultModel: ModelInfo;
  readonly pricing: PricingOptions;
  /** Counts the file's text (worker threads for long ones); the registry's tokenizer when absent. */
  readonly countText?: (tokenizer: string, text: string) => Promise<number>;
  /**
   * Reads the headers of the images a prompt file names; any local file by default. The MCP
   * server passes one that reads only inside its roots.
   */
  readonly images?: ImageReader;
}

/**
 * Counts one input: a prompt file as the request it sends (images sized from their files),
 * anything else, `--raw`, or a broken prompt file as its text. Without `-m`, a file that names a
 * known model is counted on that model.
 */
export async function countFile(input: Input, options: CountFileOptions, catalog: ModelCatalog): Promise<CountedFile> {
  let outcome: ParseOutcome = options.raw ? { kind: 'plain' } : parseRequestFile(input.path, input.text);
  let images: ImageMeasurement[] | undefined;
  if (outcome.kind === 'request') {
    images = await measureImages(outcome.request, input.path, options.images ?? fileReader);
    const [problem] = imageProblems(outcome.request, images);
    if (problem) outcome = { kind: 'error', format: outcome.request.format, error: problem };
  }
  let models = options.chosen.length ? options.chosen : [options.defaultModel];
  let modelNote: string | undefined;
  if (outcome.kind === 'request' && outcome.request.model !== null && options.chosen.length === 0) {
    const named = resolveNamedModel(outcome.request.model, catalog);
    if (named.kind === 'known') {
      models = [named.model];
      modelNote = named.named === named.model.id ? `model from the file: ${named.model.id}.` : `model from the file: "${named.named}" → ${named.model.id}.`;
    } else {
      const closest = named.suggestions.length ? ` (closest: ${named.suggestions.join(', ')})` : '';
      modelNote = `the file names "${named.named}", which is not a known model${closest}; counted on ${options.defaultModel.id}.`;
    }
  }
  const fileCounts = new Map<string, number>();
  for (const tokenizer of new Set(models.map((model) => model.tokenizer))) {
    fileCounts.set(tokenizer, options.countText ? await options.countText(tokenizer, input.text) : countWithRegistry(tokenizer, input.text));
  }
  const results = models.map((model): CountedResult => {
    const fileTokens = fileCounts.get(model.tokenizer)!;
    if (outcome.kind !== 'request') {
      const result = priceModel(model, fileTokens, options.pricing);
      return { result, fileTokens, exactness: result.tokenizer.exactness };
    }
    const request = countRequest(outcome.request, model, { images });
    return { result: priceModel(model, request.tokens, options.pricing), fileTokens, request, exactness: request.exactness };
  });
  return { input, outcome, results, ...(modelNote ? { modelNote } : {}) };
}

/** Orders a counted input's results cheapest first per call (`--compare`, `compare_models`); unpriced models last. */
export function sortCheapestFirst(file: CountedFile): void {
  const order = sortByCost(file.results.map((counted) => counted.result));
  file.results.sort((a, b) => order.indexOf(a.result) - order.indexOf(b.result));
}
