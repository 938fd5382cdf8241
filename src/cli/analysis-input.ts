/** What `analyze-trades` and `analyze-performance` share: the input file, the filters and the candles. */
import { basename } from 'node:path';
import { sourceFromJson, type LedgerBook } from '../core/analysis/inputs';
import type { AnalysisSource } from '../core/analysis/source';
import { MAX_SAMPLE_SIZE, STATUS_FILTERS, type StatusFilter, type TradeQuery } from '../core/analysis/query';
import type { CandleColumns } from '../core/candles/types';
import { normaliseSymbol } from '../core/strategy/scripted';
import { all, optional, parseNumberFlag, required, type FlagSpecs, type ParsedArgs } from './args';
import { loadCandles } from './candles';
import { symbolFromFileName } from './inputs';
import { CliError, messageOf, type Context } from './io';

export const ANALYSIS_FLAGS: FlagSpecs = {
  trades: { type: 'string' },
  book: { type: 'string' },
  status: { type: 'string' },
  days: { type: 'string' },
  symbol: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
};

export const ANALYSIS_FLAGS_HELP = `  --trades  the trades to analyse: a result file exported by the app (Backtests → Export result JSON),
            a report written by "backtest --out", or a ledger written by "paper --out"
            (any JSON { "trades": [ <paper trade>, … ] } is read as a ledger)
  --book    of a ledger: account (its trades, default) or system (the SYSTEM trades, one per signal)
  --status  OPEN, CLOSED, CANCELLED or ALL (default)
  --days    only trades opened in the last N days up to the latest trade of the file
  --symbol  only this symbol (BTC/USDT and BTCUSDT are the same)
  --limit   the N most recently opened trades that pass the filters, or "all"
  --json    print the analysis as canonical JSON instead of text`;

/** The source in `--trades`, labelled with the file's name. */
export function readSource(ctx: Context, args: ParsedArgs): AnalysisSource {
  const file = required(args, 'trades');
  const bookText = optional(args, 'book') ?? 'account';
  if (bookText !== 'account' && bookText !== 'system') throw new CliError(`--book: "${bookText}" is not account or system`);
  const text = ctx.readText('trades', file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`--trades ${file}: not valid JSON (${messageOf(e)})`);
  }
  try {
    return sourceFromJson(json, bookText === 'system' ? `${basename(file)} (SYSTEM trades)` : basename(file), bookText as LedgerBook);
  } catch (e) {
    throw new CliError(`--trades ${file}: ${messageOf(e)}`);
  }
}

/** The filters of the command line; `defaultLimit` when --limit is not given. */
export function queryFlags(args: ParsedArgs, defaultLimit: number | null): TradeQuery {
  const statusText = (optional(args, 'status') ?? 'ALL').trim().toUpperCase();
  if (!(STATUS_FILTERS as readonly string[]).includes(statusText)) {
    throw new CliError(`--status: "${optional(args, 'status')}" is not one of ${STATUS_FILTERS.join(', ')}`);
  }
  const daysText = optional(args, 'days');
  const limitText = optional(args, 'limit');
  const symbol = optional(args, 'symbol');
  if (symbol !== undefined && symbol.trim() === '') throw new CliError('--symbol: empty');
  return {
    status: statusText as StatusFilter,
    days: daysText === undefined ? null : parseNumberFlag('days', daysText, { min: 1, max: 36_500, integer: true }),
    symbol: symbol === undefined ? null : symbol.trim(),
    limit:
      limitText === undefined
        ? defaultLimit
        : limitText.trim().toLowerCase() === 'all'
          ? null
          : parseNumberFlag('limit', limitText, { min: 1, max: MAX_SAMPLE_SIZE, integer: true }),
  };
}

/**
 * The candles of `--candles` files by symbol (from `<exchange>_<SYMBOL>_<tf>.csv`), read with the
 * candle hygiene on the source's timeframe; undefined when none is given.
 */
export function candleFlags(ctx: Context, args: ParsedArgs, source: AnalysisSource): ((symbol: string) => CandleColumns | undefined) | undefined {
  const files = all(args, 'candles');
  if (files.length === 0) return undefined;
  const bySymbol = new Map<string, CandleColumns>();
  for (const file of files) {
    const symbol = symbolFromFileName(file);
    if (symbol === null) throw new CliError(`--candles ${file}: name it <exchange>_<SYMBOL>_<timeframe>.csv so its symbol is known`);
    const { candles } = loadCandles(ctx, 'candles', file, { timeframe: source.timeframe ?? undefined, skipBadRows: false, warn: (t) => ctx.warn(t) });
    bySymbol.set(normaliseSymbol(symbol), candles);
  }
  return (symbol) => bySymbol.get(normaliseSymbol(symbol));
}
