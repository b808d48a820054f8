import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentCounter } from '../../../../src/core/counting/documentCounter';
import { parseRequestFile } from '../../../../src/core/request';
import { flavourOf, sectionLines, symbolSections, textSections, type Section } from '../../../../src/core/sections';
import { getTokenizer } from '../../../../src/core/tokenizers/registry';
import { FakeDocument } from '../../../support/fakeDocument';
import { REPO_ROOT } from '../../../support/paths';

const fixture = (name: string): string => readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'workspace', name), 'utf8');

/** A prompt file's sections as the editor and the CLI make them: its messages from the request model's parse. */
const requestSections = (name: string, text: string): Section[] => {
  const parsed = parseRequestFile(name, text);
  return textSections(name, text, flavourOf(name), parsed.kind === 'request' ? parsed.request.messages : []);
};

/** `[title, level, parent title]` of each section, for compact expectations. */
const shape = (sections: readonly Section[]): [string, number, string | null][] =>
  sections.map((section) => [section.title, section.level, section.parent === -1 ? null : sections[section.parent]!.title]);

describe('sections: where a reader sees parts', () => {
  it('splits Markdown at every heading (ATX and setext), with the text before the first at level 0', () => {
    const text = 'Intro text.\n\n# One\nbody\n## One.a\nmore\n### deep ###\nx\nTwo\n===\ny\nThree\n---\nz\n';
    const sections = textSections('notes.md', text);
    assert.deepEqual(shape(sections), [
      ['', 0, null],
      ['One', 1, null],
      ['One.a', 2, 'One'],
      ['deep', 3, 'One.a'],
      ['Two', 1, null],
      ['Three', 2, 'Two'],
    ]);
    // Flat: each section runs to the next start; the tree's extent holds the subsections.
    const one = sections[1]!;
    assert.equal(text.slice(one.start, one.end), '# One\nbody\n');
    assert.equal(text.slice(one.start, one.extentEnd), '# One\nbody\n## One.a\nmore\n### deep ###\nx\n');
    assert.equal(text.slice(sections[4]!.start, sections[4]!.extentEnd), 'Two\n===\ny\nThree\n---\nz\n');
  });

  it('ignores headings in fenced code and front matter, a setext line after a list, and a text without starts', () => {
    const text = '---\ntitle: x\n# not a heading\n---\n# Real\n```md\n# fenced\n```\n- item\n---\n~~~\n## also fenced\n~~~\n';
    assert.deepEqual(shape(textSections('a.md', text)), [
      ['', 0, null],
      ['Real', 1, null],
    ]);
    assert.deepEqual(textSections('a.md', 'no headings here\n'), []);
    // Plain text: tags only, never `#` lines (a comment in a .txt prompt is not a heading).
    assert.deepEqual(shape(textSections('a.txt', '# not\n<rules>\nx\n</rules>\n')), [
      ['', 0, null],
      ['<rules>', 1, null],
    ]);
  });

  it('finds XML-style tag blocks, nested in headings and in each other; an unclosed tag is no section', () => {
    const text = fixture('tagged-prompt.md');
    const sections = textSections('tagged-prompt.md', text);
    assert.deepEqual(shape(sections), [
      ['', 0, null],
      ['Agent prompt: release notes writer', 1, null],
      ['<instructions>', 2, 'Agent prompt: release notes writer'],
      ['Tone', 2, '<instructions>'],
      ['<examples>', 2, 'Agent prompt: release notes writer'],
      ['<example>', 3, '<examples>'],
      ['<example>', 3, '<examples>'],
      ['<context>', 2, 'Agent prompt: release notes writer'],
      ['Output', 2, 'Agent prompt: release notes writer'],
    ]);
    const instructions = sections[2]!;
    assert.ok(text.slice(instructions.start, instructions.extentEnd).endsWith('</instructions>\n'));
    // The heading inside the tag ends with the tag.
    assert.equal(sections[3]!.extentEnd, instructions.extentEnd);
    assert.deepEqual(shape(textSections('a.md', '<open>\nnever closed\n# H\n')), [
      ['', 0, null],
      ['H', 1, null],
    ]);
  });

  it('closes a tag among tens of thousands left open without walking them for every line that ends in `>`', () => {
    // 80,000 open tags, every line one that could close a block: each line searched the whole
    // stack, which took 100 s (an HTML page of unclosed <p> in the Sections view froze the host).
    const lines = ['<outer>', ...Array.from({ length: 40_000 }, (_, i) => `<p>${i}`), ...Array.from({ length: 40_000 }, () => '<section>'), 'done </outer>', '<p>last</p>'];
    const sections = textSections('page.html', lines.join('\n'), 'plain');
    // The only block closed is <outer>; the tags opened inside it close with it, as no sections.
    assert.deepEqual(shape(sections), [['<outer>', 1, null]]);
    assert.equal(sections[0]!.extentEnd, lines.slice(0, -1).join('\n').length + 1);
  });

  it('splits a prompt file and a request body into their messages, headings nested inside', () => {
    const yml = fixture('prompts/summarize-ticket.prompt.yml');
    const messages = requestSections('prompts/summarize-ticket.prompt.yml', yml).filter((section) => section.kind === 'message');
    assert.deepEqual(messages.map((section) => section.title), ['system', 'user']);
    assert.match(yml.slice(messages[0]!.start, messages[0]!.end), /^ {2}- role: system\n/);
    const json = fixture('requests/chat-completion.json');
    const body = requestSections('requests/chat-completion.json', json);
    assert.deepEqual(body.filter((section) => section.kind === 'message').map((section) => section.title), ['system', 'user']);
    const prompt = 'system:\nYou help.\n\n# Rules\nBe brief.\n\nuser:\n{{question}}\n';
    assert.ok(!textSections('ask.prompty', prompt).some((section) => section.kind === 'message'), 'the text alone: headings only (the caller parses)');
    assert.deepEqual(shape(requestSections('ask.prompty', prompt)), [
      ['system', 1, null],
      ['Rules', 1, 'system'],
      ['user', 1, null],
    ]);
  });

  it('nests code symbols as the language reports them, on whole lines', () => {
    const text = 'import x;\nclass A {\n  m() {\n    return 1;\n  }\n}\nfunction f() {}\n';
    const sections = symbolSections(text, [
      { name: 'f', kind: 'function', start: text.indexOf('function'), end: text.length - 1, children: [] },
      { name: 'A', kind: 'class', start: text.indexOf('class'), end: text.indexOf('}\nfunction') + 1, children: [{ name: 'm', kind: 'method', start: text.indexOf('m()'), end: text.indexOf('  }') + 3, children: [] }] },
    ]);
    assert.deepEqual(shape(sections), [
      ['A', 1, null],
      ['m', 2, 'A'],
      ['f', 1, null],
    ]);
    assert.equal(text.slice(sections[0]!.start, sections[0]!.extentEnd), 'class A {\n  m() {\n    return 1;\n  }\n}\n');
    assert.equal(text.slice(sections[1]!.start, sections[1]!.extentEnd), '  m() {\n    return 1;\n  }\n');
    assert.equal(sections[0]!.detail, 'class');
  });

  it('gives 1-based line ranges whose lines are the section\'s text, CRLF included', () => {
    const text = 'intro\r\n# A\r\na\r\n# B\r\nb';
    const lines = sectionLines(text, textSections('x.md', text));
    assert.deepEqual(lines.map(({ title, level, startLine, endLine }) => ({ title, level, startLine, endLine })), [
      { title: '', level: 0, startLine: 1, endLine: 1 },
      { title: 'A', level: 1, startLine: 2, endLine: 3 },
      { title: 'B', level: 1, startLine: 4, endLine: 5 },
    ]);
    const allLines = text.split(/(?<=\r\n)/);
    for (const line of lines) assert.equal(text.slice(line.start, line.end), allLines.slice(line.startLine - 1, line.endLine).join(''));
  });

  it('counts every section (flat and whole) from the chunk index exactly as its text alone: Markdown, tagged prompts, prompt files, code', async () => {
    const code = readFileSync(join(REPO_ROOT, 'src', 'core', 'counting', 'chunkIndex.ts'), 'utf8');
    const cases: [string, string, Section[]][] = [
      ['system-prompt.md', fixture('system-prompt.md'), textSections('system-prompt.md', fixture('system-prompt.md'))],
      ['chinese-prompt.md', fixture('chinese-prompt.md'), textSections('chinese-prompt.md', fixture('chinese-prompt.md'))],
      ['tagged-prompt.md', fixture('tagged-prompt.md'), textSections('tagged-prompt.md', fixture('tagged-prompt.md'))],
      ['summarize-ticket.prompt.yml', fixture('prompts/summarize-ticket.prompt.yml'), requestSections('summarize-ticket.prompt.yml', fixture('prompts/summarize-ticket.prompt.yml'))],
      ['chunkIndex.ts', code, symbolSections(code, [{ name: 'ChunkIndex', kind: 'class', start: code.indexOf('export class ChunkIndex'), end: code.lastIndexOf('}') + 1, children: [] }])],
    ];
    const counter = new DocumentCounter({ maxCharacters: () => 10_000_000, sizing: { minChars: 64, softMaxChars: 256 } });
    for (const tokenizerId of ['o200k_base', 'cl100k_base', 'estimate:generic']) {
      const tokenizer = getTokenizer(tokenizerId);
      for (const [name, text, sections] of cases) {
        assert.ok(sections.length > 0, name);
        const spans = sections.flatMap((section) => [
          { start: section.start, end: section.end },
          { start: section.start, end: section.extentEnd },
        ]);
        const result = await counter.countSpans(new FakeDocument(text, { toString: () => `file:///${name}` }), spans, tokenizerId);
        assert.equal(result.kind, 'counted');
        if (result.kind !== 'counted') return;
        assert.deepEqual(
          result.ranges.map((counted) => counted.tokens),
          spans.map((span) => tokenizer.count(text.slice(span.start, span.end))),
          `${name} on ${tokenizerId}`,
        );
      }
    }
    counter.dispose();
  });
  it('always tiles the text with the flat spans and nests the extents (random Markdown with tags)', () => {
    const line = fc.constantFrom('# H1', '## H2', '### H3', 'text', '', '<a>', '</a>', '<b x="1">', '</b>', '```', '---', '===', '- item', '  indented', 'Setext', '<c>inline</c>');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.join(eol) + (lines.length ? eol : '');
        const sections = textSections('random.md', text);
        if (sections.length === 0) return;
        assert.equal(text.slice(0, sections[0]!.start).trim(), '', 'only blank lines come before the first section');
        sections.forEach((section, i) => {
          assert.equal(section.end, sections[i + 1]?.start ?? text.length, 'flat spans tile the text');
          assert.ok(section.start <= section.end && section.start <= section.extentEnd && section.extentEnd <= text.length);
          if (section.parent >= 0) {
            const parent = sections[section.parent]!;
            assert.ok(parent.start <= section.start && section.extentEnd <= parent.extentEnd, 'a subsection lies inside what holds it');
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});
