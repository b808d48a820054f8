import { bareId } from '../../core/pricing/modelIds';
import type { ModelInfo } from '../../core/pricing/types';
import type { TokenizerInfo } from '../../core/tokenizers/types';
import type { Translate } from '../ui/l10n';
import { escapeMarkdown } from '../ui/markdown';
import { modelDisplayName } from '../ui/modelName';

/** Tokens shown as one mark: one token, or the byte tokens of one character (they share its place). */
export interface TokenGroup {
  /** Offsets in the document. */
  readonly start: number;
  readonly end: number;
  readonly ids: readonly number[];
  /** The bytes of each token. */
  readonly bytes: readonly Uint8Array[];
  /** The tokens are parts of a character (byte fragments). */
  readonly fragment: boolean;
  /** Alternates 0/1 from token to token, for the two backgrounds. */
  readonly parity: 0 | 1;
}

/** Ids, byte ends and places of tokens, as a token window carries them (offsets already in the document). */
export interface PlacedRun {
  readonly ids: ArrayLike<number>;
  readonly starts: ArrayLike<number>;
  readonly ends: ArrayLike<number>;
  readonly fragments: ArrayLike<number>;
  readonly bytes: Uint8Array;
  readonly byteEnds: ArrayLike<number>;
}

/**
 * Tokens as marks: consecutive fragment tokens on the same character become one group (they
 * cannot be told apart on screen), every other token its own; backgrounds alternate per group.
 */
export function tokenGroups(run: PlacedRun, offset: number): TokenGroup[] {
  const groups: { start: number; end: number; ids: number[]; bytes: Uint8Array[]; fragment: boolean; parity: 0 | 1 }[] = [];
  for (let i = 0; i < run.ids.length; i++) {
    const start = run.starts[i]! + offset;
    const end = run.ends[i]! + offset;
    const bytes = run.bytes.subarray(i === 0 ? 0 : run.byteEnds[i - 1]!, run.byteEnds[i]!);
    const fragment = run.fragments[i] === 1;
    const last = groups[groups.length - 1];
    // A fragment overlapping the previous mark joins it: the pieces of one character, or a token that ends inside it.
    if (last && fragment && start < last.end) {
      last.ids.push(run.ids[i]!);
      last.bytes.push(bytes);
      last.end = Math.max(last.end, end);
      last.fragment = true;
      continue;
    }
    groups.push({ start, end, ids: [run.ids[i]!], bytes: [bytes], fragment, parity: last ? ((1 - last.parity) as 0 | 1) : 0 });
  }
  return groups;
}

/** `e2 9c 85`. */
function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** A token's text as it reads, with spaces, tabs and line breaks made visible. */
export function visibleText(text: string): string {
  return text.replace(/ /g, '·').replace(/\t/g, '→').replace(/\r\n|\n|\r/g, '↵');
}

/** Whose token boundaries are shown, in one sentence: exact, near-exact, or an estimate's reference. */
export function boundariesSentence(model: ModelInfo, tokenizer: TokenizerInfo | undefined, shown: string, t: Translate): string {
  const name = modelDisplayName(model, t);
  if (!tokenizer || tokenizer.exactness === 'estimate') return t('{0} boundaries; {1}’s own tokenizer is not public, so its tokens cannot be shown.', shown, name);
  if (tokenizer.exactness === 'near-exact') return t('{0} tokens: the vendor’s published local tokenizer for {1} (text only).', shown, name);
  return t('{0} tokens, as {1} is billed.', shown, bareId(model.id));
}

/** The hover of one mark (Markdown): its token ids, bytes and text, and whose boundaries they are. */
export function tokenHover(group: TokenGroup, text: string, boundaries: string, t: Translate): string {
  const lines: string[] = [];
  if (group.ids.length === 1) {
    lines.push(`**${t('Token {0}', group.ids[0]!)}**${group.fragment ? ` · ${t('part of a character')}` : ''}`);
  } else {
    lines.push(`**${t('{0} tokens for one character', group.ids.length)}** · ${t('byte fragments')}`);
  }
  lines.push('');
  lines.push(`${t('Text')}: \`${visibleText(text).replace(/`/g, 'ˋ')}\`  `);
  if (group.ids.length > 1) lines.push(`${t('Ids')}: ${group.ids.join(', ')}  `);
  lines.push(`${t('Bytes')}: ${group.bytes.map((bytes) => `\`${hex(bytes)}\``).join(' + ')}`);
  lines.push('', `_${escapeMarkdown(boundaries)}_`);
  return lines.join('\n');
}
