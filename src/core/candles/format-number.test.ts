import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { parseDecimal } from './format-number';

const parse = (s: string) => parseDecimal(s, 0, s.length);

describe('parseDecimal', () => {
  it('gives the same double as Number() for generated decimal strings (fast path and fallback)', () => {
    const rng = createRng(20240601);
    const digits = (n: number) => Array.from({ length: n }, () => String(rng.int(10))).join('');
    for (let k = 0; k < 20000; k++) {
      const intPart = digits(rng.int(12));
      const frac = rng.next() < 0.7 ? `.${digits(rng.int(20))}` : '';
      const exp = rng.next() < 0.2 ? `e${rng.next() < 0.5 ? '-' : ''}${rng.int(40)}` : '';
      const sign = rng.next() < 0.2 ? '-' : '';
      const s = `${sign}${intPart}${frac}${exp}`;
      const expected = Number(s);
      if (intPart === '' && (frac === '' || frac === '.')) {
        expect(parse(s), s).toBeNaN();
        continue;
      }
      expect(Object.is(parse(s), expected), `${s}: ${parse(s)} vs ${expected}`).toBe(true);
    }
  });

  it('parses the forms found in exchange files exactly', () => {
    expect(parse('4782.45000000')).toBe(4782.45);
    expect(parse('0.00001412')).toBe(0.00001412);
    expect(parse('1636394400000')).toBe(1636394400000);
    expect(parse('1735689600000000')).toBe(1735689600000000);
    expect(parse('59205.')).toBe(59205);
    expect(parse('.5')).toBe(0.5);
    expect(parse('+2')).toBe(2);
    expect(parse('1E3')).toBe(1000);
    expect(parse('12345678901234567890.123')).toBe(12345678901234567890.123);
    expect(Object.is(parse('-0'), -0)).toBe(true);
  });

  it('reads only the given range of the string', () => {
    expect(parseDecimal('x,42.5,y', 2, 6)).toBe(42.5);
  });

  it('rejects what is not a plain decimal number', () => {
    for (const s of ['', ' 1', '1 ', 'NaN', 'Infinity', '-Infinity', '0x10', '1.2.3', '1e', '1e+', '-', '.', '+', '1,5', '"1"']) {
      expect(parse(s), JSON.stringify(s)).toBeNaN();
    }
  });
});
