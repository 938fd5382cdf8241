import { detectFormat, parseCandleFile, type CandleFileFormat } from '../../src/core/candles/formats';
import { cleanCandles, type FormingCandle, type Gap, type RowProblem } from '../../src/core/candles/hygiene';
import { isTimeframe, type Timeframe } from '../../src/core/candles/timeframe';
import { inferTimeframe } from '../../src/core/candles/infer-timeframe';
import { checkCandleSpacing } from '../../src/core/backtest/request';

export { inferTimeframe };
import { countChangedCandles, writeCandles, type CandlelabDb, type SeriesKey } from '../../src/data';
import { WorkerTaskError, type TaskContext } from '../bridge';

/** What the file name (or the caller) tells about the series a file holds; null where unknown. */
export interface SeriesGuess {
  exchange: string | null;
  symbol: string | null;
  timeframe: Timeframe | null;
}

/**
 * Quote assets recognised when splitting an exchange symbol without separator (`BTCUSDT` →
 * `BTC/USDT`), longest first so `BTCTUSD` reads as `BTC/TUSD`, not `BTCT/USD`.
 */
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'TUSD', 'BUSD', 'USDP', 'DAI', 'USD', 'EUR', 'GBP', 'TRY', 'BRL', 'JPY', 'AUD', 'BTC', 'ETH', 'BNB'];

/**
 * The ccxt unified form of a symbol as found in file names or typed by a user: upper case;
 * `BTC-USDT`, `BTC_USDT` and `btc/usdt` become `BTC/USDT`; a symbol without separator is split
 * before a known quote asset (`BTCUSDT` → `BTC/USDT`, `ETHBTC` → `ETH/BTC`) and kept whole when
 * none matches. Null for an empty or malformed symbol.
 */
export function normalizeSymbol(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  if (s === '') return null;
  const parts = s.split(/[/_-]/);
  if (parts.length === 2) return /^[A-Z0-9.]+$/.test(parts[0]) && /^[A-Z0-9.]+$/.test(parts[1]) ? `${parts[0]}/${parts[1]}` : null;
  if (parts.length !== 1 || !/^[A-Z0-9.]+$/.test(s)) return null;
  for (const q of QUOTES) if (s.length > q.length && s.endsWith(q)) return `${s.slice(0, -q.length)}/${q}`;
  return s;
}

/** Binance dump intervals (data.binance.vision) of the timeframes the product supports. */
const DUMP_INTERVALS: Record<string, Timeframe> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1h',
  '4h': '4h',
  '1d': '1d',
  '1w': '1w',
  '1mo': '1M',
};

/** TradingView export resolutions (minutes, or D/W/M) of the supported timeframes. */
const TV_RESOLUTIONS: Record<string, Timeframe> = {
  '1': '1m',
  '5': '5m',
  '15': '15m',
  '30': '30m',
  '60': '1h',
  '240': '4h',
  D: '1d',
  '1D': '1d',
  W: '1w',
  '1W': '1w',
  M: '1M',
  '1M': '1M',
};

const NAMED = /^([A-Za-z][A-Za-z0-9]*)_([A-Za-z0-9.-]+)_([A-Za-z0-9]+)$/;
const DUMP = /^([A-Z0-9]+)-(\w+)-\d{4}-\d{2}(?:-\d{2})?$/;
const TRADINGVIEW = /^([A-Za-z][A-Za-z0-9]*)_([A-Za-z0-9.]+), ([0-9]*[DWM]?)(?:_[0-9a-z]{5})?$/;
const SYMBOL_TF = /^([A-Za-z0-9]+)[_-]([A-Za-z0-9]+)$/;

/**
 * Exchange, symbol and timeframe from a candle file name (directories and the extension are
 * ignored):
 * - `binance_BTCUSDT_1h.csv` (`<exchange>_<symbol>_<timeframe>`, the name exports get);
 * - `BTCUSDT-1h-2024-01.csv`, `BTCUSDT-1h-2024-01-15.csv` (Binance monthly/daily kline dumps;
 *   exchange `binance`, `1mo` = `1M`);
 * - `BINANCE_BTCUSDT, 60.csv` (TradingView chart export; resolution in minutes or D/W/M);
 * - `BTCUSDT_1h.csv`, `BTCUSDT-1h.csv` (symbol and timeframe only).
 * A browser's duplicate-download suffix (`name (1).csv`) is ignored.
 * Symbols are normalised with {@link normalizeSymbol}, exchanges to lower case. A part that is
 * not recognised (e.g. an unsupported interval such as `3m`) is null.
 */
export function seriesFromFileName(fileName: string): SeriesGuess {
  const base = fileName.split(/[/\\]/).pop() ?? '';
  const stem = base.replace(/\.(csv|txt)$/i, '').replace(/ \(\d+\)$/, '').trim();
  let m = DUMP.exec(stem);
  if (m !== null) return { exchange: 'binance', symbol: normalizeSymbol(m[1]), timeframe: DUMP_INTERVALS[m[2]] ?? null };
  m = TRADINGVIEW.exec(stem);
  if (m !== null) {
    return { exchange: m[1].toLowerCase(), symbol: normalizeSymbol(m[2]), timeframe: TV_RESOLUTIONS[m[3]] ?? null };
  }
  m = NAMED.exec(stem);
  if (m !== null && isTimeframe(m[3])) return { exchange: m[1].toLowerCase(), symbol: normalizeSymbol(m[2]), timeframe: m[3] };
  m = SYMBOL_TF.exec(stem);
  if (m !== null && isTimeframe(m[2])) return { exchange: null, symbol: normalizeSymbol(m[1]), timeframe: m[2] };
  return { exchange: null, symbol: null, timeframe: null };
}

/** Exchange used for files whose name does not say and for which none was given. */
export const IMPORT_DEFAULT_EXCHANGE = 'file';
/** Rows listed in `ImportReport.invalid` and gaps in `ImportReport.gaps` at most. */
export const IMPORT_LIST_LIMIT = 1000;
export interface ImportCandlesArgs {
  /** Name of the file; exchange, symbol and timeframe are read from it when not given. */
  fileName: string;
  /** The file's content as text, or (exactly one of the two) its bytes, UTF-8 (transfer the buffer). */
  text?: string;
  bytes?: ArrayBuffer;
  exchange?: string;
  symbol?: string;
  timeframe?: Timeframe;
  /** Current time (UTC ms) for the forming-candle rule; default `Date.now()`. */
  now?: number;
  /**
   * Replace stored candles whose values differ from the file's. Without it an import that would
   * change any stored candle stops before writing with `CONFIRM_REPLACE` (`details.changed`).
   */
  replaceChanged?: boolean;
}

/** Where the timeframe came from. */
export type TimeframeSource = 'args' | 'file-name' | 'data';

/** The outcome of one import. */
export interface ImportReport {
  fileName: string;
  format: CandleFileFormat;
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  timeframeFrom: TimeframeSource;
  /** Data rows in the file (not blank, not the header). */
  rows: number;
  /** Candles written (valid, unique, closed). */
  imported: number;
  /** Valid rows dropped because a later row had the same open time. */
  duplicates: number;
  /** Unreadable and invalid rows by ascending line (the first `IMPORT_LIST_LIMIT`). */
  invalid: RowProblem[];
  invalidCount: number;
  /** Missing ranges between the imported candles (the first `IMPORT_LIST_LIMIT`). */
  gaps: Gap[];
  gapCount: number;
  /** Candles missing in all gaps. */
  missing: number;
  /** Open time of the first and last imported candle; null when none was imported. */
  first: number | null;
  last: number | null;
  /** The still-forming last candle, reported and not stored. */
  forming: FormingCandle | null;
}

/** Error code: the file is in no supported format; nothing was written. */
export const UNKNOWN_FORMAT = 'UNKNOWN_FORMAT';
/** Error code: the symbol or timeframe is neither given nor found; `details.missing` names them. */
export const MISSING_SERIES_INFO = 'MISSING_SERIES_INFO';
/**
 * Error code: the candles' spacing is not the declared timeframe (file name or caller); nothing
 * was written. `details` is {@link TimeframeMismatch}.
 */
export const TIMEFRAME_MISMATCH = 'TIMEFRAME_MISMATCH';
/**
 * Error code: the import would change stored candles of an existing series; nothing was written.
 * Import again with `replaceChanged` to go ahead. `details` is {@link ReplaceQuestion}.
 */
export const CONFIRM_REPLACE = 'CONFIRM_REPLACE';

/** Details of a {@link TIMEFRAME_MISMATCH}. */
export interface TimeframeMismatch {
  /** The timeframe the candles' spacing shows; null when it is none of ours. */
  detected: Timeframe | null;
  declared: Timeframe;
  declaredFrom: Exclude<TimeframeSource, 'data'>;
  exchange: string;
  symbol: string;
}

/** Details of a {@link CONFIRM_REPLACE}. */
export interface ReplaceQuestion {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  /** Stored candles the file would change. */
  changed: number;
  /** Candles the file holds (valid, closed). */
  candles: number;
}

/** Progress scale of an import: reading 0–700, cleaning 700–750, writing 750–1000. */
const P_TOTAL = 1000;
const P_PARSED = 700;
const P_CLEANED = 750;

const DECLARED_BY: Record<TimeframeMismatch['declaredFrom'], string> = { args: 'as chosen', 'file-name': 'as its name says' };

/**
 * Refuses a file whose candles are not spaced by the declared timeframe: their most common step
 * (`inferTimeframe`) must be that timeframe, and where it is none of ours, the declared step must
 * still be the most common one (`checkCandleSpacing`). Throws {@link TIMEFRAME_MISMATCH}.
 */
function checkDeclaredTimeframe(fileName: string, time: ArrayLike<number>, d: Omit<TimeframeMismatch, 'detected'>): void {
  const detected = inferTimeframe(time);
  const fail = (apart: string): never => {
    const details: TimeframeMismatch = { ...d, detected };
    throw new WorkerTaskError(
      TIMEFRAME_MISMATCH,
      `${fileName}: this file's candles are ${apart} apart, not ${d.declared} (${DECLARED_BY[d.declaredFrom]}); nothing was imported`,
      details,
    );
  };
  if (detected !== null) {
    if (detected !== d.declared) fail(detected);
    return;
  }
  let ascending = true;
  for (let i = 1; i < time.length && ascending; i++) ascending = time[i] > time[i - 1];
  try {
    checkCandleSpacing(ascending ? time : Float64Array.from(time).sort(), d.declared);
  } catch (e) {
    const ms = Number(/most common step is (?:\S+ \()?(\d+) ms/.exec(e instanceof Error ? e.message : '')?.[1]);
    fail(Number.isFinite(ms) && ms > 0 ? stepText(ms) : 'irregularly');
  }
}

/** A step in words: `2 h`, `3 min`, `2 days`, `90 s`. */
function stepText(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'days'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, name] of units) if (ms % size === 0) return `${(ms / size).toLocaleString('en-US')} ${name === 'days' && ms === size ? 'day' : name}`;
  return `${ms.toLocaleString('en-US')} ms`;
}

function mb(chars: number): string {
  return (chars / 1e6).toFixed(1);
}

function requireText(args: ImportCandlesArgs): string {
  if (args === null || typeof args !== 'object') throw new TypeError(`args: ${String(args)} is not an object`);
  if (typeof args.fileName !== 'string' || args.fileName.trim() === '') {
    throw new TypeError(`fileName: ${JSON.stringify(args.fileName)} is not a file name`);
  }
  const hasText = args.text !== undefined;
  const hasBytes = args.bytes !== undefined;
  if (hasText === hasBytes) throw new TypeError('text, bytes: give exactly one of the two');
  if (hasText) {
    if (typeof args.text !== 'string') throw new TypeError(`text: ${typeof args.text} is not a string`);
    return args.text;
  }
  if (!(args.bytes instanceof ArrayBuffer)) throw new TypeError(`bytes: ${Object.prototype.toString.call(args.bytes)} is not an ArrayBuffer`);
  return new TextDecoder('utf-8').decode(new Uint8Array(args.bytes));
}

function optionalString(field: string, v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new TypeError(`${field}: ${String(v)} is not a string`);
  return v.trim() === '' ? undefined : v;
}

/**
 * Imports a candle file into the candle store:
 * 1. detects the format (`detectFormat`); a file in no supported format is refused with code
 *    `UNKNOWN_FORMAT` and a message saying what was seen and what is accepted — nothing is written;
 * 2. resolves the series: exchange, symbol and timeframe given in `args` win, then what the file
 *    name says (`seriesFromFileName`); the exchange defaults to `IMPORT_DEFAULT_EXCHANGE`; the
 *    timeframe, when neither gives it, is the data's most common step (`inferTimeframe`). A symbol
 *    or timeframe that stays unknown fails with code `MISSING_SERIES_INFO` (`details.missing`)
 *    before anything is written;
 * 3. parses every row (`parseCandleFile`, progress in characters read) and cleans them with
 *    `cleanCandles` at `args.now`: unreadable and invalid rows are listed by line and skipped,
 *    duplicates counted, a still-forming last candle reported and not stored. A timeframe from
 *    the caller or the file name must match the candles' spacing, else `TIMEFRAME_MISMATCH`
 *    (with the detected timeframe) before anything is written;
 * 3b. when the series is stored and the file would change any stored candle's values, the import
 *    stops with `CONFIRM_REPLACE` (`details.changed`) unless `replaceChanged` is set;
 * 4. writes the candles with `writeCandles` (source `file`, label = file name) in ONE
 *    transaction, merging with what is stored (a stored candle with the same open time is
 *    replaced). The whole file lands or nothing does: a write failure (e.g. `QUOTA_EXCEEDED`)
 *    leaves the store as it was. Measured in Chromium on a 2-core machine, one transaction
 *    stores 1,000,000 candles in 0.7–0.9 s (`npm run bench -- --filter storage-chromium`),
 *    short enough that slicing the write (and giving up atomicity) buys nothing.
 *
 * Progress runs 0–1000: reading 0–700 (message in MB read), checking 700–750, storing 750–1000
 * (phase `write`). A cancel takes effect up to the start of the write (nothing is stored); once
 * the write transaction has started it completes, whatever the caller does.
 */
export async function importCandles(db: CandlelabDb, args: ImportCandlesArgs, ctx: TaskContext): Promise<ImportReport> {
  const fileName = typeof args?.fileName === 'string' ? args.fileName : '';
  ctx.progress({ done: 0, total: P_TOTAL, phase: 'read', message: `Reading ${fileName}` });
  const text = requireText(args);
  const argExchange = optionalString('exchange', args.exchange);
  const argSymbol = optionalString('symbol', args.symbol);
  if (args.timeframe !== undefined && !isTimeframe(args.timeframe)) {
    throw new RangeError(`timeframe: ${JSON.stringify(args.timeframe)} is not a timeframe`);
  }
  const now = args.now ?? Date.now();
  if (!Number.isFinite(now)) throw new RangeError(`now: ${now} is not a finite time`);

  const format = detectFormat(text);
  if (format === null) {
    let message = 'unrecognised candle file';
    try {
      parseCandleFile(text);
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
    }
    throw new WorkerTaskError(UNKNOWN_FORMAT, `${fileName}: ${message}; nothing was imported`);
  }

  const guess = seriesFromFileName(fileName);
  const exchange = (argExchange ?? guess.exchange ?? IMPORT_DEFAULT_EXCHANGE).trim().toLowerCase();
  let symbol: string | null = null;
  if (argSymbol !== undefined) {
    symbol = normalizeSymbol(argSymbol);
    if (symbol === null) throw new RangeError(`symbol: ${JSON.stringify(argSymbol)} is not a symbol such as BTC/USDT`);
  } else symbol = guess.symbol;
  let timeframe: Timeframe | null = args.timeframe ?? guess.timeframe;
  let timeframeFrom: TimeframeSource = args.timeframe !== undefined ? 'args' : 'file-name';
  if (symbol === null) {
    throw new WorkerTaskError(
      MISSING_SERIES_INFO,
      `symbol: not given and not found in the file name ${JSON.stringify(fileName)}; choose the symbol (e.g. BTC/USDT)`,
      { missing: ['symbol'], format, exchange: guess.exchange, timeframe },
    );
  }

  const total = text.length;
  const parsed = parseCandleFile(text, {
    onProgress: (done) =>
      ctx.progress({
        done: Math.floor((done / Math.max(1, total)) * P_PARSED),
        total: P_TOTAL,
        phase: 'read',
        message: `Reading ${mb(done)} of ${mb(total)} MB`,
      }),
  });
  await ctx.checkpoint();

  if (timeframe === null) {
    timeframe = inferTimeframe(parsed.rows.time);
    timeframeFrom = 'data';
    if (timeframe === null) {
      throw new WorkerTaskError(
        MISSING_SERIES_INFO,
        `timeframe: not given, not in the file name ${JSON.stringify(fileName)}, and the rows show no supported candle step; choose the timeframe`,
        { missing: ['timeframe'], format, exchange, symbol },
      );
    }
  }

  if (timeframeFrom !== 'data') checkDeclaredTimeframe(fileName, parsed.rows.time, { declared: timeframe, declaredFrom: timeframeFrom, exchange, symbol });

  ctx.progress({ done: P_PARSED, total: P_TOTAL, phase: 'clean', message: `Checking ${parsed.rows.time.length.toLocaleString('en-US')} rows` });
  const report = cleanCandles(parsed.rows, timeframe, { now });
  await ctx.checkpoint();

  const key: SeriesKey = { exchange, symbol, timeframe };
  const candles = report.candles;
  const n = candles.time.length;
  if (args.replaceChanged !== true) {
    const changed = await countChangedCandles(db, key, candles);
    if (changed > 0) {
      const question: ReplaceQuestion = { exchange, symbol, timeframe, changed, candles: n };
      throw new WorkerTaskError(
        CONFIRM_REPLACE,
        `${fileName}: importing would change ${changed.toLocaleString('en-US')} stored ${changed === 1 ? 'candle' : 'candles'} of ${symbol} ${timeframe} on ${exchange}; nothing was imported`,
        question,
      );
    }
  }
  ctx.progress({ done: P_CLEANED, total: P_TOTAL, phase: 'write', message: `Storing ${n.toLocaleString('en-US')} candles` });
  await ctx.checkpoint();
  if (n > 0) await writeCandles(db, key, candles, { source: 'file', label: fileName, now });
  ctx.progress({ done: P_TOTAL, total: P_TOTAL, phase: 'done', message: `${n.toLocaleString('en-US')} candles stored` });

  const invalid = parsed.rowErrors.length === 0 ? report.invalid : [...parsed.rowErrors, ...report.invalid].sort((a, b) => a.line - b.line);
  return {
    fileName,
    format,
    exchange,
    symbol,
    timeframe,
    timeframeFrom,
    rows: parsed.rows.time.length + parsed.rowErrors.length,
    imported: n,
    duplicates: report.duplicates,
    invalid: invalid.slice(0, IMPORT_LIST_LIMIT),
    invalidCount: invalid.length,
    gaps: report.gaps.slice(0, IMPORT_LIST_LIMIT),
    gapCount: report.gaps.length,
    missing: report.gaps.reduce((s, g) => s + g.missing, 0),
    first: n > 0 ? candles.time[0] : null,
    last: n > 0 ? candles.time[n - 1] : null,
    forming: report.forming,
  };
}
