import { readTime, TIME_PROBLEM_TEXT } from '../util/time-parse';
import { STANDARD_CSV_HEADER } from './csv-writer';
import { parseDecimal } from './format-number';
import type { RowProblem } from './hygiene';
import type { CandleColumns } from './types';

/**
 * Candle file formats recognised on import:
 * - `standard`: header `timestamp,open,high,low,close,volume`, open time in UTC ms (the project's
 *   own format, written by `formatStandardCsvRows` of csv-writer.ts);
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

const STANDARD_HEADER = STANDARD_CSV_HEADER.split(',');
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

/** Start and end (without "\r") of the first non-blank line at or after `pos`. */
function firstLine(text: string, pos: number): { start: number; end: number } | null {
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (!isBlank(text, pos, end)) return { start: pos, end };
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

function refusal(chars: number, first: string): SyntaxError {
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
  return new SyntaxError(`unrecognised candle file (${chars} characters): ${seen}; ${ACCEPTED}`);
}

/** Binance open times above this are µs (1e14 ms is the year 5138; 1e14 µs is 1973). */
const MICROS_ABOVE = 1e14;
/** TradingView times at or above this are not seconds (1e11 s is the year 5138). */
const MAX_SECONDS = 1e11;

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
  if (v !== v) {
    const raw = text.slice(a, b);
    const t = readTime(raw, { iso: 'zoned' });
    if (typeof t === 'number') return t;
    return `${name}: ${preview(raw, 40)} ${t === 'syntax' ? 'is not UTC seconds or an ISO 8601 time' : TIME_PROBLEM_TEXT[t]}`;
  }
  if (Math.abs(v) >= MAX_SECONDS) return `${name}: ${text.slice(a, b)} is too large for UTC seconds`;
  return v * 1000;
}

/** Longest first line read to detect the format: a longer one is looked at only this far. */
const HEAD_LIMIT = 65_536;
/** Longest line held in memory while it is read; a longer line is skipped and listed as a row error. */
export const MAX_LINE_CHARS = 1_048_576;

export interface CandleFileReaderOptions {
  /**
   * Row errors kept in `rowErrors` (the first ones, by line); later ones are only counted in
   * `rowErrorCount`, so a file of millions of bad lines costs no memory per line. Default: all.
   */
  maxRowErrors?: number;
  /** Called about every 64k lines with the characters consumed so far. */
  onProgress?(doneChars: number): void;
}

const FIELD_COUNT = 6;

/**
 * Reads a candle file in any format of `CandleFileFormat` from text given in pieces of any size
 * (`push`), holding only the rows read (typed arrays, no string per row) and the current partial
 * line: `end()` returns the rows in file order with their line numbers and the unreadable lines.
 * The format is detected from the first non-blank line. A file in no known format throws a
 * SyntaxError from `end()` saying what was seen and which formats are accepted. Rows that cannot
 * be read (wrong number of fields, a field that is empty or not a number, a bad time, a line
 * longer than {@link MAX_LINE_CHARS}) are skipped and listed by 1-based line number; blank lines
 * are ignored; CRLF line ends, spaces or tabs around fields, a UTF-8 BOM and a missing or present
 * final newline are accepted. Values are not checked further here: `cleanCandles` validates,
 * orders and deduplicates the rows. The result is the same whatever the pieces' boundaries.
 *
 * Numbers are parsed from character codes, so good rows create no strings or arrays.
 */
export class CandleFileReader {
  private readonly maxRowErrors: number;
  private readonly onProgress: ((doneChars: number) => void) | undefined;
  /** Unparsed text: the start of a line whose end has not arrived yet. */
  private pending = '';
  /** Characters pushed, and characters before `pending`. */
  private chars = 0;
  private consumed = 0;
  /** Lines consumed so far (the next line is `lineNo + 1`). */
  private lineNo = 0;
  private layout: Layout | null = null;
  private slotOf = new Int8Array(0);
  private maxCol = 0;
  /** The first line, when it is in no known format. */
  private refused: string | null = null;
  /** Inside a line longer than MAX_LINE_CHARS: text is dropped up to its end. */
  private skipping = false;
  private started = false;
  private k = 0;
  private cols: Float64Array[] = [];
  private line = new Int32Array(0);
  private readonly rowErrors: RowProblem[] = [];
  private rowErrorCount = 0;

  constructor(opts: CandleFileReaderOptions = {}) {
    this.maxRowErrors = opts.maxRowErrors ?? Infinity;
    this.onProgress = opts.onProgress;
    this.allocate(0);
  }

  /** Adds the next piece of the file. */
  push(chunk: string): void {
    if (chunk.length === 0) return;
    this.chars += chunk.length;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) {
        chunk = chunk.slice(1);
        this.consumed++;
      }
    }
    if (this.refused !== null) return;
    let text: string;
    if (this.skipping) {
      const nl = chunk.indexOf('\n');
      if (nl === -1) {
        this.consumed += chunk.length;
        return;
      }
      this.skipping = false;
      this.consumed += nl + 1;
      text = chunk.slice(nl + 1);
    } else {
      text = this.pending === '' ? chunk : this.pending + chunk;
    }
    this.pending = '';
    this.consume(text, false);
  }

  /** The rows read; throws a SyntaxError when the file is empty or in no known format. */
  end(): ParsedCandleFile & { rowErrorCount: number } {
    if (this.refused === null && this.pending !== '') {
      const text = this.pending;
      this.pending = '';
      this.consume(text, true);
    }
    if (this.refused !== null) throw refusal(this.chars, this.refused);
    if (this.layout === null) throw new SyntaxError(`the candle file is empty; ${ACCEPTED}`);
    this.onProgress?.(this.chars);
    const [time, open, high, low, close, volume] = this.cols.map((c) => c.subarray(0, this.k));
    return {
      format: this.layout.format,
      rows: { time, open, high, low, close, volume, line: this.line.subarray(0, this.k) },
      rowErrors: this.rowErrors,
      rowErrorCount: this.rowErrorCount,
    };
  }

  private allocate(cap: number): void {
    const cols = Array.from({ length: FIELD_COUNT }, () => new Float64Array(cap));
    const line = new Int32Array(cap);
    for (let f = 0; f < FIELD_COUNT; f++) if (this.cols[f]) cols[f].set(this.cols[f].subarray(0, this.k));
    line.set(this.line.subarray(0, this.k));
    this.cols = cols;
    this.line = line;
  }

  private rowError(line: number, reason: string): void {
    this.rowErrorCount++;
    if (this.rowErrors.length < this.maxRowErrors) this.rowErrors.push({ line, reason });
  }

  /** Reads the complete lines of `text` (all of it when `final`) and keeps the rest as `pending`. */
  private consume(text: string, final: boolean): void {
    let pos = 0;
    if (this.layout === null) {
      pos = this.detect(text, final);
      if (this.layout === null) return;
    }
    const last = final ? text.length : text.lastIndexOf('\n') + 1;
    if (last > pos) this.rows(text, pos, last);
    const rest = text.length - last;
    if (rest > MAX_LINE_CHARS) {
      this.lineNo++;
      this.rowError(this.lineNo, `longer than ${MAX_LINE_CHARS} characters`);
      this.consumed += text.length;
      this.skipping = true;
    } else {
      this.consumed += last;
      this.pending = rest === 0 ? '' : text.slice(last);
    }
  }

  /** Finds the first non-blank line and its layout; returns where the rows start. */
  private detect(text: string, final: boolean): number {
    let pos = 0;
    for (;;) {
      let nl = text.indexOf('\n', pos);
      if (nl === -1) {
        if (!final && text.length - pos <= HEAD_LIMIT) {
          this.consumed += pos;
          this.pending = text.slice(pos);
          return pos;
        }
        nl = text.length;
      }
      const lineEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const end = Math.min(lineEnd, pos + HEAD_LIMIT);
      if (isBlank(text, pos, end)) {
        if (nl >= text.length) {
          this.consumed += text.length;
          return text.length;
        }
        this.lineNo++;
        pos = nl + 1;
        continue;
      }
      const head = text.slice(pos, end);
      const layout = end < lineEnd ? null : layoutOf(head);
      if (layout === null) {
        this.refused = head;
        this.consumed += text.length;
        return text.length;
      }
      this.layout = layout;
      this.maxCol = Math.max(...layout.columns);
      this.slotOf = new Int8Array(this.maxCol + 1).fill(-1);
      layout.columns.forEach((c, s) => (this.slotOf[c] = s));
      if (!layout.header) return pos;
      this.lineNo++;
      return Math.min(nl + 1, text.length);
    }
  }

  /** Parses the lines of `text[pos, limit)`; `limit` is just after a "\n" or the end of the file. */
  private rows(text: string, pos: number, limit: number): void {
    let lines = 1;
    for (let p = text.indexOf('\n', pos); p !== -1 && p < limit; p = text.indexOf('\n', p + 1)) lines++;
    if (this.k + lines > this.line.length) this.allocate(Math.max(this.k + lines, 2 * this.line.length));
    const layout = this.layout as Layout;
    const { fieldCount, names, timeMode } = layout;
    const { cols: out, line, slotOf, maxCol, onProgress, consumed: base } = this;
    let { lineNo, k } = this;
    while (pos < limit) {
      lineNo++;
      let nl = text.indexOf('\n', pos);
      if (nl === -1 || nl > limit) nl = limit;
      const e = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (onProgress !== undefined && (lineNo & 0xffff) === 0) onProgress(base + pos);
      if (e === pos || isBlank(text, pos, e)) {
        pos = nl + 1;
        continue;
      }
      // Reasons are written only while errors are still listed; later bad rows are just counted.
      const describe = this.rowErrors.length < this.maxRowErrors;
      let bad = false;
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
          if (a === b) {
            bad = true;
            if (describe) reason = also(reason, `${names[s]} is empty`);
          } else {
            v = parseDecimal(text, a, b);
            if (s === 0 && timeMode !== 'ms') {
              const t = convertTime(text, a, b, v, timeMode, names[0]);
              if (typeof t === 'number') v = t;
              else {
                bad = true;
                if (describe) reason = also(reason, t);
              }
            } else if (v !== v) {
              bad = true;
              if (describe) reason = also(reason, `${names[s]}: ${preview(text.slice(a, b), 40)} is not a number`);
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
        bad = true;
        if (describe) reason = `expected ${fieldCount} fields${layout.header ? ' (as in the header)' : ''}, got ${f}`;
      }
      if (!bad) {
        line[k] = lineNo;
        k++;
      } else {
        this.rowError(lineNo, reason);
      }
      pos = nl + 1;
    }
    this.lineNo = lineNo;
    this.k = k;
  }
}

/**
 * Reads a whole candle file held in one string: {@link CandleFileReader} given the text in one
 * piece (see there for the formats, the row errors and the refusal of unknown files).
 * `onProgress` is called about every 64k lines and once at the end.
 */
export function parseCandleFile(text: string, opts: ParseCandleFileOptions = {}): ParsedCandleFile {
  const total = text.length;
  const report = opts.onProgress;
  const reader = new CandleFileReader(report === undefined ? {} : { onProgress: (done) => report(done, total) });
  reader.push(text);
  const { format, rows, rowErrors } = reader.end();
  return { format, rows, rowErrors };
}
