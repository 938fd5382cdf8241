import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { busy, holdBusy, whenQuietFor } from './quiet';

describe('whenQuietFor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once the app has been quiet for the whole time', () => {
    const run = vi.fn();
    whenQuietFor(2000, run);
    vi.advanceTimersByTime(1999);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('waits while heavy work runs and counts again from its end', () => {
    const run = vi.fn();
    whenQuietFor(2000, run);
    vi.advanceTimersByTime(500);
    const release = holdBusy();
    expect(busy()).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(run).not.toHaveBeenCalled();
    release();
    release();
    expect(busy()).toBe(false);
    vi.advanceTimersByTime(1999);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('stays busy until every holder has let go', () => {
    const a = holdBusy();
    const b = holdBusy();
    a();
    expect(busy()).toBe(true);
    b();
    expect(busy()).toBe(false);
  });
});
