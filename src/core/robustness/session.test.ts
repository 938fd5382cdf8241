import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { DEFAULT_BACKTEST_CONFIG } from '../backtest/config';
import type { BacktestRequest } from '../backtest/request';
import { ColumnMemo } from '../indicators/column-memo';
import { SIGNAL_ENGINE } from '../strategy/signal-engine';
import { Optimiser } from './optimiser/optimiser';
import { evaluateRequest, MAX_REQUESTS_PER_MESSAGE, splitBatch, type EvalContext, type EvalRequest } from './session';

describe('splitBatch', () => {
  const batch = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('keeps every request once, in order', () => {
    for (const [n, slots] of [[0, 4], [1, 4], [7, 2], [64, 4], [9, 1]] as const) {
      expect(splitBatch(batch(n), slots).flat()).toEqual(batch(n));
    }
  });

  it('reaches every slot when the batch is small and sends at most the cap per message when it is large', () => {
    expect(splitBatch(batch(4), 4).map((p) => p.length)).toEqual([1, 1, 1, 1]);
    expect(splitBatch(batch(6), 4).map((p) => p.length)).toEqual([2, 2, 2]);
    const big = splitBatch(batch(64), 4);
    expect(big).toHaveLength(64 / MAX_REQUESTS_PER_MESSAGE);
    expect(big.every((p) => p.length === MAX_REQUESTS_PER_MESSAGE)).toBe(true);
  });

  it('treats a slot count below one as one slot', () => {
    expect(splitBatch(batch(3), 0).map((p) => p.length)).toEqual([3]);
  });
});

describe('evaluateRequest with a column memo', () => {
  it('gives the same outcomes as without one, computing each indicator column once per period', () => {
    const base: BacktestRequest = {
      config: { ...DEFAULT_BACKTEST_CONFIG },
      strategy: { name: 'BALANCED' },
      series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: loadSharedCandles('BTCUSDT', '1h') }],
    };
    const o = new Optimiser(SIGNAL_ENGINE, {
      method: 'grid',
      space: { sl_atr_multiplier: { values: [1, 2] }, adx_threshold: { values: [15, 25] }, rsi_period: { values: [10, 14] } },
      evaluations: null,
      seed: 1,
      objective: { kind: 'sharpe' },
      constraints: {},
    });
    const range = { from: Date.UTC(2022, 0, 1), to: Date.UTC(2022, 5, 30, 23) };
    const requests: EvalRequest[] = Array.from({ length: o.total }, (_, k) => ({ key: `e${k}`, candidate: o.candidateAt(k), range, detail: k === 0 }));
    const plain: EvalContext = { base, objective: { kind: 'sharpe' }, constraints: {} };
    const memo = new ColumnMemo();
    const kept: EvalContext = { ...plain, memo };
    const without = requests.map((r) => evaluateRequest(plain, r));
    const withMemo = requests.map((r) => evaluateRequest(kept, r));
    expect(without.some((x) => (x.evaluation.metrics?.totalTrades ?? 0) > 0)).toBe(true);
    expect(withMemo).toEqual(without);
    // RSI for two periods; ADX, volume SMA, ATR and the unused trend column once.
    expect(memo.size).toBe(6);
  });
});
