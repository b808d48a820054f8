import { Environment, Interpreter, parse, tokenize } from '@huggingface/jinja';
import { StepBudget, TEMPLATE_LIMITS, TemplateLimitError } from './templateLimits';

/**
 * Jinja templates (Prompty bodies) through Hugging Face's `@huggingface/jinja`: an interpreter
 * of its own (no `eval`, no JavaScript property access from templates, no file loaders), small,
 * and the same in Node and the browser. Its interpreter is bounded here by TEMPLATE_LIMITS.
 */

type AstNode = { readonly type: string } & Record<string, unknown>;
type RuntimeValue = ReturnType<Interpreter['evaluate']>;

/** Names Jinja provides itself; never template variables. */
const BUILTIN_NAMES = new Set(['true', 'false', 'none', 'True', 'False', 'None', 'range', 'namespace', 'loop', 'raise_exception', 'super', 'caller', 'varargs', 'kwargs', 'self']);

/** Integer literals above this are refused: `indent(10**9)` would build the string before any limit could see it. */
const MAX_LITERAL = 1_000_000;

class BoundedInterpreter extends Interpreter {
  constructor(
    environment: Environment,
    private readonly budget: StepBudget,
  ) {
    super(environment);
  }

  override evaluate(statement: Parameters<Interpreter['evaluate']>[0], environment: Environment): RuntimeValue {
    this.budget.tick();
    const result = super.evaluate(statement, environment);
    const inner: unknown = result.value;
    if (typeof inner === 'string') this.budget.checkLength(inner.length);
    else if (Array.isArray(inner)) this.budget.checkLength(inner.length);
    return result;
  }
}

function boundedRange(start: number, stop?: number, step = 1): number[] {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0) throw new Error('range() step must not be zero');
  const length = Math.max(0, Math.ceil((to - from) / step));
  if (length > TEMPLATE_LIMITS.maxRangeItems) throw new TemplateLimitError(`range() of ${length} items is over the limit of ${TEMPLATE_LIMITS.maxRangeItems}`);
  return Array.from({ length }, (_, index) => from + index * step);
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Map) return [...value.keys(), ...value.values()];
  return isNode(value) ? Object.values(value) : [];
}

function identifierNames(node: unknown): string[] {
  if (!isNode(node)) return [];
  if (node.type === 'Identifier') return [String(node.value)];
  if (node.type === 'TupleLiteral' || node.type === 'ArrayLiteral') return children(node.value).flatMap(identifierNames);
  if (node.type === 'KeywordArgumentExpression') return identifierNames(node.key);
  return [];
}

/** What a Jinja template reads from its context, and whether it holds a literal too large to render safely. */
interface TemplateScan {
  readonly referenced: string[];
  readonly hugeLiteral: boolean;
}

function scan(program: unknown): TemplateScan {
  const referenced = new Set<string>();
  const bound = new Set<string>();
  let hugeLiteral = false;
  const visit = (value: unknown): void => {
    if (Array.isArray(value) || value instanceof Map) {
      for (const child of children(value)) visit(child);
      return;
    }
    if (!isNode(value)) return;
    switch (value.type) {
      case 'Identifier':
        referenced.add(String(value.value));
        return;
      case 'IntegerLiteral':
      case 'FloatLiteral':
        if (Math.abs(Number(value.value)) > MAX_LITERAL) hugeLiteral = true;
        return;
      case 'MemberExpression':
        // `customer.name`: only `customer` is read from the context.
        visit(value.object);
        if (value.computed) visit(value.property);
        return;
      case 'FilterExpression':
      case 'FilterStatement':
        // The filter's own name is not a variable; its arguments may be.
        visit(value.operand);
        visit(value.body);
        if (isNode(value.filter) && value.filter.type === 'CallExpression') visit(value.filter.args);
        return;
      case 'TestExpression':
        visit(value.operand);
        return;
      case 'KeywordArgumentExpression':
        visit(value.value);
        return;
      case 'For':
        for (const name of identifierNames(value.loopvar)) bound.add(name);
        break;
      case 'Set':
        for (const name of identifierNames(value.assignee)) bound.add(name);
        break;
      case 'Macro':
        for (const name of [...identifierNames(value.name), ...children(value.args).flatMap(identifierNames)]) bound.add(name);
        break;
      default:
        break;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(program);
  return { referenced: [...referenced].filter((name) => !bound.has(name) && !BUILTIN_NAMES.has(name)), hugeLiteral };
}

/** A parsed Jinja template, ready to render with values. */
export interface JinjaTemplate {
  /** Top-level variables the template reads (loop and `set` names excluded), in first-use order. */
  readonly variables: readonly string[];
  /** Renders with `values`; a variable without a value renders as its placeholder `{{ name }}`. Throws on a template error or a limit. */
  render(values: Readonly<Record<string, unknown>>): string;
}

/** Parses a Jinja template (Jinja's defaults: no block trimming). Throws on a syntax error. */
export function compileJinja(source: string): JinjaTemplate {
  if (source.length > TEMPLATE_LIMITS.maxTemplateCharacters) {
    throw new TemplateLimitError(`the template is longer than ${TEMPLATE_LIMITS.maxTemplateCharacters} characters`);
  }
  const program = parse(tokenize(source, { lstrip_blocks: false, trim_blocks: false }));
  const { referenced, hugeLiteral } = scan(program);
  return {
    variables: referenced,
    render(values) {
      if (hugeLiteral) throw new TemplateLimitError(`the template holds a number above ${MAX_LITERAL}`);
      const environment = new Environment();
      for (const [name, value] of [
        ['true', true],
        ['false', false],
        ['none', null],
        ['True', true],
        ['False', false],
        ['None', null],
      ] as const) {
        environment.set(name, value);
      }
      environment.set('range', boundedRange);
      for (const name of referenced) {
        if (BUILTIN_NAMES.has(name)) continue;
        environment.set(name, Object.prototype.hasOwnProperty.call(values, name) ? values[name] : `{{ ${name} }}`);
      }
      const budget = new StepBudget();
      const output = new BoundedInterpreter(environment, budget).run(program).value;
      const text = typeof output === 'string' ? output : String(output);
      budget.checkLength(text.length);
      return text;
    },
  };
}
