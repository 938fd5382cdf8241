import { describe, expect, it } from 'vitest';
import { buildResultFileFromCandles } from '../../../tests/support/result-files';
import type { Trade } from './trade';
import { TRADES_CSV_COLUMNS, tradesCsv } from './trades-csv';

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
    const real = buildResultFileFromCandles({ name: 'BTC balanced H1 2022', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'BALANCED', from: Date.UTC(2022, 0, 1), to: Date.UTC(2022, 5, 30, 23) }).report;
    const csv = tradesCsv(real.trades);
    const rows = csv.trimEnd().split('\n');
    expect(rows).toHaveLength(real.trades.length + 1);
    const losing = real.trades.findIndex((t) => t.pnl < 0);
    const cells = rows[losing + 1].split(',');
    const t = real.trades[losing];
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
