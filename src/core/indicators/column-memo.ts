/**
 * Columns a strategy computed before on the same candles, by key: an optimisation or a walk-forward
 * prepares one strategy hundreds of times on candles that do not change, and most parameter sets
 * share most indicator columns (the periods stay, the thresholds move). Reading them back saves
 * their computation and, above all, their allocation: a year of 1h candles makes columns of
 * 200 KB each, which the garbage collector would otherwise reclaim after every evaluation.
 *
 * Only a caller that knows the candles stay the same for the memo's life gives one (see
 * `StrategyInput.memo`); columns read from it are shared and must not be written.
 */
export class ColumnMemo {
  private readonly entries = new Map<string, unknown>();

  /** `max`: columns kept at most; the least recently read goes first. */
  constructor(private readonly max = 64) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`max: ${max} is not a positive whole number of columns`);
  }

  /** The value kept under `key`, else `compute()`'s, kept. */
  get<T>(key: string, compute: () => T): T {
    if (this.entries.has(key)) {
      const v = this.entries.get(key) as T;
      this.entries.delete(key);
      this.entries.set(key, v);
      return v;
    }
    const v = compute();
    this.entries.set(key, v);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return v;
  }

  /** A view whose keys are prefixed with `prefix` (one series of a portfolio, one window of history). */
  scope(prefix: string): ColumnScope {
    return { get: (key, compute) => this.get(`${prefix}\u0000${key}`, compute) };
  }

  get size(): number {
    return this.entries.size;
  }
}

/** What a strategy reads columns through: {@link ColumnMemo.get} under one series' prefix. */
export interface ColumnScope {
  get<T>(key: string, compute: () => T): T;
}

/** `compute()` through `scope` when there is one, else computed now. */
export function memoColumn<T>(scope: ColumnScope | undefined, key: string, compute: () => T): T {
  return scope === undefined ? compute() : scope.get(key, compute);
}
