import { describe, expect, it } from 'vitest';
import {
  closedBefore,
  createDemoClock,
  demoMarketTime,
  nextCloseAfter,
  pauseDemoClock,
  realDelayUntil,
  setDemoSpeed,
  startDemoClock,
  validateDemoClock,
} from './demo-clock';

const M0 = Date.UTC(2025, 0, 1);
const R0 = Date.UTC(2030, 5, 1, 12);
const MIN = 60_000;
const H = 60 * MIN;

describe('demo clock', () => {
  it('stands still while paused and runs at its speed once started', () => {
    const paused = createDemoClock(M0, R0, 600);
    expect(paused.running).toBe(false);
    expect(demoMarketTime(paused, R0 + 10 * MIN)).toBe(M0);
    const running = startDemoClock(paused, R0 + 10 * MIN);
    expect(demoMarketTime(running, R0 + 10 * MIN)).toBe(M0);
    expect(demoMarketTime(running, R0 + 10 * MIN + 6_000)).toBe(M0 + H); // 6 s × 600 = 1 h
    expect(demoMarketTime(startDemoClock(createDemoClock(M0, R0, 1), R0), R0 + 5 * MIN)).toBe(M0 + 5 * MIN);
    expect(demoMarketTime(startDemoClock(createDemoClock(M0, R0, 60), R0), R0 + MIN)).toBe(M0 + H);
  });

  it('keeps market time continuous across speed changes, pauses and a real clock set back', () => {
    let c = startDemoClock(createDemoClock(M0, R0, 60), R0);
    c = setDemoSpeed(c, 600, R0 + 60_000); // market M0 + 1 h
    expect(demoMarketTime(c, R0 + 60_000)).toBe(M0 + H);
    expect(demoMarketTime(c, R0 + 66_000)).toBe(M0 + 2 * H);
    c = setDemoSpeed(c, 1, R0 + 66_000);
    expect(demoMarketTime(c, R0 + 66_000 + 30 * MIN)).toBe(M0 + 2 * H + 30 * MIN);
    c = pauseDemoClock(c, R0 + 66_000 + 30 * MIN);
    expect(demoMarketTime(c, R0 + 10 * H)).toBe(M0 + 2 * H + 30 * MIN);
    c = startDemoClock(c, R0 + 10 * H);
    expect(demoMarketTime(c, R0 + 10 * H + MIN)).toBe(M0 + 2 * H + 31 * MIN);
    // The real clock moving backwards never moves market time backwards.
    expect(demoMarketTime(c, R0)).toBe(M0 + 2 * H + 30 * MIN);
    expect(demoMarketTime(setDemoSpeed(c, 600, R0), R0 + 10 * H)).toBe(M0 + 2 * H + 30 * MIN);
  });

  it('says which candles are closed and when the next one closes', () => {
    expect(closedBefore(M0 + 59 * MIN, '1h')).toBe(M0);
    expect(closedBefore(M0 + H, '1h')).toBe(M0 + H);
    expect(closedBefore(M0 + 7 * MIN, '5m')).toBe(M0 + 5 * MIN);
    expect(nextCloseAfter(M0, '5m')).toBe(M0 + 5 * MIN);
    expect(nextCloseAfter(M0 + 1, '5m')).toBe(M0 + 5 * MIN);
    expect(nextCloseAfter(M0 + 5 * MIN, '1h')).toBe(M0 + H);
    const c = startDemoClock(createDemoClock(M0, R0, 600), R0);
    expect(realDelayUntil(c, R0, M0 + 5 * MIN)).toBe(500);
    expect(realDelayUntil(c, R0 + 500, M0 + 5 * MIN)).toBe(0);
    expect(realDelayUntil(pauseDemoClock(c, R0), R0, M0 + 5 * MIN)).toBeNull();
  });

  it('rejects a malformed clock, naming the field and the value', () => {
    expect(() => validateDemoClock({ anchorMarket: M0, anchorReal: R0, speed: 7, running: true })).toThrow('demoClock.speed: 7 is not one of 1, 60, 600');
    expect(() => validateDemoClock({ anchorMarket: 'x', anchorReal: R0, speed: 1, running: true })).toThrow('demoClock.anchorMarket: x is not a time');
    expect(() => validateDemoClock({ anchorMarket: M0, anchorReal: R0, speed: 1, running: 'yes' })).toThrow('demoClock.running: yes is not a boolean');
    expect(() => setDemoSpeed(createDemoClock(M0, R0), 2 as never, R0)).toThrow('speed: 2 is not one of');
  });
});
