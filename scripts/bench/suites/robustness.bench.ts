/**
 * Robustness lab speed.
 * - `robustness:montecarlo-10k×1000`: 10,000 reshuffle runs of 1,000 trades (simulation and summary:
 *   percentiles, histograms, fan) in one compute worker (a `worker_threads` thread running the
 *   compute tasks); goal ≤ 300 ms. Reference: a plain loop in the same worker's place (this thread)
 *   that shuffles and walks the same trades without any summary.
 * - `robustness:sweep-1-worker` / `robustness:sweep-2-workers`: 256 evaluations (BALANCED with varied
 *   stop/target/ADX/minimum confidence on BTC/USDT 1h, 2022: about a second of work, enough for the
 *   pool's overheads to show) through the compute task on a pool of one and of two
 *   workers, sent as the app's runner sends them (two messages in flight per worker, each with a
 *   part of the batch cut by `splitBatch`), each worker holding the candles already (as the app's
 *   workers keep what they read); each the median over three fresh pools of its size, alternated
 *   (`extra` gives the fastest and slowest pool). `robustness:sweep-scaling` gives the per-core
 *   efficiency (1-worker time / 2-worker time / 2); goal ≥ 0.8 per core on 2 cores.
 */
import { DEFAULT_BACKTEST_CONFIG } from '../../../src/core/backtest/config';
import { Optimiser, simulateMonteCarlo, splitBatch, summariseMonteCarlo, type EvalRequest, type MonteCarloConfig, type MonteCarloInput } from '../../../src/core/robustness';
import { SIGNAL_ENGINE } from '../../../src/core/strategy/signal-engine';
import { createRng, fillUniform } from '../../../src/core/util/rng';
import { callWorker, createPool, wrapWorker } from '../../../workers/bridge';
import { spawnNodeWorker, type NodeWorkerHandle } from '../../../workers/bridge/test-support/node-worker';
import type { ComputeTasks } from '../../../workers/compute/tasks';
import type { EvaluateArgs } from '../../../workers/compute/robustness-tasks';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { median, medianMs, medianMsAsync, ratio } from '../timing';

/** Fresh pools of each size the sweep is timed on (alternated, median taken). */
const POOLS_PER_SIZE = 3;
import type { BenchResult, BenchSuite } from '../types';

const entry = new URL('../../../workers/compute/test-support/node-entry.ts', import.meta.url);

function mcInput(): MonteCarloInput {
  const rng = createRng(3);
  const n = 1000;
  return {
    initialCapital: 10_000,
    pnl: Float64Array.from({ length: n }, () => rng.normal() * 50 + 4),
    notional: new Float64Array(n).fill(1000),
    tradesPerYear: 250,
  };
}

/** Shuffle and walk each run, nothing else. */
function referenceLoop(input: MonteCarloInput, runs: number): number {
  const n = input.pnl.length;
  const u = new Float64Array(n);
  const idx = new Int32Array(n);
  let acc = 0;
  for (let r = 0; r < runs; r++) {
    fillUniform(r + 1, u);
    for (let i = 0; i < n; i++) idx[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const k = (u[n - 1 - i] * (i + 1)) | 0;
      const t = idx[i];
      idx[i] = idx[k];
      idx[k] = t;
    }
    let e = input.initialCapital;
    let peak = e;
    let dd = 0;
    for (let i = 0; i < n; i++) {
      e += input.pnl[idx[i]];
      if (e > peak) peak = e;
      else if ((peak - e) / peak > dd) dd = (peak - e) / peak;
    }
    acc += dd;
  }
  return acc;
}

const suite: BenchSuite = {
  name: 'robustness',
  async run(): Promise<BenchResult[]> {
    const out: BenchResult[] = [];
    const spawned: NodeWorkerHandle[] = [];
    const spawn = () => {
      const w = spawnNodeWorker(entry);
      spawned.push(w);
      return w;
    };
    try {
      // Monte Carlo in one worker.
      const input = mcInput();
      const config: MonteCarloConfig = { method: 'reshuffle', runs: 10_000, seed: 1, skipPct: 10, noisePct: 0.5, ruinDrawdownPct: 50 };
      const remote = wrapWorker<ComputeTasks>(spawn());
      const inWorker = await medianMsAsync(async () => {
        const chunk = await callWorker(remote, 'monteCarloChunk', { input, config, first: 0, count: config.runs });
        await callWorker(remote, 'monteCarloSummary', { input, config, chunks: [chunk] });
      }, 5, 1);
      const here = medianMs(() => summariseMonteCarlo(input, config, [simulateMonteCarlo(input, config)]), 5, 1);
      const ref = medianMs(() => referenceLoop(input, config.runs), 5, 1);
      out.push({
        name: 'robustness:montecarlo-10k×1000',
        ms: inWorker,
        referenceMs: ref,
        ratio: ratio(inWorker, ref),
        extra: { inThisThreadMs: here },
        goal: 'ms <= 300',
        ok: inWorker <= 300,
      });

      // Sweep throughput on one and two workers.
      const candles = loadSharedCandles('BTCUSDT', '1h');
      const o = new Optimiser(SIGNAL_ENGINE, {
        method: 'grid',
        space: { sl_atr_multiplier: { values: [1, 1.5, 2, 2.5] }, tp_atr_multiplier: { values: [2, 3, 4, 5] }, adx_threshold: { values: [15, 20, 25, 30] }, min_confidence: { values: [0.4, 0.5, 0.6, 0.7] } },
        evaluations: null,
        seed: 1,
        objective: { kind: 'sharpe' },
        constraints: {},
      });
      const range = { from: Date.UTC(2022, 0, 1), to: Date.UTC(2022, 11, 31, 23) };
      const requests: EvalRequest[] = Array.from({ length: o.total }, (_, k) => ({ key: `e${k}`, candidate: o.candidateAt(k), range, detail: false }));
      const args = (reqs: EvalRequest[], withCandles: boolean): EvaluateArgs => ({
        data: { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', strategy: { name: 'BALANCED' }, config: { ...DEFAULT_BACKTEST_CONFIG } },
        objective: { kind: 'sharpe' },
        constraints: {},
        requests: reqs,
        ...(withCandles ? { candles: [candles] } : {}),
      });
      const sweep = async (size: number) => {
        const pool = createPool<ComputeTasks>(spawn, { size });
        try {
          // Every worker receives the candles once and keeps them, as app workers keep what they read.
          await Promise.all(Array.from({ length: size }, () => pool.run('robustnessEvaluate', args(requests.slice(0, 1), true))));
          // As the runner: the whole batch at once, cut for two messages in flight per worker.
          return await medianMsAsync(() => Promise.all(splitBatch(requests, size * 2).map((part) => pool.run('robustnessEvaluate', args(part, false)))), 5, 2);
        } finally {
          pool.dispose();
        }
      };
      // Fresh pools of each size, alternated: a worker's speed on this work varies from one thread
      // to the next (its compiler's and collector's choices), so each size is the median of three.
      const ones: number[] = [];
      const twos: number[] = [];
      for (let r = 0; r < POOLS_PER_SIZE; r++) {
        ones.push(await sweep(1));
        twos.push(await sweep(2));
      }
      const one = median(ones);
      const two = median(twos);
      const perCore = one / two / 2;
      out.push({ name: 'robustness:sweep-1-worker', ms: one, referenceMs: null, ratio: null, extra: { evaluations: requests.length, fastestPoolMs: Math.min(...ones), slowestPoolMs: Math.max(...ones) } });
      out.push({ name: 'robustness:sweep-2-workers', ms: two, referenceMs: one, ratio: ratio(two, one), extra: { evaluations: requests.length, fastestPoolMs: Math.min(...twos), slowestPoolMs: Math.max(...twos) } });
      out.push({ name: 'robustness:sweep-scaling', ms: two, referenceMs: one, ratio: perCore, extra: { perCoreEfficiency: perCore }, goal: 'per-core efficiency >= 0.8', ok: perCore >= 0.8 });
    } finally {
      for (const w of spawned) w.terminate();
    }
    return out;
  },
};

export default suite;
