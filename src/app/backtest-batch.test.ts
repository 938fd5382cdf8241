import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKTEST_CONFIG } from '../core/backtest/config';
import { SIGNAL_ENGINE_PARAMS } from '../core/strategy/signal-engine';
import { HMA_SMA_PARAMS } from '../core/strategy/hma-sma';
import {
  MAX_BATCH_JOBS,
  batchJobCount,
  checkStrategyTimeframes,
  expandBatch,
  jobName,
  parseVariantValues,
  rerunConfig,
  type BatchSpec,
} from './backtest-batch';
import type { BacktestJobConfig } from '../core/backtest/job';

const D = 86_400_000;
const P1 = { from: Date.UTC(2023, 4, 6), to: Date.UTC(2023, 11, 29, 23) };
const P2 = { from: Date.UTC(2022, 0, 1), to: Date.UTC(2022, 5, 30, 23) };

function spec(over: Partial<BatchSpec> = {}): BatchSpec {
  return {
    exchange: 'binance',
    timeframe: '1h',
    strategy: 'BALANCED',
    params: {},
    symbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'],
    mode: 'each',
    periods: [P1],
    variants: [],
    backtest: { ...DEFAULT_BACKTEST_CONFIG },
    ...over,
  };
}

const param = (key: string) => SIGNAL_ENGINE_PARAMS.find((p) => p.key === key)!;

describe('expandBatch', () => {
  it('gives symbol sets × periods × variant values jobs, each with its own configuration', () => {
    const s = spec({ periods: [P1, P2], variants: [{ key: 'sl_atr_multiplier', values: [1.5, 2] }] });
    expect(batchJobCount(s)).toBe(3 * 2 * 2);
    const jobs = expandBatch(s);
    expect(jobs).toHaveLength(12);
    const keys = jobs.map((j) => `${j.config.symbols.join('+')}|${j.config.from}|${j.config.params.sl_atr_multiplier}`);
    expect(new Set(keys).size).toBe(12);
    expect(jobs[0].config).toEqual({
      exchange: 'binance',
      symbols: ['BTC/USDT'],
      timeframe: '1h',
      strategy: 'BALANCED',
      params: { sl_atr_multiplier: 1.5 },
      from: P1.from,
      to: P1.to,
      backtest: DEFAULT_BACKTEST_CONFIG,
    });
    expect(jobs[0].name).toBe('BALANCED · BTC/USDT · 1h · 06 May 2023 – 29 Dec 2023 · sl_atr_multiplier=1.5');
    expect(jobs[11].config.params).toEqual({ sl_atr_multiplier: 2 });
    expect(jobs[11].config.symbols).toEqual(['SOL/USDT']);
  });

  it('puts every symbol in one job in portfolio mode', () => {
    const s = spec({ mode: 'portfolio', variants: [{ key: 'adx_threshold', values: [15, 20, 25] }] });
    expect(batchJobCount(s)).toBe(3);
    const jobs = expandBatch(s);
    expect(jobs.map((j) => j.config.symbols)).toEqual([s.symbols, s.symbols, s.symbols]);
    expect(jobs[2].name).toBe('BALANCED · BTC/USDT+ETH/USDT+SOL/USDT · 1h · 06 May 2023 – 29 Dec 2023 · adx_threshold=25');
  });

  it('refuses bad input naming the field and value', () => {
    expect(() => expandBatch(spec({ symbols: [] }))).toThrow('symbols: none chosen');
    expect(() => expandBatch(spec({ periods: [] }))).toThrow('periods: none');
    expect(() => expandBatch(spec({ periods: [{ from: P1.to, to: P1.from }] }))).toThrow('periods[0]: from 2023-12-29 is after to 2023-05-06');
    expect(() => expandBatch(spec({ params: { rsi_period: 1 } }))).toThrow('rsi_period: 1 is out of range [2, 100]');
    expect(() => expandBatch(spec({ variants: [{ key: 'sl_atr_multiplier', values: [2, 99] }] }))).toThrow('sl_atr_multiplier: 99 is out of range [0.1, 20]');
    expect(() => expandBatch(spec({ backtest: { ...DEFAULT_BACKTEST_CONFIG, initialCapital: 50 } }))).toThrow('initialCapital: 50 must be between 100 and 1000000');
    expect(() => expandBatch(spec({ strategy: 'NOPE' }))).toThrow('strategy: "NOPE" is not a strategy or preset');
    expect(() => expandBatch(spec({ strategy: 'SCRIPTED' }))).toThrow('strategy.script: missing');
    const many = Array.from({ length: 101 }, (_, i) => 1 + i * 0.1);
    expect(() => expandBatch(spec({ periods: [P1, P2, P1, P2], variants: [{ key: 'sl_atr_multiplier', values: many.map((v) => Math.round(v * 10) / 10) }] }))).toThrow(
      `batch: 1212 backtests, more than the ${MAX_BATCH_JOBS}`,
    );
  });

  it('checks the higher timeframes of HMA_SMA against the base', () => {
    expect(() => checkStrategyTimeframes('HMA_SMA', {}, '1h')).toThrow('higher_tf_1: "1h" is not longer than the 1h timeframe');
    expect(() => checkStrategyTimeframes('HMA_SMA', { higher_tf_1: '4h', higher_tf_2: '1d' }, '1h')).not.toThrow();
    expect(() => expandBatch(spec({ strategy: 'HMA_SMA', timeframe: '4h', params: { higher_tf_1: '4h', higher_tf_2: '1d' } }))).toThrow('higher_tf_1: "4h"');
  });

  it('accepts a SCRIPTED batch with its script', () => {
    const script = 'time,symbol,direction,stopPct,targetPct\n2023-06-01T00:00Z,BTC/USDT,LONG,2,4\n';
    const jobs = expandBatch(spec({ strategy: 'scripted', script }));
    expect(jobs).toHaveLength(3);
    expect(jobs[0].config).toMatchObject({ strategy: 'SCRIPTED', script });
  });
});

describe('parseVariantValues', () => {
  it('reads numbers, booleans and options, checked against the schema', () => {
    expect(parseVariantValues(param('sl_atr_multiplier'), '1.5, 2, 2.5')).toEqual([1.5, 2, 2.5]);
    expect(parseVariantValues(param('sl_atr_multiplier'), '2 2 3')).toEqual([2, 3]);
    expect(parseVariantValues(param('ema_trend_filter'), 'true false')).toEqual([true, false]);
    expect(parseVariantValues(HMA_SMA_PARAMS.find((p) => p.key === 'higher_tf_1')!, '4h,1d')).toEqual(['4h', '1d']);
  });

  it('names the parameter and the bad value', () => {
    expect(() => parseVariantValues(param('sl_atr_multiplier'), '1.5, x')).toThrow('sl_atr_multiplier: "x" is not a number');
    expect(() => parseVariantValues(param('rsi_period'), '14 14.5')).toThrow('rsi_period: 14.5 is not an integer');
    expect(() => parseVariantValues(param('ema_trend_filter'), 'yes')).toThrow('ema_trend_filter: "yes" is not true or false');
    expect(() => parseVariantValues(param('pattern_filter'), 'none nope')).toThrow('pattern_filter: "nope" is not one of');
    expect(() => parseVariantValues(param('rsi_period'), ' ')).toThrow('rsi_period: no values');
  });
});

describe('rerunConfig', () => {
  it('runs a completed job again with its complete parameters and settings', () => {
    const [job] = expandBatch(spec({ params: { sl_atr_multiplier: 2 } }));
    const completed: BacktestJobConfig = {
      ...job.config,
      report: {
        config: { ...DEFAULT_BACKTEST_CONFIG, feeRate: 0.002 },
        strategy: { name: 'BALANCED', id: 'SIGNAL_ENGINE', preset: 'BALANCED', params: { rsi_period: 14, sl_atr_multiplier: 2 }, scriptRows: null },
        summary: {} as never,
      },
    };
    const again = rerunConfig(completed);
    expect(again).not.toHaveProperty('report');
    expect(again.params).toEqual({ rsi_period: 14, sl_atr_multiplier: 2 });
    expect(again.backtest.feeRate).toBe(0.002);
    expect(rerunConfig(job.config)).toEqual(job.config);
  });

  it('names jobs with open-ended periods', () => {
    expect(jobName('swing', ['BTC/USDT'], '4h', { from: null, to: 10 * D })).toBe('SWING · BTC/USDT · 4h · start – 11 Jan 1970');
  });
});
