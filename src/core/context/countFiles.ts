import { JobCancelledError, type Counted } from '../counting/types';
import type { TokenizerId } from '../tokenizers/types';
import type { FileCount } from '../counting/worker/protocol';
import { countWithTokenizers, type FileCounter, type TextCounter } from './countText';
import type { ContextFileSystem } from './fileSystem';
import { readTextFile } from './readText';
import { countFailed, type SkippedPath } from './skip';
import { FolderWalk, type WalkOptions, type WalkRoot } from './walk';

/**
 * Paths sent to a file-reading worker in one message. Each message wakes the thread it goes to,
 * which costs tens of microseconds on a virtual machine's cores: a file a message both ways was
 * 11 – 14% of a worker's time on the 10,000-file bench tree.
 */
const FILES_PER_MESSAGE = 8;

/** One counted file: its size and its count for each tokenizer asked for. */
export interface CountedFile {
  readonly path: string;
  readonly bytes: number;
  readonly characters: number;
  readonly counts: ReadonlyMap<TokenizerId, Counted>;
}

/** How far a count of files is. The total is known once `walking` is false. */
export interface FilesProgress {
  /** Files found so far (counted, skipped or waiting). */
  readonly found: number;
  /** Files counted or skipped. */
  readonly done: number;
  readonly walking: boolean;
  /** Bytes of the files counted so far. */
  readonly bytes: number;
}

/** Options of {@link countFiles}. */
export interface CountFilesOptions {
  readonly counter: TextCounter;
  readonly tokenizers: readonly TokenizerId[];
  /** Larger files are skipped as too large without being read. */
  readonly maxFileBytes: number;
  /**
   * Lanes reading and counting at once (a pool's `folderLanes`). A lane that reads here holds one
   * file's text until counted, so this times the largest file bounds the memory used, whatever
   * the size of the tree; a lane whose files a worker reads holds only their paths.
   */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FilesProgress) => void;
}

/** Every file the walk met: counted (in walk order), skipped with a reason, or ignored. */
export interface CountFilesResult {
  readonly files: CountedFile[];
  readonly skipped: SkippedPath[];
  /** Paths left out by `.gitignore` or exclude globs. */
  readonly ignored: number;
  /** Problems that did not stop the count (an odd `.gitignore` line). */
  readonly warnings: string[];
}

/**
 * Walks the roots and counts every file found with every tokenizer, streaming: the walk feeds a
 * queue of paths while `concurrency` lanes read, count (in the counter's workers) and drop each
 * text. Rejects with `JobCancelledError` when `signal` aborts; nothing is left running.
 */
export async function countFiles(
  fs: ContextFileSystem,
  roots: readonly WalkRoot[],
  walkOptions: Omit<WalkOptions, 'signal' | 'warn'>,
  options: CountFilesOptions,
): Promise<CountFilesResult> {
  const { signal } = options;
  const warnings: string[] = [];
  const walk = new FolderWalk(fs, roots, { ...walkOptions, signal, warn: (message) => warnings.push(message) });
  const results: (CountedFile | undefined)[] = [];
  const skipped: SkippedPath[] = [];
  // Paths found and not yet taken by a lane: `queue[taken..]` (shift() would be O(n) per file).
  const queue: string[] = [];
  let taken = 0;
  let walking = true;
  let done = 0;
  let bytes = 0;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const report = (): void => options.onProgress?.({ found: results.length, done, walking, bytes });
  // Workers that open files themselves get paths: this thread then only walks.
  const fileCounter = readsFiles(options.counter) ? options.counter : undefined;

  // Paths a lane takes at once: several for workers that open the files, one when read here
  // (each holds its text until counted).
  const batch = fileCounter && fs.localPath ? FILES_PER_MESSAGE : 1;

  /** Reads and counts files: in a worker when it can open them, else read here and sent as text. */
  const countSome = async (paths: readonly string[]): Promise<(CountedFile | SkippedPath)[]> => {
    const locals = fileCounter ? paths.map((path) => fs.localPath?.(path)) : [];
    if (fileCounter && locals.length > 0 && locals.every((local) => local !== undefined)) {
      const files = await fileCounter.countFiles(locals as string[], options.tokenizers, options.maxFileBytes, { signal });
      return files.map((file, i) => {
        const path = paths[i]!;
        return file.kind === 'skipped' ? { path, reason: file.reason } : { path, bytes: file.bytes, characters: file.characters, counts: countsOf(file) };
      });
    }
    const outcomes: (CountedFile | SkippedPath)[] = [];
    for (const path of paths) {
      const read = await readTextFile(fs, path, options.maxFileBytes);
      if (read.kind === 'skipped') {
        outcomes.push({ path, reason: read.reason });
        continue;
      }
      const counts = await countWithTokenizers(read.text, options.tokenizers, options.counter, signal);
      outcomes.push({ path, bytes: read.bytes, characters: read.text.length, counts });
    }
    return outcomes;
  };

  const walker = (async () => {
    try {
      for await (const item of walk.items()) {
        if (item.kind === 'skipped') {
          skipped.push({ path: item.path, reason: item.reason });
          continue;
        }
        queue.push(item.path);
        results.push(undefined);
        notify();
      }
    } finally {
      walking = false;
      notify();
      report();
    }
  })();

  const lane = async (): Promise<void> => {
    for (;;) {
      if (signal?.aborted) throw new JobCancelledError();
      if (taken === queue.length) {
        if (!walking) return;
        // One waiter at a time is enough: each woken lane wakes the next by finding work or the end.
        await new Promise<void>((resolve) => {
          const previous = wake;
          wake = () => {
            previous?.();
            resolve();
          };
        });
        continue;
      }
      const first = taken;
      const paths = queue.slice(first, Math.min(queue.length, first + batch));
      taken += paths.length;
      let outcomes: (CountedFile | SkippedPath)[];
      try {
        outcomes = await countSome(paths);
      } catch (error) {
        if (error instanceof JobCancelledError || signal?.aborted) throw new JobCancelledError();
        const reason = countFailed(error);
        outcomes = paths.map((path) => ({ path, reason }));
      }
      outcomes.forEach((outcome, i) => {
        if ('reason' in outcome) {
          skipped.push(outcome);
        } else {
          results[first + i] = outcome;
          bytes += outcome.bytes;
        }
      });
      done += paths.length;
      report();
    }
  };

  const lanes = Array.from({ length: Math.max(1, options.concurrency) }, lane);
  const settled = await Promise.allSettled([walker, ...lanes]);
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: results.filter((file): file is CountedFile => file !== undefined), skipped, ignored: walk.ignored, warnings };
}

function readsFiles(counter: TextCounter): counter is FileCounter {
  return 'readsFiles' in counter && (counter as FileCounter).readsFiles;
}

/** A worker's per-tokenizer counts as the map a counted file holds. */
function countsOf(file: Extract<FileCount, { kind: 'text' }>): Map<TokenizerId, Counted> {
  return new Map(file.counts.map(({ tokenizer, tokens, band }) => [tokenizer, band ? { tokens, band } : { tokens }]));
}
