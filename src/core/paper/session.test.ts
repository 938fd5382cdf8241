import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../tests/support/csv';
import { computeTradeMetrics } from '../metrics';
import type { Ohlc } from '../backtest/test-support';
import { defaultAccountSettings } from './account';
import { Money } from './money';
import { sessionCsv, sessionStats, type BotSession } from './session';
import { TRADE_CSV_COLUMNS } from './trades-csv';
import { book, H, runAll, T0, testSettings } from './test-support';

const session: BotSession = {
  id: 'ses_1',
  name: 'BALANCED, "majors" 1h',
  account: 'acc_test',
  exchange: 'binance',
  strategy: 'SIGNAL_ENGINE',
  preset: 'BALANCED',
  config: { rsi_period: 14, ema_trend_filter: true },
  accountSettings: defaultAccountSettings('Main'),
  symbols: ['AAA', 'BBB'],
  timeframe: '1h',
  status: 'STOPPED',
  startedAt: T0,
  stoppedAt: T0 + 10 * H,
  runtimeLimitMs: null,
  startingBalance: '10000',
  endingBalance: '10150',
  stopReason: 'user',
};

describe('session statistics and CSV', () => {
  const rows: Ohlc[] = [
    [100, 101, 99, 100],
    [100, 101, 99, 100],
    [100, 120, 99, 115],
    [115, 116, 60, 70],
    [70, 71, 69, 70],
    [70, 71, 69, 70],
  ];
  const r = runAll(
    book(
      [
        { symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG', targetFraction: 0.1 }, { bar: 2, direction: 'LONG', stopFraction: 0.2 }] },
        { symbol: 'BBB', rows, script: [{ bar: 3, direction: 'SHORT' }] },
      ],
      testSettings(),
    ),
  );
  const trades = [...r.events.filter((e) => e.type === 'CLOSE').map((e) => (e.type === 'CLOSE' ? e.trade : null!)), ...r.state.ledger.open];
  const stats = sessionStats(session, trades, r.decisions, T0 + 20 * H);

  it('P&L in decimal, rates from the one metrics implementation', () => {
    // AAA: +10 % target on 1,000 (+100); then stop 20 % below 115 = 92 on 1,011.30… (10 % of equity).
    expect(stats.trades).toBe(2);
    expect(stats.openTrades).toBe(1);
    expect(stats.wins).toBe(1);
    expect(stats.losses).toBe(1);
    expect(stats.winRate).toBe(0.5);
    const closed = trades.filter((t) => t.status === 'CLOSED');
    expect(stats.totalPnl).toBe(closed.reduce((s, t) => s.plus(t.profitLoss as string), new Money(0)).toFixed());
    expect(stats.metrics).toEqual(
      computeTradeMetrics(
        closed.map((t) => ({ pnl: Number(t.profitLoss), fees: Number(t.fees), entryTime: t.entryTime, exitTime: t.exitTime as number })),
        10_000,
      ),
    );
    expect(stats.balanceChange).toBe('150');
    expect(stats.durationMs).toBe(10 * H);
    expect(stats.decisions).toMatchObject({ BUY: 2, SELL: 1, TAKE_PROFIT: 1, STOP_LOSS: 1, HOLD: 0, SKIP: 0 });
    expect(sessionStats({ ...session, status: 'RUNNING', stoppedAt: null }, trades, [], T0 + 4 * H).durationMs).toBe(4 * H);
  });

  it('one CSV of five sections: overview, performance, trade statistics, configuration, trades', () => {
    const text = sessionCsv(session, trades, stats);
    const rowsOut = parseCsv(text);
    const titles = rowsOut.filter((row, i) => row.length === 1 && row[0] !== '' && (i === 0 || rowsOut[i - 1].join('') === '')).map((row) => row[0]);
    expect(titles).toEqual(['Overview', 'Performance', 'Trade statistics', 'Configuration', 'Trades']);
    const get = (key: string) => rowsOut.find((row) => row[0] === key)?.[1];
    // Quoting: the name holds a comma and quotes.
    expect(get('name')).toBe('BALANCED, "majors" 1h');
    expect(text).toContain('name,"BALANCED, ""majors"" 1h"');
    expect(get('totalPnl')).toBe(stats.totalPnl);
    expect(get('winRate')).toBe('50.00%');
    expect(get('strategy.rsi_period')).toBe('14');
    expect(get('account.circuitBreaker.cooldownMinutes')).toBe('60');
    expect(get('account.minConfidence')).toBe('0.7');
    expect(get('startedAt')).toBe('2024-01-01T00:00:00.000Z');
    const header = rowsOut.findIndex((row) => row[0] === 'id' && row[1] === 'symbol');
    expect(rowsOut[header]).toEqual([...TRADE_CSV_COLUMNS]);
    const tradeRows = rowsOut.slice(header + 1);
    expect(tradeRows.map((row) => [row[1], row[4], row[14]])).toEqual([
      ['AAA', 'CLOSED', 'TP'],
      ['AAA', 'CLOSED', 'SL'],
      ['BBB', 'OPEN', ''],
    ]);
    expect(tradeRows[0][16]).toBe(trades[0].profitLoss);
    expect(text.endsWith('\n')).toBe(true);
  });
});
