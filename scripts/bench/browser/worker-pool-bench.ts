/**
 * In-page side of the `worker-pool` benchmark: exposes `window.workerPoolBench`, whose methods
 * time cancellations in a real bridge pool of module workers (the app's pool class, default
 * 250 ms grace) and return the milliseconds. Driven by `scripts/bench/suites/worker-pool.bench.ts`.
 */
import { createPool, isWorkerTaskError } from '../../../workers/bridge';
import type { BenchTasks } from './worker-pool-bench.worker';

const pool = createPool<BenchTasks>(() => new Worker(new URL('./worker-pool-bench.worker.ts', import.meta.url), { type: 'module' }), { size: 1 });

/** Starts a spinning task and resolves, with the call, once the worker reports it is running. */
async function startSpin(cooperative: boolean, signal: AbortSignal): Promise<{ settled: Promise<string> }> {
  let running!: () => void;
  const started = new Promise<void>((r) => (running = r));
  const settled = pool.run('spin', { cooperative }, { signal, onProgress: () => running() }).then(
    () => 'finished',
    (e: unknown) => (isWorkerTaskError(e, 'CANCELLED') ? e.message : `failed: ${String(e)}`),
  );
  await started;
  return { settled };
}

const api = {
  /** Abort → rejection of a task that checks at checkpoints (its worker stays). */
  async cooperative(): Promise<number> {
    await pool.run('ready', undefined);
    const ac = new AbortController();
    const { settled } = await startSpin(true, ac.signal);
    const t0 = performance.now();
    ac.abort();
    const outcome = await settled;
    const ms = performance.now() - t0;
    if (outcome !== 'task cancelled') throw new Error(`cooperative cancel ended with "${outcome}"`);
    return ms;
  },
  /**
   * A task that never checks: abort → rejection (the pool terminates its worker after the grace
   * period), and abort → a task queued meanwhile answered by the replacement worker.
   */
  async terminate(): Promise<[number, number]> {
    await pool.run('ready', undefined);
    const ac = new AbortController();
    const { settled } = await startSpin(false, ac.signal);
    const t0 = performance.now();
    ac.abort();
    const next = pool.run('ready', undefined);
    const outcome = await settled;
    const rejected = performance.now() - t0;
    await next;
    const replaced = performance.now() - t0;
    if (!outcome.includes('terminated')) throw new Error(`terminate-and-replace ended with "${outcome}"`);
    return [rejected, replaced];
  },
};

declare global {
  interface Window {
    workerPoolBench: typeof api;
  }
}

window.workerPoolBench = api;
document.getElementById('status')!.textContent = 'ready';
