/**
 * The soak test's walk, planned from a seed before the workbench starts: which user action comes
 * at each step, with every random choice (file, text, key, model, theme …) already made. The plan
 * is a pure function of the seed, so a failing seed replays the same walk; where an action depends
 * on what is on screen (which tab to click), the plan holds a fraction that picks among what is
 * there. No Playwright here: test/unit/soak-plan.test.ts checks the plan on its own.
 */

/** mulberry32: a tiny 32-bit generator, the same numbers for a seed on every platform. */
export class Dice {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
}

/**
 * Every fixture kind of the test workspace: prose, tagged sections with a token budget, Chinese, JSON, a long log, code, prompt files
 * (counted as the request they send), instructions (AGENTS.md), saved request bodies (one with an
 * image), broken prompt files (counted as raw text), the notebook. Base names are distinct (the
 * quiet check finds the file by its tab's name).
 */
export const SOAK_FIXTURES = [
  'system-prompt.md',
  'tagged-prompt.md',
  'chinese-prompt.md',
  'chat-transcript.json',
  'long-context.log',
  'context/src/app.ts',
  'prompts/summarize-ticket.prompt.yml',
  'prompts/review-changes.prompt.md',
  'prompts/answer.jinja',
  'AGENTS.md',
  'requests/chat-completion.json',
  'requests/whiteboard-notes.json',
  'prompts/broken/unclosed-list.prompt.yml',
  'prompts/broken/missing-image.json',
  'prompts/token-budget.ipynb',
] as const;

/**
 * Models picked in the walk, one per kind of count: o200k_base (exact), a Claude estimate, and
 * the Gemma 3, Qwen 3 and DeepSeek V3 vocabularies (a worker of their own, loaded on first use).
 */
export const SOAK_MODELS = [
  'openai/gpt-5-mini',
  'anthropic/claude-haiku-4-5',
  'google/gemini-2.5-flash',
  'qwen/qwen-plus',
  'deepseek/deepseek-v3.2',
] as const;

/** Colour themes (built into VS Code) as the theme picker labels them, with their settings ids. */
export const SOAK_THEME_IDS = {
  'Light Modern': 'Default Light Modern',
  'Dark Modern': 'Default Dark Modern',
  'Dark High Contrast': 'Default High Contrast',
  'Light+': 'Default Light+',
  'Dark+': 'Default Dark+',
  Monokai: 'Monokai',
  'Solarized Light': 'Solarized Light',
} as const;

/** The themes' picker labels. */
export const SOAK_THEMES = Object.keys(SOAK_THEME_IDS) as (keyof typeof SOAK_THEME_IDS)[];

/**
 * What the walk does with the Context view (in the bottom panel): fill it from the open editors,
 * the selection or an Explorer folder (right-click, *Count Tokens*), count the open editors, copy
 * it as one prompt, recount, sort, clear it, hide the panel.
 */
export const CONTEXT_MOVES = ['addOpenEditors', 'addSelection', 'explorerCount', 'countOpenEditors', 'copyPrompt', 'recount', 'sort', 'clear', 'hidePanel'] as const;

/** The comparison panel's toolbar controls the walk changes. */
const PANEL_CONTROLS = ['callsPerDay', 'outputTokens', 'reasoningMultiplier', 'cacheHitShare', 'currency', 'batch', 'grouped', 'expand', 'sort'] as const;

/** One planned user action. `pick` fields are fractions in [0, 1) that choose among what is on screen. */
export type SoakAction =
  | { readonly kind: 'open'; readonly file: (typeof SOAK_FIXTURES)[number]; readonly focusCell: boolean }
  | { readonly kind: 'untitled'; readonly text: string }
  | { readonly kind: 'switchTab'; readonly pick: number }
  | { readonly kind: 'close' }
  | {
      readonly kind: 'type';
      readonly where: 'end' | 'start' | 'line' | 'cursor';
      readonly line: number;
      readonly newline: boolean;
      readonly text: string;
      /** Key by key, or committed at once as an input method commits a phrase. */
      readonly via: 'keys' | 'ime';
      readonly delayMs: number;
    }
  | { readonly kind: 'paste'; readonly text: string }
  | { readonly kind: 'select'; readonly how: 'shiftArrows' | 'all' | 'toEnd' | 'toStart' | 'words' | 'nextMatch' | 'collapse'; readonly key: string; readonly repeat: number }
  | { readonly kind: 'delete'; readonly key: 'Backspace' | 'Delete'; readonly repeat: number }
  | { readonly kind: 'undo'; readonly redo: boolean; readonly repeat: number }
  | { readonly kind: 'openPanel' }
  | { readonly kind: 'closePanel' }
  | { readonly kind: 'resize'; readonly how: 'drag' | 'wider' | 'narrower' | 'even' | 'maximize' | 'window'; readonly amount: number }
  | { readonly kind: 'panelControl'; readonly control: (typeof PANEL_CONTROLS)[number]; readonly value: string; readonly pick: number }
  | { readonly kind: 'pickModel'; readonly model: (typeof SOAK_MODELS)[number]; readonly via: 'statusBar' | 'palette' }
  | { readonly kind: 'theme'; readonly theme: keyof typeof SOAK_THEME_IDS }
  | { readonly kind: 'report' }
  | { readonly kind: 'context'; readonly move: (typeof CONTEXT_MOVES)[number] }
  /** The token view toggled on the focused editor, then the view scrolled by `pages` (PageDown). */
  | { readonly kind: 'tokenView'; readonly pages: number }
  /** The Token Sections view: a row clicked (`pick` among those shown), or its sort button. */
  | { readonly kind: 'sections'; readonly how: 'row' | 'sort'; readonly pick: number }
  | { readonly kind: 'focusEditor'; readonly pick: number }
  | { readonly kind: 'wait'; readonly ms: number };

/** A planned step: the action, and whether a quiet check follows it. */
export interface SoakStep {
  readonly action: SoakAction;
  readonly quietCheckAfter: boolean;
}

/**
 * How often each action comes. Edits and file switches dominate, as in real use; the panel,
 * models and themes come often enough that every combination of them meets the edits.
 */
const WEIGHTS: Readonly<Record<SoakAction['kind'], number>> = {
  open: 12,
  untitled: 3,
  switchTab: 9,
  close: 5,
  type: 10,
  paste: 6,
  select: 8,
  delete: 4,
  undo: 5,
  openPanel: 5,
  closePanel: 2,
  resize: 4,
  panelControl: 5,
  pickModel: 5,
  theme: 2,
  report: 1,
  context: 4,
  tokenView: 3,
  sections: 3,
  focusEditor: 4,
  wait: 3,
};

const WORDS = (
  'the model reads every token of this prompt before it answers and the bill follows the count ' +
  'summarize ticket customer refund policy context window cache reasoning output budget assistant ' +
  'system user tool call json schema field value example draft review change log error retry'
).split(' ');
const CODE = ['const total = items.reduce((sum, item) => sum + item.tokens, 0);', 'if (budget < 0) throw new Error("over budget");', '  "role": "user", "content": "Hello"', '{{ ticket.title | trim }}', '- name: summarize\n  model: gpt-5-mini', 'def count(text):\n    return len(enc.encode(text))'];
const HANZI = '模型在回答之前会读取提示中的每一个词元费用随着计数变化请简要总结以下内容并列出三个要点客户退款政策上下文窗口缓存推理输出预算';
const SYMBOLS = ['🙂', '→', '—', '…', 'é', 'ß', '€', '✓', '🚀'];

/** An English sentence of 5–15 words. */
function sentence(dice: Dice): string {
  const words = Array.from({ length: dice.int(5, 15) }, () => dice.pick(WORDS));
  const first = words[0]!;
  words[0] = first[0]!.toUpperCase() + first.slice(1);
  return `${words.join(' ')}${dice.pick(['.', '.', '?', '!', ':', ','])}`;
}

/** A Chinese sentence of 6–30 characters. */
function chinese(dice: Dice): string {
  const length = dice.int(6, 30);
  let text = '';
  for (let i = 0; i < length; i++) text += HANZI[dice.int(0, HANZI.length - 1)];
  return `${text}${dice.pick(['。', '，', '？', '：'])}`;
}

/** A pasted block of about `kilobytes` KB: prose, code, Chinese and the odd emoji, line by line. */
function block(dice: Dice, kilobytes: number, chineseShare: number): string {
  const lines: string[] = [];
  let length = 0;
  while (length < kilobytes * 1024) {
    const roll = dice.next();
    let line =
      roll < chineseShare
        ? chinese(dice) + chinese(dice)
        : roll < chineseShare + 0.25
          ? dice.pick(CODE)
          : roll < chineseShare + 0.3
            ? ''
            : `${sentence(dice)} ${sentence(dice)}`;
    if (dice.chance(0.08)) line += ` ${dice.pick(SYMBOLS)}`;
    lines.push(line);
    length += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function planAction(kind: SoakAction['kind'], dice: Dice): SoakAction {
  switch (kind) {
    case 'open':
      return { kind, file: dice.pick(SOAK_FIXTURES), focusCell: dice.chance(0.6) };
    case 'untitled':
      return { kind, text: dice.chance(0.3) ? chinese(dice) : sentence(dice) };
    case 'switchTab':
    case 'focusEditor':
      return { kind, pick: dice.next() };
    case 'close':
    case 'openPanel':
    case 'closePanel':
    case 'report':
      return { kind };
    case 'type': {
      const isChinese = dice.chance(0.3);
      const text = isChinese ? chinese(dice) : sentence(dice);
      const where = dice.pick(['end', 'end', 'start', 'line', 'cursor'] as const);
      return { kind, where, line: dice.int(0, 40), newline: dice.chance(0.4), text, via: isChinese && dice.chance(0.6) ? 'ime' : 'keys', delayMs: dice.int(0, 25) };
    }
    case 'paste':
      return { kind, text: block(dice, dice.int(1, 6), dice.chance(0.4) ? 0.5 : 0.05) };
    case 'select': {
      const how = dice.pick(['shiftArrows', 'shiftArrows', 'all', 'toEnd', 'toStart', 'words', 'nextMatch', 'collapse'] as const);
      const key = dice.pick(['Shift+ArrowRight', 'Shift+ArrowLeft', 'Shift+ArrowDown', 'Shift+ArrowUp']);
      return { kind, how, key, repeat: dice.int(1, 25) };
    }
    case 'delete':
      return { kind, key: dice.chance(0.7) ? 'Backspace' : 'Delete', repeat: dice.int(1, 20) };
    case 'undo':
      return { kind, redo: dice.chance(0.35), repeat: dice.int(1, 6) };
    case 'resize':
      return { kind, how: dice.pick(['drag', 'drag', 'wider', 'narrower', 'even', 'maximize', 'window'] as const), amount: dice.int(-350, 350) };
    case 'panelControl': {
      const control = dice.pick(PANEL_CONTROLS);
      const values: Record<(typeof PANEL_CONTROLS)[number], () => string> = {
        callsPerDay: () => String(dice.int(0, 50) * 100),
        outputTokens: () => String(dice.int(0, 40) * 100),
        reasoningMultiplier: () => dice.pick(['1', '1.5', '2', '4', '10']),
        cacheHitShare: () => String(dice.int(0, 20) * 5),
        currency: () => dice.pick(['USD', 'CNY']),
        batch: () => '',
        grouped: () => '',
        expand: () => '',
        sort: () => '',
      };
      return { kind, control, value: values[control](), pick: dice.next() };
    }
    case 'pickModel':
      return { kind, model: dice.pick(SOAK_MODELS), via: dice.chance(0.5) ? 'statusBar' : 'palette' };
    case 'theme':
      return { kind, theme: dice.pick(SOAK_THEMES) };
    case 'context':
      return { kind, move: dice.pick(CONTEXT_MOVES) };
    case 'tokenView':
      return { kind, pages: dice.int(0, 4) };
    case 'sections':
      return { kind, how: dice.chance(0.75) ? 'row' : 'sort', pick: dice.next() };
    case 'wait':
      return { kind, ms: dice.int(300, 4000) };
  }
}

/** A well-mixed seed for one step (murmur3's finalizer over the walk's seed and the index). */
function stepSeed(seed: number, index: number): number {
  let h = Math.imul((seed ^ 0x85ebca6b) >>> 0, 0xc2b2ae35) ^ Math.imul(index + 1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The walk for `seed`: `steps` actions, a quiet check after every 3rd–7th of them and after the
 * last. Each step draws from its own generator, so a change to one action's choices leaves every
 * other step of the walk as it was.
 */
export function planWalk(seed: number, steps: number): SoakStep[] {
  const walk = new Dice(seed);
  const plan: SoakStep[] = [];
  let untilQuiet = walk.int(3, 7);
  for (let index = 0; index < steps; index++) {
    const kind = walk.weighted(WEIGHTS);
    const action = planAction(kind, new Dice(stepSeed(seed, index)));
    untilQuiet--;
    const quietCheckAfter = untilQuiet === 0 || index === steps - 1;
    if (untilQuiet === 0) untilQuiet = walk.int(3, 7);
    plan.push({ action, quietCheckAfter });
  }
  return plan;
}

/** A short description for the action log ("paste 3.1 KB, Chinese"). */
export function describeAction(action: SoakAction): string {
  const chars = (text: string): string => {
    const isChinese = /[\u4e00-\u9fff]/.test(text);
    const size = text.length >= 1024 ? `${(text.length / 1024).toFixed(1)} KB` : `${text.length} chars`;
    return `${size}${isChinese ? ', Chinese' : ''}`;
  };
  switch (action.kind) {
    case 'open':
      return `open ${action.file}${action.file.endsWith('.ipynb') && action.focusCell ? ' and focus a cell' : ''}`;
    case 'untitled':
      return `new untitled file, type ${chars(action.text)}`;
    case 'switchTab':
      return `switch tab (pick ${action.pick.toFixed(2)})`;
    case 'close':
      return 'close the active editor';
    case 'type':
      return `type ${chars(action.text)}${action.via === 'ime' ? ' (input method)' : ''} at ${action.where === 'line' ? `line ${action.line + 1}` : action.where}${action.newline ? ' on a new line' : ''}`;
    case 'paste':
      return `paste ${chars(action.text)}`;
    case 'select':
      return action.how === 'shiftArrows' ? `select: ${action.key} ×${action.repeat}` : `select: ${action.how}${action.how === 'words' || action.how === 'nextMatch' ? ` ×${action.repeat}` : ''}`;
    case 'delete':
      return `${action.key} ×${action.repeat}`;
    case 'undo':
      return `${action.redo ? 'redo' : 'undo'} ×${action.repeat}`;
    case 'openPanel':
      return 'open the comparison panel';
    case 'closePanel':
      return 'close the comparison panel';
    case 'resize':
      return `resize: ${action.how}${action.how === 'drag' || action.how === 'window' ? ` ${action.amount} px` : ''}`;
    case 'panelControl':
      return `panel control ${action.control}${action.value ? ` = ${action.value}` : ''}`;
    case 'pickModel':
      return `pick model ${action.model} via ${action.via === 'statusBar' ? 'the status bar' : 'the palette'}`;
    case 'theme':
      return `colour theme ${action.theme}`;
    case 'report':
      return 'show the report for the active file';
    case 'context':
      return `Context view: ${action.move}`;
    case 'tokenView':
      return `toggle the token view${action.pages ? `, PageDown ×${action.pages}` : ''}`;
    case 'sections':
      return action.how === 'row' ? `Token Sections: click a row (pick ${action.pick.toFixed(2)})` : 'Token Sections: sort';
    case 'focusEditor':
      return `click into a text editor (pick ${action.pick.toFixed(2)})`;
    case 'wait':
      return `wait ${action.ms} ms`;
  }
}
