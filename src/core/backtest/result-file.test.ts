import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../tests/support/shared-data';
import { buildResultFileFromCandles, type BuiltResultFile } from '../../../tests/support/result-files';
import { resolveStrategy } from '../strategy/registry';
import {
  buildResultFile,
  parseResultFile,
  RESULT_FILE_FORMAT,
  RESULT_FILE_INVALID,
  ResultFileError,
  serializeResultFile,
  strategyOfConfig,
  TRADES_CSV_COLUMNS,
  tradesCsv,
  validateResultFile,
  type ResultFile,
} from './result-file';
import type { Trade } from './trade';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const FROM = Date.UTC(2022, 0, 1);
const TO = Date.UTC(2022, 5, 30, 23);

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): ResultFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ResultFileError);
    return e as ResultFileError;
  }
  throw new Error('expected a ResultFileError');
}

/** The file with its stored equity turned back into columns, as the app keeps it. */
function rebuilt(file: ResultFile): ResultFile {
  return buildResultFile({
    name: file.job.name,
    config: file.job.config,
    trades: file.trades,
    equity: { time: Float64Array.from(file.equity, (p) => p[0]), value: Float64Array.from(file.equity, (p) => p[1]) },
    metrics: file.metrics,
    breakdowns: file.breakdowns,
  });
}

let built: BuiltResultFile;

beforeAll(() => {
  built = buildResultFileFromCandles({ name: 'BTC balanced H1 2022', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'BALANCED', from: FROM, to: TO });
});

describe('result file: a real backtest round trip', () => {
  it('has trades, losing ones among them, and the format header', () => {
    expect(built.report.trades.length).toBeGreaterThan(5);
    expect(built.report.trades.some((t) => t.pnl < 0)).toBe(true);
    const raw = JSON.parse(built.text) as Record<string, unknown>;
    expect(raw.format).toBe('candlelab.backtest-result');
    expect(raw.version).toBe(1);
    expect(Object.keys(raw).sort()).toEqual(['breakdowns', 'equity', 'format', 'job', 'metrics', 'strategy', 'trades', 'version']);
  });

  it('parses back to the same content and serialises to the same bytes', () => {
    const parsed = parseResultFile(built.text);
    expect(parsed).toEqual(built.file);
    const again = serializeResultFile(rebuilt(parsed));
    expect(again).toBe(built.text);
    // And once more through a second import/export cycle.
    expect(serializeResultFile(rebuilt(parseResultFile(again)))).toBe(built.text);
  });

  it('keeps every trade field, the equity points and the metrics of the engine report', () => {
    const parsed = parseResultFile(built.text);
    expect(parsed.trades).toEqual(built.report.trades);
    expect(parsed.equity).toEqual(built.report.equity);
    expect(parsed.metrics).toEqual({ ...built.report.metrics });
    expect(parsed.breakdowns.direction.LONG.totalTrades! + parsed.breakdowns.direction.SHORT.totalTrades!).toBe(built.report.trades.length);
  });

  it('records the strategy with its complete parameter set, as the engine resolved it', () => {
    const parsed = parseResultFile(built.text);
    expect(parsed.strategy).toEqual({ ...built.report.strategy });
    expect(parsed.strategy?.params).toEqual(resolveStrategy('BALANCED').params);
    expect(strategyOfConfig({ strategy: 'NO_SUCH_THING' })).toBeNull();
  });
});

describe('result file: damaged files are refused naming the field', () => {
  type Raw = Record<string, any>;
  const cases: Array<[string, (f: Raw) => unknown, string, RegExp]> = [
    ['wrong format', (f) => (f.format = 'something-else'), 'format', /not "candlelab\.backtest-result"/],
    ['no format', (f) => delete f.format, 'format', /not a Candlelab backtest result file/],
    ['newer version', (f) => (f.version = 2), 'version', /newer than this app reads/],
    ['version as text', (f) => (f.version = '1'), 'version', /not a format version/],
    ['unknown top-level field', (f) => (f.extra = 1), 'extra', /is not a field/],
    ['missing trades', (f) => delete f.trades, 'trades', /missing/],
    ['missing job name', (f) => delete f.job.name, 'job.name', /missing/],
    ['bad timeframe', (f) => (f.job.config.timeframe = '7h'), 'job.config.timeframe', /"7h" is not one of/],
    ['no symbols', (f) => (f.job.config.symbols = []), 'job.config.symbols', /non-empty list/],
    ['strategy of another config', (f) => (f.strategy.name = 'SWING'), 'strategy.name', /does not match job\.config\.strategy/],
    ['unknown exit reason', (f) => (f.trades[2].exitReason = 'STOP'), 'trades[2].exitReason', /"STOP" is not one of TP, SL, SIGNAL, TIMEOUT, END/],
    ['pnl as text', (f) => (f.trades[1].pnl = '12.5'), 'trades[1].pnl', /"12\.5" is not a finite number/],
    ['exit before entry', (f) => (f.trades[0].exitTime = f.trades[0].entryTime - 3_600_000), 'trades[0].exitTime', /before the entry time/],
    ['negative price', (f) => (f.trades[3].entryPrice = -1), 'trades[3].entryPrice', /-1 is not a positive number/],
    ['confidence above 1', (f) => (f.trades[0].confidence = 1.5), 'trades[0].confidence', /1\.5 is not between 0 and 1/],
    ['symbol the job does not hold', (f) => (f.trades[4].symbol = 'DOGE/USDT'), 'trades[4].symbol', /not one of the job's symbols/],
    ['extra trade field', (f) => (f.trades[0].note = 'x'), 'trades[0].note', /is not a field/],
    ['reason without pass', (f) => delete f.trades[0].reasons[0].pass, 'trades[0].reasons[0].pass', /missing/],
    ['equity point not a pair', (f) => (f.equity[3] = [f.equity[3][0]]), 'equity[3]', /not a \[time, equity\] pair/],
    ['equity time going back', (f) => (f.equity[5][0] = f.equity[4][0] - 1), 'equity[5][0]', /before the previous point's time/],
    ['empty equity', (f) => (f.equity = []), 'equity', /non-empty list/],
    ['missing metric', (f) => delete f.metrics.sharpe, 'metrics.sharpe', /missing/],
    ['metric as text', (f) => (f.metrics.sortino = 'high'), 'metrics.sortino', /"high" is not a number or null/],
    ['net profit the trades contradict', (f) => (f.metrics.totalPnl += 100), 'metrics.totalPnl', /does not match the trades/],
    ['trade removed', (f) => f.trades.pop(), 'metrics.totalTrades', /does not match the trades/],
    ['breakdown value as text', (f) => (f.breakdowns.direction.LONG.winRate = '50%'), 'breakdowns.direction.LONG.winRate', /not a number or null/],
  ];

  it.each(cases)('%s', (_label, mutate, field, message) => {
    const raw = JSON.parse(built.text) as Raw;
    mutate(raw);
    const e = thrown(() => validateResultFile(raw));
    expect(e.field).toBe(field);
    expect(e.code).toBe(RESULT_FILE_INVALID);
    expect(e.details).toEqual({ field });
    expect(e.message.startsWith(`${field}: `)).toBe(true);
    expect(e.message).toMatch(message);
  });

  it('refuses text that is not JSON, a JSON array and a JSON number, naming the file', () => {
    expect(thrown(() => parseResultFile(built.text.slice(0, 200))).message).toMatch(/^file: is not JSON \(/);
    expect(thrown(() => parseResultFile('[1, 2]')).message).toBe('file: is a JSON array, not a Candlelab backtest result file');
    expect(thrown(() => parseResultFile('42')).field).toBe('file');
  });

  it('refuses a report written by the command line, saying what it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'candlelab-result-file-'));
    const out = join(dir, 'result.json');
    const cli = spawnSync(
      'npx',
      ['tsx', 'src/cli/main.ts', 'backtest', '--candles', sharedDataPath('binance_BTCUSDT_1h.csv'), '--timeframe', '1h', '--strategy', 'BALANCED', '--from', '2022-01-01', '--to', '2022-03-31', '--out', out],
      { cwd: root, encoding: 'utf8' },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(JSON.parse(text).trades.length).toBeGreaterThan(0);
    const e = thrown(() => parseResultFile(text));
    expect(e.field).toBe('format');
    expect(e.message).toMatch(/backtest report written by the command line \(npm run cli -- backtest\), a different format/);
    expect(RESULT_FILE_FORMAT).toBe('candlelab.backtest-result');
  });
});

describe('trades CSV', () => {
  const H = 3_600_000;
  const T0 = Date.UTC(2024, 0, 1);
  const trades: Trade[] = [
    {
      symbol: 'BTC/USDT',
      direction: 'LONG',
      entryTime: T0 + H,
      entryPrice: 100,
      exitTime: T0 + 3 * H,
      exitPrice: 110,
      quantity: 2,
      fees: 0.42,
      pnl: 19.58,
      pnlPct: 9.79,
      exitReason: 'TP',
      confidence: 0.8,
      stop: 98,
      target: 110,
      signalTime: T0,
      reasons: [
        { condition: 'rsi < 30', value: 25.5, threshold: 30, pass: true },
        { condition: 'trend, daily', value: 'up', threshold: null, pass: false },
      ],
    },
    {
      symbol: 'ETH/USDT',
      direction: 'SHORT',
      entryTime: T0 + 25 * H,
      entryPrice: 2000.5,
      exitTime: T0 + 25 * H + 30 * 60_000,
      exitPrice: 2010,
      quantity: 0.05,
      fees: 0.2,
      pnl: -0.675,
      pnlPct: -0.675,
      exitReason: 'SL',
      confidence: 0.35,
      stop: 2010,
      target: 1900,
      signalTime: T0 + 24 * H,
      reasons: [{ condition: 'say "sell"', value: null, threshold: null, pass: true }],
    },
    {
      symbol: 'BTC/USDT',
      direction: 'LONG',
      entryTime: T0 + 48 * H,
      entryPrice: 101,
      exitTime: T0 + 48 * H,
      exitPrice: 101,
      quantity: 1,
      fees: 0,
      pnl: 0,
      pnlPct: 0,
      exitReason: 'END',
      confidence: 0.9,
      stop: 0,
      target: 0,
      signalTime: T0 + 47 * H,
      reasons: [],
    },
  ];

  it('writes a header and one hand-checked row per trade, quoting where needed', () => {
    const lines = tradesCsv(trades).split('\n');
    expect(lines).toEqual([
      'trade,symbol,direction,signalTime,entryTime,entryPrice,exitTime,exitPrice,durationMs,quantity,fees,pnl,pnlPct,exitReason,confidence,confidenceLevel,stop,target,reasonsPassed,reasonsTotal,reasons',
      '1,BTC/USDT,LONG,2024-01-01T00:00:00.000Z,2024-01-01T01:00:00.000Z,100,2024-01-01T03:00:00.000Z,110,7200000,2,0.42,19.58,9.79,TP,0.8,HIGH,98,110,1,2,"rsi < 30 25.5 (threshold 30) pass; trend, daily up fail"',
      '2,ETH/USDT,SHORT,2024-01-02T00:00:00.000Z,2024-01-02T01:00:00.000Z,2000.5,2024-01-02T01:30:00.000Z,2010,1800000,0.05,0.2,-0.675,-0.675,SL,0.35,VERY_LOW,2010,1900,1,1,"say ""sell"" pass"',
      '3,BTC/USDT,LONG,2024-01-02T23:00:00.000Z,2024-01-03T00:00:00.000Z,101,2024-01-03T00:00:00.000Z,101,0,1,0,0,0,END,0.9,VERY_HIGH,0,0,0,0,',
      '',
    ]);
    expect(lines[0].split(',')).toEqual([...TRADES_CSV_COLUMNS]);
  });

  it('writes every trade of a real result, one row each with every column', () => {
    const csv = tradesCsv(built.report.trades);
    const rows = csv.trimEnd().split('\n');
    expect(rows).toHaveLength(built.report.trades.length + 1);
    const losing = built.report.trades.findIndex((t) => t.pnl < 0);
    const cells = rows[losing + 1].split(',');
    const t = built.report.trades[losing];
    expect(cells.slice(0, 12)).toEqual([
      String(losing + 1),
      t.symbol,
      t.direction,
      new Date(t.signalTime).toISOString(),
      new Date(t.entryTime).toISOString(),
      String(t.entryPrice),
      new Date(t.exitTime).toISOString(),
      String(t.exitPrice),
      String(t.exitTime - t.entryTime),
      String(t.quantity),
      String(t.fees),
      String(t.pnl),
    ]);
    expect(Number(cells[11])).toBeLessThan(0);
  });
});
