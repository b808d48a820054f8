import { applyEdits, type TextChange } from '../../src/core/counting/textEdits';
import type { PositionLike, RangeLike } from '../../src/core/counting/documentCounter';

/** A fake TextDocument for the counter tests: text, version, and position ↔ offset like VS Code's. */
export class FakeDocument {
  version = 1;
  constructor(
    public text: string,
    readonly uri = { toString: () => 'file:///doc.txt' },
  ) {}

  getText(range?: RangeLike): string {
    return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }

  offsetAt(position: PositionLike): number {
    let offset = 0;
    for (let line = 0; line < position.line; line++) offset = this.text.indexOf('\n', offset) + 1;
    return offset + position.character;
  }

  /** Applies one edit, bumps the version and returns it as a change event would carry it. */
  edit(rangeOffset: number, rangeLength: number, text: string): TextChange {
    const change = { rangeOffset, rangeLength, text };
    this.text = applyEdits(this.text, [change]);
    this.version++;
    return change;
  }
}

/** A range from line/character pairs. */
export const range = (sl: number, sc: number, el: number, ec: number): RangeLike => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
  isEmpty: sl === el && sc === ec,
});
