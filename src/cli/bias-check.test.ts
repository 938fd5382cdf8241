import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../tests/support/shared-data';
import { runCli, tempDir } from './testing';

describe('bias-check', () => {
  const dir = tempDir();
  const file = sharedDataPath('binance_BTCUSDT_1h.csv');

  it.each(['BALANCED', 'AGGRESSIVE', 'CONSERVATIVE', 'SCALPER', 'SWING'])('%s is clean on BTCUSDT 1h (exit 0)', (preset) => {
    const r = runCli(['bias-check', '--candles', file, '--timeframe', '1h', '--strategy', preset, '--samples', '12', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.clean).toBe(true);
    expect(report.checkedPoints).toBe(12);
    expect(report.signalsCompared).toBeGreaterThan(0);
    expect(report.differences).toEqual([]);
  });

  it('prints a readable report, is seeded, and checks HMA_SMA from a config file', () => {
    writeFileSync(join(dir, 'hma.json'), JSON.stringify({ strategy: 'HMA_SMA', params: { higher_tf_1: '4h', higher_tf_2: '1d' } }));
    const a = runCli(['bias-check', '--candles', file, '--timeframe', '1h', '--strategy', 'hma.json', '--seed', '7', '--samples', '6'], dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^bias check of HMA_SMA on BTCUSDT 1h \(23988 candles\)\nchecked 6 truncation points, \d+ signal comparisons\nclean:/);
    const b = runCli(['bias-check', '--candles', file, '--timeframe', '1h', '--strategy', 'hma.json', '--seed', '7', '--samples', '6', '--json'], dir);
    const c = runCli(['bias-check', '--candles', file, '--timeframe', '1h', '--strategy', 'hma.json', '--seed', '8', '--samples', '6', '--json'], dir);
    expect(JSON.parse(b.stdout).points).not.toEqual(JSON.parse(c.stdout).points);
  });

  it.each([
    [['--strategy', 'BALANCED', '--timeframe', '1d'], /--timeframe: "1d" does not match the candles/],
    [['--strategy', 'BALANCED', '--timeframe', '1h', '--samples', '0'], /--samples: 0 is out of range/],
    [['--strategy', 'BALANCED', '--timeframe', '1h', '--seed', '-1'], /--seed: -1 is out of range/],
    [['--strategy', 'TURBO', '--timeframe', '1h'], /--strategy: "TURBO" is not a strategy or preset/],
    [['--strategy', 'HMA_SMA', '--timeframe', '1h'], /--strategy HMA_SMA: higher_tf_1: "1h" is not longer than the base timeframe 1h/],
  ])('refuses %j with exit 1', (flags, message) => {
    const r = runCli(['bias-check', '--candles', file, ...flags], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});
