import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../tests/support/shared-data';
import { buildResultFileFromCandles, type BuiltResultFile } from '../../../tests/support/result-files';
import { resolveStrategy } from '../strategy/registry';
import { computeBreakdowns, breakdownsToRecord, formatMetric, isInfiniteProfitFactor } from '../metrics';
import { equityColumns } from './equity';
import {
  buildResultFile,
  parseResultFile,
  RESULT_FILE_FORMAT,
  RESULT_FILE_INVALID,
  ResultFileError,
  serializeResultFile,
  strategyOfConfig,
  validateResultFile,
  type ResultFile,
} from './result-file';

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
  return buildResultFile({ name: file.job.name, config: file.job.config, trades: file.trades, equity: equityColumns(file.equity), metrics: file.metrics });
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

describe('result file: a file cannot lie', () => {
  type Raw = Record<string, any>;
  const raw = (): Raw => JSON.parse(built.text) as Raw;

  it('refuses a file claiming a 999.5 % return, a Sharpe of 9.9 and a 0.01 % drawdown beside its real trades, naming the metric and both values', () => {
    const f = raw();
    const real = f.metrics.roiPct as number;
    expect(Math.abs(real - 999.5)).toBeGreaterThan(1);
    Object.assign(f.metrics, { roiPct: 999.5, sharpe: 9.9, maxDrawdownPct: 0.01 });
    const e = thrown(() => validateResultFile(f));
    expect(e.field).toBe('metrics.roiPct');
    expect(e.message).toBe(`metrics.roiPct: 999.5 does not match the trades and equity, which give ${Number(real.toPrecision(10))} (Return)`);
  });

  it('refuses each stored metric that disagrees with the recomputation, trade-based or from the curve', () => {
    for (const [key, label] of [['sharpe', 'Sharpe'], ['maxDrawdownPct', 'Max drawdown'], ['exposurePct', 'Exposure'], ['kelly', 'Kelly'], ['winRate', 'Win rate']] as const) {
      const f = raw();
      const stored = f.metrics[key] as number;
      f.metrics[key] = stored * 1.01 + 0.01;
      const e = thrown(() => validateResultFile(f));
      expect(e.field, key).toBe(`metrics.${key}`);
      expect(e.message, key).toContain(`which give ${Number(stored.toPrecision(10))}`);
      expect(e.message, key).toContain(label);
    }
    const f = raw();
    f.metrics.sortino = null;
    expect(thrown(() => validateResultFile(f)).message).toMatch(/^metrics\.sortino: null does not match the trades and equity, which give -?\d/);
    const g = raw();
    g.metrics.alpha = 1;
    expect(thrown(() => validateResultFile(g)).message).toBe('metrics.alpha: is not a metric of docs/metrics.md');
  });

  it('refuses equity whose last point is not the initial capital plus the net profit', () => {
    const f = raw();
    const n = f.equity.length;
    f.equity[n - 1][1] = 9_022;
    f.metrics.finalEquity = 9_022;
    const e = thrown(() => validateResultFile(f));
    // finalEquity follows from the trades, so it is the first figure refused.
    expect(e.field).toBe('metrics.finalEquity');
    const g = raw();
    g.equity[n - 1][1] += 500;
    const eq = thrown(() => validateResultFile(g));
    expect(eq.field).toBe(`equity[${n - 1}][1]`);
    expect(eq.message).toMatch(/is not the initial capital plus the trades' net profit \(10000 \+ -?[\d.]+ = [\d.]+\)$/);
  });

  it('recomputes the breakdowns and refuses stored ones that disagree, naming the group and metric', () => {
    const f = raw();
    f.breakdowns.direction.LONG.totalPnl += 250;
    const e = thrown(() => validateResultFile(f));
    expect(e.field).toBe('breakdowns.direction.LONG.totalPnl');
    expect(e.message).toMatch(/does not match the trades and equity, which give -?[\d.]+ \(Net profit of direction LONG\)$/);
    const g = raw();
    delete g.breakdowns.month;
    expect(thrown(() => validateResultFile(g)).field).toBe('breakdowns.month');
    const h = raw();
    h.breakdowns.symbol['DOGE/USDT'] = h.breakdowns.symbol['BTC/USDT'];
    expect(thrown(() => validateResultFile(h)).field).toBe('breakdowns.symbol.DOGE/USDT');
    // What is kept is what the engine computes from the trades.
    expect(validateResultFile(raw()).breakdowns).toEqual(breakdownsToRecord(computeBreakdowns(built.report.trades, built.report.config.initialCapital)));
  });

  it('refuses a run summary whose headline the trades contradict (the job list shows it)', () => {
    const f = raw();
    f.job.config.report.summary.roiPct = 55;
    expect(thrown(() => validateResultFile(f)).message).toMatch(/^job\.config\.report\.summary\.roiPct: 55 does not match the trades and equity, which give -?[\d.]+ \(Return\)$/);
    const g = raw();
    g.job.config.report.summary.profitFactorInfinite = true;
    expect(thrown(() => validateResultFile(g)).field).toBe('job.config.report.summary.profitFactorInfinite');
    const h = raw();
    h.job.config.report.summary.bars += 1;
    expect(thrown(() => validateResultFile(h)).field).toBe('job.config.report.summary.bars');
    const k = raw();
    delete k.job.config.report;
    expect(thrown(() => validateResultFile(k)).message).toMatch(/^job\.config\.report: missing/);
    const m = raw();
    m.job.config.backtest.feeRate = 2;
    expect(thrown(() => validateResultFile(m)).message).toBe('job.config.backtest.feeRate: 2 must be between 0 and 0.1');
  });

  it('refuses a strategy section that is not the strategy the configuration ran', () => {
    const f = raw();
    f.strategy.params.adx_threshold = 99;
    const e = thrown(() => validateResultFile(f));
    expect(e.field).toBe('strategy.params.adx_threshold');
    expect(e.message).toMatch(/99 is not the value the strategy job\.config ran used \(\d+\)/);
  });

  it('reads a file written before the summary carried profitFactorInfinite, and writes it with the flag', () => {
    const f = raw();
    delete f.job.config.report.summary.profitFactorInfinite;
    const file = validateResultFile(f);
    expect(file.job.config.report?.summary.profitFactorInfinite).toBe(isInfiniteProfitFactor(built.report.metrics));
    expect(serializeResultFile(rebuilt(file))).toBe(built.text);
  });

  it('keeps the honest file as it is: metrics recomputed are the stored ones, bit for bit', () => {
    const file = parseResultFile(built.text);
    expect(file.metrics).toEqual({ ...built.report.metrics });
    for (const key of Object.keys(file.metrics)) expect(Object.is(file.metrics[key], built.file.metrics[key]), key).toBe(true);
    expect(formatMetric('roiPct', file.metrics.roiPct)).toBe(formatMetric('roiPct', built.report.metrics.roiPct));
  });
});
