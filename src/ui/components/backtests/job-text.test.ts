import { describe, expect, it } from 'vitest';
import { barMsOf, jobDetail } from './job-text';

describe('jobDetail', () => {
  it('is null when the name already says strategy, symbols and timeframe', () => {
    expect(jobDetail('BALANCED · BTC/USDT+ETH/USDT · 1h · 01 Jan 2023 – 31 Dec 2023', 'BALANCED', ['BTC/USDT', 'ETH/USDT'], '1h')).toBeNull();
  });

  it('says them when the name does not', () => {
    expect(jobDetail('BTC balanced 2022', 'BALANCED', ['BTC/USDT'], '1h')).toBe('BALANCED · BTC/USDT · 1h');
    expect(jobDetail('BALANCED · BTC/USDT · 1h', 'BALANCED', ['BTC/USDT', 'SOL/USDT'], '1h')).toBe('BALANCED · BTC/USDT, SOL/USDT · 1h');
    expect(jobDetail('x', undefined, undefined, undefined)).toBe('— · — · —');
  });
});

describe('barMsOf', () => {
  it('the bar length of a timeframe, 0 for anything else', () => {
    expect(barMsOf('1h')).toBe(3_600_000);
    expect(barMsOf('5m')).toBe(300_000);
    expect(barMsOf('2h')).toBe(0);
    expect(barMsOf(undefined)).toBe(0);
  });
});
