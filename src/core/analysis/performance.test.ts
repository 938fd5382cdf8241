import { describe, expect, it } from 'vitest';
import { computeTradeMetrics } from '../metrics';
import { BALANCED } from '../strategy/presets';
import { DEFAULT_QUERY } from './query';
import { analysePerformance, MIN_PERFORMANCE_TRADES, signalStats } from './performance';
import type { AnalysisSource } from './source';
import type { AnalysisTrade } from './trade';

const H = 3_600_000;
const T0 = Date.UTC(2024, 2, 4);

/** A closed trade of `pnl` on `symbol`, the i-th of the set. */
function closed(i: number, pnl: number, direction: 'LONG' | 'SHORT' = 'LONG', symbol = 'BTC/USDT'): AnalysisTrade {
  return {
    id: `t${i}`,
    symbol,
    direction,
    status: 'CLOSED',
    entryTime: T0 + i * 6 * H,
    entryPrice: 100,
    quantity: 1,
    stop: 98,
    target: 104,
    exitTime: T0 + i * 6 * H + 3 * H,
    exitPrice: 100 + pnl,
    exitReason: pnl > 0 ? 'TP' : 'SL',
    fees: 0.1,
    pnl,
    pnlPct: pnl,
    confidence: 0.8,
    signalTime: T0 + i * 6 * H - H,
  };
}

function source(trades: AnalysisTrade[]): AnalysisSource {
  return { label: 'Test', trades, initialCapital: 10_000, strategy: { name: 'BALANCED', preset: 'BALANCED', params: { ...BALANCED.params } }, account: null, timeframe: '1h', signals: null };
}

describe('performance analysis', () => {
  it(`asks for ${MIN_PERFORMANCE_TRADES} closed trades instead of judging fewer`, () => {
    const trades = Array.from({ length: MIN_PERFORMANCE_TRADES - 1 }, (_, i) => closed(i, i % 2 ? 4 : -2));
    const p = analysePerformance(source(trades), DEFAULT_QUERY);
    expect(p.enoughTrades).toBe(false);
    expect(p.recommendations).toEqual([
      { topic: 'sample', assessment: 'warn', text: 'Collect at least 30 closed trades before judging the strategy: 29 so far is too few to tell skill from luck.' },
    ]);
    expect(p.actionPlan.map((s) => s.tool)).toEqual(['backtests']);
    expect(p.actionPlan[0].text).toMatch(/^Collect at least 30 closed trades \(29 so far\)/);
  });

  it('judges the win rate against the break-even win rate of its reward/risk, and plans the optimiser first', () => {
    // 12 wins of +2 and 18 losses of -2: reward/risk 1, break-even 50 %, win rate 40 %.
    const trades = Array.from({ length: 30 }, (_, i) => closed(i, i < 12 ? 2 : -2, i % 2 ? 'LONG' : 'SHORT'));
    const p = analysePerformance(source(trades), DEFAULT_QUERY);
    expect(p.enoughTrades).toBe(true);
    expect(p.metrics).toEqual(computeTradeMetrics(trades.map((t) => ({ pnl: t.pnl!, fees: t.fees, entryTime: t.entryTime, exitTime: t.exitTime! })), 10_000));
    const wr = p.recommendations.find((r) => r.topic === 'win-rate')!;
    expect(wr.assessment).toBe('bad');
    expect(wr.text).toBe('Win rate 40.00% is below the 50.00% this reward/risk (1.00) needs to break even: the strategy loses money as it stands.');
    expect(p.recommendations.find((r) => r.topic === 'reward-risk')!.assessment).toBe('warn');
    expect(p.actionPlan[0]).toMatchObject({ step: 1, tool: 'optimiser' });
    expect(p.actionPlan[0].text).toContain('sl_atr_multiplier and tp_atr_multiplier');
    expect(p.actionPlan.map((s) => s.tool)).toEqual(['optimiser', 'walk-forward', 'monte-carlo', 'preset-editor', 'paper']);
  });

  it('finds a losing direction', () => {
    const trades = Array.from({ length: 30 }, (_, i) => (i % 2 ? closed(i, 3, 'LONG') : closed(i, -1.5, 'SHORT')));
    const p = analysePerformance(source(trades), DEFAULT_QUERY);
    const dir = p.recommendations.find((r) => r.topic === 'direction')!;
    expect(dir.assessment).toBe('bad');
    expect(dir.text).toMatch(/^SHORT trades lost -22\.50 .* LONG trades made 45\.00 .*trade LONG only/);
    expect(p.actionPlan.map((s) => s.tool)).toContain('backtests');
    expect(p.byDirection.map((d) => [d.direction, d.metrics.totalTrades])).toEqual([
      ['LONG', 15],
      ['SHORT', 15],
    ]);
  });

  it('lists the top symbols by P&L and the last closed trades', () => {
    const trades = [closed(0, 5, 'LONG', 'ETH/USDT'), closed(1, -1, 'LONG', 'SOL/USDT'), closed(2, 2, 'LONG', 'BTC/USDT'), closed(3, 1, 'LONG', 'ETH/USDT')];
    const p = analysePerformance(source(trades), DEFAULT_QUERY);
    expect(p.topSymbols.map((s) => [s.symbol, s.trades, s.totalPnl])).toEqual([
      ['ETH/USDT', 2, 6],
      ['BTC/USDT', 1, 2],
      ['SOL/USDT', 1, -1],
    ]);
    expect(p.lastClosed.map((r) => r.id)).toEqual(['t3', 't2', 't1', 't0']);
  });
});

describe('signal statistics', () => {
  it('counts directions, symbols and levels, newest first', () => {
    const s = signalStats(
      [
        { time: 1, symbol: 'BTC/USDT', direction: 'LONG', confidence: 0.95 },
        { time: 3, symbol: 'ETH/USDT', direction: 'SHORT', confidence: 0.5 },
        { time: 2, symbol: 'BTC/USDT', direction: 'SHORT', confidence: 0.77 },
      ],
      null,
      null,
    );
    expect([s.total, s.bullish, s.bearish]).toEqual([3, 1, 2]);
    expect(s.topSymbols).toEqual([
      { symbol: 'BTC/USDT', count: 2 },
      { symbol: 'ETH/USDT', count: 1 },
    ]);
    expect(s.last.map((x) => x.time)).toEqual([3, 2, 1]);
    expect(s.byLevel).toEqual([
      { level: 'VERY_HIGH', count: 1 },
      { level: 'HIGH', count: 1 },
      { level: 'MEDIUM', count: 0 },
      { level: 'LOW', count: 1 },
      { level: 'VERY_LOW', count: 0 },
    ]);
    expect(signalStats([{ time: 1, symbol: 'BTCUSDT', direction: 'LONG', confidence: 0.9 }], 2, null).total).toBe(0);
  });
});
