import { formatContext, formatMoney, formatPercent, formatTokens } from '../core/pricing/format';
import { Decimal } from '../core/pricing/decimal';
import { convertAmount, DEFAULT_CNY_PER_USD, DEFAULT_CNY_PER_USD_AS_OF } from '../core/pricing/currency';
import { ESTIMATE_MARK, EXACTNESS_MEANINGS, EXACTNESS_WORDS } from '../core/tokenizers/exactness';
import { REQUEST_ESTIMATE, REQUEST_NEAR_EXACT } from '../core/request';
import type { CliOptions } from './args';
import type { CountedResult } from './request';
import { renderTable, type Column } from './table';

function costCell(result: CountedResult['result'], pick: (cost: NonNullable<CountedResult['result']['cost']>) => Decimal | undefined): string {
  if (!result.cost) return 'unpriced';
  const amount = pick(result.cost);
  return amount ? formatMoney(amount, result.cost.currency) : '';
}

/**
 * One row per model (tokens, context share, costs, rates, price date) and the notes that explain
 * it: exactness legend, price sources, missing batch or cache rates. For a file and for a bundle's
 * total alike.
 */
export function renderModelTable(counted: readonly CountedResult[], options: CliOptions, isRequest: boolean): { table: string; notes: string[] } {
  const columns: Column[] = [
    { header: 'model' },
    ...(options.compare ? [{ header: 'tier' }] : []),
    { header: 'tokens', right: true },
    { header: 'context', right: true },
    { header: 'input', right: true },
    { header: 'output', right: true },
    { header: 'per call', right: true },
    { header: 'per 1k calls', right: true },
    { header: 'per day', right: true },
    { header: 'per month', right: true },
    { header: 'in / out per 1M', right: true },
    { header: 'as of' },
  ];
  const results = counted.map((entry) => entry.result);
  const currency = options.profile.currency;
  const cnyPerUsd = options.cnyRate ?? DEFAULT_CNY_PER_USD;
  const rows = counted.map(({ result, exactness }) => {
    const { model, price } = result;
    // Rates in the currency every cost is shown in; a price in the other one is converted.
    const rateCell = (rate: string): string => formatMoney(convertAmount(Decimal.from(rate), price!.currency, currency, cnyPerUsd), currency);
    const context =
      result.fractionOfInput === undefined
        ? '?'
        : `${formatPercent(result.fractionOfInput)} of ${formatContext(model.maxInput ?? model.contextWindow!)}${result.overLimit ? ' OVER' : ''}`;
    return [
      model.id,
      ...(options.compare ? [model.tier ?? ''] : []),
      formatTokens(result.tokens, exactness),
      context,
      costCell(result, (cost) => cost.input),
      costCell(result, (cost) => cost.output),
      costCell(result, (cost) => cost.total),
      costCell(result, (cost) => cost.per1000Calls),
      costCell(result, (cost) => cost.perDay),
      costCell(result, (cost) => cost.perMonth),
      price ? `${rateCell(price.input)} / ${rateCell(price.output)}` : 'no price known',
      price?.asOf ?? '',
    ];
  });
  const notes: string[] = [];
  // Near-exact counts carry no mark (core/tokenizers/exactness), so the legend names their models.
  const nearExact = counted.filter((entry) => entry.exactness === 'near-exact').map((entry) => entry.result.model.id);
  const nearExactMeaning = isRequest ? REQUEST_NEAR_EXACT : EXACTNESS_MEANINGS['near-exact'];
  if (nearExact.length) notes.push(`${EXACTNESS_WORDS['near-exact']} (${nearExact.join(', ')}): ${nearExactMeaning}.`);
  const estimated = counted.filter((entry) => entry.exactness === 'estimate');
  if (estimated.some((entry) => entry.result.tokenizer.exactness === 'estimate')) {
    notes.push(`${ESTIMATE_MARK} ${EXACTNESS_WORDS.estimate}: ${EXACTNESS_MEANINGS.estimate}; method and error band in --list-models --json.`);
  }
  if (estimated.some((entry) => entry.request && entry.result.tokenizer.exactness !== 'estimate')) {
    notes.push(`${ESTIMATE_MARK} ${EXACTNESS_WORDS.estimate} (request): ${REQUEST_ESTIMATE}.`);
  }
  // A featured price names several sources ("LiteLLM 2026-07-24; genai-prices 0.1.8"); list each
  // once, a source with a note ("… (curation exception: …)") counting as that source.
  const sources = new Map<string, string>();
  for (const part of results.flatMap((result) => result.price?.source.split(/;\s*/).map((source) => source.trim()) ?? [])) {
    const key = part.replace(/\s*\(.*\)$/, '');
    if (!sources.has(key) || part.length > sources.get(key)!.length) sources.set(key, part);
  }
  if (sources.size) notes.push(`Prices: ${[...sources.values()].join('; ')}.`);
  if (results.some((result) => result.price && result.price.currency !== currency)) {
    const origin = options.cnyRate ? 'from --cny-rate' : `the default rate, set ${DEFAULT_CNY_PER_USD_AS_OF}; --cny-rate to change it`;
    notes.push(`Converted to ${currency} at ${cnyPerUsd} CNY per USD (${origin}).`);
  }
  if (results.some((result) => result.cost?.batchUnavailable)) notes.push('Some models have no batch rates; list rates used.');
  if (results.some((result) => result.cost?.cacheUnavailable)) notes.push('Some models have no cached-input rate; input rate used.');
  return { table: renderTable(columns, rows), notes };
}
