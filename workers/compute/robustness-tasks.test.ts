import { afterAll, describe, expect, it } from 'vitest';
import { monteCarloChunks, runMonteCarlo, type MonteCarloConfig, type MonteCarloInput } from '../../src/core/robustness';
import { createRng } from '../../src/core/util/rng';
import { callWorker, createPool, wrapWorker } from '../bridge';
import { spawnNodeWorker, type NodeWorkerHandle } from '../bridge/test-support/node-worker';
import type { ComputeTasks } from './tasks';

const entry = new URL('./test-support/node-entry.ts', import.meta.url);
const spawned: NodeWorkerHandle[] = [];
afterAll(() => {
  for (const w of spawned) w.terminate();
});

function input(): MonteCarloInput {
  const rng = createRng(77);
  const n = 400;
  return {
    initialCapital: 10_000,
    pnl: Float64Array.from({ length: n }, () => rng.normal() * 40 + 3),
    notional: Float64Array.from({ length: n }, () => 500 + rng.next() * 1000),
    tradesPerYear: 120,
  };
}

describe('Monte Carlo gives the same bytes in Node, in one worker and in the pool', () => {
  it('for every method', async () => {
    const single = spawnNodeWorker(entry);
    spawned.push(single);
    const remote = wrapWorker<ComputeTasks>(single);
    const pool = createPool<ComputeTasks>(() => {
      const w = spawnNodeWorker(entry);
      spawned.push(w);
      return w;
    }, { size: 2 });
    try {
      for (const method of ['reshuffle', 'bootstrap', 'skip', 'noise'] as const) {
        const config: MonteCarloConfig = { method, runs: 1500, seed: 5, skipPct: 15, noisePct: 0.8, ruinDrawdownPct: 5 };
        const node = JSON.stringify(runMonteCarlo(input(), config));
        const whole = await callWorker(remote, 'monteCarloChunk', { input: input(), config, first: 0, count: config.runs });
        const one = await callWorker(remote, 'monteCarloSummary', { input: input(), config, chunks: [whole] });
        expect(JSON.stringify(one)).toBe(node);
        const chunks = await Promise.all(monteCarloChunks(config.runs, 3).map((c) => pool.run('monteCarloChunk', { input: input(), config, ...c })));
        const pooled = await pool.run('monteCarloSummary', { input: input(), config, chunks });
        expect(JSON.stringify(pooled)).toBe(node);
      }
    } finally {
      pool.dispose();
    }
  }, 120_000);
});
