import { parseDecimal } from './format-number';
import type { RowProblem } from './hygiene';
import type { CandleColumns } from './types';

/**
 * Candle file formats recognised on import:
 * - `standard`: header `timestamp,open,high,low,close,volume`, open time in UTC ms (the project's
 *   own format, written by `formatStandardCsv`);
 * - `binance-dump`: Binance public kline dump (data.binance.vision), no header, 12 columns
 *   `open time, open, high, low, close, volume, close time, quote volume, trades, taker buy base,
 *   taker buy quote, ignore`; open time in ms, or in µs (any value above 1e14, as in spot dumps
 *   since 2025), converted to ms;
 * - `tradingview`: TradingView chart export, header starting `time,open,high,low,close` with one
 *   `Volume` column after them (indicator columns may follow or precede it); time in UTC seconds or
 *   ISO 8601 with a time zone (`2024-01-02T09:30:00Z`, `…-05:00`), converted to ms.
 */
export type CandleFileFormat = 'standard' | 'binance-dump' | 'tradingview';

export interface ParseCandleFileOptions {
  /** Called about every 64k lines and once at the end; "bytes" are characters of `text` (= bytes for ASCII files). */
  onProgress?(doneBytes: number, totalBytes: number): void;
}

export interface ParsedCandleFile {
  format: CandleFileFormat;
  /**
   * Rows in file order (a `RawCandleRows`), `line` = 1-based line number of each row; not yet
   * validated, ordered or deduplicated: feed them to `cleanCandles`.
   */
  rows: CandleColumns & { line: Int32Array };
  /** Lines that could not be read as a row (skipped), ascending. */
  rowErrors: RowProblem[];
}

const ACCEPTED =
  'accepted formats: standard CSV (header "timestamp,open,high,low,close,volume", open time in UTC ms); ' +
  'Binance kline dump (12 columns, no header, open time in ms or µs); ' +
  'TradingView export (header "time,open,high,low,close,Volume", time in UTC seconds or ISO 8601 with a time zone)';

const STANDARD_HEADER = ['timestamp', 'open', 'high', 'low', 'close', 'volume'];
const TV_PREFIX = ['time', 'open', 'high', 'low', 'close'];

/** Time column meaning: UTC ms; ms or µs (Binance); UTC seconds or ISO 8601 (TradingView). */
type TimeMode = 'ms' | 'ms-or-us' | 's-or-iso';

/** How one format lays out its rows. */
interface Layout {
  format: CandleFileFormat;
  /** Whether the first non-blank line is a header (skipped). */
  header: boolean;
  /** Exact number of fields of each row. */
  fieldCount: number;
  /** Source column of time, open, high, low, close, volume. */
  columns: readonly number[];
  /** Names of those columns in error reasons. */
  names: readonly string[];
  timeMode: TimeMode;
}

function splitCells(line: string): string[] {
  return line.split(',').map((c) => c.trim());
}

function isNumber(cell: string): boolean {
  return Number.isFinite(parseDecimal(cell, 0, cell.length));
}

function layoutOf(firstLine: string): Layout | null {
  const cells = splitCells(firstLine);
  const lower = cells.map((c) => c.toLowerCase());
  if (lower.length === 6 && STANDARD_HEADER.every((h, i) => lower[i] === h)) {
    return {
      format: 'standard',
      header: true,
      fieldCount: 6,
      columns: [0, 1, 2, 3, 4, 5],
      names: STANDARD_HEADER,
      timeMode: 'ms',
    };
  }
  if (lower.length >= 6 && TV_PREFIX.every((h, i) => lower[i] === h)) {
    const volumeCols: number[] = [];
    for (let i = 5; i < lower.length; i++) if (lower[i] === 'volume') volumeCols.push(i);
    if (volumeCols.length !== 1) return null;
    const v = volumeCols[0];
    return {
      format: 'tradingview',
      header: true,
      fieldCount: cells.length,
      columns: [0, 1, 2, 3, 4, v],
      names: ['time', 'open', 'high', 'low', 'close', cells[v]],
      timeMode: 's-or-iso',
    };
  }
  if (cells.length === 12 && cells.slice(0, 6).every(isNumber) && Number.isInteger(Number(cells[0]))) {
    return {
      format: 'binance-dump',
      header: false,
      fieldCount: 12,
      columns: [0, 1, 2, 3, 4, 5],
      names: ['open time', 'open', 'high', 'low', 'close', 'volume'],
      timeMode: 'ms-or-us',
    };
  }
  return null;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function isBlank(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

/** Start and end (without "\r") of the first non-blank line at or after `pos`, and its line number. */
function firstLine(text: string, pos: number): { start: number; end: number; next: number; lineNo: number } | null {
  let lineNo = 0;
  while (pos < text.length) {
    lineNo++;
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (!isBlank(text, pos, end)) return { start: pos, end, next: nl + 1, lineNo };
    pos = nl + 1;
  }
  return null;
}

function bodyStart(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** The format of a candle file, from its first non-blank line; null when it is none of them. */
export function detectFormat(text: string): CandleFileFormat | null {
  const first = firstLine(text, bodyStart(text));
  return first === null ? null : (layoutOf(text.slice(first.start, first.end))?.format ?? null);
}

function preview(s: string, max = 80): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

function refusal(text: string, first: string): SyntaxError {
  const t = first.trimStart();
  let seen: string;
  if (t.startsWith('{') || t.startsWith('[')) seen = `JSON (first line ${preview(first)})`;
  else {
    const cells = splitCells(first);
    const lower = cells.map((c) => c.toLowerCase());
    let what: string;
    if (cells.every(isNumber)) what = `${cells.length} numeric fields, no header`;
    else if (TV_PREFIX.every((h, i) => lower[i] === h)) {
      what = `a TradingView-like header with ${lower.filter((c) => c === 'volume').length} Volume columns instead of 1`;
    } else what = `${cells.length} fields, not a known header`;
    seen = `first line ${preview(first)} (${what})`;
  }
  return new SyntaxError(`unrecognised candle file (${text.length} characters): ${seen}; ${ACCEPTED}`);
}

/** Binance open times above this are µs (1e14 ms is the year 5138; 1e14 µs is 1973). */
const MICROS_ABOVE = 1e14;
/** TradingView times at or above this are not seconds (1e11 s is the year 5138). */
const MAX_SECONDS = 1e11;
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** UTC ms of an ISO 8601 time with a time zone; a string reason when it is not one. */
function parseIsoTime(raw: string): number | string {
  const m = ISO_TIME.exec(raw);
  if (m === null) return `time: ${preview(raw, 40)} is not UTC seconds or an ISO 8601 time`;
  if (m[4] === undefined || m[8] === undefined) {
    return `time: ${preview(raw, 40)} has no time of day and time zone (expected e.g. 2024-01-02T09:30:00Z)`;
  }
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const hh = +m[4];
  const mi = +m[5];
  const ss = m[6] === undefined ? 0 : +m[6];
  const frac = m[7] === undefined ? 0 : Math.round(+`0.${m[7]}` * 1000);
  let offset = 0;
  if (m[8].toUpperCase() !== 'Z') {
    const z = m[8].replace(':', '');
    const sign = z[0] === '-' ? -1 : 1;
    const oh = +z.slice(1, 3);
    const om = z.length > 3 ? +z.slice(3, 5) : 0;
    if (oh > 23 || om > 59) return `time: ${preview(raw, 40)} has an invalid time zone offset`;
    offset = sign * (oh * 60 + om) * 60_000;
  }
  const local = Date.UTC(y, mo - 1, d, hh, mi, ss);
  const back = new Date(local);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== hh ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== ss
  ) {
    return `time: ${preview(raw, 40)} is not a valid date and time`;
  }
  return local + frac - offset;
}

/** Appends one problem to a row's reason. */
function also(reason: string, problem: string): string {
  return reason === '' ? problem : `${reason}; ${problem}`;
}

/**
 * UTC ms of the time field `text[a, b)` (non-empty), whose decimal value is `v` (NaN when it is
 * not a plain number), or the reason it is not a time.
 */
function convertTime(text: string, a: number, b: number, v: number, mode: TimeMode, name: string): number | string {
  if (mode === 'ms-or-us') {
    if (v !== v) return `${name}: ${preview(text.slice(a, b), 40)} is not a number`;
    return v > MICROS_ABOVE ? v / 1000 : v;
  }
  if (v !== v) return parseIsoTime(text.slice(a, b));
  if (Math.abs(v) >= MAX_SECONDS) return `${name}: ${text.slice(a, b)} is too large for UTC seconds`;
  return v * 1000;
}

/**
 * Reads a candle file in any format of `CandleFileFormat`, detected from its first non-blank line.
 * A file in no known format throws a SyntaxError saying what was seen and which formats are
 * accepted. Rows that cannot be read (wrong number of fields, a field that is empty or not a
 * number, a bad time) are skipped and listed in `rowErrors` by 1-based line number; blank lines
 * are ignored; CRLF line ends, spaces or tabs around fields, a UTF-8 BOM and a missing or present
 * final newline are accepted.
 * Values are not checked further here: `cleanCandles` validates, orders and deduplicates the rows.
 *
 * One pass over the text with `indexOf`; numbers are parsed from character codes, so no
 * per-row strings or arrays are created for good rows.
 */
export function parseCandleFile(text: string, opts: ParseCandleFileOptions = {}): ParsedCandleFile {
  const total = text.length;
  const first = firstLine(text, bodyStart(text));
  if (first === null) throw new SyntaxError(`the candle file is empty; ${ACCEPTED}`);
  const head = text.slice(first.start, first.end);
  const layout = layoutOf(head);
  if (layout === null) throw refusal(text, head);

  let pos = layout.header ? first.next : first.start;
  let lineNo = layout.header ? first.lineNo : first.lineNo - 1;
  let cap = 1;
  for (let p = text.indexOf('\n', pos); p !== -1; p = text.indexOf('\n', p + 1)) cap++;
  const time = new Float64Array(cap);
  const open = new Float64Array(cap);
  const high = new Float64Array(cap);
  const low = new Float64Array(cap);
  const close = new Float64Array(cap);
  const volume = new Float64Array(cap);
  const line = new Int32Array(cap);
  const out = [time, open, high, low, close, volume];
  const rowErrors: RowProblem[] = [];

  const { fieldCount, names, timeMode } = layout;
  const maxCol = Math.max(...layout.columns);
  const slotOf = new Int8Array(maxCol + 1).fill(-1);
  layout.columns.forEach((c, s) => (slotOf[c] = s));
  const onProgress = opts.onProgress;

  let k = 0;
  while (pos < total) {
    lineNo++;
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = total;
    const e = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (onProgress !== undefined && (lineNo & 0xffff) === 0) onProgress(pos, total);
    if (e === pos || isBlank(text, pos, e)) {
      pos = nl + 1;
      continue;
    }
    let reason = '';
    let f = 0;
    let a = pos;
    for (;;) {
      let b = text.indexOf(',', a);
      if (b === -1 || b > e) b = e;
      const s = f <= maxCol ? slotOf[f] : -1;
      if (s >= 0) {
        const fieldEnd = b;
        while (a < b && isSpace(text.charCodeAt(a))) a++;
        while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
        let v = NaN;
        if (a === b) reason = also(reason, `${names[s]} is empty`);
        else {
          v = parseDecimal(text, a, b);
          if (s === 0 && timeMode !== 'ms') {
            const t = convertTime(text, a, b, v, timeMode, names[0]);
            if (typeof t === 'number') v = t;
            else reason = also(reason, t);
          } else if (v !== v) {
            reason = also(reason, `${names[s]}: ${preview(text.slice(a, b), 40)} is not a number`);
          }
        }
        out[s][k] = v;
        b = fieldEnd;
      }
      f++;
      if (b >= e) break;
      a = b + 1;
    }
    if (f !== fieldCount) {
      reason = `expected ${fieldCount} fields${layout.header ? ' (as in the header)' : ''}, got ${f}`;
    }
    if (reason === '') {
      line[k] = lineNo;
      k++;
    } else {
      rowErrors.push({ line: lineNo, reason });
    }
    pos = nl + 1;
  }
  if (onProgress !== undefined) onProgress(total, total);
  return {
    format: layout.format,
    rows: {
      time: time.subarray(0, k),
      open: open.subarray(0, k),
      high: high.subarray(0, k),
      low: low.subarray(0, k),
      close: close.subarray(0, k),
      volume: volume.subarray(0, k),
      line: line.subarray(0, k),
    },
    rowErrors,
  };
}
