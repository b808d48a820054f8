import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { RankTable } from './bytePairCounter';
import { rankFileName, vocabularyFileName, VocabularyError, type TiktokenLite, type TokenizerFiles } from './files';

/**
 * Finds a vocabulary file: beside the bundle (`dist/tokenizers/`, copied by esbuild.mjs) or, when
 * running from source (tests, tsx), in `src/core/tokenizers/vocab/`.
 */
export function locateVocabulary(name: string): string {
  const file = vocabularyFileName(name);
  const candidates = [join(__dirname, 'tokenizers', file), join(__dirname, 'vocab', file)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new VocabularyError(
      `The ${name} vocabulary is missing (looked in ${candidates.join(' and ')}). Reinstall the extension, ` +
        'or run "node esbuild.mjs" after "node scripts/build-vocab.mjs" when building from source.',
    );
  }
  return found;
}

/**
 * The tokenizer files on Node (the desktop extension host's count worker, the CLI, tests). The
 * web bundles use shippedFiles.web.ts instead (esbuild.mjs resolves `.web.ts` first for them).
 */
export const shippedFiles: TokenizerFiles = {
  /**
   * Built bundles load the ranks from their own file beside them (`dist/tokenizers/`, made by
   * esbuild.mjs) so that activation does not parse 3.6 MB of ranks; from source (tests, tsx) they
   * come from the package.
   */
  rankTable(encoding: string): RankTable {
    const bundled = join(__dirname, 'tokenizers', rankFileName(encoding));
    if (existsSync(bundled)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require(bundled) as { bpeRanks: RankTable }).bpeRanks;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(`gpt-tokenizer/bpeRanks/${encoding}`) as { default?: RankTable } | RankTable;
    return Array.isArray(module) ? module : ((module as { default?: RankTable }).default ?? []);
  },

  vocabulary(name: string, file = locateVocabulary(name)) {
    return { bytes: readFileSync(file), where: file };
  },

  brotliDecode(bytes: Uint8Array): Uint8Array {
    return brotliDecompressSync(bytes);
  },

  tiktokenLite(): TiktokenLite {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('tiktoken/lite') as { Tiktoken: TiktokenLite }).Tiktoken;
  },
};
