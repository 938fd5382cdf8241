/**
 * Monthly and yearly returns of an equity curve (UTC calendar), as in docs/metrics.md:
 * the return of a period is the equity at its last curve point divided by the equity at the last
 * point of the previous period with points (the curve's first value `C0` for the first period),
 * minus one, in percent. Periods without points have no return.
 */

/** The return of one calendar period. */
export interface PeriodReturn {
  year: number;
  /** 1..12 for a month; null for a whole year. */
  month: number | null;
  /** Equity at the end of the previous period (or C0) and at the last point of this one. */
  startValue: number;
  endValue: number;
  /** `(endValue / startValue - 1) * 100`; null when `startValue` is 0. */
  returnPct: number | null;
}

function checkCurve(time: ArrayLike<number>, value: ArrayLike<number>): void {
  if (value.length !== time.length) {
    throw new RangeError(`equityValue: length ${value.length} differs from equityTime length ${time.length}`);
  }
}

function periodReturns(time: ArrayLike<number>, value: ArrayLike<number>, keyOf: (t: number) => number, monthly: boolean): PeriodReturn[] {
  checkCurve(time, value);
  const n = time.length;
  const out: PeriodReturn[] = [];
  if (n === 0) return out;
  let base = value[0];
  let key = keyOf(time[0]);
  let last = value[0];
  const close = (k: number, end: number): void => {
    const year = monthly ? Math.floor(k / 12) : k;
    out.push({
      year,
      month: monthly ? (k % 12) + 1 : null,
      startValue: base,
      endValue: end,
      returnPct: base === 0 ? null : (end / base - 1) * 100,
    });
    base = end;
  };
  for (let i = 1; i < n; i++) {
    const k = keyOf(time[i]);
    if (k !== key) {
      close(key, last);
      key = k;
    }
    last = value[i];
  }
  close(key, last);
  return out;
}

function monthKey(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function yearKey(t: number): number {
  return new Date(t).getUTCFullYear();
}

/** Return of every UTC calendar month that has curve points, in time order. */
export function monthlyReturns(time: ArrayLike<number>, value: ArrayLike<number>): PeriodReturn[] {
  return periodReturns(time, value, monthKey, true);
}

/** Return of every UTC calendar year that has curve points, in time order. */
export function yearlyReturns(time: ArrayLike<number>, value: ArrayLike<number>): PeriodReturn[] {
  return periodReturns(time, value, yearKey, false);
}
