import { countWithRegistry } from '../pricing/analyze';
import type { TokenizerId } from '../tokenizers/types';
import { countRequest, type RequestCount, type RequestTarget } from './count';
import type { ImageMeasurement } from './images';
import type { ParsedRequest } from './types';

/** Counts several texts with one tokenizer, elsewhere (a worker thread): one count per text, in order. */
export type TextBatchCounter = (tokenizer: TokenizerId, texts: readonly string[]) => Promise<readonly number[]>;

/**
 * {@link countRequest} with the texts counted by `countTexts` (the editor's count worker), so that
 * a long message is never encoded on the calling thread. `countRequest` asks for the same texts
 * whatever the counts are (its rules add constants to counts, they never branch on them), so one
 * dry run gathers them, one batch counts them, and a second run totals the request from those
 * figures: the result is the same as `countRequest` with the tokenizer itself.
 */
export async function countRequestWith(
  request: ParsedRequest,
  target: RequestTarget,
  countTexts: TextBatchCounter,
  images?: readonly ImageMeasurement[],
): Promise<RequestCount> {
  const wanted = new Set<string>();
  countRequest(request, target, {
    images,
    count: (_tokenizer, text) => {
      wanted.add(text);
      return 0;
    },
  });
  const texts = [...wanted];
  const counts = texts.length ? await countTexts(target.tokenizer, texts) : [];
  const known = new Map(texts.map((text, index) => [text, counts[index]]));
  return countRequest(request, target, {
    images,
    // A text the dry run did not ask for cannot occur (see above); were the rules ever to branch on
    // a count, counting it here keeps the figure right, only on this thread.
    count: (tokenizer, text) => known.get(text) ?? countWithRegistry(tokenizer, text),
  });
}
