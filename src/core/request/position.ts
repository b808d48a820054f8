import type { SourcePosition } from './types';

/**
 * Offsets to line/character positions in one text. Lines end at `\n`, `\r\n` or a lone `\r`, as
 * in VS Code, so a position found here is the one the editor shows.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) this.starts.push(i + 1);
      else if (code === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** The position of `offset` (clamped to the text). */
  positionAt(offset: number): SourcePosition {
    const at = Math.max(0, offset);
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return { offset: at, line: low, character: at - this.starts[low]! };
  }

  /** The offset where zero-based `line` starts (clamped). */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(0, line), this.starts.length - 1)]!;
  }
}
