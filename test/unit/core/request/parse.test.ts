import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRequestFile } from '../../../../src/core/request/parse';
import type { ParsedRequest, ParseOutcome } from '../../../../src/core/request/types';
import { FIXTURES } from '../../../support/paths';

const DIR = join(FIXTURES, 'requests');
const WORKSPACE = join(FIXTURES, 'workspace');

function parseFixture(name: string, dir = DIR): ParseOutcome {
  return parseRequestFile(join(dir, name), readFileSync(join(dir, name), 'utf8'));
}

function request(name: string, dir = DIR): ParsedRequest {
  const outcome = parseFixture(name, dir);
  assert.equal(outcome.kind, 'request', JSON.stringify(outcome));
  return (outcome as { request: ParsedRequest }).request;
}

/** [role, content] of every message. */
function messages(parsed: ParsedRequest): [string, string][] {
  return parsed.messages.map((message) => [message.role, message.content]);
}

/** One-based line of each message, as an editor shows it. */
function lines(parsed: ParsedRequest): number[] {
  return parsed.messages.map((message) => message.position.line + 1);
}

describe('request model: parsing prompt files', () => {
  describe('GitHub Models .prompt.yml', () => {
    it('sends only the messages, filled from the first testData row', () => {
      const parsed = request('with-sample.prompt.yml');
      assert.equal(parsed.format, 'github-models');
      assert.equal(parsed.model, 'openai/gpt-4o');
      assert.deepEqual(messages(parsed), [
        ['system', 'You label bug reports. Answer with one label from crash, ui, performance.'],
        ['user', 'Report from dana:\nThe settings page freezes for ten seconds after I press Save.\n'],
      ]);
      assert.deepEqual(lines(parsed), [7, 9]);
      assert.equal(parsed.variableSource, 'sample');
      assert.deepEqual(parsed.variables, [
        { name: 'labels', filled: true },
        { name: 'reporter', filled: true },
        { name: 'report', filled: true },
      ]);
      assert.deepEqual(parsed.omissions, []);
    });

    it('counts the placeholders as written when there is no testData', () => {
      const parsed = request('no-sample.prompt.yml');
      assert.deepEqual(messages(parsed), [
        ['system', "Translate the user's text into {{language}}."],
        ['user', '{{text}}'],
      ]);
      assert.equal(parsed.variableSource, 'placeholders');
      assert.deepEqual(parsed.variables.map((variable) => variable.filled), [false, false]);
    });

    it('parses a prompt file with 200,000 different placeholders (the CLI parses any size)', () => {
      // Collected with push(...names) they overflowed the stack: "could not parse line 1: Maximum call stack size exceeded".
      const names = Array.from({ length: 200_000 }, (_, i) => `{{v${i}}}`).join(' ');
      const outcome = parseRequestFile('many.prompt.yml', `messages:\n  - role: user\n    content: "${names}"\n`);
      assert.equal(outcome.kind, 'request', outcome.kind === 'error' ? outcome.error.message : '');
      assert.equal(outcome.kind === 'request' && outcome.request.variables.length, 200_000);
    });

    it('reads the sample workspace prompt', () => {
      const parsed = request(join('prompts', 'summarize-ticket.prompt.yml'), WORKSPACE);
      assert.equal(parsed.model, 'openai/gpt-4o-mini');
      assert.equal(parsed.messages.length, 2);
      assert.ok(parsed.messages[1]!.content.startsWith('Ticket 48213 from Business customer:'));
    });

    it('reports malformed YAML with its line, and a file without messages', () => {
      const broken = parseFixture('broken.prompt.yml');
      assert.equal(broken.kind, 'error');
      if (broken.kind !== 'error') return;
      assert.equal(broken.format, 'github-models');
      assert.equal(broken.error.position.line + 1, 7);
      assert.match(broken.error.message, /Flow sequence/);
      const empty = parseRequestFile('x.prompt.yml', 'model: openai/gpt-4o\n');
      assert.equal(empty.kind, 'error');
      assert.match((empty as { error: { message: string } }).error.message, /no "messages" list/);
    });
  });

  describe('VS Code prompt and instruction files', () => {
    it('sends a .prompt.md body as one user message and names what VS Code adds', () => {
      const parsed = request('draft-reply.prompt.md');
      assert.equal(parsed.model, 'GPT-4o');
      assert.deepEqual(messages(parsed), [['user', 'Draft a polite reply to the email in ${selection}.\nKeep it under ${input:maxWords:120} words and sign it as ${input:signature}.\n']]);
      assert.deepEqual(lines(parsed), [6]);
      assert.deepEqual(parsed.variables, [
        { name: 'selection', filled: false },
        { name: 'input:maxWords', filled: false },
        { name: 'input:signature', filled: false },
      ]);
      assert.deepEqual(parsed.tools.map((tool) => [tool.name, tool.kind]), [['fetch', 'named']]);
      assert.deepEqual(parsed.omissions, [{ kind: 'toolDefinitions', names: ['fetch'] }, { kind: 'clientContext' }]);
    });

    it('marks instruction files as sent with every request, keeping applyTo', () => {
      const scoped = request('tests.instructions.md');
      assert.equal(scoped.format, 'vscode-instructions');
      assert.equal(scoped.alwaysOn, true);
      assert.equal(scoped.applyTo, 'test/**/*.ts');
      assert.deepEqual(messages(scoped), [['system', 'Write Mocha tests with node:assert in strict mode.\nCompute expected values independently of the code under test.\n']]);
      const copilot = request(join('.github', 'copilot-instructions.md'));
      assert.equal(copilot.format, 'vscode-instructions');
      assert.equal(copilot.messages[0]!.content, readFileSync(join(DIR, '.github', 'copilot-instructions.md'), 'utf8'));
      const agents = request('AGENTS.md');
      assert.equal(agents.format, 'agents-md');
      assert.equal(agents.alwaysOn, true);
      assert.equal(agents.messages[0]!.content, readFileSync(join(DIR, 'AGENTS.md'), 'utf8'));
      const claude = request('CLAUDE.md');
      assert.equal(claude.format, 'claude-md');
      assert.deepEqual(claude.omissions, [{ kind: 'external', reference: '@docs/architecture.md' }]);
    });

    it('leaves other Markdown and the workspace template as plain text', () => {
      assert.deepEqual(parseRequestFile('README.md', '# Hello'), { kind: 'plain' });
      assert.deepEqual(parseFixture(join('prompts', 'answer.jinja'), WORKSPACE), { kind: 'plain' });
      assert.deepEqual(parseFixture(join('prompts', 'token-budget.ipynb'), WORKSPACE), { kind: 'plain' });
    });
  });

  describe('Prompty', () => {
    it('renders the Jinja body with the sample and splits it at role lines', () => {
      const parsed = request('support.prompty');
      assert.equal(parsed.model, 'gpt-4o-mini');
      assert.deepEqual(messages(parsed), [
        ['system', 'You are a support assistant for Ana.\nUse only this context:\nThe Pro plan includes 2 TB of storage and priority support.'],
        ['user', 'How much storage do I get?'],
      ]);
      assert.deepEqual(lines(parsed), [16, 21]);
      assert.equal(parsed.variableSource, 'sample');
      assert.deepEqual(parsed.variables.map((variable) => variable.name), ['firstName', 'context', 'question']);
    });

    it('counts the body as written without a sample, and names no model for an ${env:} deployment', () => {
      const parsed = request('no-sample.prompty');
      assert.equal(parsed.model, null);
      assert.deepEqual(messages(parsed), [
        ['system', 'Summarize in {% if short %}one sentence{% else %}three sentences{% endif %}.'],
        ['user', '{{text}}'],
      ]);
      assert.equal(parsed.variableSource, 'placeholders');
    });

    it('sends a Markdown image in a user message as an image part', () => {
      const parsed = request('vision.prompty');
      assert.deepEqual(messages(parsed), [
        ['system', 'You name colours.'],
        ['user', 'Which colour is this?\n'],
      ]);
      assert.deepEqual(parsed.images.map((image) => [image.source, image.messageIndex]), [[{ kind: 'path', path: 'images/red-40x30.png' }, 1]]);
    });

    it('stops a runaway template at a limit and counts it as written, with a warning', () => {
      const parsed = request('runaway.prompty');
      assert.equal(parsed.warnings.length, 1);
      // The step limit or, on a loaded machine, the time limit: either stops it.
      assert.match(parsed.warnings[0]!.message, /took more than (\d+ steps|\d+ ms) to render/);
      assert.match(parsed.messages[0]!.content, /^\{% for i in range\(5000\) %\}/);
      assert.equal(parsed.variableSource, 'placeholders');
    });

    it('cannot reach JavaScript from a template', () => {
      const text = '---\nsample:\n  x: 1\n---\nuser:\n{{ x.constructor }}|{{ "".constructor }}|{{ x.__proto__ }}|{{ range.constructor }}\n';
      const parsed = parseRequestFile('evil.prompty', text);
      assert.equal(parsed.kind, 'request');
      const content = (parsed as { request: ParsedRequest }).request.messages.map((message) => message.content).join('');
      assert.doesNotMatch(content, /function|native code|Object/);
    });

    it('reports broken front matter with its line', () => {
      const broken = parseFixture('broken.prompty');
      assert.equal(broken.kind, 'error');
      assert.equal((broken as { error: { position: { line: number } } }).error.position.line + 1, 4);
    });
  });

  describe('Dotprompt', () => {
    it('renders with input.default, splits at {{role}}, and takes {{media}} as an image', () => {
      const parsed = request('describe-image.prompt');
      assert.equal(parsed.model, 'googleai/gemini-2.5-flash');
      assert.deepEqual(messages(parsed), [
        ['system', '\nYou describe images for a design review.\n'],
        ['user', '\nDescribe the logo in this picture: \n'],
      ]);
      assert.deepEqual(lines(parsed), [12, 14]);
      assert.deepEqual(parsed.images.map((image) => image.source), [{ kind: 'path', path: 'images/flat-20x10.gif' }]);
      assert.equal(parsed.variableSource, 'sample');
      assert.deepEqual(parsed.omissions, [{ kind: 'toolDefinitions', names: ['lookupBrand'] }]);
    });

    it('counts a body without defaults as written, as one user message', () => {
      const parsed = request('no-defaults.prompt');
      assert.deepEqual(messages(parsed), [['user', 'Plan a trip to {{city}} for {{days}} days.\n{{#if days}}Keep each day short.{{/if}}\n']]);
      assert.equal(parsed.variableSource, 'placeholders');
      assert.deepEqual(parsed.variables.map((variable) => variable.name), ['city', 'days']);
    });

    it('allows only Dotprompt helpers and loads no partials', () => {
      const helper = parseRequestFile('x.prompt', '---\ninput:\n  default:\n    a: 1\n---\n{{evil a}}\n');
      assert.equal(helper.kind, 'request');
      assert.match((helper as { request: ParsedRequest }).request.warnings[0]!.message, /unknown helper evil/);
      const partial = parseRequestFile('x.prompt', '---\ninput:\n  default:\n    a: 1\n---\n{{> header}} hi {{a}}\n');
      assert.deepEqual((partial as { request: ParsedRequest }).request.omissions, [{ kind: 'external', reference: '{{> header}}' }]);
    });

    it('reports a Handlebars syntax error with the file line', () => {
      const broken = parseFixture('broken.prompt');
      assert.equal(broken.kind, 'error');
      if (broken.kind !== 'error') return;
      assert.equal(broken.error.position.line + 1, 6);
      assert.match(broken.error.message, /Parse error on line 3: Expecting/);
    });

    it('refuses blocks nested past 256 at once, with the line, before Handlebars takes minutes on them', () => {
      // 8,000 nested {{#if}} took Handlebars' parser 65 s (then overflowed its stack).
      const deep = (depth: number) => `---\nmodel: gpt-4o\n---\nhello\n${'{{#if x}}'.repeat(depth)}y${'{{/if}}'.repeat(depth)}\n`;
      const refused = parseRequestFile('deep.prompt', deep(8_000));
      assert.equal(refused.kind, 'error');
      if (refused.kind !== 'error') return;
      assert.equal(refused.error.message, 'Blocks nested more than 256 deep on line 2');
      assert.equal(refused.error.position.line + 1, 5);
      assert.equal(parseRequestFile('deep.prompt', deep(256)).kind, 'request');
      // Comments, raw blocks, escaped mustaches, {{else}} and {{^}} open nothing.
      const noise = `{{!-- ${'{{#if x}}'.repeat(300)} --}}{{{{raw}}}}${'{{#each}}'.repeat(300)}{{{{/raw}}}}${'\\{{#if x}}'.repeat(300)}`;
      const elses = `${'{{#if x}}a{{else}}b{{/if}}{{#if y}}a{{^}}b{{/if}}'.repeat(300)}`;
      assert.equal(parseRequestFile('noise.prompt', `---\nmodel: gpt-4o\n---\n${noise}${elses}\n`).kind, 'request');
    });
  });

  describe('request bodies saved as JSON', () => {
    it('recognizes OpenAI Chat Completions with tools by structure', () => {
      const parsed = request('openai-chat-tools.json');
      assert.equal(parsed.format, 'openai-chat');
      assert.deepEqual(lines(parsed), [4, 8]);
      assert.deepEqual(parsed.tools.map((tool) => [tool.name, tool.kind, tool.description]), [['get_current_weather', 'function', 'Get the current weather in a given location']]);
    });

    it('keeps names and image details of Chat Completions parts', () => {
      const parsed = request('openai-chat-images.json');
      assert.equal(parsed.messages[0]!.name, 'house_rules');
      assert.deepEqual(messages(parsed)[1], ['user', 'Compare these pictures.']);
      assert.deepEqual(parsed.images.map((image) => [image.source.kind, image.detail]), [['path', 'high'], ['data', 'low'], ['url', 'high']]);
    });

    it('reads a Responses body: instructions, input items, function calls, built-in tools', () => {
      const parsed = request('openai-responses.json');
      assert.equal(parsed.format, 'openai-responses');
      assert.deepEqual(parsed.messages.map((message) => [message.role, message.content, message.structured ?? '']), [
        ['system', 'Answer in French.', ''],
        ['user', 'What is the capital of Italy?', ''],
        ['assistant', '', 'lookup {"q":"capital of Italy"}'],
        ['tool', '', 'Rome'],
      ]);
      assert.deepEqual(parsed.tools.map((tool) => [tool.name, tool.kind]), [['lookup', 'function'], ['web_search', 'builtin']]);
      assert.deepEqual(parsed.omissions, [{ kind: 'builtinTool', name: 'web_search' }]);
    });

    it('reads an Anthropic body: system, image blocks, tools and tool_choice', () => {
      const parsed = request('anthropic-messages.json');
      assert.equal(parsed.format, 'anthropic-messages');
      assert.deepEqual(messages(parsed), [
        ['system', 'You are a careful art critic.'],
        ['user', 'Rate this painting.'],
      ]);
      assert.equal(parsed.toolChoice, 'any');
      assert.deepEqual(parsed.images.map((image) => [image.source.kind, image.messageIndex]), [['data', 1]]);
      assert.deepEqual(parsed.tools[0]!.parameters, { type: 'object', properties: { stars: { type: 'integer' } }, required: ['stars'] });
    });

    it('reads a Gemini body: systemInstruction, inline and file images, declarations, Google tools', () => {
      const parsed = request('gemini.json');
      assert.equal(parsed.format, 'gemini');
      assert.equal(parsed.model, null);
      assert.deepEqual(messages(parsed), [
        ['system', 'Reply with a single word.'],
        ['user', 'Which colour dominates?'],
      ]);
      assert.deepEqual(parsed.images.map((image) => image.source.kind), ['data', 'path']);
      assert.deepEqual(parsed.tools.map((tool) => [tool.name, tool.kind]), [['paint', 'function'], ['googleSearch', 'builtin']]);
    });

    it('treats other JSON as plain text and reports broken request JSON with its line', () => {
      assert.deepEqual(parseFixture('not-a-request.json'), { kind: 'plain' });
      assert.deepEqual(parseRequestFile('package.json', '{ "name": "x", "version": '), { kind: 'plain' });
      const broken = parseFixture('broken-chat.json');
      assert.equal(broken.kind, 'error');
      if (broken.kind !== 'error') return;
      assert.equal(broken.format, 'openai-chat');
      assert.equal(broken.error.position.line + 1, 5);
    });

    it('recognizes a request body on stdin, whatever the name', () => {
      const outcome = parseRequestFile('<stdin>', '{"model":"claude-haiku-4-5","system":"Be brief.","messages":[{"role":"user","content":"Hi"}]}');
      assert.equal(outcome.kind, 'request');
      assert.equal((outcome as { request: ParsedRequest }).request.format, 'anthropic-messages');
    });

    it('reads the sample workspace request', () => {
      const parsed = request(join('requests', 'chat-completion.json'), WORKSPACE);
      assert.equal(parsed.model, 'gpt-4o-mini');
      assert.deepEqual(parsed.tools.map((tool) => tool.name), ['get_order_status', 'open_ticket']);
      assert.equal(request('AGENTS.md', WORKSPACE).alwaysOn, true);
    });
  });
});
