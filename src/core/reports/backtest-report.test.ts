import { describe, expect, it } from 'vitest';
import { MONDAY, sampleTrade as trade } from '../backtest/test-support';
import { buildResultFileFromCandles } from '../../../tests/support/result-files';
import { jobResult } from '../backtest/job';
import { DIRECTION_CODES, TRADE_NUMBER_FIELDS, tradeColumns, tradeLabels } from '../backtest/trade-columns';
import { breakdownsToRecord, computeBreakdowns } from '../metrics';
import { backtestReportDetails, backtestReportView, entryHeat, reasonsLine } from './backtest-report';

const H = 3_600_000;
describe('entry heat table', () => {
  it('counts and sums pnl by UTC weekday and hour of entry', () => {
    const heat = entryHeat([
      trade({ entryTime: MONDAY + 3 * H, pnl: 2 }),
      trade({ entryTime: MONDAY + 7 * 24 * H + 3 * H + 1_800_000, pnl: -5 }),
      trade({ entryTime: MONDAY + 6 * 24 * H + 23 * H, pnl: 1.5 }),
    ]);
    expect(heat.count[3]).toBe(2);
    expect(heat.pnl[3]).toBe(-3);
    expect(heat.count[6 * 24 + 23]).toBe(1);
    expect(heat.pnl[6 * 24 + 23]).toBe(1.5);
    expect(heat.maxCount).toBe(2);
    expect(heat.maxAbsPnl).toBe(3);
    expect(heat.count.reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe('reasons in one line', () => {
  it('shows each condition with its value, numbers to four significant digits, and whether it passed', () => {
    expect(
      reasonsLine([
        { condition: 'RSI(14) in short band', value: 43.91809541294093, threshold: 30, pass: true },
        { condition: 'close < EMA(50)', value: 41184.4512, threshold: null, pass: false },
        { condition: 'pattern', value: 'hammer', threshold: null, pass: true },
        { condition: 'trend', value: null, threshold: null, pass: true },
      ]),
    ).toBe('RSI(14) in short band 43.92 ✓ · close < EMA(50) 41,184.45 ✗ · pattern hammer ✓ · trend ✓');
  });
});

describe('trades as columns', () => {
  it('keeps every field of every trade, text fields as codes', () => {
    const trades = [
      trade({ symbol: 'SOL/USDT', direction: 'SHORT', exitReason: 'TIMEOUT', pnl: -3.25, stop: 0 }),
      trade({ symbol: 'BTC/USDT', exitReason: 'END', confidence: 0.41 }),
    ];
    const c = tradeColumns(trades);
    expect(c.length).toBe(2);
    expect(c.symbols).toEqual(['BTC/USDT', 'SOL/USDT']);
    trades.forEach((t, i) => {
      for (const f of TRADE_NUMBER_FIELDS) expect(c[f][i], f).toBe(t[f]);
      expect(tradeLabels(c, i)).toEqual({ symbol: t.symbol, direction: t.direction, exitReason: t.exitReason });
    });
    expect(DIRECTION_CODES[c.direction[0]]).toBe('SHORT');
  });
});

describe('the report view of a real backtest', () => {
  it('holds the stored metrics, breakdowns computed from the trades, the trades as columns with their reasons, and the equity', () => {
    const built = buildResultFileFromCandles({ name: 'ETH', symbol: 'ETHUSDT', timeframe: '1h', strategy: 'BALANCED', from: Date.UTC(2022, 0, 1), to: Date.UTC(2022, 5, 30) });
    const stored = jobResult(built.report);
    const view = backtestReportView(built.file.job.config, stored);
    const details = backtestReportDetails(built.file.job.config, stored);
    expect(view.initialCapital).toBe(10_000);
    expect(view.metrics).toEqual(stored.metrics);
    expect(details.breakdowns).toEqual(breakdownsToRecord(computeBreakdowns(built.report.trades, 10_000)));
    expect(view.trades.length).toBe(built.report.trades.length);
    expect(Array.from(view.trades.pnl)).toEqual(built.report.trades.map((t) => t.pnl));
    expect(details.reasons).toEqual(built.report.trades.map((t) => reasonsLine(t.reasons)));
    expect(details.reasons[0]).toMatch(/✓/);
    expect(Array.from(view.equity.value)).toEqual(Array.from(stored.equity.value));
    // The view's buffers are its own: transferring them leaves the stored result intact.
    expect(view.equity.value.buffer).not.toBe(stored.equity.value.buffer);
    expect(details.heat.count.reduce((a, b) => a + b, 0)).toBe(built.report.trades.length);
  });
});
