/**
 * Checks the offline Claude estimate against Anthropic's exact count_tokens endpoint, with your
 * own key, on the test corpus (test/fixtures/tokenizers/corpus.json) or on files you name. Sends
 * each text once per model; the endpoint is free but rate-limited. Nothing else is sent.
 *
 *   ANTHROPIC_API_KEY=… npx tsx scripts/calibrate-claude.ts [--model claude-haiku-4-5] [file …]
 *   (ANTHROPIC_BASE_URL=… for a proxy)
 *
 * Prints, per text: the exact count (framing removed), the estimate, the error, and whether the
 * exact count lies inside the estimate's band for that text. Use the output to correct the
 * factors in src/core/tokenizers/claude.ts (and add the measurement to
 * test/fixtures/tokenizers/claude-published.json with its date).
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { countClaudeTokens } from '../src/core/exact/anthropic';
import { ExactCountError } from '../src/core/exact/errors';
import { getTokenizer, tokenizerForModel } from '../src/core/tokenizers/registry';
import type { ScriptEstimateTokenizer } from '../src/core/tokenizers/scriptEstimate';

const ROOT = resolve(__dirname, '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const models: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--model') models.push(args[++i] ?? '');
    else files.push(args[i]!);
  }
  if (models.length === 0) models.push('claude-haiku-4-5', 'claude-opus-4-7');
  const apiKey = process.env.ANTHROPIC_API_KEY ?? '';
  // Another address (a proxy, or a local stand-in when trying the script out).
  const baseUrl = process.env.ANTHROPIC_BASE_URL || undefined;
  if (!apiKey) throw new Error('Set ANTHROPIC_API_KEY to your own key.');
  const texts: [string, string][] = files.length
    ? files.map((file) => [basename(file), readFileSync(file, 'utf8')])
    : Object.entries(JSON.parse(readFileSync(join(ROOT, 'test/fixtures/tokenizers/corpus.json'), 'utf8')) as Record<string, string>).filter(
        ([, text]) => text.trim().length > 0,
      );
  for (const model of models) {
    const estimator = getTokenizer(tokenizerForModel('anthropic', model)) as ScriptEstimateTokenizer;
    // The message framing: what a one-character message costs beyond its character.
    const framing = (await countClaudeTokens({ apiKey, model, text: 'a', baseUrl })).tokens - 1;
    console.log(`\n${model} (${estimator.label}; framing ${framing} tokens)`);
    console.log('text'.padEnd(22), 'exact'.padStart(7), 'estimate'.padStart(9), 'error'.padStart(8), '  in band');
    let inside = 0;
    for (const [name, text] of texts) {
      const exact = (await countClaudeTokens({ apiKey, model, text, baseUrl })).tokens - framing;
      const estimate = estimator.estimate(text);
      const error = estimate.count / exact - 1;
      const ok = exact >= estimate.count * (1 + estimate.band.low) && exact <= estimate.count * (1 + estimate.band.high);
      if (ok) inside++;
      console.log(name.slice(0, 22).padEnd(22), String(exact).padStart(7), String(estimate.count).padStart(9), `${(error * 100).toFixed(1)}%`.padStart(8), ok ? '  yes' : '  NO');
    }
    console.log(`${inside} of ${texts.length} inside the band`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ExactCountError ? `${error.kind}: ${error.message}` : error);
  process.exitCode = 1;
});
