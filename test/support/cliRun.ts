import { parseCliArgs, UsageError } from '../../src/cli/args';
import { runCli } from '../../src/cli/run';
import { ModelCatalog } from '../../src/core/pricing/catalog';
import type { ModelInfo } from '../../src/core/pricing/types';

/** The CLI tests' catalog: a few models with round test prices. */
const price = (input: string, output: string) => ({ currency: 'USD' as const, input, output, source: 'test table', asOf: '2026-01-01' });
const CLI_TEST_CATALOG = new ModelCatalog([
  { id: 'openai/gpt-5-mini', name: 'GPT-5 mini', vendor: 'openai', tokenizer: 'o200k_base', featured: true, tier: 'mini', contextWindow: 400000, maxInput: 272000, price: price('0.25', '2') },
  { id: 'openai/gpt-5', name: 'GPT-5', vendor: 'openai', tokenizer: 'o200k_base', featured: true, tier: 'top', contextWindow: 400000, price: price('1.25', '10') },
  { id: 'anthropic/claude-haiku-4-5', name: 'Claude Haiku 4.5', vendor: 'anthropic', tokenizer: 'estimate:anthropic', featured: true, tier: 'mini', contextWindow: 200000, price: price('1', '5') },
  { id: 'openai/gpt-4', name: 'GPT-4', vendor: 'openai', tokenizer: 'cl100k_base', contextWindow: 8192 },
  { id: 'google/gemini-2.5-flash', name: 'Gemini 2.5 Flash', vendor: 'google', tokenizer: 'gemma3', contextWindow: 1048576, price: price('0.3', '2.5') },
] satisfies ModelInfo[]);

/** Runs the CLI in-process on the test catalog and captures what it writes. */
export async function runCliForTest(args: string[], stdin = '', cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code: number;
  try {
    code = await runCli(
      parseCliArgs(args),
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), readStdin: () => ({ kind: 'read', bytes: Buffer.from(stdin) }), version: '9.9.9', ...(cwd ? { cwd } : {}) },
      CLI_TEST_CATALOG,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr = error.message;
    code = 2;
  }
  return { code, stdout, stderr };
}
