import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import type { CandleColumns } from '../candles/types';
import { computeMetrics } from '../metrics';
import { resolveStrategy } from '../strategy/registry';
import { DEFAULT_BACKTEST_CONFIG, type BacktestConfig } from './config';
import {
  canonicalJson,
  checkCandleSpacing,
  recomputeMetrics,
  runBacktestRequest,
  serializeReport,
  type BacktestRequest,
} from './request';
import { candlesOf } from './test-support';

const HOUR = 3_600_000;
const CONFIG: BacktestConfig = { ...DEFAULT_BACKTEST_CONFIG, slippage: 0 };

function request(name: string, candles: CandleColumns, extra: Partial<BacktestRequest> = {}): BacktestRequest {
  return {
    config: CONFIG,
    strategy: { name },
    series: [{ symbol: 'BTCUSDT', timeframe: '1h', candles }],
    ...extra,
  };
}

describe('runBacktestRequest on real candles', () => {
  const btc = loadSharedCandles('BTCUSDT', '1h');
  const eth = loadSharedCandles('ETHUSDT', '1h');

  it('gives byte-identical JSON for two runs, and the JSON re-serialises to itself', () => {
    const a = serializeReport(runBacktestRequest(request('BALANCED', btc)));
    const b = serializeReport(runBacktestRequest(request('balanced', btc)));
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toBe(a);
    expect(canonicalJson(JSON.parse(a))).toBe(a);
  });

  it('stores metrics equal to computeMetrics over its own trades and equity (with [t0, C0] put back)', () => {
    const report = runBacktestRequest(request('AGGRESSIVE', btc));
    expect(report.trades.length).toBeGreaterThan(0);
    expect(report.equity.length).toBe(btc.time.length);
    expect(report.equity[0][0]).toBe(btc.time[0]);
    const times = [btc.time[0], ...report.equity.map((p) => p[0])];
    const values = [CONFIG.initialCapital, ...report.equity.map((p) => p[1])];
    const direct = computeMetrics({
      initialCapital: CONFIG.initialCapital,
      trades: report.trades,
      equityTime: times,
      equityValue: values,
      barsInMarket: report.summary.barsInMarket,
      totalBars: report.equity.length,
    });
    expect(report.metrics).toEqual(direct);
    expect(recomputeMetrics(serializeReport(report))).toEqual(report.metrics);
    // The last equity point is the cash after every exit.
    expect(report.equity[report.equity.length - 1][1]).toBeCloseTo(CONFIG.initialCapital + (report.metrics.totalPnl ?? NaN), 6);
  });

  it('runs a portfolio of two symbols over the union of their times', () => {
    const req: BacktestRequest = {
      config: CONFIG,
      strategy: { name: 'SCALPER' },
      series: [
        { symbol: 'BTCUSDT', timeframe: '1h', candles: btc },
        { symbol: 'ETHUSDT', timeframe: '1h', candles: eth },
      ],
    };
    const report = runBacktestRequest(req);
    const symbols = new Set(report.trades.map((t) => t.symbol));
    expect([...symbols].sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    const union = new Set([...btc.time, ...eth.time]);
    expect(report.equity.length).toBe(union.size);
    expect(serializeReport(runBacktestRequest(req))).toBe(serializeReport(report));
  });

  it('warms up on the history before `from` and trades only inside [from, to]', () => {
    const from = btc.time[6000];
    const to = btc.time[9000];
    const report = runBacktestRequest(request('BALANCED', btc, { from, to }));
    expect(report.equity[0][0]).toBe(from);
    expect(report.equity[report.equity.length - 1][0]).toBe(to);
    expect(report.equity.length).toBe(3001);
    for (const t of report.trades) {
      expect(t.signalTime).toBeGreaterThanOrEqual(from);
      expect(t.entryTime).toBeGreaterThan(from);
      expect(t.exitTime).toBeLessThanOrEqual(to);
    }
    // The first signal of the window is the first one the strategy prepared on the whole history
    // fires at or after `from`; it comes before the strategy could have warmed up on the window alone.
    const { strategy, params } = resolveStrategy('BALANCED');
    const full = strategy.prepare({ symbol: 'BTCUSDT', timeframe: '1h', candles: btc }, params);
    let first = -1;
    for (let i = 6000; i <= 9000 && first < 0; i++) if (full.signalAt(i) !== null) first = i;
    expect(first).toBeGreaterThanOrEqual(6000);
    expect(first - 6000).toBeLessThan(strategy.warmup(params));
    expect(report.trades[0].signalTime).toBe(btc.time[first]);
    expect(report.trades[0].entryTime).toBe(btc.time[first + 1]);
    expect(report.summary.series[0]).toMatchObject({ candles: 9001, bars: 3001, start: from, end: to });
  });
});

describe('runBacktestRequest windowing with a script (hand-checked)', () => {
  // 10 hourly bars; prices rise by 1 per bar: open i = 100 + i, close = open + 0.5.
  const rows = Array.from({ length: 10 }, (_, i) => [100 + i, 101 + i, 99.5 + i, 100.5 + i] as const);
  const t0 = Date.UTC(2024, 0, 1);
  const candles = candlesOf(rows, t0);
  const at = (i: number) => new Date(t0 + i * HOUR).toISOString();
  const config: BacktestConfig = { ...CONFIG, feeRate: 0, sizing: { kind: 'fixed', value: 1000 } };

  it('ignores signals before `from`, fills inside, and closes at the last bar of the window', () => {
    const script = [
      'time,symbol,direction,stopPct,targetPct',
      `${at(1)},BTCUSDT,LONG,0,0`, // before the window: ignored
      `${at(3)},BTCUSDT,LONG,0,0`, // enters at the open of bar 4 (104)
      `${at(6)},BTCUSDT,SHORT,0,0`, // after `to`: never seen
    ].join('\n');
    const report = runBacktestRequest({
      config,
      strategy: { name: 'scripted', script },
      series: [{ symbol: 'BTCUSDT', timeframe: '1h', candles }],
      from: t0 + 2 * HOUR,
      to: t0 + 5 * HOUR,
    });
    expect(report.trades).toHaveLength(1);
    const t = report.trades[0];
    expect(t.entryTime).toBe(t0 + 4 * HOUR);
    expect(t.entryPrice).toBe(104);
    expect(t.exitReason).toBe('END');
    expect(t.exitTime).toBe(t0 + 5 * HOUR);
    expect(t.exitPrice).toBe(105.5);
    expect(t.pnl).toBeCloseTo((1000 / 104) * 1.5, 9);
    expect(report.equity.map((p) => p[0])).toEqual([2, 3, 4, 5].map((i) => t0 + i * HOUR));
    expect(report.skipped).toEqual([]);
    expect(report.strategy).toMatchObject({ name: 'SCRIPTED', id: 'SCRIPTED', scriptRows: 3 });
  });

  it('skips a signal on the last bar of the window (no next bar)', () => {
    const report = runBacktestRequest({
      config,
      strategy: { name: 'SCRIPTED', script: `${t0 + 5 * HOUR},BTCUSDT,LONG,0,0` },
      series: [{ symbol: 'BTCUSDT', timeframe: '1h', candles }],
      to: t0 + 5 * HOUR,
    });
    expect(report.trades).toEqual([]);
    expect(report.skipped).toEqual([{ symbol: 'BTCUSDT', time: t0 + 5 * HOUR, direction: 'LONG', reason: 'no next bar' }]);
  });

  it('refuses bad requests naming the field and the value', () => {
    const base = { config, series: [{ symbol: 'BTCUSDT', timeframe: '1h' as const, candles }] };
    expect(() => runBacktestRequest({ ...base, strategy: { name: 'SCRIPTED' } })).toThrow(/strategy\.script: missing/);
    expect(() => runBacktestRequest({ ...base, strategy: { name: 'NOPE' } })).toThrow(/strategy: "NOPE"/);
    expect(() => runBacktestRequest({ ...base, strategy: { name: 'BALANCED', params: { rsi_period: 1 } } })).toThrow(
      /rsi_period: 1 is out of range/,
    );
    expect(() => runBacktestRequest({ ...base, strategy: { name: 'BALANCED', script: 'x' } })).toThrow(/strategy\.script/);
    expect(() => runBacktestRequest({ ...base, strategy: { name: 'BALANCED' } })).toThrow(
      /series\[0\]\.candles: BTCUSDT has 10 candles, fewer than the 50 bars BALANCED needs/,
    );
    expect(() =>
      runBacktestRequest({ ...base, series: [{ symbol: 'BTCUSDT', timeframe: '4h', candles }], strategy: { name: 'SCRIPTED', script: '' } }),
    ).toThrow(/series\[0\]\.timeframe: "4h" does not match the candles: their most common step is 1h/);
    expect(() => runBacktestRequest({ ...base, strategy: { name: 'SCRIPTED', script: '' }, from: t0 + 20 * HOUR })).toThrow(
      /no candle in the window/,
    );
    expect(() => runBacktestRequest({ ...base, strategy: { name: 'SCRIPTED', script: '' }, from: t0 + 5 * HOUR, to: t0 })).toThrow(
      /from: .* is after to/,
    );
    expect(() => runBacktestRequest({ ...base, config: { ...config, feeRate: 2 }, strategy: { name: 'SCRIPTED', script: '' } })).toThrow(
      /feeRate: 2/,
    );
  });
});

describe('checkCandleSpacing', () => {
  it('accepts the most common step and ignores a few gaps', () => {
    const t = [0, 1, 2, 5, 6, 7].map((i) => i * HOUR);
    expect(() => checkCandleSpacing(t, '1h')).not.toThrow();
    expect(() => checkCandleSpacing(t, '15m')).toThrow(/"15m" does not match/);
  });

  it('counts calendar months for 1M', () => {
    const t = [0, 1, 2, 3, 4].map((m) => Date.UTC(2024, m, 1));
    expect(() => checkCandleSpacing(t, '1M')).not.toThrow();
    expect(() => checkCandleSpacing(t, '1w')).toThrow(/"1w" does not match/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys, prints numbers as JSON.stringify does and puts leaf arrays on one line', () => {
    expect(canonicalJson({ b: 1, a: [1, 2.5, NaN], c: { z: true, y: null } })).toBe(
      '{\n  "a": [1,2.5,null],\n  "b": 1,\n  "c": {\n    "y": null,\n    "z": true\n  }\n}\n',
    );
    expect(canonicalJson([{ b: 'x', a: 0.1 }])).toBe('[\n  {"a":0.1,"b":"x"}\n]\n');
  });

  it('writes edge values as JSON.stringify does and orders index-like keys by code unit', () => {
    expect(canonicalJson({ x: undefined, n: [-0, Infinity, -Infinity, undefined, 1e21, 9.5e-7], s: 'a"\u2212\n' })).toBe(
      '{\n  "n": [0,null,null,null,1e+21,9.5e-7],\n  "s": "a\\"\u2212\\n"\n}\n',
    );
    expect(canonicalJson([{ 9: 'a', 10: 'b', a: 1 }])).toBe('[\n  {"10":"b","9":"a","a":1}\n]\n');
    expect(canonicalJson([{ z: 1, a: 2, m: undefined }])).toBe('[\n  {"a":2,"z":1}\n]\n');
  });

  it('refuses functions, symbols and bigints in arrays and objects naming their path', () => {
    expect(() => canonicalJson({ a: [1, () => 0] })).toThrow(/\$\.a\[1\]: a function/);
    expect(() => canonicalJson([{ a: 1, b: 2n }])).toThrow(/\$\[0\]\.b: a bigint/);
    expect(() => canonicalJson({ t: [{ s: Symbol('x') }] })).toThrow(/\$\.t\[0\]\.s: a symbol/);
  });

  it('refuses typed arrays, Dates and Maps naming their path', () => {
    expect(() => canonicalJson({ a: { b: new Float64Array(1) } })).toThrow(/\$\.a\.b: a typed array/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/\$\.d: a Date object/);
    expect(() => canonicalJson([new Map()])).toThrow(/\$\[0\]: a Map object/);
  });
});
