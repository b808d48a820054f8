import Handlebars from 'handlebars/dist/cjs/handlebars.js';
import { StepBudget, TEMPLATE_LIMITS, TemplateLimitError } from './templateLimits';

/**
 * Handlebars templates (Dotprompt bodies) through the `handlebars` package, in an isolated
 * instance that knows only Dotprompt's documented helpers (`knownHelpersOnly`: no other helper
 * can be called), escapes nothing (a prompt is not HTML), keeps Handlebars' default ban on
 * prototype properties, loads no partials, and counts `#each` iterations against TEMPLATE_LIMITS.
 * Dotprompt's structural helpers render as markers, split afterwards into messages.
 */

type Ast = hbs.AST.Program;

const MARKER = '<<<dotprompt:';
const MARKER_PATTERN = /<<<dotprompt:(role:[a-z]+|history|media:url [^>]*|section [^>]*)>>>/g;

/** Dotprompt's helpers (google.github.io/dotprompt, reference › template). */
const DOTPROMPT_HELPERS = ['role', 'history', 'section', 'media', 'json', 'ifEquals', 'unlessEquals'] as const;
/** Handlebars' own block helpers, also allowed. */
const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'] as const;
const HELPERS = new Set<string>([...DOTPROMPT_HELPERS, ...BUILTIN_HELPERS]);

/** One message of a rendered (or as-written) Dotprompt body. */
interface DotpromptMessage {
  readonly role: string;
  readonly text: string;
  /** `{{media url=…}}` sources, in order. */
  readonly media: readonly string[];
}

/** A Dotprompt body split into messages; `history` when it inserts conversation history. */
export interface DotpromptSplit {
  readonly messages: readonly DotpromptMessage[];
  readonly history: boolean;
}

/** What a Dotprompt template contains, read from its syntax tree. */
export interface DotpromptScan {
  /** Root variables it reads (`{{name}}`, `{{#if name}}`), not those inside `#each`/`#with`. */
  readonly variables: readonly string[];
  /** Variables used as block arguments (`{{#each items}}`): never given placeholder text. */
  readonly blockVariables: ReadonlySet<string>;
  /** Zero-based line and column of each top-level `{{role}}` / `{{history}}`, in order. */
  readonly roleMarks: readonly { readonly line: number; readonly column: number }[];
  /** The first partial (`{{> name}}`) or inline partial, which this count does not load. */
  readonly partial?: string;
  /** The body as written with `{{role}}`, `{{history}}` and literal `{{media url="…"}}` turned into markers. */
  readonly asWritten: string;
}

function pathHead(node: hbs.AST.Expression): string | undefined {
  if (node.type !== 'PathExpression') return undefined;
  const path = node as hbs.AST.PathExpression;
  if (path.data || path.depth > 0 || path.parts.length === 0) return undefined;
  return path.parts[0];
}

function stringParam(node: hbs.AST.Expression | undefined): string | undefined {
  return node?.type === 'StringLiteral' ? (node as hbs.AST.StringLiteral).value : undefined;
}

function hashValue(hash: hbs.AST.Hash | undefined, key: string): hbs.AST.Expression | undefined {
  return hash?.pairs.find((pair) => pair.key === key)?.value;
}

/**
 * Blocks nested deeper than this are refused before Handlebars' parser sees them: its time grows
 * faster than the square of the depth (2,000 nested `{{#if}}`: 1.6 s, 8,000: 65 s, on the extension
 * host's thread for a 300 KB file) and past a few thousand its stack overflows anyway.
 */
const MAX_BLOCK_DEPTH = 256;

/**
 * The 1-based line where block nesting first passes {@link MAX_BLOCK_DEPTH}, or 0. A light scan of
 * the mustaches (comments, raw blocks and escaped `\{{` skipped): `{{#…}}` and `{{^name}}` open a
 * block, `{{/…}}` closes one; `{{^}}` and `{{else}}` are neither.
 */
function tooDeepAt(source: string): number {
  let depth = 0;
  for (let at = source.indexOf('{{'); at >= 0; at = source.indexOf('{{', at + 2)) {
    if (at > 0 && source[at - 1] === '\\') continue;
    if (source.startsWith('{{{{', at)) {
      // A raw block: nothing inside it is parsed.
      const end = source.indexOf('{{{{/', at + 4);
      if (end < 0) return 0;
      at = end + 3;
      continue;
    }
    let i = at + 2;
    if (source[i] === '{') i++;
    if (source[i] === '~') i++;
    const mark = source[i];
    if (mark === '!') {
      const end = source.startsWith('--', i + 1) ? source.indexOf('--}}', i + 3) : source.indexOf('}}', i);
      if (end < 0) return 0;
      at = end;
      continue;
    }
    const opens = mark === '#' || (mark === '^' && !/^\s*~?\}\}/.test(source.slice(i + 1, i + 8)));
    if (opens && ++depth > MAX_BLOCK_DEPTH) return source.slice(0, at).split('\n').length;
    if (mark === '/' && depth > 0) depth--;
  }
  return 0;
}

/** Parses a Dotprompt body (throws Handlebars' own error on a syntax error, or one for blocks nested too deep). */
export function scanDotprompt(source: string): DotpromptScan {
  const deepAt = tooDeepAt(source);
  // Worded like Handlebars' errors, whose "line N" the caller turns into the file's line.
  if (deepAt) throw new Error(`Blocks nested more than ${MAX_BLOCK_DEPTH} deep on line ${deepAt}`);
  const ast: Ast = Handlebars.parseWithoutProcessing(source);
  const variables = new Set<string>();
  const blockVariables = new Set<string>();
  let partial: string | undefined;
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const offsetOf = (position: hbs.AST.Position): number => (lineStarts[position.line - 1] ?? source.length) + position.column;
  const slice = (node: hbs.AST.Node): string => source.slice(offsetOf(node.loc.start), offsetOf(node.loc.end));

  const visitExpression = (node: hbs.AST.Expression | undefined, scoped: boolean, asBlock = false): void => {
    if (!node) return;
    if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      for (const param of sub.params) visitExpression(param, scoped);
      for (const pair of sub.hash?.pairs ?? []) visitExpression(pair.value, scoped);
      return;
    }
    const head = pathHead(node);
    if (head !== undefined && head !== 'this' && !scoped) {
      variables.add(head);
      if (asBlock) blockVariables.add(head);
    }
  };
  const visit = (statements: readonly hbs.AST.Statement[], scoped: boolean): void => {
    for (const statement of statements) {
      switch (statement.type) {
        case 'MustacheStatement': {
          const mustache = statement as hbs.AST.MustacheStatement;
          const name = pathHead(mustache.path as hbs.AST.Expression);
          if (name === undefined || !HELPERS.has(name) || mustache.params.length === 0) {
            if (!(name !== undefined && HELPERS.has(name))) visitExpression(mustache.path as hbs.AST.Expression, scoped);
          }
          for (const param of mustache.params) visitExpression(param, scoped);
          for (const pair of mustache.hash?.pairs ?? []) visitExpression(pair.value, scoped);
          break;
        }
        case 'BlockStatement': {
          const block = statement as hbs.AST.BlockStatement;
          const helper = pathHead(block.path);
          for (const param of block.params) visitExpression(param, scoped, true);
          // Inside #each and #with, bare names are the item's fields, not the prompt's inputs.
          const inner = scoped || helper === 'each' || helper === 'with';
          visit(block.program?.body ?? [], inner);
          visit(block.inverse?.body ?? [], scoped);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          partial ??= slice(statement);
          break;
        case 'DecoratorBlock':
        case 'Decorator':
          partial ??= slice(statement);
          break;
        default:
          break;
      }
    }
  };
  visit(ast.body, false);

  // The as-written body and the role marks come from the top level only: a {{role}} inside a
  // conditional is rare, and the written text of a block is what a person reads there.
  const roleMarks: { line: number; column: number }[] = [];
  let asWritten = '';
  for (const statement of ast.body) {
    const text = slice(statement);
    if (statement.type !== 'MustacheStatement') {
      asWritten += text;
      continue;
    }
    const mustache = statement as hbs.AST.MustacheStatement;
    const name = pathHead(mustache.path as hbs.AST.Expression);
    const role = name === 'role' ? stringParam(mustache.params[0]) : undefined;
    const url = name === 'media' ? stringParam(hashValue(mustache.hash, 'url')) : undefined;
    if (role !== undefined) {
      roleMarks.push({ line: statement.loc.start.line - 1, column: statement.loc.start.column });
      asWritten += `${MARKER}role:${role}>>>`;
    } else if (name === 'history') {
      roleMarks.push({ line: statement.loc.start.line - 1, column: statement.loc.start.column });
      asWritten += `${MARKER}history>>>`;
    } else if (url !== undefined) {
      asWritten += `${MARKER}media:url ${url}>>>`;
    } else {
      asWritten += text;
    }
  }
  return { variables: [...variables], blockVariables, roleMarks, partial, asWritten };
}

/** A Handlebars instance with Dotprompt's helpers and a bounded `#each`. */
function dotpromptHandlebars(budget: StepBudget): typeof Handlebars {
  const instance = Handlebars.create();
  const safe = (text: string) => new instance.SafeString(text);
  instance.registerHelper('role', (role: unknown) => safe(`${MARKER}role:${String(role).toLowerCase().replace(/[^a-z]/g, '')}>>>`));
  instance.registerHelper('history', () => safe(`${MARKER}history>>>`));
  instance.registerHelper('section', (name: unknown) => safe(`${MARKER}section ${String(name)}>>>`));
  instance.registerHelper('media', (options: Handlebars.HelperOptions) => safe(`${MARKER}media:url ${String(options.hash.url ?? '')}>>>`));
  instance.registerHelper('json', (value: unknown, options: Handlebars.HelperOptions) => {
    const indent = Number(options?.hash?.indent) || 0;
    const text = JSON.stringify(value, null, Math.min(Math.max(indent, 0), 10)) ?? '';
    budget.checkLength(text.length);
    return safe(text);
  });
  instance.registerHelper('ifEquals', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
    return a === b ? options.fn(this) : options.inverse(this);
  });
  instance.registerHelper('unlessEquals', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
    return a !== b ? options.fn(this) : options.inverse(this);
  });
  const each = instance.helpers.each as Handlebars.HelperDelegate;
  instance.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
    const fn = options.fn;
    const counted = Object.assign((item: unknown, more?: Handlebars.RuntimeOptions) => {
      budget.tick();
      return fn(item, more);
    }, fn);
    return each.call(this, context, { ...options, fn: counted });
  });
  return instance;
}

/** Renders a Dotprompt body with input values (markers kept for splitting). Throws on a template error or a limit. */
export function renderDotprompt(source: string, scan: DotpromptScan, values: Readonly<Record<string, unknown>>): string {
  if (source.length > TEMPLATE_LIMITS.maxTemplateCharacters) {
    throw new TemplateLimitError(`the template is longer than ${TEMPLATE_LIMITS.maxTemplateCharacters} characters`);
  }
  if (scan.partial) throw new TemplateLimitError(`partials are not loaded (${scan.partial})`);
  const budget = new StepBudget();
  const instance = dotpromptHandlebars(budget);
  const template = instance.compile(source, {
    knownHelpers: Object.fromEntries([...HELPERS].map((name) => [name, true])),
    knownHelpersOnly: true,
    noEscape: true,
  });
  // Inputs the sample does not give render as their placeholder, as written.
  const data: Record<string, unknown> = { ...values };
  for (const name of scan.variables) {
    if (!Object.prototype.hasOwnProperty.call(data, name) && !scan.blockVariables.has(name)) data[name] = `{{${name}}}`;
  }
  const output = template(data);
  budget.checkLength(output.length);
  return output;
}

/** Splits a rendered (or as-written) body at its markers, as Dotprompt does: text before any role is the user's. */
export function splitDotprompt(rendered: string): DotpromptSplit {
  const messages: { role: string; text: string; media: string[] }[] = [];
  let current = { role: 'user', text: '', media: [] as string[] };
  let history = false;
  const flush = (): void => {
    if (current.text.trim() !== '' || current.media.length) messages.push(current);
  };
  let last = 0;
  for (const match of rendered.matchAll(MARKER_PATTERN)) {
    current.text += rendered.slice(last, match.index);
    last = match.index + match[0].length;
    const marker = match[1]!;
    if (marker.startsWith('role:') || marker === 'history') {
      const role = marker === 'history' ? 'model' : marker.slice('role:'.length);
      if (marker === 'history') history = true;
      if (current.text.trim() !== '' || current.media.length) {
        flush();
        current = { role, text: '', media: [] };
      } else {
        current.role = role;
      }
    } else if (marker.startsWith('media:url ')) {
      const url = marker.slice('media:url '.length).split(' ')[0] ?? '';
      if (url) current.media.push(url);
    }
    // Sections mark where the caller inserts content; nothing is sent for them offline.
  }
  current.text += rendered.slice(last);
  flush();
  return { messages, history };
}
