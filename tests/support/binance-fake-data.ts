/**
 * Data behind the fake Binance: real klines from `../shared/data/binance_<SYMBOL>_<tf>.csv` and the
 * real `exchangeInfo` body from `../shared/data/exchange-samples`.
 *
 * Prices and volumes are kept as the decimal strings of the files and served with Binance's
 * 8 decimals (`"42283.58000000"`), so nothing goes through a float. An interval with no file of its
 * own (ETHUSDT 4h, BTCUSDT 1w, …) is aggregated exactly (decimal sums) from the symbol's file that
 * spans the longest time among those whose interval divides it, bucket by bucket, as Binance builds
 * its own candles: open of the first, highest high, lowest low, close of the last, summed volume;
 * a bucket with some hours missing (an outage) is still a candle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATA_DIR } from './shared-data';

/** Every kline interval Binance spot accepts. */
export const BINANCE_INTERVALS = ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'] as const;
export type BinanceInterval = (typeof BINANCE_INTERVALS)[number];

export function isBinanceInterval(v: string): v is BinanceInterval {
  return (BINANCE_INTERVALS as readonly string[]).includes(v);
}

const MIN = 60_000;
const FIXED: Record<Exclude<BinanceInterval, '1M'>, number> = {
  '1s': 1000,
  '1m': MIN,
  '3m': 3 * MIN,
  '5m': 5 * MIN,
  '15m': 15 * MIN,
  '30m': 30 * MIN,
  '1h': 60 * MIN,
  '2h': 120 * MIN,
  '4h': 240 * MIN,
  '6h': 360 * MIN,
  '8h': 480 * MIN,
  '12h': 720 * MIN,
  '1d': 1440 * MIN,
  '3d': 3 * 1440 * MIN,
  '1w': 7 * 1440 * MIN,
};
/** Binance weeks open on Monday 00:00 UTC; 1970-01-05 was a Monday. */
const WEEK_ORIGIN = 4 * 1440 * MIN;

/** Open time of the `interval` kline containing instant `t`. */
export function klineOpenTime(t: number, interval: BinanceInterval): number {
  if (interval === '1M') {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const ms = FIXED[interval];
  if (interval === '1w') return Math.floor((t - WEEK_ORIGIN) / ms) * ms + WEEK_ORIGIN;
  return Math.floor(t / ms) * ms;
}

/** Open time of the kline after the one opening at `open` (its close time + 1 ms). */
export function klineNextOpen(open: number, interval: BinanceInterval): number {
  if (interval === '1M') {
    const d = new Date(open);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return open + FIXED[interval];
}

/** Nominal length in ms (a month counts as 31 days; used only to compare intervals). */
function nominalMs(interval: BinanceInterval): number {
  return interval === '1M' ? 31 * 1440 * MIN : FIXED[interval];
}

/** True when every `fine` kline lies inside one `coarse` kline. */
function divides(fine: BinanceInterval, coarse: BinanceInterval): boolean {
  if (fine === coarse || fine === '1M') return false;
  const f = FIXED[fine];
  if (coarse === '1M') return 1440 * MIN % f === 0;
  if (coarse === '1w') return 1440 * MIN % f === 0;
  return FIXED[coarse] % f === 0 && nominalMs(coarse) > f;
}

/** Klines of one symbol and interval: open times ascending, values as Binance's 8-decimal strings. */
export interface KlineTable {
  time: Float64Array;
  open: string[];
  high: string[];
  low: string[];
  close: string[];
  volume: string[];
  /** Where the rows come from: the file name, or `aggregated from <file>`. */
  source: string;
}

const SCALE = 100_000_000n;

/** `"59205"` → `"59205.00000000"`, `"0.00001412"` → `"0.00001412"` (exact, string only). */
export function to8(s: string): string {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot) || '0';
  const frac = dot < 0 ? '' : body.slice(dot + 1);
  if (frac.length > 8) throw new RangeError(`value: "${s}" has more than 8 decimals`);
  return `${neg ? '-' : ''}${int}.${frac.padEnd(8, '0')}`;
}

function toUnits(s8: string): bigint {
  return BigInt(s8.replace('.', ''));
}

function fromUnits(u: bigint): string {
  const neg = u < 0n;
  const a = neg ? -u : u;
  return `${neg ? '-' : ''}${a / SCALE}.${(a % SCALE).toString().padStart(8, '0')}`;
}

function cmp8(a: string, b: string): number {
  const x = toUnits(a);
  const y = toUnits(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

let fileIndex: Map<string, BinanceInterval[]> | undefined;

/** Symbol → intervals with a file in the shared data folder. */
function files(): Map<string, BinanceInterval[]> {
  if (fileIndex) return fileIndex;
  fileIndex = new Map();
  for (const name of readdirSync(SHARED_DATA_DIR)) {
    const m = /^binance_([A-Z0-9]+)_([0-9]+[a-zA-Z])\.csv$/.exec(name);
    if (!m || !isBinanceInterval(m[2])) continue;
    const list = fileIndex.get(m[1]) ?? [];
    list.push(m[2]);
    fileIndex.set(m[1], list);
  }
  return fileIndex;
}

const tables = new Map<string, KlineTable>();

function readFileTable(symbol: string, interval: BinanceInterval): KlineTable {
  const file = `binance_${symbol}_${interval}.csv`;
  const lines = readFileSync(join(SHARED_DATA_DIR, file), 'utf8').split(/\r?\n/);
  const rows = lines.slice(1).filter((l) => l.trim() !== '');
  const t: KlineTable = { time: new Float64Array(rows.length), open: [], high: [], low: [], close: [], volume: [], source: file };
  rows.forEach((line, i) => {
    const [ts, o, h, l, c, v] = line.trim().split(',');
    t.time[i] = Number(ts);
    t.open.push(to8(o));
    t.high.push(to8(h));
    t.low.push(to8(l));
    t.close.push(to8(c));
    t.volume.push(to8(v));
  });
  return t;
}

function aggregate(src: KlineTable, interval: BinanceInterval): KlineTable {
  const out: KlineTable = { time: new Float64Array(src.time.length), open: [], high: [], low: [], close: [], volume: [], source: `aggregated from ${src.source}` };
  let k = -1;
  let bucket = NaN;
  let vol = 0n;
  for (let i = 0; i < src.time.length; i++) {
    const b = klineOpenTime(src.time[i], interval);
    if (b !== bucket) {
      if (k >= 0) out.volume.push(fromUnits(vol));
      k++;
      bucket = b;
      out.time[k] = b;
      out.open.push(src.open[i]);
      out.high.push(src.high[i]);
      out.low.push(src.low[i]);
      out.close.push(src.close[i]);
      vol = toUnits(src.volume[i]);
      continue;
    }
    if (cmp8(src.high[i], out.high[k]) > 0) out.high[k] = src.high[i];
    if (cmp8(src.low[i], out.low[k]) < 0) out.low[k] = src.low[i];
    out.close[k] = src.close[i];
    vol += toUnits(src.volume[i]);
  }
  if (k >= 0) out.volume.push(fromUnits(vol));
  out.time = out.time.slice(0, k + 1);
  return out;
}

/**
 * The klines Binance would hold for `symbol` at `interval` (ignoring the clock: callers cut at
 * "now"). Empty for a symbol with no file from which the interval can be built.
 */
export function klineTable(symbol: string, interval: BinanceInterval): KlineTable {
  const key = `${symbol}_${interval}`;
  const hit = tables.get(key);
  if (hit) return hit;
  const have = files().get(symbol) ?? [];
  let table: KlineTable;
  if (have.includes(interval)) {
    table = readFileTable(symbol, interval);
  } else {
    let best: KlineTable | null = null;
    for (const fine of have.filter((f) => divides(f, interval))) {
      const t = klineTable(symbol, fine);
      const span = t.time.length > 0 ? t.time[t.time.length - 1] - t.time[0] : -1;
      const bestSpan = best && best.time.length > 0 ? best.time[best.time.length - 1] - best.time[0] : -1;
      if (span > bestSpan) best = t;
    }
    table = best ? aggregate(best, interval) : { time: new Float64Array(0), open: [], high: [], low: [], close: [], volume: [], source: 'none' };
  }
  tables.set(key, table);
  return table;
}

/** A raw Binance kline: the 12-element array `GET /api/v3/klines` returns. */
export type RawKline = [number, string, string, string, string, string, number, string, number, string, string, string];

/**
 * Row `i` of `t` as Binance serves it. Close time is open + interval − 1 ms. Fields the files do not
 * hold are derived: quote volume = volume × (open + high + low + close) / 4 (8 decimals), trade
 * count 0, taker buy volumes "0.00000000", the ignored field "0".
 */
export function rawKline(t: KlineTable, i: number, interval: BinanceInterval): RawKline {
  const open = t.time[i];
  const typical = (toUnits(t.open[i]) + toUnits(t.high[i]) + toUnits(t.low[i]) + toUnits(t.close[i])) / 4n;
  const quote = (typical * toUnits(t.volume[i])) / SCALE;
  return [
    open,
    t.open[i],
    t.high[i],
    t.low[i],
    t.close[i],
    t.volume[i],
    klineNextOpen(open, interval) - 1,
    fromUnits(quote),
    0,
    '0.00000000',
    '0.00000000',
    '0',
  ];
}

let info: { text: string; parsed: ExchangeInfo } | undefined;

export interface ExchangeInfoSymbol {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  [k: string]: unknown;
}

export interface ExchangeInfo {
  timezone: string;
  serverTime: number;
  rateLimits: unknown[];
  exchangeFilters: unknown[];
  symbols: ExchangeInfoSymbol[];
}

/** The real 2023-09-08 `exchangeInfo` body cut to the 16 symbols with candle files. */
export function exchangeInfo(): ExchangeInfo {
  if (!info) {
    const text = readFileSync(join(SHARED_DATA_DIR, 'exchange-samples', 'binance_spot_api_v3_exchangeInfo_dataset-symbols_2023-09-08.json'), 'utf8');
    info = { text, parsed: JSON.parse(text) as ExchangeInfo };
  }
  return info.parsed;
}

/** Symbols the fake lists (those of `exchangeInfo`). */
export function listedSymbols(): string[] {
  return exchangeInfo().symbols.map((s) => s.symbol);
}
