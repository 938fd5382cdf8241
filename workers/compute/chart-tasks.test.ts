import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../tests/support/shared-data';
import { writeCandles, type CandlelabDb } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { createTaskContext, isWorkerTaskError, type Progress } from '../bridge';
import { CHART_SESSION_MISSING, chartTasks, openChartSession } from './chart-tasks';

let db: CandlelabDb;
beforeEach(async () => {
  db = await memoryDb();
});
afterEach(() => db.close());

const ctx = (progress: Progress[] = []) => createTaskContext(new AbortController().signal, (p) => progress.push(p));
const KEY = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '5m' as const };

describe('chart tasks', () => {
  it('opens a stored series with its longer stored timeframes and answers windows, conditions and look-ups', async () => {
    await writeCandles(db, KEY, loadSharedCandles('BTCUSDT', '5m'), { source: 'file' });
    await writeCandles(db, { ...KEY, timeframe: '4h' }, loadSharedCandles('BTCUSDT', '4h'), { source: 'file' });
    await writeCandles(db, { ...KEY, symbol: 'ETH/USDT', timeframe: '1h' }, loadSharedCandles('ETHUSDT', '1h'), { source: 'file' });
    const progress: Progress[] = [];
    const info = await openChartSession(db, { ...KEY, sessionId: 's1' }, ctx(progress));
    expect(info).toMatchObject({ symbol: 'BTC/USDT', timeframe: '5m', count: 10_000, stored: ['4h'] });
    expect(progress.at(-1)).toMatchObject({ done: 2, total: 2, phase: 'read' });

    const strategy = await chartTasks.chartStrategy.run({ sessionId: 's1', strategy: { name: 'HMA_SMA' } }, ctx());
    expect(strategy!.signals.bar.length).toBe(71);
    const w = await chartTasks.chartWindow.run(
      { sessionId: 's1', tf: '1h', anchor: info.last, align: 'end', size: 100, overlays: strategy!.overlays },
      ctx(),
    );
    expect(w.candles.time.length).toBe(100);
    expect(w.overlays.map((o) => o.outputs[0].values.length)).toEqual([100, 100, 100]);
    const bar = strategy!.signals.bar[0];
    const snap = await chartTasks.chartConditions.run({ sessionId: 's1', bar }, ctx());
    expect(snap!.signal?.direction).toBe(strategy!.signals.direction[0] > 0 ? 'LONG' : 'SHORT');
    expect(await chartTasks.chartLocate.run({ sessionId: 's1', time: info.first + 12 * 60_000 }, ctx())).toEqual({ bar: 2, time: info.first + 10 * 60_000 });
    expect(await chartTasks.chartForming.run({ sessionId: 's1', tf: '5m', bar: 10, overlays: [] }, ctx())).toBeNull();
  });

  it('fails with a code the page recognises when the session is gone, and names a series that is not stored', async () => {
    try {
      await chartTasks.chartConditions.run({ sessionId: 'nope', bar: 0 }, ctx());
      expect.unreachable();
    } catch (e) {
      expect(isWorkerTaskError(e, CHART_SESSION_MISSING)).toBe(true);
    }
    await expect(openChartSession(db, { ...KEY, sessionId: 's2' }, ctx())).rejects.toThrow(/series: no binance BTC\/USDT 5m candles are stored/);
  });
});
