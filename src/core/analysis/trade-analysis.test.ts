import { ATR } from 'technicalindicators';
import { describe, expect, it } from 'vitest';
import { buildResultFileFromCandles } from '../../../tests/support/result-files';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { lowerBound } from '../util/binary-search';
import { normaliseSymbol } from '../strategy/scripted';
import { quantileSorted } from '../util/stats';
import { jobSource, paperSource } from './inputs';
import { DEFAULT_QUERY, selectTrades } from './query';
import { analyseTrades } from './trade-analysis';
import { fromPaperTrade, levelDistances, type PaperTradeInput } from './trade';

const built = buildResultFileFromCandles({ name: 'BTC balanced', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'BALANCED' });
const candles = loadSharedCandles('BTCUSDT', '1h');
const source = jobSource('Backtest BTC balanced', built.file.job.config, built.file.trades);
const candlesOf = (s: string) => (normaliseSymbol(s) === 'BTCUSDT' ? candles : undefined);

describe('trade analysis of a real backtest (BTC/USDT 1h, BALANCED)', () => {
  const all = analyseTrades(source, { ...DEFAULT_QUERY, limit: null }, candlesOf);

  it('covers every trade and reads the preset from the job', () => {
    expect(built.report.trades.length).toBeGreaterThan(30);
    expect(all.counts).toEqual({ OPEN: 0, CLOSED: built.report.trades.length, CANCELLED: 0 });
    expect(all.sampleSize).toBe(built.report.trades.length);
    expect(all.strategy?.name).toBe('BALANCED');
    expect(all.strategy?.params.tp_atr_multiplier).toBe(3);
    expect(all.levels.target.key).toBe('tp_atr_multiplier');
    expect(all.timeframe).toBe('1h');
  });

  it("closed results equal the backtest's own metrics", () => {
    const m = built.report.metrics;
    expect(all.closed.trades).toBe(m.totalTrades);
    expect(all.closed.winRate).toBe(m.winRate);
    expect(all.closed.profitFactor).toBeCloseTo(m.profitFactor as number, 9);
    expect(all.closed.totalPnl).toBeCloseTo(m.totalPnl as number, 6);
  });

  it('the typical move is the median ATR of the signal bars, as technicalindicators computes it', () => {
    const period = 14;
    const theirs = ATR.calculate({ period, high: Array.from(candles.high), low: Array.from(candles.low), close: Array.from(candles.close) });
    // technicalindicators' first ATR belongs to bar `period`.
    const atrPct = built.report.trades.map((t) => {
      const i = lowerBound(candles.time, t.entryTime) - 1;
      return (theirs[i - period] / candles.close[i]) * 100;
    });
    const expected = quantileSorted([...atrPct].sort((a, b) => a - b), 0.5);
    expect(all.typicalMove.tradesWithCandles).toBe(built.report.trades.length);
    expect(all.typicalMove.medianAtrPct).toBeCloseTo(expected, 6);
  });

  it('a planned target of 3 ATR is about three typical moves; the rules judge the sample', () => {
    const target = all.diagnosis.find((f) => f.rule === 'TARGET_TOO_FAR')!;
    expect(target.values.targetAtr).toBeGreaterThan(2.5);
    expect(target.values.targetAtr).toBeLessThan(3.5);
    expect(all.diagnosis.map((f) => f.status)).not.toContain('not-evaluated');
    expect(all.byDirection.map((d) => d.direction)).toEqual(['LONG', 'SHORT']);
    const long = all.byDirection[0];
    // ATR multipliers 3 / 1.5: the planned reward/risk of every signal is 2.
    expect(long.rewardRisk).toBeCloseTo(2, 6);
  });

  it('sample rows carry the distances of each trade, newest first', () => {
    const row = all.sample[0];
    const t = source.trades.find((x) => x.id === row.id)!;
    expect(row.targetPct).toBe(levelDistances(t).targetPct);
    expect(all.sample[0].entryTime).toBeGreaterThanOrEqual(all.sample[1].entryTime);
  });

  it('the status, days, symbol and sample size narrow it', () => {
    const q = analyseTrades(source, { status: 'CLOSED', days: 30, symbol: 'BTCUSDT', limit: 5 });
    const last = Math.max(...source.trades.map((t) => t.exitTime ?? t.entryTime));
    expect(q.to).toBe(last);
    expect(q.from).toBe(last - 30 * 86_400_000);
    expect(q.sampleSize).toBeLessThanOrEqual(5);
    expect(q.sample.every((r) => r.entryTime >= (q.from as number))).toBe(true);
    const none = analyseTrades(source, { status: 'OPEN', days: null, symbol: null, limit: 10 });
    expect(none.sampleSize).toBe(0);
    expect(analyseTrades(source, { ...DEFAULT_QUERY, symbol: 'ETH/USDT' }).counts.CLOSED).toBe(0);
  });

  it('refuses a bad query naming the field', () => {
    expect(() => selectTrades(source.trades, { ...DEFAULT_QUERY, limit: 0 })).toThrow('limit: 0 is not a whole number from 1 to 100000');
    expect(() => selectTrades(source.trades, { ...DEFAULT_QUERY, days: -2 })).toThrow('days: -2');
    expect(() => selectTrades(source.trades, { ...DEFAULT_QUERY, status: 'DONE' as never })).toThrow('status: "DONE"');
  });
});

describe('paper trades', () => {
  const base: PaperTradeInput = {
    id: 'pt_1',
    symbol: 'ETH/USDT',
    direction: 'SHORT',
    status: 'CLOSED',
    entryTime: Date.UTC(2024, 0, 1, 10),
    entryPrice: '2000.50',
    quantity: '0.05',
    stopPrice: '2040.00',
    targetPrice: '1900',
    exitTime: Date.UTC(2024, 0, 1, 14),
    exitPrice: '1900',
    exitReason: 'TP',
    fees: '0.1995',
    profitLoss: '4.8255',
    profitLossPct: '4.82',
  };

  it('become analysis trades with numbers', () => {
    const t = fromPaperTrade(base);
    expect(t).toMatchObject({ entryPrice: 2000.5, stop: 2040, target: 1900, pnl: 4.8255, exitReason: 'TP', confidence: null });
  });

  it('a bad decimal is refused naming the field and value', () => {
    expect(() => fromPaperTrade({ ...base, entryPrice: '2,000' }, 'trades[4]')).toThrow('trades[4].entryPrice: "2,000" is not a decimal number');
    expect(() => fromPaperTrade({ ...base, profitLoss: null }, 'trades[0]')).toThrow('trades[0].profitLoss: null, but the trade is CLOSED');
  });

  it('an open trade has no result and a cancelled one is counted apart', () => {
    const src = paperSource({
      label: 'Paper',
      trades: [base, { ...base, id: 'pt_2', status: 'OPEN', exitTime: null, exitPrice: null, exitReason: null, profitLoss: null, profitLossPct: null }, { ...base, id: 'pt_3', status: 'CANCELLED', profitLoss: null, exitTime: null, exitPrice: null, exitReason: null, profitLossPct: null }],
      initialBalance: 10_000,
      strategy: null,
      account: { stopLossPct: 2, takeProfitPct: 5 },
      timeframe: '1h',
      signals: null,
    });
    const a = analyseTrades(src, DEFAULT_QUERY);
    expect(a.counts).toEqual({ OPEN: 1, CLOSED: 1, CANCELLED: 1 });
    expect(a.closed.trades).toBe(1);
    expect(a.closed.profitFactorInfinite).toBe(true);
    expect(a.levels.target).toEqual({ key: 'takeProfitPct', unit: '%', current: 5, scope: 'account' });
  });
});
