import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKTEST_CONFIG, formatSizing, parseSizing, validateBacktestConfig, type BacktestConfig } from './config';

describe('parseSizing', () => {
  it('reads the three kinds', () => {
    expect(parseSizing('fixed:100')).toEqual({ kind: 'fixed', value: 100 });
    expect(parseSizing('equity:10')).toEqual({ kind: 'equity', value: 10 });
    expect(parseSizing('risk:1')).toEqual({ kind: 'risk', value: 1 });
    expect(parseSizing(' Risk : 0.5 ')).toEqual({ kind: 'risk', value: 0.5 });
  });

  it('round-trips with formatSizing', () => {
    expect(formatSizing(parseSizing('equity:12.5'))).toBe('equity:12.5');
  });

  it('rejects unknown text and out-of-range values', () => {
    expect(() => parseSizing('all-in')).toThrow('sizing: "all-in" is not a sizing (expected fixed:X, equity:P or risk:R)');
    expect(() => parseSizing('kelly:1')).toThrow('sizing: "kelly:1" is not a sizing');
    expect(() => parseSizing('fixed:0')).toThrow('sizing.value: 0 must be a positive number');
    expect(() => parseSizing('equity:150')).toThrow('sizing.value: 150 must be between 0 and 100');
  });
});

describe('validateBacktestConfig', () => {
  it('accepts the defaults', () => {
    expect(() => validateBacktestConfig(DEFAULT_BACKTEST_CONFIG)).not.toThrow();
    expect(DEFAULT_BACKTEST_CONFIG.maxPositionPct).toBe(100);
    expect(DEFAULT_BACKTEST_CONFIG.minOrder).toBe(10);
  });

  const bad: [Partial<BacktestConfig>, string][] = [
    [{ initialCapital: 50 }, 'initialCapital: 50 must be between 100 and 1000000'],
    [{ feeRate: -0.1 }, 'feeRate: -0.1 must be between 0 and 0.1'],
    [{ slippage: Number.NaN }, 'slippage: NaN must be between 0 and 0.1'],
    [{ maxOpenTrades: 1.5 }, 'maxOpenTrades: 1.5 must be an integer between 1 and 10000'],
    [{ maxPositionPct: 0 }, 'maxPositionPct: 0 must be greater than 0 and at most 100'],
    [{ minOrder: -1 }, 'minOrder: -1 must be between 0'],
    [{ maxBars: -1 }, 'maxBars: -1 must be an integer between 0'],
    [{ sizing: { kind: 'risk', value: -1 } }, 'sizing.value: -1 must be a positive number'],
    [{ exitOnOpposite: 'yes' as unknown as boolean }, 'exitOnOpposite: yes must be true or false'],
    [{ allowLong: false, allowShort: false }, 'allowLong: false and allowShort: false'],
  ];
  for (const [patch, msg] of bad) {
    it(`rejects ${JSON.stringify(patch)}`, () => {
      expect(() => validateBacktestConfig({ ...DEFAULT_BACKTEST_CONFIG, ...patch })).toThrow(msg);
    });
  }
});
