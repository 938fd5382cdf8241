import { describe, expect, it } from 'vitest';
import { nextOpenTime, type Timeframe } from '../core/candles/timeframe';
import { createRng } from '../core/util/rng';
import type { Gap } from './records/candles';
import { addToCoverage, clipToMissing, countOpenTimes, gapsOf, normalizeRanges, type Coverage } from './series-gaps';

/** Brute force: walk every grid time from the first to the last present one. */
function oracleGaps(present: Set<number>, tf: Timeframe): Gap[] {
  const times = [...present].sort((a, b) => a - b);
  const out: Gap[] = [];
  let run: Gap | null = null;
  for (let t = times[0]; t <= times[times.length - 1]; t = nextOpenTime(t, tf)) {
    if (present.has(t)) {
      if (run) out.push(run);
      run = null;
    } else if (run) {
      run.to = t;
      run.missing++;
    } else {
      run = { from: t, to: t, missing: 1 };
    }
  }
  return out;
}

function grid(start: number, n: number, tf: Timeframe): number[] {
  const out = [start];
  for (let i = 1; i < n; i++) out.push(nextOpenTime(out[i - 1], tf));
  return out;
}

describe('countOpenTimes', () => {
  it('counts fixed-length and calendar-month candles', () => {
    expect(countOpenTimes(0, 3_600_000 * 5, '1h')).toBe(6);
    expect(countOpenTimes(Date.UTC(2023, 10, 1), Date.UTC(2024, 1, 1), '1M')).toBe(4);
    expect(countOpenTimes(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1), '1d')).toBe(1);
  });
});

describe('gapsOf', () => {
  it('finds exact missing stretches', () => {
    const H = 3_600_000;
    const t = Float64Array.from([0, H, 4 * H, 5 * H, 7 * H]);
    expect(gapsOf(t, '1h')).toEqual([
      { from: 2 * H, to: 3 * H, missing: 2 },
      { from: 6 * H, to: 6 * H, missing: 1 },
    ]);
  });
});

describe('addToCoverage', () => {
  for (const [tf, start] of [
    ['1h', Date.UTC(2021, 3, 4, 20)],
    ['1w', Date.UTC(2024, 0, 1)],
    ['1M', Date.UTC(2015, 0, 1)],
  ] as Array<[Timeframe, number]>) {
    it(`matches a brute-force walk after random batches (${tf})`, () => {
      const rng = createRng(tf.length * 7919 + 3);
      const all = grid(start, 300, tf);
      for (let trial = 0; trial < 40; trial++) {
        const present = new Set<number>();
        let cov: Coverage | null = null;
        const batches = 1 + rng.int(6);
        for (let b = 0; b < batches; b++) {
          // A random window of the grid, thinned at random (may overlap what is present).
          const lo = rng.int(all.length);
          const hi = Math.min(all.length, lo + 1 + rng.int(80));
          const keep = rng.next();
          const times = all.slice(lo, hi).filter(() => rng.next() < keep + 0.1);
          if (times.length === 0) continue;
          for (const t of times) present.add(t);
          cov = addToCoverage(cov, Float64Array.from(times), tf);
          const sorted = [...present].sort((x, y) => x - y);
          expect(cov.first).toBe(sorted[0]);
          expect(cov.last).toBe(sorted[sorted.length - 1]);
          expect(cov.gaps).toEqual(oracleGaps(present, tf));
        }
      }
    });
  }
});

describe('confirmed-empty ranges', () => {
  const H = 3_600_000;
  it('joins overlapping and touching ranges', () => {
    expect(
      normalizeRanges(
        [
          { from: 5 * H, to: 6 * H },
          { from: 0, to: 2 * H },
          { from: 3 * H, to: 3 * H },
          { from: 10 * H, to: 12 * H },
          { from: 11 * H, to: 11 * H },
        ],
        '1h',
      ),
    ).toEqual([
      { from: 0, to: 3 * H },
      { from: 5 * H, to: 6 * H },
      { from: 10 * H, to: 12 * H },
    ]);
  });

  it('keeps only times without a stored candle', () => {
    // Stored: 10..12, 15..20 (gap 13..14).
    const cov: Coverage = { first: 10 * H, last: 20 * H, gaps: [{ from: 13 * H, to: 14 * H, missing: 2 }] };
    const clipped = clipToMissing(
      [
        { from: 5 * H, to: 11 * H },
        { from: 12 * H, to: 16 * H },
        { from: 19 * H, to: 25 * H },
      ],
      cov,
      '1h',
    );
    expect(clipped).toEqual([
      { from: 5 * H, to: 9 * H },
      { from: 13 * H, to: 14 * H },
      { from: 21 * H, to: 25 * H },
    ]);
  });
});
