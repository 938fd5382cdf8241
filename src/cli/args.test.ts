import { describe, expect, it } from 'vitest';
import { all, numberFlag, optional, parseArgs, parseNumberFlag, required, type FlagSpecs } from './args';
import { inferTimeframe, symbolFromFileName } from './inputs';

const SPECS: FlagSpecs = {
  candles: { type: 'string', repeat: true },
  out: { type: 'string' },
  json: { type: 'boolean' },
  from: { type: 'string' },
};

describe('parseArgs', () => {
  it('reads values, --name=value, repeated flags, switches and --help', () => {
    const a = parseArgs(['--candles', 'a.csv', '--candles=b.csv', '--json', '--out=r.json', '--from', '-5', '-h'], SPECS, 'test');
    expect(all(a, 'candles')).toEqual(['a.csv', 'b.csv']);
    expect(optional(a, 'out')).toBe('r.json');
    expect(optional(a, 'from')).toBe('-5');
    expect(a.switches.has('json')).toBe(true);
    expect(a.help).toBe(true);
    expect(() => required(a, 'missing')).toThrow('--missing: missing (required)');
  });

  it('names what is wrong', () => {
    expect(() => parseArgs(['--nope', '1'], SPECS, 'test')).toThrow('test: unknown flag --nope (known: --help, --candles, --out, --json, --from)');
    expect(() => parseArgs(['--out'], SPECS, 'test')).toThrow('--out: needs a value');
    expect(() => parseArgs(['--out', '--json'], SPECS, 'test')).toThrow('--out: needs a value');
    expect(() => parseArgs(['--out', 'a', '--out', 'b'], SPECS, 'test')).toThrow('--out: given twice ("a" and "b")');
    expect(() => parseArgs(['--json=yes'], SPECS, 'test')).toThrow('--json: is a switch and takes no value (got "yes")');
    expect(() => parseArgs(['file.csv'], SPECS, 'test')).toThrow('test: unexpected argument "file.csv"');
  });

  it('parses numbers strictly and checks ranges', () => {
    expect(parseNumberFlag('fee', '0.075')).toBe(0.075);
    expect(parseNumberFlag('fee', '1e-2')).toBe(0.01);
    expect(() => parseNumberFlag('fee', '0x10')).toThrow('--fee: "0x10" is not a number');
    expect(() => parseNumberFlag('fee', '')).toThrow('--fee: "" is not a number');
    expect(() => parseNumberFlag('n', '2.5', { integer: true })).toThrow('--n: 2.5 is not an integer');
    expect(() => parseNumberFlag('n', '0', { min: 1 })).toThrow('--n: 0 is out of range (must be at least 1)');
    expect(numberFlag(parseArgs([], SPECS, 't'), 'out', 7)).toBe(7);
  });
});

describe('file names and timeframes', () => {
  it('takes the symbol from <exchange>_<SYMBOL>_<tf>.csv', () => {
    expect(symbolFromFileName('../shared/data/binance_BTCUSDT_1h.csv')).toBe('BTCUSDT');
    expect(symbolFromFileName('/x/kraken_ETHEUR_4h.CSV')).toBe('ETHEUR');
    expect(symbolFromFileName('btc.csv')).toBeNull();
    expect(symbolFromFileName('a_b_c_d.csv')).toBeNull();
  });

  it('infers the timeframe of the most common step, in any row order', () => {
    const H = 3_600_000;
    expect(inferTimeframe([5 * H, 0, H, 2 * H, 9 * H, 3 * H])).toBe('1h');
    expect(inferTimeframe([0, 4 * H, 8 * H, 12 * H])).toBe('4h');
    expect(inferTimeframe([0, 1, 2, 3].map((m) => Date.UTC(2024, m, 1)))).toBe('1M');
    expect(inferTimeframe([0, 7_000, 14_000])).toBeNull();
    expect(inferTimeframe([0])).toBeNull();
  });
});
