import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../tests/support/shared-data';
import { runCli, tempDir } from './testing';

const BTC = sharedDataPath('binance_BTCUSDT_1h.csv');
const ETH = sharedDataPath('binance_ETHUSDT_1h.csv');
const DATA = ['--candles', BTC, '--candles', ETH, '--timeframe', '1h', '--strategy', 'BALANCED', '--from', '2021-06-01', '--to', '2021-12-31T23:00Z'];

function dirWithSpace(space: unknown): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'space.json'), JSON.stringify(space));
  return dir;
}

const SPACE = { sl_atr_multiplier: { min: 1, max: 2, step: 0.5 }, tp_atr_multiplier: { values: [2, 4] }, adx_threshold: { values: [20, 25] } };

describe('optimise, merge', () => {
  it('four shards merged equal the unsharded run byte for byte', () => {
    const dir = dirWithSpace(SPACE);
    const whole = runCli(['optimise', ...DATA, '--space', 'space.json', '--method', 'random', '--evaluations', '10', '--seed', '3', '--out', 'all.jsonl'], dir);
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
    for (let i = 1; i <= 4; i++) {
      const r = runCli(['optimise', ...DATA, '--space', 'space.json', '--method', 'random', '--evaluations', '10', '--seed', '3', '--shard', `${i}/4`, '--out', `s${i}.jsonl`], dir);
      expect(r.code).toBe(0);
    }
    const m = runCli(['merge', '--in', 's2.jsonl', '--in', 's4.jsonl', '--in', 's1.jsonl', '--in', 's3.jsonl', '--out', 'merged.jsonl', '--summary', 'sum.json'], dir);
    expect(m.stderr).toBe('');
    const all = readFileSync(join(dir, 'all.jsonl'), 'utf8');
    expect(readFileSync(join(dir, 'merged.jsonl'), 'utf8')).toBe(all);
    const lines = all.trim().split('\n');
    expect(lines.length).toBe(11);
    expect(lines.slice(1).map((l) => JSON.parse(l).index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const sum = JSON.parse(readFileSync(join(dir, 'sum.json'), 'utf8'));
    expect(sum.evaluated).toBe(10);
    expect(sum.overfitting.pboVerdict.text).toMatch(/splits/);
    // A missing shard is refused by name.
    const bad = runCli(['merge', '--in', 's1.jsonl', '--in', 's2.jsonl', '--out', 'x.jsonl'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--in: shard 3/4 is missing');
  });

  it('bad input names the field and the value', () => {
    const cases: Array<[unknown, string[], string]> = [
      [{}, [], 'space: empty (choose at least one parameter to vary)'],
      [{ adx_threshold: { min: 30, max: 20, step: 5 } }, [], 'space.adx_threshold.min: 30 is greater than max 20'],
      [SPACE, ['--method', 'random', '--evaluations', '13'], '--evaluations: evaluations: 13 is more than the 12 points the space holds'],
      [SPACE, ['--method', 'tpe', '--evaluations', '5', '--shard', '1/2'], '--shard: 1/2 with --method tpe'],
    ];
    for (const [space, extra, msg] of cases) {
      const r = runCli(['optimise', ...DATA, '--space', 'space.json', ...extra, '--out', 'o.jsonl'], dirWithSpace(space));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(msg);
    }
    const wf = runCli(['walkforward', ...DATA, '--space', 'space.json', '--is-days', '200', '--oos-days', '30', '--out', 'wf.json'], dirWithSpace(SPACE));
    expect(wf.code).toBe(1);
    expect(wf.stderr).toContain('--is-days: inSampleDays: 200 + outOfSampleDays 30 days is longer than the data (2021-06-01 → 2021-12-31, 214 days)');
  });
});

describe('walkforward', () => {
  it('re-optimises per window and writes the stitched out-of-sample result', () => {
    const dir = dirWithSpace({ tp_atr_multiplier: { values: [2, 4] } });
    const r = runCli(['walkforward', ...DATA, '--space', 'space.json', '--is-days', '90', '--oos-days', '30', '--out', 'wf.json'], dir);
    expect(r.stderr).toBe('');
    const wf = JSON.parse(readFileSync(join(dir, 'wf.json'), 'utf8'));
    expect(wf.windows.length).toBe(4);
    expect(wf.stitched.metrics.totalTrades).toBe(wf.windows.reduce((a: number, w: { outOfSampleMetrics: { totalTrades: number } }) => a + w.outOfSampleMetrics.totalTrades, 0));
    expect(r.stdout).toContain('stitched OOS');
  });
});

describe('montecarlo', () => {
  it('the same seed writes the same bytes; fewer than 10 trades is refused', () => {
    const dir = tempDir();
    expect(runCli(['backtest', '--candles', BTC, '--timeframe', '1h', '--strategy', 'BALANCED', '--from', '2021-06-01', '--to', '2021-12-31', '--out', 'r.json'], dir).code).toBe(0);
    const a = runCli(['montecarlo', '--result', 'r.json', '--method', 'bootstrap', '--runs', '2000', '--seed', '9', '--out', 'a.json'], dir);
    expect(a.stderr).toBe('');
    runCli(['montecarlo', '--result', 'r.json', '--method', 'bootstrap', '--runs', '2000', '--seed', '9', '--out', 'b.json'], dir);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(a.stdout).toMatch(/risk of ruin {3}\d+\.\d\d % of runs touched a 50 % drawdown/);
    const few = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    few.trades = few.trades.slice(0, 7);
    writeFileSync(join(dir, 'few.json'), JSON.stringify(few));
    const r = runCli(['montecarlo', '--result', 'few.json', '--out', 'c.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--result few.json: trades: 7 in the backtest; Monte Carlo needs at least 10 closed trades');
  });
});
