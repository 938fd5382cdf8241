import { describe, expect, it, vi } from 'vitest';
import { sharedDataPath } from '../../tests/support/shared-data';
import type * as BiasModule from '../core/bias/bias-check';
import { runCli, tempDir } from './testing';

// A strategy leaking the future cannot be written through the CLI's inputs, so the check's
// result is altered here: the command must turn a report with differences into exit code 2.
vi.mock('../core/bias/bias-check', async (importOriginal) => {
  const real = await importOriginal<typeof BiasModule>();
  return {
    ...real,
    biasCheck: (...args: Parameters<typeof real.biasCheck>) => {
      const r = real.biasCheck(...args);
      const d = { checkedAt: 100, barIndex: 90, time: 1_617_566_400_000, kind: 'APPEARS' as const, fields: [], truncated: null, full: null };
      return { ...r, clean: false, differenceCount: 25, differences: Array.from({ length: 25 }, () => d) };
    },
  };
});

describe('bias-check exit code', () => {
  it('is 2 when differences were found, and lists them', () => {
    const r = runCli(['bias-check', '--candles', sharedDataPath('binance_BTCUSDT_1h.csv'), '--timeframe', '1h', '--strategy', 'SWING', '--samples', '3'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('NOT CLEAN: 25 differences');
    expect(r.stdout).toContain('bar 90 (2021-04-04 20:00) with bars 0..100: APPEARS');
    expect(r.stdout).toContain('… 5 more (see --json)');
  });
});
