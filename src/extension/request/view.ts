import { priceModel } from '../../core/pricing/analyze';
import { formatInteger, formatMoney } from '../../core/pricing/format';
import type { CallProfile } from '../../core/pricing/profile';
import type { ModelCatalog } from '../../core/pricing/catalog';
import type { ModelInfo } from '../../core/pricing/types';
import type { Omission, ParsedRequest, RequestCount, RequestFormat, SourceProblem } from '../../core/request';
// Not through the index, which brings the parsers (see controller.ts).
import { leastExact } from '../../core/request/count';
import { resolveNamedModel } from '../../core/request/namedModel';
import { countMark } from '../../core/tokenizers/exactness';
import type { Exactness } from '../../core/tokenizers/types';
import { exactnessWord } from '../ui/exactnessText';
import type { Translate } from '../ui/l10n';
import { escapeMarkdown } from '../ui/markdown';
import { vendorName } from '../ui/modelLabels';

/**
 * How a prompt file is shown: pure presenters over the core's request model (core/request), in
 * the user's language, for the status bar, the comparison panel, the hints and the diagnostics.
 */

/** What the editor counts in a prompt file, for one model. */
export type RequestView =
  /** The request the file sends, counted on the model. */
  | { readonly kind: 'request'; readonly request: ParsedRequest; readonly count: RequestCount }
  /** A prompt file that could not be read as a request (bad YAML or JSON, an unreadable image): counted as raw text. */
  | { readonly kind: 'raw'; readonly format: RequestFormat; readonly problem: SourceProblem; readonly cause: RawCause }
  /** A prompt file longer than the parse limit: counted as text, not parsed. */
  | { readonly kind: 'unparsed'; readonly length: number; readonly limit: number };

/** Why a prompt file is counted as raw text: it does not parse, or an image it sends cannot be read. */
type RawCause = 'parse' | 'image';

/** Where the primary status entry's model comes from when the file names one. */
export type ModelOrigin =
  /** The file's model, used (setting `tokenCost.useModelFromFile`). */
  | { readonly kind: 'file'; readonly named: string }
  /** The file names a model the catalog does not know: the configured one is used instead. */
  | { readonly kind: 'unknown'; readonly named: string; readonly suggestions: readonly string[] };

/**
 * The model a prompt file is counted on: the one it names, when `useModelFromFile` is on and the
 * catalog knows it; else the configured one — with the unknown name and the closest ids, so the
 * file's choice is never replaced without saying so.
 */
export function chooseModel(
  request: ParsedRequest | undefined,
  useModelFromFile: boolean,
  catalog: ModelCatalog,
  configured: ModelInfo | undefined,
): { readonly model: ModelInfo | undefined; readonly origin?: ModelOrigin } {
  if (!request || request.model === null || !useModelFromFile) return { model: configured };
  const named = resolveNamedModel(request.model, catalog);
  return named.kind === 'known'
    ? { model: named.model, origin: { kind: 'file', named: named.named } }
    : { model: configured, origin: { kind: 'unknown', named: named.named, suggestions: named.suggestions } };
}

/** The format's name for people. */
export function formatName(format: RequestFormat, t: Translate): string {
  switch (format) {
    case 'github-models':
      return t('GitHub Models prompt');
    case 'vscode-prompt':
      return t('VS Code prompt file');
    case 'vscode-instructions':
      return t('VS Code instructions');
    case 'agents-md':
      return t('AGENTS.md instructions');
    case 'claude-md':
      return t('CLAUDE.md instructions');
    case 'prompty':
      return 'Prompty';
    case 'dotprompt':
      return 'Dotprompt';
    case 'openai-chat':
      return t('OpenAI Chat Completions request');
    case 'openai-responses':
      return t('OpenAI Responses request');
    case 'anthropic-messages':
      return t('Anthropic Messages request');
    case 'gemini':
      return t('Gemini generateContent request');
  }
}

/** The vendor as the omission names it: the core says `google` for Gemini's rules. */
function ruleVendor(vendor: string): string {
  return vendor === 'google' ? 'Gemini' : vendorName(vendor);
}

/** One omission in a short phrase (the core's describeOmission, in the user's language). */
export function omissionText(omission: Omission, t: Translate): string {
  switch (omission.kind) {
    case 'chatFraming':
      return t('{0} chat framing (no published rule)', ruleVendor(omission.vendor));
    case 'clientContext':
      return t('the system prompt, context and tools the chat tool adds');
    case 'toolDefinitions':
      return t('definitions of the tools named in the file ({0})', omission.names.join(', '));
    case 'builtinTool':
      return t('built-in tool {0} (its hidden prompt is not published)', omission.name);
    case 'remoteImage':
      return t('remote image {0}: size unknown', omission.url);
    case 'unreadableImage':
      return t('image {0}: {1}', omission.source, omission.reason);
    case 'imageRule':
      return omission.count === 1
        ? t('an image (no published image rule for {0})', ruleVendor(omission.vendor))
        : t('{0} images (no published image rule for {1})', omission.count, ruleVendor(omission.vendor));
    case 'attachment':
      return `${omission.count} × ${omission.type}`;
    case 'history':
      return t('conversation history inserted at run time ({0})', '{{history}}');
    case 'external':
      return t('{0} (not loaded)', omission.reference);
  }
}

/** "could not parse line 12", "could not read the image on line 12": what failed where, lines one-based as editors show them. */
function problemPlace(problem: SourceProblem, cause: RawCause, t: Translate): string {
  const line = problem.position.line + 1;
  return cause === 'parse' ? t('could not parse line {0}', line) : t('could not read the image on line {0}', line);
}

/** The Problems panel's message for a prompt file counted as raw text. */
export function diagnosticMessage(format: RequestFormat, problem: SourceProblem, t: Translate): string {
  return t('{0}: {1}. Token Cost counts this file as raw text until it is fixed.', formatName(format, t), problem.message);
}

/** "1 msg", "3 msgs". */
function messageCount(count: number, t: Translate): string {
  return count === 1 ? t('{0} msg', count) : t('{0} msgs', count);
}

/** The short "tok" of the status bar (one translation everywhere). */
function tok(t: Translate): string {
  return t({ message: 'tok', comment: 'abbreviation of "tokens" in the status bar, e.g. "1,234 tok"; keep it short' });
}

/**
 * The count part of the status bar entry: `request 1,204 tok · 3 msgs` for a request,
 * `always on 121 tok` for instructions sent with every request.
 */
export function requestCountText(view: Extract<RequestView, { kind: 'request' }>, t: Translate): string {
  const figure = `${countMark(view.count.exactness)}${formatInteger(view.count.tokens)} ${tok(t)}`;
  if (view.request.alwaysOn) return t('always on {0}', figure);
  return `${t('request {0}', figure)} · ${messageCount(view.request.messages.length, t)}`;
}

/** "raw text — could not parse line 12": the status bar's note on a broken prompt file. */
export function rawTextNote(view: Extract<RequestView, { kind: 'raw' }>, t: Translate): string {
  return t('raw text — {0}', problemPlace(view.problem, view.cause, t));
}

/** The model name with where it came from: `gpt-4o-mini (from file)`, or the fallback's with the unknown name noted. */
export function modelWithOrigin(shownId: string, origin: ModelOrigin | undefined, t: Translate): string {
  if (!origin) return shownId;
  return origin.kind === 'file' ? t('{0} (from file)', shownId) : t('{0} (file’s model unknown)', shownId);
}

/** The tooltip line saying where the model comes from, or `undefined` for the configured model. */
export function modelOriginLine(origin: ModelOrigin | undefined, shownId: string, t: Translate): string | undefined {
  if (!origin) return undefined;
  if (origin.kind === 'file') {
    return t('Model from the file: “{0}” (setting {1}).', escapeMarkdown(origin.named), '`tokenCost.useModelFromFile`');
  }
  const closest = origin.suggestions.length ? ' ' + t('Closest known: {0}.', origin.suggestions.map(escapeMarkdown).join(', ')) : '';
  return `$(warning) ${t('The file names “{0}”, which is not a known model; counted on {1}.', escapeMarkdown(origin.named), escapeMarkdown(shownId))}${closest}`;
}

type PartKind = RequestCount['parts'][number]['kind'];

/** The kinds of parts, in the order a request is broken down. */
const PART_KINDS: readonly PartKind[] = ['message', 'framing', 'tools', 'image'];

/** Tokens of every part of one kind; `undefined` when the request has none. */
function partTokens(count: RequestCount, kind: PartKind): number | undefined {
  const parts = count.parts.filter((part) => part.kind === kind);
  return parts.length ? parts.reduce((sum, part) => sum + part.tokens, 0) : undefined;
}

/** Messages grouped by role, in the order roles first appear. */
function byRole(view: Extract<RequestView, { kind: 'request' }>): { role: string; messages: number; tokens: number }[] {
  const roles = new Map<string, { role: string; messages: number; tokens: number }>();
  for (const part of view.count.parts) {
    if (part.kind !== 'message') continue;
    const role = part.role ?? '';
    const entry = roles.get(role) ?? { role, messages: 0, tokens: 0 };
    entry.messages++;
    entry.tokens += part.tokens;
    roles.set(role, entry);
  }
  return [...roles.values()];
}

/** "messages 98 · framing 11 · tools 112 · images 765": the parts of a request in one line (panel). */
export function requestBreakdown(count: RequestCount, t: Translate): string {
  const line = (kind: PartKind, tokens: string): string => {
    switch (kind) {
      case 'message':
        return t('messages {0}', tokens);
      case 'framing':
        return t('framing {0}', tokens);
      case 'tools':
        return t('tools {0}', tokens);
      case 'image':
        return t('images {0}', tokens);
    }
  };
  return PART_KINDS.flatMap((kind) => {
    const tokens = partTokens(count, kind);
    return tokens === undefined ? [] : [line(kind, formatInteger(tokens))];
  }).join(' · ');
}

/** How variables were counted, or `undefined` when the file has none. */
function variablesText(request: ParsedRequest, t: Translate): string | undefined {
  const names = request.variables.map((variable) => variable.name).join(', ');
  switch (request.variableSource) {
    case 'sample':
      return t('filled from the file’s sample values ({0})', names);
    case 'placeholders':
      return t('counted as written, without values — the file has no sample values ({0})', names);
    case 'none':
      return undefined;
  }
}

/**
 * The call profile for instructions sent with every request: they are input that joins each call,
 * with no output of their own, so a "call" of them costs their input alone.
 */
export function inputOnly(profile: CallProfile): CallProfile {
  return { ...profile, outputTokens: 0, reasoningMultiplier: 1 };
}

/** What an instruction file adds per month at the profile's calls per day. */
function alwaysOnPerMonth(model: ModelInfo, tokens: number, profile: CallProfile, cnyPerUsd: string): string | undefined {
  const cost = priceModel(model, tokens, { profile: inputOnly(profile), cnyPerUsd }).cost;
  return cost ? formatMoney(cost.perMonth, cost.currency) : undefined;
}

/** The request's exactness in a sentence: what its figure rests on. */
export function requestExactnessSentence(exactness: Exactness, t: Translate): string {
  switch (exactness) {
    case 'exact':
      return t('Exact: the vendor’s own tokenizer.');
    case 'near-exact':
      return t('Near-exact: the vendor’s tokenizer plus its published rules for framing, tools and images, which it checked against its API.');
    case 'estimate':
      return t('Estimate: a part follows a vendor rule only approximately or is not included; the vendor’s count API gives the exact figure.');
  }
}

/** What the status bar tooltip needs besides the request: the model and the call priced. */
export interface RequestTooltipContext {
  readonly model: ModelInfo;
  readonly profile: CallProfile;
  readonly cnyPerUsd: string;
}

/**
 * The tooltip's request section (Markdown, workspace text escaped): the parts in a table (messages
 * by role, framing, tools, images), variables, what is not included and how exact the figure is;
 * for instructions, their cost per month; for a broken or too large file, why it is raw text.
 */
export function requestTooltipLines(view: RequestView, context: RequestTooltipContext, t: Translate): string[] {
  if (view.kind === 'raw') {
    return [
      `$(warning) **${t('Raw text — {0}', problemPlace(view.problem, view.cause, t))}**  `,
      t('{0}: {1}', escapeMarkdown(formatName(view.format, t)), escapeMarkdown(view.problem.message)) + '  ',
      t('The figures below count the file as text until it parses (see the Problems panel).'),
    ];
  }
  if (view.kind === 'unparsed') {
    return [t('Longer than {0} characters: counted as text, not read as the request it sends.', formatInteger(view.limit))];
  }
  const { request, count } = view;
  const labelled = (label: string, value: string): string => t('{0}: {1}', label, value);
  const lines: string[] = [];
  const heading = request.alwaysOn
    ? t('Sent with every request ({0}): {1} tokens', escapeMarkdown(formatName(request.format, t)), formatInteger(count.tokens))
    : t('Request ({0}): {1} tokens', escapeMarkdown(formatName(request.format, t)), formatInteger(count.tokens));
  lines.push(`**${heading}**`, '');
  lines.push(`| ${t('Part')} | ${t('Tokens')} |`, '|---|--:|');
  for (const { role, messages, tokens } of byRole(view)) {
    const label = messages === 1 ? t('{0} message', role) : t('{0} messages ({1})', role, messages);
    lines.push(`| ${escapeMarkdown(label)} | ${formatInteger(tokens)} |`);
  }
  const rows: [PartKind, string][] = [
    ['framing', t('chat framing')],
    ['tools', t('tool definitions ({0})', request.tools.length)],
    ['image', t('images ({0})', request.images.length)],
  ];
  for (const [kind, label] of rows) {
    const tokens = partTokens(count, kind);
    if (tokens !== undefined) lines.push(`| ${label} | ${formatInteger(tokens)} |`);
  }
  lines.push('');
  const variables = variablesText(request, t);
  if (variables) lines.push(`${labelled(t('Variables'), escapeMarkdown(variables))}  `);
  if (request.alwaysOn) {
    const monthly = alwaysOnPerMonth(context.model, count.tokens, context.profile, context.cnyPerUsd);
    const where = request.applyTo ? t('sent with every request for files matching {0}', `\`${request.applyTo.replace(/`/g, '')}\``) : t('sent with every request');
    lines.push(
      `${t('Instructions: {0}.', where)} ` +
        (monthly
          ? t('At {0} calls a day they cost {1} a month (input only).', formatInteger(context.profile.callsPerDay), escapeMarkdown(monthly))
          : t('This model has no price: their monthly cost is unknown.')) +
        '  ',
    );
  }
  if (count.omissions.length) {
    lines.push(`${labelled(t('Not included'), count.omissions.map((omission) => escapeMarkdown(omissionText(omission, t))).join('; '))}  `);
  }
  for (const warning of request.warnings) {
    lines.push(`$(warning) ${t('Line {0}: {1}', warning.position.line + 1, escapeMarkdown(warning.message))}  `);
  }
  lines.push(`${labelled(t('Request count'), escapeMarkdown(requestExactnessSentence(count.exactness, t)))}`);
  return lines;
}

/** The panel's line on what it prices for a prompt file (the request's count is per model, in the rows). */
export function requestSummary(view: Exclude<RequestView, { kind: 'request' }> | { readonly kind: 'request'; readonly request: ParsedRequest }, t: Translate): string {
  if (view.kind === 'raw') return `${rawTextNote(view, t)}: ${view.problem.message}`;
  if (view.kind === 'unparsed') return t('Longer than {0} characters: counted as text, not read as the request it sends.', formatInteger(view.limit));
  const { request } = view;
  if (request.alwaysOn) return t('{0}: sent with every request; figures are what they add to each call (input only).', formatName(request.format, t));
  const variables = variablesText(request, t);
  const name = formatName(request.format, t);
  const count = request.messages.length;
  const messages = count === 1 ? t('1 message') : t('{0} messages', count);
  return variables
    ? t('Priced as the request it sends ({0}): {1}. Variables {2}.', name, messages, variables)
    : t('Priced as the request it sends ({0}): {1}.', name, messages);
}

/** An inlay hint beside one message: its tokens (its images included) and a sentence saying so. */
export interface MessageHint {
  readonly messageIndex: number;
  readonly label: string;
  /** Markdown. */
  readonly tooltip: string;
}

/** One hint per message of a counted request, on the model the status bar shows for the file. */
export function messageHints(view: Extract<RequestView, { kind: 'request' }>, model: ModelInfo, t: Translate): MessageHint[] {
  return view.request.messages.map((message, messageIndex) => {
    const parts = view.count.parts.filter((part) => part.messageIndex === messageIndex);
    const text = parts.filter((part) => part.kind === 'message').reduce((sum, part) => sum + part.tokens, 0);
    const images = parts.filter((part) => part.kind === 'image');
    const imageTokens = images.reduce((sum, part) => sum + part.tokens, 0);
    const exactness = parts.reduce<Exactness>((level, part) => leastExact(level, part.exactness), 'exact');
    const label = `${countMark(exactness)}${formatInteger(text + imageTokens)} ${tok(t)}`;
    const what = t('{0} message: {1} tokens on {2} ({3}).', escapeMarkdown(message.role), formatInteger(text), escapeMarkdown(model.id), exactnessWord(exactness, t));
    const withImages = images.length ? ' ' + t('Its images: {0} tokens.', formatInteger(imageTokens)) : '';
    return { messageIndex, label, tooltip: `${what}${withImages} ${t('Chat framing and tools are counted once for the request (status bar).')}` };
  });
}
