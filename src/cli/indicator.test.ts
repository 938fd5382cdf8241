import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSharedCandles, sharedDataPath } from '../../tests/support/shared-data';
import { adx, atr, bollinger, ema, hma, macd, rsi, sma, stochastic, wma } from '../core/indicators';
import { runCli, tempDir } from './testing';

const FILE = sharedDataPath('binance_BTCUSDT_4h.csv');
const candles = loadSharedCandles('BTCUSDT', '4h');

/** Parses the command's CSV into a header and numeric columns (empty cells → NaN). */
function parse(text: string): { header: string[]; cols: number[][] } {
  const lines = text.trim().split('\n');
  const header = lines[0].split(',');
  const cols: number[][] = header.map(() => []);
  for (const l of lines.slice(1)) l.split(',').forEach((c, j) => cols[j].push(c === '' ? NaN : Number(c)));
  return { header, cols };
}

function expectSame(actual: number[], expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) expect(actual[i]).toBeNaN();
    else expect(actual[i]).toBe(expected[i]);
  }
}

describe('indicator', () => {
  const dir = tempDir();
  const single: Array<[string, number, (p: number) => Float64Array]> = [
    ['sma', 20, (p) => sma(candles.close, p)],
    ['ema', 50, (p) => ema(candles.close, p)],
    ['wma', 10, (p) => wma(candles.close, p)],
    ['hma', 21, (p) => hma(candles.close, p)],
    ['rsi', 14, (p) => rsi(candles.close, p)],
    ['atr', 7, (p) => atr(candles.high, candles.low, candles.close, p)],
  ];

  it.each(single)('%s --period %i writes timestamp,value equal to the core function', (name, period, f) => {
    const r = runCli(['indicator', '--candles', FILE, '--name', name, '--period', String(period)], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { header, cols } = parse(r.stdout);
    expect(header).toEqual(['timestamp', 'value']);
    expectSame(cols[0], candles.time);
    const expected = f(period);
    expectSame(cols[1], expected);
    // Warm-up rows have an empty value.
    expect(r.stdout.split('\n')[1]).toBe(`${candles.time[0]},`);
  });

  it('writes the extra outputs of adx, bollinger, stochastic and macd as columns', () => {
    const a = parse(runCli(['indicator', '--candles', FILE, '--name', 'ADX', '--period', '14'], dir).stdout);
    const ax = adx(candles.high, candles.low, candles.close, 14);
    expect(a.header).toEqual(['timestamp', 'value', 'plusDi', 'minusDi']);
    expectSame(a.cols[1], ax.adx);
    expectSame(a.cols[2], ax.plusDi);
    expectSame(a.cols[3], ax.minusDi);

    const b = parse(runCli(['indicator', '--candles', FILE, '--name', 'bollinger', '--period', '30', '--param', 'mult=2.5'], dir).stdout);
    const bx = bollinger(candles.close, 30, 2.5);
    expect(b.header).toEqual(['timestamp', 'value', 'upper', 'lower']);
    expectSame(b.cols[1], bx.middle);
    expectSame(b.cols[2], bx.upper);
    expectSame(b.cols[3], bx.lower);

    const s = parse(runCli(['indicator', '--candles', FILE, '--name', 'stochastic', '--param', 'kPeriod=9'], dir).stdout);
    const sx = stochastic(candles.high, candles.low, candles.close, 9, 3);
    expect(s.header).toEqual(['timestamp', 'value', 'd']);
    expectSame(s.cols[1], sx.k);
    expectSame(s.cols[2], sx.d);

    const m = parse(runCli(['indicator', '--candles', FILE, '--name', 'macd', '--param', 'fast=8', '--param', 'slow=21'], dir).stdout);
    const mx = macd(candles.close, 8, 21, 9);
    expect(m.header).toEqual(['timestamp', 'value', 'signal', 'histogram']);
    expectSame(m.cols[1], mx.macd);
    expectSame(m.cols[2], mx.signal);
    expectSame(m.cols[3], mx.histogram);
  });

  it('writes to --out and reports the row count', () => {
    const r = runCli(['indicator', '--candles', FILE, '--name', 'sma', '--period', '5', '--out', 'sma.csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${candles.time.length} rows of sma to sma.csv\n`);
    expectSame(parse(readFileSync(join(dir, 'sma.csv'), 'utf8')).cols[1], sma(candles.close, 5));
  });

  it.each([
    [['--name', 'kama', '--period', '10'], /--name: "kama" is not an indicator/],
    [['--name', 'sma', '--period', '0'], /--period: 0 is out of range \(must be at least 1\)/],
    [['--name', 'sma', '--period', 'ten'], /--period: "ten" is not a number/],
    [['--name', 'hma', '--period', '1'], /^error: --period: 1 /],
    [['--name', 'macd', '--param', 'fast=0'], /^error: --param fast: 0 /],
    [['--name', 'macd', '--period', '10'], /--period: macd has no period parameter \(its parameters: fast, slow, signal/],
    [['--name', 'macd', '--param', 'speed=3'], /--param: "speed" is not a parameter of macd/],
    [['--name', 'macd', '--param', 'fast'], /--param: "fast" is not key=value/],
    [['--period', '10'], /--name: missing/],
  ])('refuses %j', (flags, message) => {
    const r = runCli(['indicator', '--candles', FILE, ...flags, '--out', 'bad.csv'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(() => readFileSync(join(dir, 'bad.csv'))).toThrow();
  });
});
