import { lowerBound } from '../util/binary-search';
import { parseTime } from '../util/time-parse';
import type { Direction, PreparedStrategy, Reason, Signal, Strategy, StrategyInput } from './types';

/**
 * One row of a signal script. `stopFraction` and `targetFraction` are fractions of price like those of
 * `Signal` (the CSV gives them in percent: 2 → 0.02). `line` is the 1-based line in the text.
 */
export interface ScriptedSignal {
  line: number;
  time: number;
  symbol: string;
  direction: Direction;
  stopFraction: number;
  targetFraction: number;
  confidence: number;
}

/** A prepared script: signals on the bars their times name, plus the rows that named no bar. */
export interface PreparedScript extends PreparedStrategy {
  /** Rows for this series' symbol whose time is the open time of no bar of the series. */
  unmatched: readonly ScriptedSignal[];
  /** Rows for this series' symbol that landed on a bar. */
  matched: number;
}

export const SCRIPTED_ID = 'SCRIPTED';
const COLUMNS = ['time', 'symbol', 'direction', 'stopPct', 'targetPct', 'confidence'];

/**
 * Symbols compare without case and punctuation, and without a ccxt settle suffix, so that
 * `BTC/USDT`, `btcusdt` and `BTC/USDT:USDT` name the same market.
 */
export function normaliseSymbol(s: string): string {
  return s.toUpperCase().split(':')[0].replace(/[^A-Z0-9]/g, '');
}

/**
 * Parses a signal script: CSV rows `time,symbol,direction,stopPct,targetPct[,confidence]`.
 * - `time`: open time of the bar on whose close the signal fires (UTC ms or ISO 8601).
 * - `direction`: LONG or SHORT (any case).
 * - `stopPct`, `targetPct`: distances in percent of price; 0 = no such level; stop in [0, 100),
 *   target ≥ 0 (below 100 for SHORT).
 * - `confidence`: optional, in [0, 1], default 1.
 * A first row naming the columns is a header and is skipped; so are empty lines and lines
 * starting with `#`. Every bad row throws `line N: <field> <value> …`; two rows for the same
 * symbol and time throw naming both lines.
 */
export function parseScriptedSignals(csvText: string): ScriptedSignal[] {
  const lines = csvText.split(/\r\n|\n|\r/);
  const out: ScriptedSignal[] = [];
  const seen = new Map<string, number>();
  let first = true;
  for (let li = 0; li < lines.length; li++) {
    const lineNo = li + 1;
    const raw = lines[li].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const parts = raw.split(',').map((p) => p.trim());
    if (first) {
      first = false;
      if (parts[0].toLowerCase() === 'time') {
        for (let j = 0; j < parts.length; j++) {
          if (j >= COLUMNS.length || parts[j].toLowerCase() !== COLUMNS[j].toLowerCase()) {
            throw new SyntaxError(
              `line ${lineNo}: header column ${j + 1} "${parts[j]}" is not "${j < COLUMNS.length ? COLUMNS[j] : '(none)'}" (expected time,symbol,direction,stopPct,targetPct[,confidence])`,
            );
          }
        }
        if (parts.length < 5) {
          throw new SyntaxError(`line ${lineNo}: header has ${parts.length} columns, expected 5 or 6`);
        }
        continue;
      }
    }
    if (parts.length !== 5 && parts.length !== 6) {
      throw new SyntaxError(
        `line ${lineNo}: expected 5 or 6 fields (time,symbol,direction,stopPct,targetPct[,confidence]), got ${parts.length}`,
      );
    }
    const [timeCell, symbolCell, dirCell, stopCell, targetCell, confCell] = parts;
    const time = parseTime(timeCell, { epochMs: true });
    if (!Number.isFinite(time)) {
      throw new SyntaxError(`line ${lineNo}: time "${timeCell}" is not UTC milliseconds or an ISO 8601 time`);
    }
    if (symbolCell === '' || normaliseSymbol(symbolCell) === '') {
      throw new SyntaxError(`line ${lineNo}: symbol "${symbolCell}" is empty`);
    }
    const dir = dirCell.toUpperCase();
    if (dir !== 'LONG' && dir !== 'SHORT') {
      throw new SyntaxError(`line ${lineNo}: direction "${dirCell}" is not LONG or SHORT`);
    }
    const stop = numberCell(stopCell, 'stopPct', lineNo);
    if (stop < 0 || stop >= 100) throw new RangeError(`line ${lineNo}: stopPct ${stopCell} is out of range [0, 100)`);
    const target = numberCell(targetCell, 'targetPct', lineNo);
    if (target < 0) throw new RangeError(`line ${lineNo}: targetPct ${targetCell} is negative`);
    if (dir === 'SHORT' && target >= 100) {
      throw new RangeError(`line ${lineNo}: targetPct ${targetCell} is out of range [0, 100) for a SHORT`);
    }
    let confidence = 1;
    if (confCell !== undefined) {
      confidence = numberCell(confCell, 'confidence', lineNo);
      if (confidence < 0 || confidence > 1) {
        throw new RangeError(`line ${lineNo}: confidence ${confCell} is out of range [0, 1]`);
      }
    }
    const key = `${normaliseSymbol(symbolCell)}@${time}`;
    const prev = seen.get(key);
    if (prev !== undefined) {
      throw new SyntaxError(`line ${lineNo}: time "${timeCell}" for ${symbolCell} repeats line ${prev}`);
    }
    seen.set(key, lineNo);
    out.push({
      line: lineNo,
      time,
      symbol: symbolCell,
      direction: dir,
      stopFraction: stop / 100,
      targetFraction: target / 100,
      confidence,
    });
  }
  return out;
}

function numberCell(cell: string, field: string, lineNo: number): number {
  const v = Number(cell);
  if (cell === '' || !Number.isFinite(v)) throw new SyntaxError(`line ${lineNo}: ${field} "${cell}" is not a number`);
  return v;
}

/**
 * A strategy replaying a fixed list of signals (imported from another tool, or written by
 * hand). Each row fires on the bar whose open time equals its time, for the series whose
 * symbol matches (see `normaliseSymbol`); rows of other symbols are ignored by that series,
 * and rows of its symbol that name no bar are listed in `unmatched` of the prepared script.
 * The script is fixed in advance, so the signals cannot depend on later bars.
 */
export function createScriptedStrategy(source: string | readonly ScriptedSignal[]): Strategy {
  const rows = typeof source === 'string' ? parseScriptedSignals(source) : source.slice();
  return {
    id: SCRIPTED_ID,
    name: 'Scripted signals',
    description:
      'Replays signals from a CSV script (time,symbol,direction,stopPct,targetPct[,confidence]); stop and target in percent.',
    params: [],
    warmup: () => 0,
    timeframes: () => [],
    prepare: (input: StrategyInput): PreparedScript => prepareScript(rows, input),
  };
}

function prepareScript(rows: readonly ScriptedSignal[], input: StrategyInput): PreparedScript {
  const time = input.candles.time;
  const close = input.candles.close;
  const n = time.length;
  const symbol = normaliseSymbol(input.symbol);
  /** Index into `matchedRows` of the row firing on each bar, -1 for none. */
  const rowAt = new Int32Array(n).fill(-1);
  const matchedRows: ScriptedSignal[] = [];
  const unmatched: ScriptedSignal[] = [];
  for (const r of rows) {
    if (normaliseSymbol(r.symbol) !== symbol) continue;
    const i = lowerBound(time, r.time);
    if (i < n && time[i] === r.time) {
      rowAt[i] = matchedRows.length;
      matchedRows.push(r);
    } else unmatched.push(r);
  }
  const rowOf = (i: number): ScriptedSignal | undefined => {
    const k = i >= 0 && i < n ? rowAt[i] : -1;
    return k < 0 ? undefined : matchedRows[k];
  };
  const reasonsOf = (r: ScriptedSignal): Reason[] => [
    { condition: 'scripted signal', value: `line ${r.line}`, threshold: null, pass: true },
  ];
  return {
    unmatched,
    matched: matchedRows.length,
    signalAt(i: number): Signal | null {
      const r = rowOf(i);
      if (r === undefined) return null;
      return {
        symbol: input.symbol,
        time: time[i],
        barIndex: i,
        direction: r.direction,
        price: close[i],
        confidence: r.confidence,
        stopFraction: r.stopFraction,
        targetFraction: r.targetFraction,
        reasons: reasonsOf(r),
        strategy: SCRIPTED_ID,
      };
    },
    conditionsAt(i: number): Reason[] {
      const r = rowOf(i);
      return r === undefined
        ? [{ condition: 'scripted signal', value: null, threshold: null, pass: false }]
        : reasonsOf(r);
    },
  };
}

/** The registry's SCRIPTED entry: no rows until a script is bound with `createScriptedStrategy`. */
export const SCRIPTED: Strategy = createScriptedStrategy([]);
