import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, COMPARISON_VIEW_TYPE, CONTEXT_VIEW_ID, MCP_PROVIDER_ID, SECTIONS_VIEW_ID, TOKEN_COST_TOOL } from '../../../src/extension/commandIds';
import { MAX_TOOL_MODELS } from '../../../src/extension/lmTool/input';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync('package.nls.json', 'utf8'));
const nlsZh: Record<string, string> = JSON.parse(readFileSync('package.nls.zh-cn.json', 'utf8'));
const bundleZh: Record<string, string> = JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8'));

/** Every `t('…')` / `l10n.t('…')` literal in the extension sources. */
function sourceMessages(): Set<string> {
  const messages = new Set<string>();
  const dir = 'src/extension';
  // The core's price-refresh sentences are translated by the extension's `t` too.
  const files = [
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts')).map((name) => join(dir, name)),
    'src/core/pricing/describeRefresh.ts',
  ];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const literal = (raw: string): string => raw.replace(/\\'/g, "'").replace(/\\\\/g, '\\');
    for (const match of text.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) messages.add(literal(match[1]!));
    // t({ message: '…', comment: '…' }): VS Code looks these up under "message/comment".
    for (const match of text.matchAll(/\bt\(\{\s*message:\s*'((?:[^'\\]|\\.)*)',\s*comment:\s*'((?:[^'\\]|\\.)*)'\s*\}/g)) {
      messages.add(`${literal(match[1]!)}/${literal(match[2]!)}`);
    }
  }
  return messages;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\d+\}/g)].map((match) => match[0]).sort();
}

describe('extension manifest', () => {
  it('contributes exactly the commands that have handlers, all in the Token Cost category', () => {
    const contributed: string[] = manifest.contributes.commands.map((command: { command: string }) => command.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const command of manifest.contributes.commands) {
      assert.equal(nls[command.category.replace(/%/g, '')], 'Token Cost');
      assert.ok(nls[command.title.replace(/%/g, '')], `title of ${command.command}`);
    }
    // Handlers: registerCommands takes a Record<CommandId, handler>, and every id is registered from it.
    const commands = readFileSync('src/extension/commands.ts', 'utf8');
    for (const key of Object.keys(COMMANDS)) assert.ok(commands.includes(`[COMMANDS.${key}]:`), `handler for ${key}`);
  });

  it('only references contributed commands in menus', () => {
    const ids = new Set(Object.values(COMMANDS) as string[]);
    for (const [menu, entries] of Object.entries(manifest.contributes.menus as Record<string, { command: string }[]>)) {
      for (const entry of entries) assert.ok(ids.has(entry.command), `${menu}: ${entry.command}`);
    }
  });

  it('contributes exactly the tree views the extension creates, each with a welcome text', () => {
    const views = Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flat().map((view) => view.id);
    assert.deepEqual(views.sort(), [CONTEXT_VIEW_ID, SECTIONS_VIEW_ID].sort());
    assert.deepEqual(manifest.contributes.viewsWelcome.map((welcome: { view: string }) => welcome.view).sort(), views);
  });

  it('contributes the tokenCost language-model tool, referenceable as #tokenCost, taking the input the tool reads', () => {
    const tools = manifest.contributes.languageModelTools;
    assert.equal(tools.length, 1);
    const [tool] = tools;
    assert.equal(tool.name, TOKEN_COST_TOOL);
    assert.equal(tool.toolReferenceName, 'tokenCost');
    assert.equal(tool.canBeReferencedInPrompt, true);
    assert.match(tool.icon, /^\$\([a-z-]+\)$/);
    for (const field of ['displayName', 'userDescription']) assert.match(tool[field], /^%tool\.tokenCost\.\w+%$/, field);
    // The model reads this to decide when to call: what, when, the default, and that nothing leaves the machine.
    assert.match(tool.modelDescription, /offline: nothing is sent anywhere/);
    assert.match(tool.modelDescription, /Call it before/);
    assert.deepEqual(Object.keys(tool.inputSchema.properties).sort(), ['models', 'path', 'text']);
    assert.equal(tool.inputSchema.properties.models.maxItems, MAX_TOOL_MODELS);
  });

  it('declares the MCP server definition provider VS Code 1.101+ asks for (1.100 ignores the unknown contribution)', () => {
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders, [{ id: MCP_PROVIDER_ID, label: '%mcpServer.label%' }]);
  });

  it('activates cheaply and on panel restore', () => {
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished', `onWebviewPanel:${COMPARISON_VIEW_TYPE}`]);
    assert.equal(manifest.l10n, './l10n');
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });

  it('documents every setting with markdownDescription and an order', () => {
    for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties as Record<string, Record<string, unknown>>)) {
      assert.ok(typeof schema.markdownDescription === 'string', key);
      assert.ok(typeof schema.order === 'number', key);
      if (schema.enum) assert.equal((schema.enumDescriptions as unknown[]).length, (schema.enum as unknown[]).length, key);
    }
  });

  it('has every %key% of package.json in English and Chinese', () => {
    const keys = [...JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g)].map((match) => match[1]!);
    assert.ok(keys.length > 20);
    for (const key of keys) {
      assert.ok(nls[key], `package.nls.json lacks ${key}`);
      assert.ok(nlsZh[key], `package.nls.zh-cn.json lacks ${key}`);
    }
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
  });

  it('has a Chinese translation for every runtime string, with the same placeholders', () => {
    const messages = sourceMessages();
    assert.ok(messages.size > 50);
    for (const message of messages) {
      const translated = bundleZh[message];
      assert.ok(translated, `l10n/bundle.l10n.zh-cn.json lacks: ${message}`);
      assert.deepEqual(placeholders(translated), placeholders(message), message);
    }
    for (const key of Object.keys(bundleZh)) assert.ok(messages.has(key), `unused translation: ${key}`);
  });
});

describe('Get Started walkthrough', () => {
  it('has an image and a completion event on a contributed command or setting for every step', () => {
    const [walkthrough] = manifest.contributes.walkthroughs as { steps: { media: { image: string }; completionEvents: string[] }[] }[];
    assert.ok(walkthrough && walkthrough.steps.length >= 4);
    const commands = new Set(Object.values(COMMANDS) as string[]);
    const settings = new Set(Object.keys(manifest.contributes.configuration.properties));
    for (const step of walkthrough.steps) {
      assert.ok(existsSync(step.media.image), `${step.media.image} is missing`);
      for (const event of step.completionEvents) {
        const [kind, target] = event.split(':') as [string, string];
        assert.ok(kind === 'onCommand' ? commands.has(target) : kind === 'onSettingChanged' && settings.has(target), event);
      }
    }
  });

  it('ships an icon, a licence and the Marketplace metadata, with no invented repository', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    assert.ok(existsSync('media/icon.png') && existsSync('LICENSE'));
    assert.match(readFileSync('LICENSE', 'utf8'), /^MIT License/);
    assert.ok(manifest.categories.includes('AI') && manifest.categories.includes('Machine Learning'));
    assert.equal(manifest.repository, undefined);
  });
});
