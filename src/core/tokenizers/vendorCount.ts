import { AddedTokenSplitter, dictionaryWords } from './addedTokenSplit';
import { ByteMerger } from './byteMerger';
import { modelMerges, type ModelMerges } from './vendorMerge';
import { walkIsolated, type PieceScanner } from './pieceScanner';
import { isOwnSplit, ownSplitScanner } from './vendorPreTokenizer';

/** The parts of a loaded @huggingface/tokenizers tokenizer (0.2.x) that the counts read. */
interface HfPipeline {
  readonly splitter_unnormalized: { split(text: string): string[] };
  readonly splitter_normalized: { split(text: string): string[] };
  readonly added_tokens_map: ReadonlyMap<string, { readonly lstrip: boolean; readonly rstrip: boolean; readonly single_word: boolean }>;
  readonly normalizer: ((text: string) => string) | null;
  readonly pre_tokenizer: (((text: string) => string[]) & { readonly tokenizers?: readonly PipelineStep[] } & PipelineStep) | null;
  readonly remove_space?: boolean;
  readonly do_lowercase_and_remove_accent?: boolean;
  readonly model: {
    readonly config?: { readonly byte_fallback?: boolean; readonly dropout?: number | null; readonly ignore_merges?: boolean };
    readonly tokens_to_ids: ReadonlyMap<string, number>;
  };
}

interface PipelineStep {
  readonly config?: { readonly type?: string; readonly use_regex?: boolean; readonly add_prefix_space?: boolean };
  pre_tokenize_text(text: string): string[];
}

/** A vendor count without the pipeline's token strings, and a way to forget what it remembered. */
export interface VendorCounter {
  count(text: string): number;
  clearMemo(): void;
}

/**
 * A count for a vendor vocabulary that leaves out the parts of Hugging Face's pipeline that only
 * build strings: the same added-token splits and normalizer (its own objects), then
 * - byte-level vocabularies (Qwen 3, DeepSeek V3): our Split scanners (vendorPreTokenizer.ts),
 *   and where the pipeline maps each piece's UTF-8 bytes to characters (`ByteLevel`), merges them
 *   and builds token strings, the byte ids merged by byteMerger.ts with the model's merge ranks;
 * - vocabularies with byte fallback (Gemma 3): its own pre-tokenizer, then the characters' ids
 *   merged (vendorMerge.ts), an unknown character counting its UTF-8 bytes, where the pipeline
 *   spells out `<0xE4>`-style tokens.
 * The same merge as the model's `bpe`, counted instead of spelled out: English on Qwen 3 spent
 * most of its time in the byte mapping and the garbage it leaves, Gemma in the byte fallback.
 *
 * `undefined` when the tokenizer is not of either shape (a Split we did not replace, added tokens
 * that strip spaces, dropout…): the caller counts through the pipeline.
 */
export function vendorCounter(tokenizer: unknown): VendorCounter | undefined {
  const pipeline = tokenizer as HfPipeline;
  const merges = modelMerges(tokenizer);
  if (!merges || !pipelineSupported(pipeline)) return undefined;
  return byteLevelCounter(pipeline, merges) ?? byteFallbackCounter(pipeline, merges);
}

/** A text's split around added tokens: the pipeline's, through {@link AddedTokenSplitter} when its words can be read. */
type AddedTokenSplit = (text: string) => string[];

function addedTokenSplit(splitter: HfPipeline['splitter_normalized']): AddedTokenSplit {
  const words = dictionaryWords(splitter);
  if (!words) return (text) => splitter.split(text);
  const own = new AddedTokenSplitter(words);
  return (text) => own.split(text);
}

/** Added tokens, normalizer and model options the counts reproduce. */
function pipelineSupported(pipeline: HfPipeline): boolean {
  return (
    typeof pipeline.splitter_unnormalized?.split === 'function' &&
    typeof pipeline.splitter_normalized?.split === 'function' &&
    pipeline.added_tokens_map instanceof Map &&
    [...pipeline.added_tokens_map.values()].every((token) => !token.lstrip && !token.rstrip && !token.single_word) &&
    !pipeline.remove_space &&
    !pipeline.do_lowercase_and_remove_accent &&
    !pipeline.model?.config?.dropout &&
    !pipeline.model?.config?.ignore_merges
  );
}

function byteLevelCounter(pipeline: HfPipeline, merges: ModelMerges): VendorCounter | undefined {
  const steps = pipeline.pre_tokenizer?.tokenizers ?? (pipeline.pre_tokenizer ? [pipeline.pre_tokenizer] : []);
  const byteLevel = steps[steps.length - 1]?.config;
  const splits = steps.slice(0, -1);
  if (!merges.byteIds || pipeline.model.config?.byte_fallback || byteLevel?.type !== 'ByteLevel' || byteLevel.use_regex !== false || byteLevel.add_prefix_space || !splits.every(isOwnSplit)) {
    return undefined;
  }
  const merger = new ByteMerger(merges.byteIds, merges.pairs, { buildJunctions: () => merges.junctions() });
  // Every split is one of ours (checked above): its pieces are visited where they lie in its input,
  // a string made only for a piece that a later split splits again and none for the last split's
  // (random base64 makes a piece every two characters; arrays of them cost more than the merge).
  const scanners = splits.map(ownSplitScanner).filter((scanner): scanner is PieceScanner => scanner !== undefined);
  const countFrom = (level: number, text: string): number => {
    const scanner = scanners[level];
    if (!scanner) return merger.count(text);
    const last = level + 1 === scanners.length;
    let total = 0;
    walkIsolated(scanner, text, (start, end) => {
      total += last ? merger.countRange(text, start, end) : countFrom(level + 1, start === 0 && end === text.length ? text : text.slice(start, end));
    });
    return total;
  };
  const countPart = (part: string): number => countFrom(0, part);
  return { count: countThroughPipeline(pipeline, countPart), clearMemo: () => merger.clearMemo() };
}

function byteFallbackCounter(pipeline: HfPipeline, merges: ModelMerges): VendorCounter | undefined {
  const ids = pipeline.model.tokens_to_ids;
  const everyByte = Array.from({ length: 256 }, (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`).every((token) => ids.has(token));
  if (!pipeline.model.config?.byte_fallback || !everyByte || merges.byteIds || !pipeline.pre_tokenizer) return undefined;
  const preTokenizer = pipeline.pre_tokenizer;
  const countPart = (part: string): number => {
    let total = 0;
    for (const piece of preTokenizer(part)) if (piece.length > 0) total += merges.countWithByteFallback(piece);
    return total;
  };
  return { count: countThroughPipeline(pipeline, countPart), clearMemo: () => merges.clearMemo() };
}

/**
 * The pipeline's walk over a text: split out added tokens (one token each), normalize the rest,
 * split out added tokens that match normalized text, and count each remaining part.
 */
function countThroughPipeline(pipeline: HfPipeline, countPart: (part: string) => number): (text: string) => number {
  const added = pipeline.added_tokens_map;
  const unnormalized = addedTokenSplit(pipeline.splitter_unnormalized);
  const normalizedSplit = addedTokenSplit(pipeline.splitter_normalized);
  return (text) => {
    let total = 0;
    for (const section of unnormalized(text)) {
      if (section.length === 0) continue;
      if (added.has(section)) {
        total++;
        continue;
      }
      const normalized = pipeline.normalizer ? pipeline.normalizer(section) : section;
      for (const part of normalized.length > 0 ? normalizedSplit(normalized) : []) {
        if (part.length === 0) continue;
        total += added.has(part) ? 1 : countPart(part);
      }
    }
    return total;
  };
}
