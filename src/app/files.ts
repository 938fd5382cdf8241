import { downloadText } from './download';
import { createSignal } from 'solid-js';
import { detectFormat, parseCandleFile, type CandleFileFormat } from '../core/candles/formats';
import type { Timeframe } from '../core/candles/timeframe';
import { inferTimeframe } from '../core/candles/infer-timeframe';
import { isWorkerTaskError, transferResult, type Progress } from '../../workers/bridge';
import { SERIES_NOT_FOUND } from '../../workers/data/export-task';
import {
  CONFIRM_REPLACE,
  IMPORT_DEFAULT_EXCHANGE,
  MISSING_SERIES_INFO,
  seriesFromFileName,
  TIMEFRAME_MISMATCH,
  UNKNOWN_FORMAT,
  type ImportReport,
  type ReplaceQuestion,
  type TimeframeMismatch,
} from '../../workers/data/import-task';
import { dataWorker } from './worker-pools';
import { reportWriteError } from './db-service';

export type { ImportReport } from '../../workers/data/import-task';
export type { CandleFileFormat } from '../core/candles/formats';

/** Series details the user gives for a file (each optional; what is given wins over the file name). */
export interface ImportOverrides {
  exchange?: string;
  symbol?: string;
  timeframe?: Timeframe;
  /** Replace stored candles the file changes (asked first: `confirm-replace`). */
  replaceChanged?: boolean;
}

/** What the import panel shows. */
export type ImportState =
  | { status: 'idle' }
  /** The symbol (and maybe the timeframe) of `fileName` is unknown: ask, then call `importPending`. */
  | {
      status: 'needs-input';
      fileName: string;
      format: CandleFileFormat | null;
      missing: Array<'symbol' | 'timeframe'>;
      /** What is known so far, to prefill the form. */
      exchange: string;
      symbol: string | null;
      timeframe: Timeframe | null;
      /** The timeframe the start of the file shows, used when none is chosen. */
      detectedTimeframe: Timeframe | null;
    }
  /** The candles' spacing is not the declared timeframe; nothing was written. `importAsDetected` imports it as what it is. */
  | { status: 'mismatch'; fileName: string; message: string; mismatch: TimeframeMismatch }
  /** The file would change stored candles; nothing was written yet. `confirmReplace` goes ahead, `dismissImport` keeps the store as it is. */
  | { status: 'confirm-replace'; fileName: string; question: ReplaceQuestion }
  /** Reading, checking or storing; `cancellable` is false once the write transaction started. */
  | { status: 'running'; fileName: string; progress: Progress; cancellable: boolean }
  | { status: 'done'; report: ImportReport }
  /** The file is in no supported format; nothing was written. */
  | { status: 'refused'; fileName: string; message: string }
  | { status: 'failed'; fileName: string; message: string }
  | { status: 'cancelled'; fileName: string; message: string };

const [importState, setImportState] = createSignal<ImportState>({ status: 'idle' });
const [lastImportReport, setLastImportReport] = createSignal<ImportReport | null>(null);

/** State of the file import (one at a time). */
export { importState };
/** The report of the last completed import, kept until the next one completes. */
export { lastImportReport };

let abort: AbortController | undefined;
let pending: { file: File; overrides: ImportOverrides } | undefined;

/** Characters of the file read on the main thread to detect its format and step before importing. */
const HEAD_BYTES = 64 * 1024;

/** Format and timeframe guessed from the first `HEAD_BYTES` of a file (whole lines only). */
async function sniff(file: File): Promise<{ format: CandleFileFormat | null; timeframe: Timeframe | null }> {
  let head = await file.slice(0, HEAD_BYTES).text();
  if (file.size > HEAD_BYTES) head = head.slice(0, head.lastIndexOf('\n') + 1);
  const format = detectFormat(head);
  if (format === null) return { format, timeframe: null };
  try {
    return { format, timeframe: inferTimeframe(parseCandleFile(head).rows.time) };
  } catch {
    return { format, timeframe: null };
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Imports `file` in the data worker (see `importCandles`). First, without reading the whole file:
 * when the symbol is neither in `overrides` nor in the file name, or the timeframe is neither
 * given, in the name, nor visible in the first 64 KB, the state becomes `needs-input` (the panel
 * asks; `importPending` continues). A file whose start is in no known format goes to the worker
 * all the same, which refuses it (`refused`) without writing anything. The file's bytes are
 * transferred to the worker, not copied. Progress and cancel are in `importState`.
 */
export async function importFile(file: File, overrides: ImportOverrides = {}): Promise<void> {
  if (importState().status === 'running') return;
  const fileName = file.name;
  setImportState({ status: 'running', fileName, progress: { done: 0, total: 1000, phase: 'read', message: 'Opening the file' }, cancellable: true });
  const guess = seriesFromFileName(fileName);
  const symbol = overrides.symbol?.trim() || guess.symbol;
  const timeframe = overrides.timeframe ?? guess.timeframe;
  const exchange = overrides.exchange?.trim() || guess.exchange || IMPORT_DEFAULT_EXCHANGE;
  if (symbol === null || timeframe === null) {
    let sniffed: Awaited<ReturnType<typeof sniff>>;
    try {
      sniffed = await sniff(file);
    } catch (e) {
      setImportState({ status: 'failed', fileName, message: `The file could not be read: ${messageOf(e)}` });
      return;
    }
    const missing: Array<'symbol' | 'timeframe'> = [];
    if (symbol === null) missing.push('symbol');
    if (timeframe === null && sniffed.timeframe === null) missing.push('timeframe');
    if (sniffed.format !== null && missing.length > 0) {
      pending = { file, overrides };
      setImportState({
        status: 'needs-input',
        fileName,
        format: sniffed.format,
        missing,
        exchange,
        symbol,
        timeframe,
        detectedTimeframe: sniffed.timeframe,
      });
      return;
    }
  }
  await runImport(file, overrides);
}

/** Continues the import waiting in `needs-input` with the details the user chose. */
export async function importPending(details: ImportOverrides): Promise<void> {
  const p = pending;
  if (p === undefined || importState().status !== 'needs-input') return;
  pending = undefined;
  const merged: ImportOverrides = { ...p.overrides };
  if (details.exchange?.trim()) merged.exchange = details.exchange.trim();
  if (details.symbol?.trim()) merged.symbol = details.symbol.trim();
  if (details.timeframe) merged.timeframe = details.timeframe;
  await importFile(p.file, merged);
}

/** Imports the file refused for its timeframe as the timeframe its candles show. */
export async function importAsDetected(): Promise<void> {
  const st = importState();
  const p = pending;
  if (p === undefined || st.status !== 'mismatch' || st.mismatch.detected === null) return;
  pending = undefined;
  await importFile(p.file, { ...p.overrides, exchange: st.mismatch.exchange, symbol: st.mismatch.symbol, timeframe: st.mismatch.detected });
}

/** Goes ahead with the import waiting in `confirm-replace`: the stored candles it changes are replaced. */
export async function confirmReplace(): Promise<void> {
  const p = pending;
  if (p === undefined || importState().status !== 'confirm-replace') return;
  pending = undefined;
  await importFile(p.file, { ...p.overrides, replaceChanged: true });
}

async function runImport(file: File, overrides: ImportOverrides): Promise<void> {
  const fileName = file.name;
  abort = new AbortController();
  let writing = false;
  try {
    const bytes = await file.arrayBuffer();
    const args = { fileName, bytes, ...overrides };
    const report = await dataWorker().run('importCandles', transferResult(args), {
      signal: abort.signal,
      onProgress: (progress) => {
        writing ||= progress.phase === 'write' || progress.phase === 'done';
        setImportState({ status: 'running', fileName, progress, cancellable: !writing });
      },
    });
    setLastImportReport(report);
    setImportState({ status: 'done', report });
  } catch (e) {
    if (isWorkerTaskError(e, 'CANCELLED')) {
      setImportState({
        status: 'cancelled',
        fileName,
        message: writing
          ? 'Import cancelled while storing: the candles may have been stored whole; see the series list.'
          : 'Import cancelled; nothing was stored.',
      });
    } else if (isWorkerTaskError(e, UNKNOWN_FORMAT)) {
      setImportState({ status: 'refused', fileName, message: messageOf(e) });
    } else if (isWorkerTaskError(e, TIMEFRAME_MISMATCH)) {
      pending = { file, overrides };
      setImportState({ status: 'mismatch', fileName, message: messageOf(e), mismatch: e.details as TimeframeMismatch });
    } else if (isWorkerTaskError(e, CONFIRM_REPLACE)) {
      pending = { file, overrides };
      setImportState({ status: 'confirm-replace', fileName, question: e.details as ReplaceQuestion });
    } else if (isWorkerTaskError(e, MISSING_SERIES_INFO)) {
      const d = (e.details ?? {}) as { missing?: Array<'symbol' | 'timeframe'>; format?: CandleFileFormat; exchange?: string | null; symbol?: string | null; timeframe?: Timeframe | null };
      pending = { file, overrides };
      setImportState({
        status: 'needs-input',
        fileName,
        format: d.format ?? null,
        missing: d.missing ?? ['symbol'],
        exchange: overrides.exchange ?? d.exchange ?? IMPORT_DEFAULT_EXCHANGE,
        symbol: overrides.symbol ?? d.symbol ?? null,
        timeframe: overrides.timeframe ?? d.timeframe ?? null,
        detectedTimeframe: null,
      });
    } else {
      if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
      setImportState({ status: 'failed', fileName, message: `${fileName} was not imported: ${messageOf(e)}` });
    }
  } finally {
    abort = undefined;
  }
}

/** Asks the running import to stop (effective until its write starts). */
export function cancelImport(): void {
  abort?.abort();
}

/** Clears a finished, refused, failed or pending import from the panel. */
export function dismissImport(): void {
  if (importState().status === 'running') return;
  pending = undefined;
  setImportState({ status: 'idle' });
}

/** A stored series. */
export interface SeriesRef {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
}

/** Export state of one series: running, or the last error. */
export interface ExportState {
  running: boolean;
  error: string | null;
}

const [exports, setExports] = createSignal<Record<string, ExportState>>({});

function exportKey(s: SeriesRef): string {
  return `${s.exchange}:${s.symbol}:${s.timeframe}`;
}

/** Export state of a series (idle when never exported). */
export function exportState(s: SeriesRef): ExportState {
  return exports()[exportKey(s)] ?? { running: false, error: null };
}


/**
 * Exports a stored series in the standard format (see `exportCandles`) and downloads it as
 * `<exchange>_<SYMBOL>_<tf>.csv`. One export per series at a time.
 */
export async function exportSeries(series: SeriesRef): Promise<void> {
  const key = exportKey(series);
  if (exportState(series).running) return;
  setExports((m) => ({ ...m, [key]: { running: true, error: null } }));
  try {
    const { fileName, text } = await dataWorker().run('exportCandles', { exchange: series.exchange, symbol: series.symbol, timeframe: series.timeframe });
    downloadText(fileName, text);
    setExports((m) => ({ ...m, [key]: { running: false, error: null } }));
  } catch (e) {
    const message = isWorkerTaskError(e, SERIES_NOT_FOUND) ? 'This series is no longer stored.' : `Export failed: ${messageOf(e)}`;
    setExports((m) => ({ ...m, [key]: { running: false, error: message } }));
  }
}
