import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { formatPlainDecimal } from './decimal-format';
import { parseDecimal } from './format-number';

describe('formatPlainDecimal', () => {
  it('writes hand-checked values positionally', () => {
    const cases: Array<[number, string]> = [
      [9.5e-7, '0.00000095'],
      [1e-7, '0.0000001'],
      [-1.25e-8, '-0.0000000125'],
      [1.234e-10, '0.0000000001234'],
      [5e-324, `0.${'0'.repeat(323)}5`],
      [0.000001, '0.000001'],
      [0.00001412, '0.00001412'],
      [59205, '59205'],
      [42361.12, '42361.12'],
      [1e21, '1000000000000000000000'],
      [1.2345e21, '1234500000000000000000'],
      [-2.5e22, '-25000000000000000000000'],
      [1704067200000, '1704067200000'],
      [0, '0'],
      [-0, '0'],
    ];
    for (const [n, s] of cases) expect(formatPlainDecimal(n), String(n)).toBe(s);
  });

  it('reads back as the same double and never uses an exponent (random magnitudes 1e-12 … 1e25)', () => {
    const rng = createRng(7);
    const bad: string[] = [];
    for (let k = 0; k < 50_000; k++) {
      const x = (rng.next() < 0.5 ? -1 : 1) * rng.next() * 10 ** (rng.int(38) - 12);
      const s = formatPlainDecimal(x);
      if (!/^-?\d+(\.\d+)?$/.test(s) || Number(s) !== x || parseDecimal(s, 0, s.length) !== x) bad.push(`${x} → ${s}`);
    }
    expect(bad).toEqual([]);
  });

  it('refuses non-finite values, naming them', () => {
    expect(() => formatPlainDecimal(NaN)).toThrow('value: NaN is not a finite number');
    expect(() => formatPlainDecimal(Infinity)).toThrow('value: Infinity');
    expect(() => formatPlainDecimal(-Infinity)).toThrow('value: -Infinity');
  });
});
