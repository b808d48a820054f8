import type { RankTable } from './bytePairCounter';
import { rankFileName, vocabularyFileName, VocabularyError, type TiktokenLite, type TokenizerFiles } from './files';

/**
 * The tokenizer files in a web worker: the extension host reads them from the extension's own
 * files (it can, through `fetch` of the extension URI; a nested worker cannot resolve that URI)
 * and posts each one before the first request that needs it (see webWorker.ts). A file that
 * could not be read arrives as the reason instead.
 */
const received = new Map<string, Uint8Array | { readonly error: string }>();

/** Keeps a file (or why it could not be read) for the next load that needs it. */
export function provideTokenizerFile(name: string, file: Uint8Array | { readonly error: string }): void {
  received.set(name, file);
}

function bytesOf(name: string, what: string): Uint8Array {
  const file = received.get(name);
  if (file instanceof Uint8Array) return file;
  const why = file ? `: ${file.error}` : ' (the extension did not send it)';
  throw new VocabularyError(`The ${what} file ${name} could not be read${why}. Reload the window, or reinstall the extension.`);
}

/**
 * Evaluates a rank file: the CommonJS module esbuild.mjs made from gpt-tokenizer's table, the same
 * file the Node build loads with `require`, so each vocabulary ships once. The web worker
 * extension host evaluates extension code the same way (its CSP allows it), and the file only
 * assigns `module.exports`.
 */
function evaluateRankModule(source: string): RankTable {
  const module: { exports: { bpeRanks?: RankTable } } = { exports: {} };
  new Function('module', 'exports', source)(module, module.exports);
  const ranks = module.exports.bpeRanks;
  if (!Array.isArray(ranks)) throw new Error('the rank file does not export bpeRanks');
  return ranks;
}

/**
 * The web build's {@link TokenizerFiles}. Brotli is decoded by the `brotli` package's decoder,
 * plain synchronous JavaScript (no WASM to fetch and instantiate, no Node zlib), so that the same
 * `.json.br` files serve both builds.
 */
export const shippedFiles: TokenizerFiles = {
  rankTable(encoding: string): RankTable {
    const name = rankFileName(encoding);
    const source = new TextDecoder().decode(bytesOf(name, `${encoding} rank`));
    try {
      return evaluateRankModule(source);
    } catch (error) {
      throw new VocabularyError(`The ${encoding} rank file ${name} is damaged (${String(error)}). Reinstall the extension.`);
    }
  },

  vocabulary(name: string) {
    const file = vocabularyFileName(name);
    return { bytes: bytesOf(file, `${name} vocabulary`), where: file };
  },

  brotliDecode(bytes: Uint8Array): Uint8Array {
    // Required on first use: the decoder unpacks its dictionary when loaded (≈ 0.1 s), which the
    // extension host (it never decodes) and a worker counting only OpenAI encodings never need.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { decompress } = require('brotli/decompress') as typeof import('brotli/decompress');
    return decompress(bytes);
  },

  tiktokenLite(): TiktokenLite {
    throw new Error("tiktoken's WASM encoder (the tests' reference for token ids) is not part of the web build; counts do not use it.");
  },
};
