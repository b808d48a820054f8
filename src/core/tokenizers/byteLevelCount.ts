import { ByteMerger } from './byteMerger';
import { modelMerges } from './vendorMerge';
import { isOwnSplit } from './vendorPreTokenizer';

/** The parts of a loaded @huggingface/tokenizers tokenizer (0.2.x) that the count reads. */
interface HfPipeline {
  readonly splitter_unnormalized: { split(text: string): string[] };
  readonly splitter_normalized: { split(text: string): string[] };
  readonly added_tokens_map: ReadonlyMap<string, { readonly lstrip: boolean; readonly rstrip: boolean; readonly single_word: boolean }>;
  readonly normalizer: ((text: string) => string) | null;
  readonly pre_tokenizer: { readonly tokenizers?: readonly PipelineStep[] } & PipelineStep;
  readonly remove_space?: boolean;
  readonly do_lowercase_and_remove_accent?: boolean;
  readonly model: { readonly config?: { readonly byte_fallback?: boolean; readonly dropout?: number | null } };
}

interface PipelineStep {
  readonly config?: { readonly type?: string; readonly use_regex?: boolean; readonly add_prefix_space?: boolean };
  pre_tokenize_text(text: string): string[];
}

/** A byte-level vendor count, and a way to forget what it remembered. */
export interface ByteLevelCounter {
  count(text: string): number;
  clearMemo(): void;
}

/**
 * A count for a byte-level vendor vocabulary (Qwen 3, DeepSeek V3) that leaves out the parts of
 * Hugging Face's pipeline that only build strings: the same added-token splits and normalizer
 * (its own objects), our Split scanners (vendorPreTokenizer.ts), then, where the pipeline maps
 * each piece's UTF-8 bytes to characters (`ByteLevel`), merges those characters' token ids and
 * builds token strings, the byte ids merged by byteMerger.ts with the model's merge ranks — the
 * same merge as the model's `bpe` (vendorMerge.ts), counted instead of spelled out. English on
 * Qwen 3 spent most of its time in that mapping and in the garbage it leaves.
 *
 * `undefined` when the tokenizer is not of that shape (no byte-level step, a Split we did not
 * replace, added tokens that strip spaces, byte fallback…): the caller counts through the pipeline.
 */
export function byteLevelCounter(tokenizer: unknown): ByteLevelCounter | undefined {
  const pipeline = tokenizer as HfPipeline;
  const merges = modelMerges(tokenizer);
  const steps = pipeline?.pre_tokenizer?.tokenizers ?? (pipeline?.pre_tokenizer ? [pipeline.pre_tokenizer] : []);
  const byteLevel = steps[steps.length - 1]?.config;
  const splits = steps.slice(0, -1);
  const supported =
    merges?.byteIds !== undefined &&
    typeof pipeline.splitter_unnormalized?.split === 'function' &&
    typeof pipeline.splitter_normalized?.split === 'function' &&
    pipeline.added_tokens_map instanceof Map &&
    [...pipeline.added_tokens_map.values()].every((token) => !token.lstrip && !token.rstrip && !token.single_word) &&
    !pipeline.remove_space &&
    !pipeline.do_lowercase_and_remove_accent &&
    !pipeline.model?.config?.byte_fallback &&
    !pipeline.model?.config?.dropout &&
    byteLevel?.type === 'ByteLevel' &&
    byteLevel.use_regex === false &&
    !byteLevel.add_prefix_space &&
    splits.every(isOwnSplit);
  if (!supported || !merges?.byteIds) return undefined;
  const merger = new ByteMerger(merges.byteIds, merges.pairs);
  const added = pipeline.added_tokens_map;

  const countSection = (section: string): number => {
    let pieces = [section];
    for (const split of splits) pieces = pieces.flatMap((piece) => split.pre_tokenize_text(piece));
    let total = 0;
    for (const piece of pieces) if (piece.length > 0) total += merger.count(piece);
    return total;
  };

  const count = (text: string): number => {
    let total = 0;
    for (const section of pipeline.splitter_unnormalized.split(text)) {
      if (section.length === 0) continue;
      if (added.has(section)) {
        total++;
        continue;
      }
      const normalized = pipeline.normalizer ? pipeline.normalizer(section) : section;
      for (const part of normalized.length > 0 ? pipeline.splitter_normalized.split(normalized) : []) {
        if (part.length === 0) continue;
        total += added.has(part) ? 1 : countSection(part);
      }
    }
    return total;
  };
  return { count, clearMemo: () => merger.clearMemo() };
}
