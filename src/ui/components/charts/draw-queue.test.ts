import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queueDraw } from './draw-queue';

describe('queueDraw', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs each queued drawing in a task of its own, in the order queued, never synchronously', () => {
    const ran: string[] = [];
    queueDraw(() => ran.push('price'));
    queueDraw(() => ran.push('equity'));
    queueDraw(() => ran.push('scatter'));
    expect(ran).toEqual([]);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['price']);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['price', 'equity']);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['price', 'equity', 'scatter']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('skips a drawing taken off the queue and goes on after one that throws', () => {
    const ran: string[] = [];
    queueDraw(() => {
      ran.push('first');
      throw new Error('draw failed');
    });
    const cancel = queueDraw(() => ran.push('left the page'));
    queueDraw(() => ran.push('last'));
    cancel();
    expect(() => vi.advanceTimersToNextTimer()).toThrow('draw failed');
    vi.runAllTimers();
    expect(ran).toEqual(['first', 'last']);
  });

  it('starts draining again when a drawing is queued after the queue ran dry', () => {
    const ran: number[] = [];
    queueDraw(() => ran.push(1));
    vi.runAllTimers();
    queueDraw(() => ran.push(2));
    expect(ran).toEqual([1]);
    vi.runAllTimers();
    expect(ran).toEqual([1, 2]);
  });
});
