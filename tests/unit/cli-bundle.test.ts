import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../support/shared-data';
import { buildCli, cliBundleStale, ROOT } from '../../scripts/build-cli.mjs';
import { tempDir } from '../../src/cli/testing';
import { DEFAULT_BACKTEST_CONFIG } from '../../src/core/backtest/config';
import { runBacktestRequest, serializeReport } from '../../src/core/backtest/request';
import { loadSharedCandles } from '../support/shared-data';

/**
 * The command line as users run it: bundled into one ES module by scripts/build-cli.mjs (built
 * here into a temporary folder, so a fresh clone needs no build first) and run by plain node as a
 * whole process.
 */
describe('the bundled CLI in a child process', () => {
  const dir = tempDir();
  const bundle = join(dir, 'candlelab.mjs');
  const built = spawnSync(process.execPath, ['scripts/build-cli.mjs', bundle], { cwd: ROOT, encoding: 'utf8' });
  const cli = (...argv: string[]) => spawnSync(process.execPath, [bundle, ...argv], { cwd: dir, encoding: 'utf8' });
  const btc = sharedDataPath('binance_BTCUSDT_1h.csv');

  it('builds one ES module with a node shebang', () => {
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(readFileSync(bundle, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('backtest writes the canonical report plus engineMs, the same bytes as the engine in this process; bad input exits 1', () => {
    const ok = cli('backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'result.json');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^BALANCED on BTCUSDT \(1h\)/);
    expect(ok.stdout).toMatch(/\nengine +\d+ ms\n/);
    const text = readFileSync(join(dir, 'result.json'), 'utf8');
    const written = JSON.parse(text);
    const engineMs = written.engineMs;
    expect(typeof engineMs).toBe('number');
    expect(engineMs).toBeGreaterThan(0);
    const expected = serializeReport(
      runBacktestRequest({
        config: { ...DEFAULT_BACKTEST_CONFIG, ...written.config },
        strategy: { name: 'BALANCED' },
        series: [{ symbol: 'BTCUSDT', timeframe: '1h', candles: loadSharedCandles('BTCUSDT', '1h') }],
      }),
    );
    const canonical = text.replace(/^ {2}"engineMs": [^\n]*\n/m, '');
    expect(canonical.length).toBe(expected.length);
    expect(canonical === expected).toBe(true);

    const fail = cli('backtest', '--candles', btc, '--timeframe', '4h', '--strategy', 'BALANCED', '--out', 'bad.json');
    expect(fail.status).toBe(1);
    expect(fail.stderr).toMatch(/^error: --timeframe: "4h" does not match the candles/);
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
  });

  it('--help exits 0 and lists every command; no command exits 1', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const c of ['backtest', 'indicator', 'metrics', 'bias-check', 'check', 'convert']) expect(help.stdout).toContain(`  ${c}`);
    expect(cli().status).toBe(1);
  });
});

describe('cliBundleStale (npm run cli rebuilds only then)', () => {
  it('is true when the bundle or its input list is missing, or a source is newer; false otherwise', async () => {
    const dir = tempDir();
    const out = join(dir, 'candlelab.mjs');
    expect(cliBundleStale(out)).toBe(true);
    await buildCli(out);
    expect(cliBundleStale(out)).toBe(false);
    const inputs: string[] = JSON.parse(readFileSync(`${out}.inputs.json`, 'utf8')).inputs;
    expect(inputs).toContain(join(ROOT, 'src/cli/main.ts'));
    expect(inputs).toContain(join(ROOT, 'src/core/candles/hygiene.ts'));
    // A source edited after the build: point the list at a copy and move its time forward.
    const source = join(dir, 'source.ts');
    writeFileSync(source, 'export {};\n');
    writeFileSync(`${out}.inputs.json`, JSON.stringify({ inputs: [...inputs, source] }));
    const later = new Date(Date.now() + 60_000);
    utimesSync(source, later, later);
    expect(cliBundleStale(out)).toBe(true);
    const earlier = new Date(Date.now() - 3_600_000);
    utimesSync(source, earlier, earlier);
    expect(cliBundleStale(out)).toBe(false);
    writeFileSync(`${out}.inputs.json`, JSON.stringify({ inputs: [join(dir, 'deleted.ts')] }));
    expect(cliBundleStale(out)).toBe(true);
  });
});
