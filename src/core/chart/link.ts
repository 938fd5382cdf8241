/**
 * The Chart page's address: `/chart?exchange=…&symbol=…&timeframe=…&time=…`, as every link to
 * a place on a chart writes it (a signal, a backtest trade, a stored series).
 *
 * - `exchange`, `symbol`, `timeframe`: the stored series (symbol matched without case or
 *   punctuation; without `exchange` the first stored series of that symbol and timeframe);
 * - `time`: open time of the bar to stop at (UTC ms, or ISO 8601): the chart opens its replay
 *   paused on that bar (the last bar opening at or before it);
 * - `view`: the timeframe shown, when longer than the series';
 * - `strategy`: a preset or strategy id whose signals and conditions are shown;
 * - `backtest`, `trade`: a completed backtest whose trades are drawn, and the trade (0-based index
 *   in its trade list) to select;
 * - `session`: a paper bot session whose trades are drawn instead (`trade` then indexes its
 *   trades in the order they were entered);
 * - `from`, `to`: the date filter (UTC ms or ISO 8601).
 */
import { isTimeframe, type Timeframe } from '../candles/timeframe';
import { parseTime } from '../util/time-parse';

export interface ChartLink {
  exchange?: string;
  symbol?: string;
  timeframe?: Timeframe;
  time?: number;
  view?: Timeframe;
  strategy?: string;
  backtest?: number;
  session?: string;
  trade?: number;
  from?: number;
  to?: number;
}

/** Parameters in the order links write them. */
const ORDER = ['exchange', 'symbol', 'timeframe', 'time', 'view', 'strategy', 'backtest', 'session', 'trade', 'from', 'to'] as const;

/** The link's address: `/chart` and the parameters that are set, each value URI-encoded. */
export function chartHref(link: ChartLink): string {
  const parts: string[] = [];
  for (const key of ORDER) {
    const v = link[key];
    if (v !== undefined && v !== '') parts.push(`${key}=${encodeURIComponent(String(v))}`);
  }
  return parts.length === 0 ? '/chart' : `/chart?${parts.join('&')}`;
}

/** A parsed address: what could be read, and one message per parameter that could not. */
export interface ParsedChartLink {
  link: ChartLink;
  errors: string[];
}

/**
 * Reads the Chart page's query (`?a=1&b=2`, the leading `?` optional; `+` is a space); bad values
 * are reported, never guessed. A parameter given twice counts once, with its first value.
 */
export function parseChartQuery(search: string): ParsedChartLink {
  const q = new Map<string, string>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    if (!q.has(key)) q.set(key, eq < 0 ? '' : decode(part.slice(eq + 1)));
  }
  const link: ChartLink = {};
  const errors: string[] = [];
  const text = (key: string): string | undefined => {
    const v = q.get(key);
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const exchange = text('exchange');
  if (exchange !== undefined) link.exchange = exchange;
  const symbol = text('symbol');
  if (symbol !== undefined) link.symbol = symbol;
  for (const key of ['timeframe', 'view'] as const) {
    const v = text(key);
    if (v === undefined) continue;
    if (isTimeframe(v)) link[key] = v;
    else errors.push(`${key}: "${v}" is not a timeframe (1m 5m 15m 30m 1h 4h 1d 1w 1M)`);
  }
  for (const key of ['time', 'from', 'to'] as const) {
    const v = text(key);
    if (v === undefined) continue;
    const t = parseTime(v, { epochMs: true });
    if (Number.isFinite(t)) link[key] = t;
    else errors.push(`${key}: "${v}" is not a time (UTC milliseconds or ISO 8601)`);
  }
  const strategy = text('strategy');
  if (strategy !== undefined) link.strategy = strategy.toUpperCase();
  const session = text('session');
  if (session !== undefined) link.session = session;
  for (const key of ['backtest', 'trade'] as const) {
    const v = text(key);
    if (v === undefined) continue;
    const n = Number(v);
    const min = key === 'backtest' ? 1 : 0;
    if (/^\d+$/.test(v) && Number.isSafeInteger(n) && n >= min) link[key] = n;
    else errors.push(`${key}: "${v}" is not a ${key === 'backtest' ? 'backtest number (1, 2, 3…)' : 'trade index (0, 1, 2…)'}`);
  }
  if (link.backtest !== undefined && link.session !== undefined) {
    errors.push(`session: "${link.session}" cannot be drawn with backtest #${link.backtest}; the backtest's trades are shown`);
    delete link.session;
  }
  if (link.from !== undefined && link.to !== undefined && link.from > link.to) {
    errors.push(`from: ${new Date(link.from).toISOString()} is after to ${new Date(link.to).toISOString()}`);
    delete link.from;
    delete link.to;
  }
  return { link, errors };
}
