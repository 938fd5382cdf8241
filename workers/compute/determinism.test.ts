import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKTEST_CONFIG } from '../../src/core/backtest/config';
import { runBacktestRequest, serializeReport, type BacktestRequest } from '../../src/core/backtest/request';
import { sliceCandles } from '../../src/core/candles/types';
import { generateDemoSeries } from '../../src/core/demo/demo-market';
import { loadSharedCandles } from '../../tests/support/shared-data';
import { createPool, wrapWorker, callWorker } from '../bridge';
import { spawnNodeWorker, type NodeWorkerHandle } from '../bridge/test-support/node-worker';
import type { ComputeTasks } from './tasks';

const entry = new URL('./test-support/node-entry.ts', import.meta.url);
const spawned: NodeWorkerHandle[] = [];

function request(symbol: string, preset: string): BacktestRequest {
  return {
    config: { ...DEFAULT_BACKTEST_CONFIG, initialCapital: 10_000 },
    strategy: { name: preset },
    series: [{ symbol, timeframe: '1h', candles: sliceCandles(loadSharedCandles(symbol, '1h'), 0, 6000) }],
  };
}

afterAll(async () => {
  for (const w of spawned) w.terminate();
});

describe('the same backtest gives byte-identical JSON in Node, in one worker and in the pool', () => {
  const cases = [
    ['BTCUSDT', 'BALANCED'],
    ['ETHUSDT', 'AGGRESSIVE'],
    ['SOLUSDT', 'SWING'],
  ] as const;

  it('one worker and a pool of two match Node byte for byte', async () => {
    const expected = cases.map(([s, p]) => serializeReport(runBacktestRequest(request(s, p))));
    for (const json of expected) expect(JSON.parse(json).trades.length).toBeGreaterThan(0);

    const single = spawnNodeWorker(entry);
    spawned.push(single);
    const remote = wrapWorker<ComputeTasks>(single);
    for (let k = 0; k < cases.length; k++) {
      const { json } = await callWorker(remote, 'backtest', request(cases[k][0], cases[k][1]));
      expect(json).toBe(expected[k]);
    }

    const pool = createPool<ComputeTasks>(() => {
      const w = spawnNodeWorker(entry);
      spawned.push(w);
      return w;
    }, { size: 2 });
    try {
      const results = await Promise.all(cases.map((c) => pool.run('backtest', request(c[0], c[1]))));
      results.forEach((r, k) => expect(r.json).toBe(expected[k]));
    } finally {
      pool.dispose();
    }
  });

  it('a bad request crosses the boundary as a code and a message naming the field', async () => {
    const w = spawnNodeWorker(entry);
    spawned.push(w);
    const remote = wrapWorker<ComputeTasks>(w);
    const bad = { ...request('BTCUSDT', 'BALANCED'), strategy: { name: 'NOPE' } };
    await expect(callWorker(remote, 'backtest', bad)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('NOPE') });
  });

  it('cancelling a running backtest stops it', async () => {
    // The grace timer is fired by hand: a backtest runs without yielding, so it is stopped by
    // terminating its worker.
    let endGrace: (() => void) | undefined;
    const pool = createPool<ComputeTasks>(() => {
      const w = spawnNodeWorker(entry);
      spawned.push(w);
      return w;
    }, { size: 1, schedule: (fn) => ((endGrace = fn), () => {}) });
    try {
      const ac = new AbortController();
      const end = Date.UTC(2025, 0, 1);
      const candles = generateDemoSeries('WILD/USDT', { seed: 7, start: end - 1_000_000 * 300_000, end });
      const big: BacktestRequest = {
        ...request('BTCUSDT', 'BALANCED'),
        series: [{ symbol: 'WILD/USDT', timeframe: '5m', candles }],
      };
      const onProgress = () => {
        if (ac.signal.aborted) return;
        ac.abort();
        endGrace?.();
      };
      const run = pool.run('backtest', big, { signal: ac.signal, onProgress });
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED', message: 'task cancelled; worker terminated after 250 ms' });
      await spawned.at(-1)!.exited;
    } finally {
      pool.dispose();
    }
  });
});
