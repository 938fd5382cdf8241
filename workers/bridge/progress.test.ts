import { describe, expect, it } from 'vitest';
import { throttleProgress, type Progress } from './progress';

/** A clock the test advances by hand. */
function manualClock(start = 0): { now: () => number; set: (t: number) => void } {
  let t = start;
  return { now: () => t, set: (v) => (t = v) };
}

describe('throttleProgress', () => {
  it('forwards at most 10 intermediate updates in any one-second window and always the final one', () => {
    const clock = manualClock(1000);
    const received: Array<{ p: Progress; at: number }> = [];
    const report = throttleProgress((p) => received.push({ p, at: clock.now() }), 10, clock.now);
    const total = 3000;
    // One update per simulated millisecond for 3 s, the final one included.
    for (let done = 1; done <= total; done++) {
      clock.set(1000 + done);
      report({ done, total });
    }
    const last = received[received.length - 1];
    expect(last.p).toEqual({ done: total, total });

    const intermediate = received.filter((r) => r.p.done !== r.p.total);
    for (const r of intermediate) {
      const inWindow = intermediate.filter((x) => x.at >= r.at && x.at < r.at + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(10);
    }
    // Spacing of 100 ms over 3 s: roughly 30 forwarded, far fewer than the 3000 reported.
    expect(intermediate.length).toBeGreaterThanOrEqual(29);
    expect(intermediate.length).toBeLessThanOrEqual(30);
    for (let i = 1; i < intermediate.length; i++) {
      expect(intermediate[i].at - intermediate[i - 1].at).toBeGreaterThanOrEqual(100);
    }
  });

  it('forwards the first update immediately and every update when they are spaced widely', () => {
    const clock = manualClock();
    const received: number[] = [];
    const report = throttleProgress((p) => received.push(p.done), 10, clock.now);
    for (let i = 0; i < 5; i++) {
      clock.set(i * 150);
      report({ done: i, total: 10 });
    }
    expect(received).toEqual([0, 1, 2, 3, 4]);
  });

  it('forwards a final update even right after a forwarded one, and keeps phase and message', () => {
    const clock = manualClock();
    const received: Progress[] = [];
    const report = throttleProgress((p) => received.push(p), 10, clock.now);
    report({ done: 1, total: 2, phase: 'load' });
    report({ done: 2, total: 2, phase: 'load', message: 'loaded' });
    report({ done: 0, total: 5, phase: 'run' });
    report({ done: 5, total: 5, phase: 'run' });
    expect(received).toEqual([
      { done: 1, total: 2, phase: 'load' },
      { done: 2, total: 2, phase: 'load', message: 'loaded' },
      { done: 0, total: 5, phase: 'run' },
      { done: 5, total: 5, phase: 'run' },
    ]);
  });

  it('honours a custom rate', () => {
    const clock = manualClock();
    const received: number[] = [];
    const report = throttleProgress((p) => received.push(p.done), 2, clock.now);
    for (let t = 0; t < 2000; t += 100) {
      clock.set(t);
      report({ done: t, total: 10_000 });
    }
    expect(received).toEqual([0, 500, 1000, 1500]);
  });

  it('rejects a non-positive rate, naming the parameter and value', () => {
    expect(() => throttleProgress(() => {}, 0)).toThrow('maxPerSecond: 0');
    expect(() => throttleProgress(() => {}, Number.NaN)).toThrow('maxPerSecond: NaN');
  });
});

describe('throttleProgress and phases', () => {
  it('forwards the first update of a new phase even inside the interval, then throttles again', () => {
    let t = 0;
    const got: Array<string | undefined> = [];
    const r = throttleProgress((p) => got.push(p.phase), 10, () => t);
    r({ done: 1, total: 10, phase: 'fetching' });
    t = 10;
    r({ done: 2, total: 10, phase: 'fetching' });
    t = 20;
    r({ done: 2, total: 10, phase: 'waiting' });
    t = 30;
    r({ done: 2, total: 10, phase: 'waiting' });
    t = 200;
    r({ done: 3, total: 10, phase: 'waiting' });
    expect(got).toEqual(['fetching', 'waiting', 'waiting']);
  });
});
