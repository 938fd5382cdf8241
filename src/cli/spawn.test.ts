import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../tests/support/shared-data';
import { tempDir } from './testing';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the real CLI in a child process', () => {
  it('npx tsx src/cli/main.ts backtest … writes the report and exits 0; bad input exits 1', () => {
    const out = join(tempDir(), 'result.json');
    const ok = spawnSync(
      'npx',
      ['tsx', 'src/cli/main.ts', 'backtest', '--candles', sharedDataPath('binance_BTCUSDT_1h.csv'), '--timeframe', '1h', '--strategy', 'BALANCED', '--out', out],
      { cwd: root, encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^BALANCED on BTCUSDT \(1h\)/);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.trades.length).toBeGreaterThan(0);
    expect(report.metrics.totalTrades).toBe(report.trades.length);

    const bad = join(dirname(out), 'bad.json');
    const fail = spawnSync(
      'npx',
      ['tsx', 'src/cli/main.ts', 'backtest', '--candles', sharedDataPath('binance_BTCUSDT_1h.csv'), '--timeframe', '4h', '--strategy', 'BALANCED', '--out', bad],
      { cwd: root, encoding: 'utf8' },
    );
    expect(fail.status).toBe(1);
    expect(fail.stderr).toMatch(/error: --timeframe: "4h" does not match the candles/);
    expect(existsSync(bad)).toBe(false);
  });
});
