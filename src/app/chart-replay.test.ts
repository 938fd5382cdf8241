import { describe, expect, it } from 'vitest';
import { createReplayTimer, nextSpeed, stepInterval, type ReplayClock } from './chart-replay';

/** A clock advanced by hand. */
function manualClock() {
  let now = 0;
  const timers: { every: number; next: number; fn: () => void; live: boolean }[] = [];
  const clock: ReplayClock = {
    every(ms, fn) {
      const t = { every: ms, next: now + ms, fn, live: true };
      timers.push(t);
      return () => {
        t.live = false;
      };
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.live && t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      now = due.next;
      due.next += due.every;
      due.fn();
    }
    now = end;
  };
  return { clock, advance, live: () => timers.filter((t) => t.live).length };
}

describe('the replay timer', () => {
  it('steps at the speed in bars per second and stops when a step says so', () => {
    const m = manualClock();
    let steps = 0;
    let stopped = 0;
    const timer = createReplayTimer(m.clock, () => ++steps < 40, () => stopped++);
    timer.play(16);
    m.advance(1000);
    expect(steps).toBe(16);
    timer.setSpeed(4);
    m.advance(1000);
    expect(steps).toBe(20);
    expect(m.live()).toBe(1);
    timer.pause();
    m.advance(5000);
    expect(steps).toBe(20);
    expect(timer.playing).toBe(false);
    timer.play(64);
    m.advance(1000);
    expect(steps).toBe(40);
    expect(stopped).toBe(1);
    expect(timer.playing).toBe(false);
    expect(m.live()).toBe(0);
  });

  it('keeps speeds within ×1–×64', () => {
    expect(nextSpeed(16, 1)).toBe(32);
    expect(nextSpeed(64, 1)).toBe(64);
    expect(nextSpeed(1, -1)).toBe(1);
    expect(stepInterval(16)).toBe(62.5);
  });
});
