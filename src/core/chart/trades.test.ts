import { describe, expect, it } from 'vitest';
import type { Trade } from '../backtest/trade';
import type { PaperTrade } from '../paper/types';
import { backtestChartTrade, chartTradesOfSymbol, paperChartTrade, sessionTradeOrder } from './trades';

const H = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);

function paper(id: string, over: Partial<PaperTrade> = {}): PaperTrade {
  return {
    id,
    account: 'acc_1',
    signalId: `sig_${id}`,
    session: 'ses_1',
    symbol: 'WILD/USDT',
    timeframe: '1h',
    direction: 'SHORT',
    status: 'CLOSED',
    entryTime: T0 + 2 * H,
    entryPrice: '101.25',
    quantity: '9.8765432098765432098765432',
    positionSize: '1000',
    stopPrice: '103.275',
    targetPrice: null,
    exitTime: T0 + 5 * H,
    exitPrice: '103.275',
    exitReason: 'SL',
    fees: '2.0405',
    profitLoss: '-22.0405',
    profitLossPct: '-2.20405',
    mode: 'AUTOMATIC',
    signalTime: T0 + H,
    confidence: 0.81,
    updatedAt: 0,
    ...over,
  };
}

describe('trades drawn on the chart', () => {
  it('reads a closed paper trade: decimals as numbers, no target as 0, the signal bar', () => {
    expect(paperChartTrade(paper('a'))).toEqual({
      symbol: 'WILD/USDT',
      direction: 'SHORT',
      signalTime: T0 + H,
      entryTime: T0 + 2 * H,
      entryPrice: 101.25,
      exitTime: T0 + 5 * H,
      exitPrice: 103.275,
      exitReason: 'SL',
      stop: 103.275,
      target: 0,
      pnl: -22.0405,
      pnlPct: -2.20405,
    });
  });

  it('keeps an open paper trade open (no exit, no result) and a hand-closed one as MANUAL', () => {
    const open = paperChartTrade(paper('b', { status: 'OPEN', exitTime: null, exitPrice: null, exitReason: null, profitLoss: null, profitLossPct: null, signalTime: null }));
    expect(open).toMatchObject({ exitTime: null, exitPrice: null, exitReason: null, pnl: null, pnlPct: null, signalTime: T0 + 2 * H });
    expect(paperChartTrade(paper('c', { exitReason: 'MANUAL' })).exitReason).toBe('MANUAL');
  });

  it('reads a backtest trade field for field', () => {
    const t: Trade = {
      symbol: 'BTC/USDT',
      direction: 'LONG',
      entryTime: 3,
      entryPrice: 10,
      exitTime: 7,
      exitPrice: 12,
      quantity: 1,
      fees: 0.1,
      pnl: 1.9,
      pnlPct: 19,
      exitReason: 'TP',
      confidence: 0.9,
      stop: 9,
      target: 12,
      signalTime: 2,
      reasons: [],
    };
    expect(backtestChartTrade(t)).toEqual({ symbol: 'BTC/USDT', direction: 'LONG', signalTime: 2, entryTime: 3, entryPrice: 10, exitTime: 7, exitPrice: 12, exitReason: 'TP', stop: 9, target: 12, pnl: 1.9, pnlPct: 19 });
  });

  it('numbers a session by entry time (ties by id) and picks a symbol keeping those numbers', () => {
    const order = sessionTradeOrder([paper('z', { entryTime: T0 + 3 * H }), paper('y', { entryTime: T0 + H, symbol: 'CALM/USDT' }), paper('x', { entryTime: T0 + 3 * H })]);
    expect(order.map((t) => t.id)).toEqual(['y', 'x', 'z']);
    const wild = chartTradesOfSymbol(order.map(paperChartTrade), 'wildusdt');
    expect(wild.map((t) => t.index)).toEqual([1, 2]);
  });
});
