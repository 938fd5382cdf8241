import { performance } from 'node:perf_hooks';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Runs a full garbage collection when Node exposes it (`npm run bench` starts Node with
 * `--expose-gc`), so that a collection of garbage left by earlier work never lands inside a timed
 * run. Called before every timed run below; never itself timed.
 */
export function collectGarbage(): void {
  gc?.();
}

/** Wall time of one run of `fn`, after a garbage collection. */
export function timeOnce(fn: () => unknown): number {
  collectGarbage();
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * CPU time (user + system, this process) of one run of `fn`, after a garbage collection. Unlike
 * wall time it does not grow while other processes hold the cores, so it measures the code itself
 * on a shared machine (a single-threaded `fn` runs on this thread only).
 */
export function cpuTimeOnce(fn: () => unknown): number {
  collectGarbage();
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Median of measured times. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time of `fn` over `runs` runs after `warmup` untimed runs. */
export function medianMs(fn: () => unknown, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timeOnce(fn));
  return median(times);
}

export async function medianMsAsync(fn: () => Promise<unknown>, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Times `ours` and `reference` with `measure` (default {@link cpuTimeOnce}) in `rounds`
 * alternating rounds (the side run first alternates too), after `warmup` untimed runs of each, and
 * returns the fastest run of each side. Both sides see the same machine and the same heap; the
 * fastest run is the one least disturbed by other processes, so the ratio of the minima compares
 * the code, not the load.
 */
export function pairedMinMs(
  ours: () => unknown,
  reference: () => unknown,
  rounds = 30,
  warmup = 2,
  measure: (fn: () => unknown) => number = cpuTimeOnce,
): { ms: number; referenceMs: number } {
  for (let i = 0; i < warmup; i++) {
    ours();
    reference();
  }
  let ms = Infinity;
  let referenceMs = Infinity;
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      ms = Math.min(ms, measure(ours));
      referenceMs = Math.min(referenceMs, measure(reference));
    } else {
      referenceMs = Math.min(referenceMs, measure(reference));
      ms = Math.min(ms, measure(ours));
    }
  }
  return { ms, referenceMs };
}

export function ratio(ms: number, referenceMs: number | null): number | null {
  return referenceMs && referenceMs > 0 ? ms / referenceMs : null;
}
