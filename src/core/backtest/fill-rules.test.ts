/** The shared fill rules, one hand-worked case each (docs/fill-model.md). */
import { describe, expect, it } from 'vitest';
import {
  barExit,
  bothTouchedExit,
  entryFillPrice,
  EXIT_BOTH,
  EXIT_NONE,
  EXIT_STOP,
  EXIT_TARGET,
  fillFee,
  grossPnl,
  levelExitPrice,
  levelFraction,
  lowerShowsTargetFirst,
  marketExitPrice,
  openExit,
  pnlPercent,
  stopLevel,
  targetLevel,
} from './fill-rules';
import { candlesAt } from './test-support';

const H = 3_600_000;
const M15 = 900_000;

describe('fill rules', () => {
  it('market fills are worsened by slippage on both sides; a target is a limit fill', () => {
    expect(entryFillPrice(100, 1, 0.01)).toBe(101);
    expect(entryFillPrice(100, -1, 0.01)).toBe(99);
    expect(marketExitPrice(100, 1, 0.01)).toBe(99);
    expect(marketExitPrice(100, -1, 0.01)).toBe(101);
    expect(levelExitPrice(EXIT_STOP, 1, 90, 0.01)).toBe(89.1);
    expect(levelExitPrice(EXIT_TARGET, 1, 120, 0.01)).toBe(120);
  });

  it('levels are distances from the fill; 0, negative or not finite means none', () => {
    expect(stopLevel(200, 1, 0.5)).toBe(100);
    expect(stopLevel(200, -1, 0.5)).toBe(300);
    expect(targetLevel(200, 1, 0.5)).toBe(300);
    expect(targetLevel(200, -1, 0.5)).toBe(100);
    expect(stopLevel(200, 1, 0)).toBe(0);
    expect([levelFraction(0.02), levelFraction(0), levelFraction(-1), levelFraction(Infinity), levelFraction(undefined)]).toEqual([0.02, 0, 0, 0, 0]);
  });

  it('an open beyond a level exits there, the stop checked first', () => {
    expect(openExit(1, 89, 90, 120)).toBe(EXIT_STOP);
    expect(openExit(1, 121, 90, 120)).toBe(EXIT_TARGET);
    expect(openExit(1, 100, 90, 120)).toBe(EXIT_NONE);
    expect(openExit(-1, 111, 110, 80)).toBe(EXIT_STOP);
    expect(openExit(-1, 79, 110, 80)).toBe(EXIT_TARGET);
    expect(openExit(1, 50, 0, 0)).toBe(EXIT_NONE);
  });

  it('inside a bar: the stop first when both are touched, unless lower candles show the target first', () => {
    expect(barExit(1, 125, 85, 90, 120)).toBe(EXIT_BOTH);
    expect(bothTouchedExit(1, 90, 120, undefined, 0, '1h')).toBe(EXIT_STOP);
    expect(barExit(1, 110, 85, 90, 120)).toBe(EXIT_STOP);
    expect(barExit(1, 125, 95, 90, 120)).toBe(EXIT_TARGET);
    expect(barExit(-1, 115, 95, 110, 80)).toBe(EXIT_STOP);
    expect(barExit(-1, 105, 75, 110, 80)).toBe(EXIT_TARGET);
    expect(barExit(-1, 115, 75, 110, 80)).toBe(EXIT_BOTH);
    expect(barExit(1, 110, 95, 90, 120)).toBe(EXIT_NONE);
    expect(barExit(1, 125, 85, 0, 0)).toBe(EXIT_NONE);
    // 15-minute candles of the hour: the second touches the target (high 121), the third the stop.
    const lower = candlesAt([
      [0, 100, 105, 95, 100],
      [M15, 100, 121, 99, 110],
      [2 * M15, 110, 111, 85, 90],
      [H, 90, 91, 80, 85],
    ]);
    expect(lowerShowsTargetFirst(lower, 0, '1h', 1, 90, 120)).toBe(true);
    expect(bothTouchedExit(1, 90, 120, lower, 0, '1h')).toBe(EXIT_TARGET);
    // A short with its stop at 120 and target at 90: the same candles reach the stop first.
    expect(lowerShowsTargetFirst(lower, 0, '1h', -1, 120, 90)).toBe(false);
  });

  it('fees on notional, gross P&L mirrored for shorts, P&L percent of the entry notional', () => {
    expect(fillFee(1000, 0.001)).toBe(1);
    expect(grossPnl(1, 10, 100, 110)).toBe(100);
    expect(grossPnl(-1, 10, 100, 110)).toBe(-100);
    expect(pnlPercent(98, 10, 100)).toBe(9.8);
  });
});
