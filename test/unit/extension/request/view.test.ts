import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCatalog } from '../../../../src/core/pricing/bundled';
import { formatInteger } from '../../../../src/core/pricing/format';
import {
  countRequest,
  describeOmission,
  FORMAT_NAMES,
  measureImages,
  parseRequestFile,
  REQUEST_NEAR_EXACT,
  type Omission,
  type ParsedRequest,
  type RequestFormat,
} from '../../../../src/core/request';
import {
  chooseModel,
  diagnosticMessage,
  formatName,
  messageHints,
  omissionText,
  requestBreakdown,
  requestCountText,
  requestExactnessSentence,
  requestSummary,
  requestTooltipLines,
  type RequestView,
} from '../../../../src/extension/request/view';
import { statusClipboardLine, statusLevel, statusText, statusTooltip, type StatusInput } from '../../../../src/extension/statusBar/view';
import { englishOnly, fromBundle, type Translate } from '../../../../src/extension/ui/l10n';
import { FIXTURES, REPO_ROOT } from '../../../support/paths';
import { config, HAIKU, MINI, TINY_CONTEXT, statusInput, XSS } from '../../../support/statusInput';
import type { ModelInfo } from '../../../../src/core/pricing/types';
import { countMark } from '../../../../src/core/tokenizers/exactness';

/** GPT-4o mini, the model the fixtures name, at the test sheet's prices: its framing rule was checked by OpenAI (near-exact). */
const GPT_4O_MINI: ModelInfo = { ...MINI, id: 'openai/gpt-4o-mini', name: 'GPT-4o mini', contextWindow: 128000, maxInput: undefined };

const zh: Translate = fromBundle(JSON.parse(readFileSync(join(REPO_ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')));
const WORKSPACE = join(FIXTURES, 'workspace');
const REQUESTS = join(FIXTURES, 'requests');

function parsed(path: string, text = readFileSync(path, 'utf8')): ParsedRequest {
  const outcome = parseRequestFile(path, text);
  assert.equal(outcome.kind, 'request', path);
  return (outcome as { request: ParsedRequest }).request;
}

function counted(request: ParsedRequest, model: ModelInfo): Extract<RequestView, { kind: 'request' }> {
  return { kind: 'request', request, count: countRequest(request, model) };
}

const ticket = parsed(join(WORKSPACE, 'prompts', 'summarize-ticket.prompt.yml'));
const chat = parsed(join(WORKSPACE, 'requests', 'chat-completion.json'));
const agents = parsed(join(WORKSPACE, 'AGENTS.md'));
const review = parsed(join(WORKSPACE, 'prompts', 'review-changes.prompt.md'));

/** A status input for a prompt file whose text counts 1,234 tokens. */
function requestInput(view: RequestView, overrides: Partial<StatusInput> = {}): StatusInput {
  return statusInput(GPT_4O_MINI, { fileName: 'summarize-ticket.prompt.yml', request: view, ...overrides });
}

/** The raw view of a broken fixture, as the controller makes it from the core's error. */
function broken(name: string): Extract<RequestView, { kind: 'raw' }> {
  const path = join(REQUESTS, name);
  const outcome = parseRequestFile(path, readFileSync(path, 'utf8'));
  assert.equal(outcome.kind, 'error', name);
  if (outcome.kind !== 'error') throw new Error('unreachable');
  return { kind: 'raw', format: outcome.format, problem: outcome.error, cause: 'parse' };
}

describe('prompt files in the status bar', () => {
  it('shows the request, its messages, its input cost and the model the file names', () => {
    const view = counted(ticket, GPT_4O_MINI);
    assert.equal(view.count.exactness, 'near-exact');
    const tokens = formatInteger(view.count.tokens);
    assert.equal(requestCountText(view, englishOnly), `request ${tokens} tok · 2 msgs`);
    const text = statusText(requestInput(view, { modelOrigin: { kind: 'file', named: 'openai/gpt-4o-mini' } }), englishOnly);
    assert.match(text, new RegExp(`^request ${tokens} tok · 2 msgs · \\$0\\.0000\\d+ · gpt-4o-mini \\(from file\\)$`));
    assert.match(statusText(requestInput(view, { modelOrigin: { kind: 'file', named: 'x' } }), zh), new RegExp(`^请求 ${tokens} 词元 · 2 条消息 · \\$0\\.0000\\d+ · gpt-4o-mini（来自文件）$`));
    // gpt-5-mini: the cookbook's framing rule was not checked on it, so the request is an estimate.
    assert.equal(requestCountText(counted(ticket, MINI), englishOnly), `request ≈${formatInteger(counted(ticket, MINI).count.tokens)} tok · 2 msgs`);
    // The request's tokens are priced, not the file's 1,234.
    assert.match(statusTooltip(requestInput(view), englishOnly), new RegExp(`\\| Input \\(${tokens} tokens\\) \\|`));
  });

  it('marks a request that is not known exactly with ≈ and says one message', () => {
    const view = counted(review, HAIKU);
    assert.equal(view.count.exactness, 'estimate');
    assert.equal(requestCountText(view, englishOnly), `request ≈${formatInteger(view.count.tokens)} tok · 1 msg`);
    assert.equal(requestCountText(view, zh), `请求 ≈${formatInteger(view.count.tokens)} 词元 · 1 条消息`);
  });

  it('shows instructions as always on, with what they cost a month at the calls per day', () => {
    const view = counted(agents, MINI);
    const tokens = view.count.tokens;
    // Input only: tokens × $0.25/M × 100 calls × 30 days.
    const monthly = (tokens * 0.25 * 100 * 30) / 1_000_000;
    const input = requestInput(view, { fileName: 'AGENTS.md', model: MINI });
    const text = statusText(input, englishOnly);
    assert.equal(text, `always on ${tokens} tok · $${monthly.toPrecision(2)}/month · gpt-5-mini`);
    assert.equal(statusText(input, zh), `常驻 ${tokens} 词元 · $${monthly.toPrecision(2)}/月 · gpt-5-mini`);
    const tooltip = statusTooltip(input, englishOnly);
    assert.match(tooltip, new RegExp(`\\*\\*Sent with every request \\(AGENTS\\\\\\.md instructions\\): ${tokens} tokens\\*\\*`));
    assert.match(tooltip, new RegExp(`At 100 calls a day they cost \\\\\\$${monthly.toPrecision(2).replace('.', '\\\\\\.')} a month \\(input only\\)`));
    // Priced as input joining other calls: no output of its own.
    assert.match(tooltip, /\| Expected output \(0 tokens\) \|/);
    assert.match(statusTooltip(input, zh), /随每个请求发送（AGENTS\\\.md 指令）/);
    const scoped = requestInput(counted(parsed(join(REQUESTS, 'tests.instructions.md')), MINI));
    assert.match(statusTooltip(scoped, englishOnly), /sent with every request for files matching `[^`]+`/);
  });

  it('breaks the request down in the tooltip: messages by role, framing, tools, variables, what is left out', () => {
    const view = counted(chat, MINI);
    const tools = view.count.parts.filter((part) => part.kind === 'tools').reduce((sum, part) => sum + part.tokens, 0);
    const framing = view.count.parts.find((part) => part.kind === 'framing')!.tokens;
    const lines = requestTooltipLines(view, { model: MINI, profile: config().profile, cnyPerUsd: '7' }, englishOnly);
    const message = (index: number): number => view.count.parts.find((part) => part.messageIndex === index)!.tokens;
    for (const row of [`| system message | ${message(0)} |`, `| user message | ${message(1)} |`, `| chat framing | ${framing} |`, `| tool definitions (2) | ${tools} |`]) {
      assert.ok(lines.includes(row), `${row} in\n${lines.join('\n')}`);
    }
    assert.ok(lines.includes(`**Request (OpenAI Chat Completions request): ${formatInteger(view.count.tokens)} tokens**`));
    assert.ok(!lines.some((line) => line.startsWith('Variables')), 'no variables line without variables');

    const sample = requestTooltipLines(counted(ticket, MINI), { model: MINI, profile: config().profile, cnyPerUsd: '7' }, englishOnly).join('\n');
    assert.match(sample, /Variables: filled from the file’s sample values \\\(ticket\\_id, customer\\_plan, ticket\\_body\\\)/);
    const placeholders = parsed(join(REQUESTS, 'no-sample.prompt.yml'));
    const written = requestTooltipLines(counted(placeholders, MINI), { model: MINI, profile: config().profile, cnyPerUsd: '7' }, englishOnly).join('\n');
    assert.match(written, /Variables: counted as written, without values — the file has no sample values/);

    const left = requestTooltipLines(counted(review, HAIKU), { model: HAIKU, profile: config().profile, cnyPerUsd: '7' }, englishOnly).join('\n');
    assert.match(left, /Not included: definitions of the tools named in the file \\\(changes, codebase, problems\\\); the system prompt, context and tools the chat tool adds; Anthropic chat framing \\\(no published rule\\\)/);
    assert.match(left, /Request count: Estimate\\: a part follows a vendor rule only approximately/);
    const leftZh = requestTooltipLines(counted(review, HAIKU), { model: HAIKU, profile: config().profile, cnyPerUsd: '7' }, zh).join('\n');
    assert.match(leftZh, /未计入：文件中列出的工具的定义/);
    assert.match(leftZh, /\| 部分 \| 词元 \|/);
    assert.match(leftZh, /\| user 消息 \| \d+ \|/);
  });

  it('says the file’s model is unknown, with the closest ids, and counts on the configured one', () => {
    const catalog = bundledCatalog();
    const named = parsed('named.json', '{"model": "gpt-9-ultra", "messages": [{"role": "user", "content": "hi"}]}');
    const { model, origin } = chooseModel(named, true, catalog, MINI);
    assert.equal(model, MINI);
    assert.equal(origin?.kind, 'unknown');
    const input = requestInput(counted(named, MINI), { model: MINI, modelOrigin: origin });
    assert.match(statusText(input, englishOnly), / · gpt-5-mini \(file’s model unknown\)$/);
    assert.match(statusText(input, zh), / · gpt-5-mini（文件中的模型未知）$/);
    const tooltip = statusTooltip(input, englishOnly);
    assert.match(tooltip, /\$\(warning\) The file names “gpt\\-9\\-ultra”, which is not a known model; counted on gpt\\-5\\-mini\. Closest known: /);
    assert.match(statusTooltip(input, zh), /文件指定了“gpt\\-9\\-ultra”，这不是已知模型；改用 gpt\\-5\\-mini 计数。/);
  });

  it('takes the model the file names (a picker name too) unless told not to', () => {
    const catalog = bundledCatalog();
    const fromFile = chooseModel(review, true, catalog, MINI);
    assert.equal(fromFile.model?.vendor, 'anthropic');
    assert.deepEqual(fromFile.origin, { kind: 'file', named: 'Claude Sonnet 4.5' });
    assert.deepEqual(chooseModel(review, false, catalog, MINI), { model: MINI });
    assert.deepEqual(chooseModel(agents, true, catalog, MINI), { model: MINI });
    assert.deepEqual(chooseModel(undefined, true, catalog, MINI), { model: MINI });
    const input = requestInput(counted(review, fromFile.model!), { model: fromFile.model!, modelOrigin: fromFile.origin });
    assert.match(statusTooltip(input, englishOnly), /Model from the file: “Claude Sonnet 4\\\.5” \(setting `tokenCost\.useModelFromFile`\)\./);
  });

  it('counts a broken prompt file as raw text, saying which line', () => {
    const view = broken('broken.prompt.yml');
    const line = view.problem.position.line + 1;
    const input = requestInput(view, { model: MINI });
    assert.equal(statusText(input, englishOnly), `1,234 tok · raw text — could not parse line ${line} · $0.00031 · gpt-5-mini`);
    assert.equal(statusText(input, zh), `1,234 词元 · 原始文本 — 第 ${line} 行无法解析 · $0.00031 · gpt-5-mini`);
    const tooltip = statusTooltip(input, englishOnly);
    assert.match(tooltip, new RegExp(`\\*\\*Raw text — could not parse line ${line}\\*\\*`));
    assert.match(tooltip, /\| Input \(1,234 tokens\) \|/);
    assert.match(diagnosticMessage(view.format, view.problem, englishOnly), /^GitHub Models prompt: .+\. Token Cost counts this file as raw text until it is fixed\.$/);
    assert.match(diagnosticMessage(view.format, view.problem, zh), /^GitHub Models 提示词：.+。修复之前，Token Cost 按原始文本计数此文件。$/);
    const image: RequestView = { ...view, cause: 'image' };
    assert.match(statusText(requestInput(image), englishOnly), / · raw text — could not read the image on line \d+ · /);
    const json = broken('broken-chat.json');
    assert.match(statusText(requestInput(json), englishOnly), new RegExp(`could not parse line ${json.problem.position.line + 1} `));
  });

  it('says a prompt file over the parse limit is counted as text', () => {
    const input = requestInput({ kind: 'unparsed', length: 2_000_000, limit: 1_000_000 }, { model: MINI });
    assert.equal(statusText(input, englishOnly), '1,234 tok · $0.00031 · gpt-5-mini');
    assert.match(statusTooltip(input, englishOnly), /Longer than 1,000,000 characters: counted as text, not read as the request it sends\./);
    assert.match(statusTooltip(input, zh), /超过 1,000,000 个字符：按文本计数/);
  });

  it('shows a selection of a prompt file as text, and the request in the tooltip', () => {
    const view = counted(ticket, GPT_4O_MINI);
    const input = requestInput(view, { selections: [120] });
    assert.equal(statusText(input, englishOnly), '120 / 1,234 tok · $0.000030 · gpt-4o-mini');
    assert.match(statusTooltip(input, englishOnly), /\*\*Request \(GitHub Models prompt\)/);
    assert.match(statusClipboardLine(input, englishOnly), /^selection of summarize-ticket\.prompt\.yml: 120 tokens/);
    assert.match(statusClipboardLine(requestInput(view), englishOnly), new RegExp(`^summarize-ticket\\.prompt\\.yml \\(request\\): ${view.count.tokens} tokens`));
  });

  it('warns on the request’s share of the context, not the file’s', () => {
    const view = counted(ticket, TINY_CONTEXT);
    assert.equal(statusLevel(requestInput(view, { model: TINY_CONTEXT, fileTokens: 5000 })), 'normal');
    assert.equal(statusLevel(statusInput(TINY_CONTEXT, { fileTokens: 5000 })), 'error');
  });

  it('escapes what the file says (roles, variable names, the model it names)', () => {
    const hostile = parsed('x.json', JSON.stringify({ model: XSS, messages: [{ role: `[run](command:workbench.action.quit) ${XSS}`, content: 'hi' }] }));
    const view = counted(hostile, MINI);
    const tooltip = statusTooltip(requestInput(view, { modelOrigin: { kind: 'unknown', named: XSS, suggestions: [] } }), englishOnly);
    // Escaped: a backslash before every bracket, so no link and no HTML.
    assert.ok(!/[^\\]\]\(command:workbench/.test(tooltip), tooltip);
    assert.ok(!/[^\\]<img/.test(tooltip), tooltip);
    assert.ok(tooltip.includes('\\[run\\]\\(command\\:workbench'), tooltip);
  });
});

describe('prompt files: shared words and other surfaces', () => {
  it('names formats and omissions as the CLI does in English, and in Chinese', () => {
    for (const format of Object.keys(FORMAT_NAMES) as RequestFormat[]) {
      assert.equal(formatName(format, englishOnly), FORMAT_NAMES[format]);
    }
    const omissions: Omission[] = [
      { kind: 'chatFraming', vendor: 'anthropic' },
      { kind: 'chatFraming', vendor: 'google' },
      { kind: 'clientContext' },
      { kind: 'toolDefinitions', names: ['a', 'b'] },
      { kind: 'builtinTool', name: 'web_search' },
      { kind: 'remoteImage', url: 'https://example.com/a.png' },
      { kind: 'unreadableImage', source: 'a.png', reason: 'cannot be read' },
      { kind: 'imageRule', vendor: 'qwen3', count: 1 },
      { kind: 'imageRule', vendor: 'google', count: 3 },
      { kind: 'attachment', type: 'input_audio', count: 2 },
      { kind: 'history' },
      { kind: 'external', reference: 'partials/footer' },
    ];
    for (const omission of omissions) {
      assert.equal(omissionText(omission, englishOnly), describeOmission(omission), omission.kind);
      if (omission.kind !== 'attachment') assert.notEqual(omissionText(omission, zh), describeOmission(omission), omission.kind);
    }
    // Vendors the core leaves as keys get their display names.
    assert.equal(omissionText({ kind: 'chatFraming', vendor: 'deepseek' }, englishOnly), 'DeepSeek chat framing (no published rule)');
    assert.equal(requestExactnessSentence('near-exact', englishOnly), `Near-exact: ${REQUEST_NEAR_EXACT}.`);
  });

  it('breaks a request down in one line for the panel', () => {
    const view = counted(chat, MINI);
    const sum = (kind: string): number => view.count.parts.filter((part) => part.kind === kind).reduce((total, part) => total + part.tokens, 0);
    assert.equal(requestBreakdown(view.count, englishOnly), `messages ${sum('message')} · framing ${sum('framing')} · tools ${sum('tools')}`);
    assert.equal(requestBreakdown(view.count, zh), `消息 ${sum('message')} · 封装 ${sum('framing')} · 工具 ${sum('tools')}`);
    assert.equal(requestBreakdown(counted(review, HAIKU).count, englishOnly), `messages ${counted(review, HAIKU).count.tokens}`);
  });

  it('sums up what the panel prices', () => {
    assert.equal(
      requestSummary({ kind: 'request', request: ticket }, englishOnly),
      'Priced as the request it sends (GitHub Models prompt): 2 messages. Variables filled from the file’s sample values (ticket_id, customer_plan, ticket_body).',
    );
    assert.equal(requestSummary({ kind: 'request', request: ticket }, zh), '按它发送的请求计价（GitHub Models 提示词）：2 条消息。变量已用文件中的示例值填充（ticket_id, customer_plan, ticket_body）。');
    assert.equal(requestSummary({ kind: 'request', request: agents }, englishOnly), 'AGENTS.md instructions: sent with every request; figures are what they add to each call (input only).');
    const raw = broken('broken.prompt.yml');
    assert.equal(requestSummary(raw, englishOnly), `raw text — could not parse line ${raw.problem.position.line + 1}: ${raw.problem.message}`);
  });

  it('puts one hint per message, images included, on the model shown', async () => {
    const view = counted(ticket, MINI);
    const hints = messageHints(view, MINI, englishOnly);
    assert.deepEqual(
      hints.map((hint) => hint.label),
      view.count.parts.filter((part) => part.kind === 'message').map((part) => `${formatInteger(part.tokens)} tok`),
    );
    assert.match(hints[0]!.tooltip, /^system message: \d+ tokens on openai\/gpt\\-5\\-mini \(exact\)\. Chat framing and tools are counted once/);
    assert.match(messageHints(view, MINI, zh)[1]!.tooltip, /^user 消息：在 openai\/gpt\\-5\\-mini 上 \d+ 个词元（精确）。/);

    const path = join(REQUESTS, 'openai-chat-images.json');
    const withImages = parsed(path);
    const images = await measureImages(withImages, path, { readBytes: async (file) => new Uint8Array(readFileSync(file)) });
    const imageView: RequestView = { kind: 'request', request: withImages, count: countRequest(withImages, MINI, { images }) };
    const user = messageHints(imageView, MINI, englishOnly)[1]!;
    const text = imageView.count.parts.find((part) => part.kind === 'message' && part.messageIndex === 1)!.tokens;
    const pictures = imageView.count.parts.filter((part) => part.kind === 'image').reduce((sum, part) => sum + part.tokens, 0);
    assert.ok(pictures > 0);
    const exactness = imageView.count.parts.some((part) => part.messageIndex === 1 && part.exactness === 'estimate') ? 'estimate' : 'exact';
    assert.equal(user.label, `${countMark(exactness)}${formatInteger(text + pictures)} tok`);
    assert.match(user.tooltip, new RegExp(`Its images: ${formatInteger(pictures)} tokens\\.`));
    // Estimates say so.
    assert.match(messageHints(counted(review, HAIKU), HAIKU, englishOnly)[0]!.label, /^≈\d+ tok$/);
  });
});
