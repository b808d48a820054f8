import { RequestBuilder, emptyContent, variablesOf } from '../builder';
import { fillPlaceholders, placeholderNames } from '../mustache';
import type { LineIndex } from '../position';
import type { ParseOutcome } from '../types';
import { asArray, asString, field, isRecord, valueText } from '../values';
import { itemPositions, parseYaml, positionOf } from '../yamlDoc';
import { appendAll } from '../../util/arrays';

/**
 * GitHub Models `*.prompt.yml`: only `messages` is sent; `{{name}}` placeholders take the first
 * `testData` row's values (GitHub Docs, "Storing prompts in GitHub repositories").
 */
export function parseGithubModels(text: string, lines: LineIndex): ParseOutcome {
  const parsed = parseYaml(text, 0, lines);
  if (!parsed.ok) return { kind: 'error', format: 'github-models', error: parsed.error };
  const { source } = parsed;
  const messages = field(source.value, 'messages');
  if (!Array.isArray(messages)) {
    return { kind: 'error', format: 'github-models', error: { message: 'no "messages" list', position: positionOf(source, []) } };
  }
  const row = asArray(field(source.value, 'testData'))[0];
  const values = isRecord(row) ? row : undefined;
  const positions = itemPositions(source, ['messages']);
  const builder = new RequestBuilder();
  const names: string[] = [];
  messages.forEach((message, index) => {
    const written = valueText(field(message, 'content'));
    appendAll(names, placeholderNames(written));
    builder.addMessage(asString(field(message, 'role')) ?? 'user', { ...emptyContent(), text: fillPlaceholders(written, values) }, positions[index] ?? positionOf(source, ['messages']));
  });
  return {
    kind: 'request',
    request: builder.build('github-models', asString(field(source.value, 'model')) ?? null, variablesOf([...new Set(names)], values)),
  };
}
