import { withBenchPages } from '../chromium';
import { median } from '../timing';
import type { BenchResult, BenchSuite } from '../types';

const RUNS = 15;
/** Checkpoints yield every ~30 ms of work, so a cooperative task should stop well within this. */
const COOPERATIVE_GOAL_MS = 100;
/** The pool's 250 ms grace period, then the rejection reaching the caller. */
const TERMINATE_GOAL_MS = 300;
/** The grace period, then a fresh module worker that loads and answers. */
const REPLACE_GOAL_MS = 500;

/**
 * `pool:*` in the system Chromium: the bridge's WorkerPool (size 1, default 250 ms grace) over a
 * module worker whose task spins until cancelled, measured in the page from the abort:
 * - `pool:cancel-cooperative`: a task that calls `checkpoint()` every 1,024 iterations rejects
 *   with CANCELLED (its worker stays); `ms` is the median of the runs, `extra.maxMs` the worst.
 * - `pool:cancel-terminate`: a task that never checks; the pool terminates its worker when the
 *   grace period ends; `ms` is the median time until the cancelled call rejected.
 * - `pool:cancel-replace`: in the same runs, a task queued behind the cancelled one is answered by
 *   the replacement worker; `ms` is the median time from the abort until that answer.
 * The page is a Vite build of `scripts/bench/browser/worker-pool-bench.html`.
 */
const suite: BenchSuite = {
  name: 'worker-pool',
  run: () =>
    withBenchPages(['worker-pool-bench.html'], async ({ page, baseUrl }): Promise<BenchResult[]> => {
      await page.goto(`${baseUrl}/worker-pool-bench.html`);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
      const cooperative: number[] = [];
      const rejected: number[] = [];
      const replaced: number[] = [];
      // One untimed run of each first: the worker script is fetched and compiled once.
      for (let i = 0; i <= RUNS; i++) {
        const c = await page.evaluate(() => window.workerPoolBench.cooperative());
        const [r, n] = await page.evaluate(() => window.workerPoolBench.terminate());
        if (i === 0) continue;
        cooperative.push(c);
        rejected.push(r);
        replaced.push(n);
      }
      const row = (name: string, times: number[], goal: number): BenchResult => {
        const ms = median(times);
        return { name, ms, referenceMs: null, ratio: null, extra: { maxMs: Math.max(...times), runs: RUNS }, goal: `ms <= ${goal}`, ok: ms <= goal };
      };
      return [
        row('pool:cancel-cooperative', cooperative, COOPERATIVE_GOAL_MS),
        row('pool:cancel-terminate', rejected, TERMINATE_GOAL_MS),
        row('pool:cancel-replace', replaced, REPLACE_GOAL_MS),
      ];
    }),
};

export default suite;
