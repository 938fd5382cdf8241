import { describe, expect, it } from 'vitest';
import type { BackfillJobRecord } from '../data';
import { backfillJobView } from './backfill-view';

const H = 3_600_000;
const T0 = Date.UTC(2023, 0, 1);

function job(patch: Partial<BackfillJobRecord> = {}): BackfillJobRecord {
  return {
    id: 'bf_1',
    exchange: 'binance',
    symbols: ['BTC/USDT'],
    timeframes: ['1h'],
    range: { from: T0, to: null },
    status: 'RUNNING',
    progress: 0.34,
    cursors: [{ symbol: 'BTC/USDT', timeframe: '1h', cursor: T0 + 3000 * H, done: false, fetched: 3000 }],
    error: null,
    createdAt: T0,
    updatedAt: T0,
    candles: 3000,
    errorCode: null,
    ...patch,
  };
}

describe('backfillJobView', () => {
  it('storage full mid-backfill: a job whose record could not be updated shows FAILED with the reason this tab saw', () => {
    const failure = { code: 'QUOTA_EXCEEDED', message: 'QuotaExceededError: The quota has been exceeded.' };
    const v = backfillJobView(job(), undefined, false, failure);
    expect(v.status).toBe('FAILED');
    expect(v.errorCode).toBe('QUOTA_EXCEEDED');
    expect(v.error).toBe('The browser ran out of storage space; the last page was not stored. Free some space (Stored data), then resume.');
    expect(v.canResume).toBe(true);
    expect(v.canCancel).toBe(false);
    // Without a failure seen here the record is shown as it is.
    expect(backfillJobView(job(), undefined, false)).toMatchObject({ status: 'RUNNING', error: null });
    // A record that says why wins over what this tab saw.
    expect(backfillJobView(job({ status: 'FAILED', error: 'x', errorCode: 'EXCHANGE_UNAVAILABLE' }), undefined, false, failure).errorCode).toBe('EXCHANGE_UNAVAILABLE');
  });

  it('lists the unconfirmed stretches of every series and the invalid candles with their examples', () => {
    const v = backfillJobView(
      job({
        status: 'COMPLETED',
        cursors: [
          { symbol: 'BTC/USDT', timeframe: '1h', cursor: T0, done: true, rejected: 2, unconfirmed: [{ from: T0 + 3001 * H, to: T0 + 4000 * H }] },
          { symbol: 'ETH/USDT', timeframe: '1h', cursor: T0, done: true, rejected: 1 },
        ],
        rejectedExamples: [{ symbol: 'BTC/USDT', timeframe: '1h', time: T0 + 5 * H, reason: 'high 1 is below low 2' }],
      }),
      undefined,
      false,
    );
    expect(v.unconfirmed).toEqual([{ symbol: 'BTC/USDT', timeframe: '1h', from: T0 + 3001 * H, to: T0 + 4000 * H }]);
    expect(v.rejected).toBe(3);
    expect(v.rejectedExamples).toHaveLength(1);
  });
});
