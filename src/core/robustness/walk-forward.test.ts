import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { DEFAULT_BACKTEST_CONFIG } from '../backtest/config';
import { runBacktestRequest, type BacktestRequest } from '../backtest/request';
import type { CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { SIGNAL_ENGINE } from '../strategy/signal-engine';
import { dailyReturns } from './evaluation';
import { OptimisationSession } from './optimisation-run';
import { evaluateRequest, runSession, type EvalContext } from './session';
import { moments } from './stats';
import { WalkForwardSession, walkForwardWindows, type WalkForwardConfig } from './walk-forward';

const DAY = 86_400_000;
const FROM = Date.UTC(2021, 5, 1);
const TO = Date.UTC(2021, 9, 31, 23);

function base(candles: CandleColumns): BacktestRequest {
  return { config: { ...DEFAULT_BACKTEST_CONFIG }, strategy: { name: 'BALANCED' }, series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles }] };
}

function wfConfig(): WalkForwardConfig {
  return {
    mode: 'rolling',
    from: FROM,
    to: TO,
    inSampleDays: 60,
    outOfSampleDays: 30,
    stepDays: null,
    optimiser: {
      method: 'grid',
      space: { sl_atr_multiplier: { values: [1, 2] }, tp_atr_multiplier: { values: [2, 4] } },
      evaluations: null,
      seed: 1,
      objective: { kind: 'roiPct' },
      constraints: {},
    },
  };
}

function runWf(candles: CandleColumns) {
  const ctx: EvalContext = { base: base(candles), objective: { kind: 'roiPct' }, constraints: {} };
  const s = new WalkForwardSession(SIGNAL_ENGINE, wfConfig(), 10_000);
  runSession(s, (r) => evaluateRequest(ctx, r));
  return s.summary();
}

/** The candles with every bar after `after` replaced by a steady rally on heavy volume: an edge that exists only in the future. */
function plantFutureEdge(c: CandleColumns, after: number): CandleColumns {
  const out: CandleColumns = { time: c.time.slice(), open: c.open.slice(), high: c.high.slice(), low: c.low.slice(), close: c.close.slice(), volume: c.volume.slice() };
  for (let i = lowerBound(c.time, after + 1); i < c.time.length; i++) {
    const open = out.close[i - 1];
    const close = open * 1.004;
    out.open[i] = open;
    out.close[i] = close;
    out.high[i] = close * 1.001;
    out.low[i] = open * 0.999;
    out.volume[i] = c.volume[i] * 3;
  }
  return out;
}

describe('walk-forward', () => {
  it('makes rolling and anchored windows that tile the out-of-sample periods', () => {
    const w = walkForwardWindows(wfConfig());
    expect(w.length).toBe(3);
    expect(w[0].inSample).toEqual({ from: FROM, to: FROM + 60 * DAY - 1 });
    expect(w[0].outOfSample).toEqual({ from: FROM + 60 * DAY, to: FROM + 90 * DAY - 1 });
    expect(w[1].outOfSample.from).toBe(w[0].outOfSample.to + 1);
    const a = walkForwardWindows({ ...wfConfig(), mode: 'anchored' });
    expect(a.map((x) => x.inSample.from)).toEqual([FROM, FROM, FROM]);
    expect(a[2].inSample.to).toBe(FROM + 120 * DAY - 1);
    expect(() => walkForwardWindows({ ...wfConfig(), inSampleDays: 140 })).toThrow('inSampleDays: 140 + outOfSampleDays 30 days is longer than the data (2021-06-01 → 2021-10-31, 153 days)');
    expect(() => walkForwardWindows({ ...wfConfig(), outOfSampleDays: 0 })).toThrow('outOfSampleDays: 0');
  });

  it('never lets an out-of-sample bar into the optimisation: a future-only edge changes no in-sample choice', () => {
    const btc = loadSharedCandles('BTCUSDT', '1h');
    const plain = runWf(btc);
    expect(plain.windows.length).toBe(3);
    for (const w of plain.windows) {
      const planted = runWf(plantFutureEdge(btc, w.inSample.to)).windows[w.index];
      // In sample: the same parameters with the same metrics, bar for bar.
      expect(planted.params).toEqual(w.params);
      expect(planted.inSampleMetrics).toEqual(w.inSampleMetrics);
      // Out of sample the planted edge is there (the test can see a leak if there were one).
      expect(planted.outOfSampleMetrics!.roiPct).not.toBe(w.outOfSampleMetrics!.roiPct);
    }
  });

  it('stitches the out-of-sample curves end to end and recomputes their metrics', () => {
    const btc = loadSharedCandles('BTCUSDT', '1h');
    const s = runWf(btc);
    const st = s.stitched!;
    expect(st.equity[0][0]).toBe(s.windows[0].outOfSample.from);
    // Each window's OOS report, compounded: the stitched end equals the product of the window growths.
    let growth = 1;
    for (const w of s.windows) growth *= w.outOfSampleMetrics!.finalEquity! / 10_000;
    expect(st.equity[st.equity.length - 1][1]).toBeCloseTo(10_000 * growth, 6);
    expect(st.metrics.totalTrades).toBe(s.windows.reduce((a, w) => a + w.outOfSampleMetrics!.totalTrades!, 0));
    expect(st.metrics.finalEquity!).toBeCloseTo(10_000 * growth, 6);
    expect(s.drift.map((d) => d.key)).toEqual(['sl_atr_multiplier', 'tp_atr_multiplier']);
    expect(s.drift[0].values.length).toBe(3);
  });
});

describe('evaluations', () => {
  it('daily returns are the ones the Sharpe ratio of docs/metrics.md is computed from', () => {
    const r = runBacktestRequest({ ...base(loadSharedCandles('BTCUSDT', '1h')), from: FROM, to: TO });
    const m = moments(dailyReturns(r.equity, 10_000));
    expect((m.mean / m.std) * Math.sqrt(365)).toBeCloseTo(r.metrics.sharpe!, 10);
  });

  it('a hold-out period is left out of the search and reported apart', () => {
    const btc = loadSharedCandles('BTCUSDT', '1h');
    const holdoutFrom = Date.UTC(2021, 9, 1);
    const ctx: EvalContext = { base: base(btc), objective: { kind: 'sharpe' }, constraints: { minTrades: 5 } };
    const s = new OptimisationSession(SIGNAL_ENGINE, { optimiser: { ...wfConfig().optimiser, objective: ctx.objective, constraints: ctx.constraints }, from: FROM, to: TO, holdoutFrom });
    const seen: string[] = [];
    runSession(s, (req) => {
      seen.push(`${req.key}:${req.range.from}-${req.range.to}`);
      return evaluateRequest(ctx, req);
    });
    expect(seen.filter((k) => k.startsWith('e')).every((k) => k.endsWith(`${FROM}-${holdoutFrom - 1}`))).toBe(true);
    expect(seen[seen.length - 1]).toBe(`holdout:${holdoutFrom}-${TO}`);
    const sum = s.summary();
    expect(sum.evaluated).toBe(4);
    const direct = runBacktestRequest({ ...base(btc), strategy: { name: 'BALANCED', params: sum.best!.params }, from: holdoutFrom, to: TO });
    expect(sum.holdout!.metrics).toEqual(direct.metrics);
    expect(sum.overfitting.trials).toBe(4);
  });
});
