import { describe, expect, it } from 'vitest';
import { batchTableCsv, filterBatchRows, NO_BATCH_FILTER, sortBatchRows, variedParams, type BatchRow } from './batch-table';

function row(seq: number, over: Partial<BatchRow> = {}): BatchRow {
  return {
    id: `j${seq}`,
    seq,
    name: `job ${seq}`,
    status: 'COMPLETED',
    symbols: ['BTC/USDT'],
    timeframe: '1h',
    strategy: 'BALANCED',
    params: { rsi_period: 14, adx_threshold: 20 },
    metrics: { totalTrades: 40, sharpe: 1, maxDrawdownPct: 10 },
    error: null,
    ...over,
  };
}

const rows = [
  row(1, { params: { rsi_period: 14, adx_threshold: 20 }, metrics: { totalTrades: 40, sharpe: 1.2, maxDrawdownPct: 12 } }),
  row(2, { params: { rsi_period: 21, adx_threshold: 20 }, metrics: { totalTrades: 12, sharpe: 2.5, maxDrawdownPct: 5 } }),
  row(3, { params: { rsi_period: 7, adx_threshold: 20 }, metrics: { totalTrades: 55, sharpe: null, maxDrawdownPct: 25 }, symbols: ['ETH/USDT'] }),
  row(4, { status: 'FAILED', metrics: null, error: 'config.symbols: "X" has no stored candles' }),
  row(5, { params: { rsi_period: 14, adx_threshold: 20 }, metrics: { totalTrades: 31, sharpe: 0.4, maxDrawdownPct: 19.5 }, timeframe: '4h' }),
];

describe('batch results table', () => {
  it('names only the parameters that vary', () => {
    expect(variedParams(rows)).toEqual(['rsi_period']);
  });

  it('filters by metric thresholds (rows without the metric are left out), symbol, timeframe and status', () => {
    const f = { ...NO_BATCH_FILTER, thresholds: [{ key: 'totalTrades' as const, op: '>=' as const, value: 30 }, { key: 'maxDrawdownPct' as const, op: '<=' as const, value: 20 }] };
    expect(filterBatchRows(rows, f).map((r) => r.seq)).toEqual([1, 5]);
    expect(filterBatchRows(rows, { ...NO_BATCH_FILTER, symbol: 'ETH/USDT' }).map((r) => r.seq)).toEqual([3]);
    expect(filterBatchRows(rows, { ...NO_BATCH_FILTER, timeframe: '4h' }).map((r) => r.seq)).toEqual([5]);
    expect(filterBatchRows(rows, { ...NO_BATCH_FILTER, status: 'FAILED' }).map((r) => r.seq)).toEqual([4]);
  });

  it('sorts by a metric either way with unknown values last, ties by job number', () => {
    expect(sortBatchRows(rows, 'metric:sharpe', -1).map((r) => r.seq)).toEqual([2, 1, 5, 3, 4]);
    expect(sortBatchRows(rows, 'metric:sharpe', 1).map((r) => r.seq)).toEqual([5, 1, 2, 3, 4]);
    expect(sortBatchRows(rows, 'param:rsi_period', 1).map((r) => r.seq)).toEqual([3, 1, 4, 5, 2]);
  });

  it('writes the rows as CSV with the varied parameters and every metric, exact numbers, quoted text', () => {
    const csv = batchTableCsv([rows[0], rows[3]], ['rsi_period']).split('\n');
    const header = csv[0].split(',');
    expect(header.slice(0, 7)).toEqual(['seq', 'name', 'status', 'symbols', 'timeframe', 'strategy', 'rsi_period']);
    const first = csv[1].split(',');
    expect(first.slice(0, 7)).toEqual(['1', 'job 1', 'COMPLETED', 'BTC/USDT', '1h', 'BALANCED', '14']);
    expect(first[header.indexOf('sharpe')]).toBe('1.2');
    expect(first[header.indexOf('maxDrawdownPct')]).toBe('12');
    expect(csv[2].split(',')[header.indexOf('sharpe')]).toBe('');
    expect(csv[3]).toBe('');
    expect(batchTableCsv([row(9, { name: 'a, "b"' })], [])).toContain('"a, ""b"""');
  });
});
