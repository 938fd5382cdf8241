/**
 * Which trades an analysis covers: a status, the last N days, a symbol and a sample size. The same
 * options drive the app's filters and the CLI's `--status`, `--days`, `--symbol` and `--limit`.
 */
import { normaliseSymbol } from '../strategy/scripted';
import { ANALYSIS_STATUSES, latestTime, type AnalysisStatus, type AnalysisTrade } from './trade';

export type StatusFilter = AnalysisStatus | 'ALL';
export const STATUS_FILTERS: readonly StatusFilter[] = ['ALL', ...ANALYSIS_STATUSES];

export const DAY_MS = 86_400_000;
/** Trades in a sample unless another size is asked for. */
export const DEFAULT_SAMPLE_SIZE = 100;
/** Largest sample size accepted. */
export const MAX_SAMPLE_SIZE = 100_000;

export interface TradeQuery {
  status: StatusFilter;
  /** Only trades opened in the `days` days up to the source's latest trade; null = every day. */
  days: number | null;
  /** Only this symbol (`BTC/USDT` and `BTCUSDT` are the same); null = every symbol. */
  symbol: string | null;
  /** The sample: the `limit` most recently opened trades that pass the filters; null = all of them. */
  limit: number | null;
}

export const DEFAULT_QUERY: TradeQuery = { status: 'ALL', days: null, symbol: null, limit: DEFAULT_SAMPLE_SIZE };

/** Throws a RangeError naming the field and the value of a bad query. */
export function checkQuery(q: TradeQuery): void {
  if (!STATUS_FILTERS.includes(q.status)) throw new RangeError(`status: ${JSON.stringify(q.status)} is not one of ${STATUS_FILTERS.join(', ')}`);
  if (q.days !== null && !(Number.isFinite(q.days) && q.days > 0)) throw new RangeError(`days: ${String(q.days)} is not a positive number of days`);
  if (q.limit !== null && !(Number.isInteger(q.limit) && q.limit >= 1 && q.limit <= MAX_SAMPLE_SIZE)) {
    throw new RangeError(`limit: ${String(q.limit)} is not a whole number from 1 to ${MAX_SAMPLE_SIZE}`);
  }
  if (q.symbol !== null && (typeof q.symbol !== 'string' || q.symbol.trim() === '')) throw new RangeError(`symbol: ${JSON.stringify(q.symbol)} is not a symbol`);
}

/** What a query selected. */
export interface Selection {
  /** Trades of the window and symbol, every status (the counts by status read these). */
  inWindow: AnalysisTrade[];
  /** The sample: `inWindow` in the asked status, newest entry first, at most `limit`. */
  sample: AnalysisTrade[];
  /** Trades of the window and symbol in the asked status before the sample was cut. */
  matching: number;
  /** The window: opened at or after `from`, up to `to` (the latest trade time of the source); null when not limited. */
  from: number | null;
  to: number | null;
}

/** Applies a query to every trade of a source. */
export function selectTrades(all: readonly AnalysisTrade[], q: TradeQuery): Selection {
  checkQuery(q);
  const to = latestTime(all);
  const from = q.days !== null && to !== null ? to - q.days * DAY_MS : null;
  const want = q.symbol === null ? null : normaliseSymbol(q.symbol);
  const inWindow = all.filter((t) => (from === null || t.entryTime >= from) && (want === null || normaliseSymbol(t.symbol) === want));
  const matching = inWindow
    .filter((t) => q.status === 'ALL' || t.status === q.status)
    .sort((a, b) => b.entryTime - a.entryTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    inWindow,
    sample: q.limit === null ? matching : matching.slice(0, q.limit),
    matching: matching.length,
    from,
    to: from === null ? null : to,
  };
}

/** Trades by status. */
export function countByStatus(trades: readonly AnalysisTrade[]): Record<AnalysisStatus, number> {
  const out: Record<AnalysisStatus, number> = { OPEN: 0, CLOSED: 0, CANCELLED: 0 };
  for (const t of trades) out[t.status]++;
  return out;
}

/** The symbols of the trades, each once, sorted. */
export function symbolsOf(trades: readonly AnalysisTrade[]): string[] {
  return [...new Set(trades.map((t) => t.symbol))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
