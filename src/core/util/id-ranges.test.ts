import { describe, expect, it } from 'vitest';
import { MAX_SELECTED_IDS, formatIdRanges, parseIdRanges } from './id-ranges';

describe('parseIdRanges', () => {
  it('reads numbers and inclusive ranges separated by spaces', () => {
    expect(parseIdRanges('1 2 5-8 10')).toEqual([1, 2, 5, 6, 7, 8, 10]);
  });

  it('accepts commas, mixed separators and surrounding blanks', () => {
    expect(parseIdRanges('1,2,5-8,10')).toEqual([1, 2, 5, 6, 7, 8, 10]);
    expect(parseIdRanges('  3 ,  1\t2-2,, ')).toEqual([1, 2, 3]);
  });

  it('sorts and removes duplicates, including overlapping ranges', () => {
    expect(parseIdRanges('9 3-5 4 1 4-6')).toEqual([1, 3, 4, 5, 6, 9]);
  });

  it('gives an empty list for empty or blank text', () => {
    expect(parseIdRanges('')).toEqual([]);
    expect(parseIdRanges(' , ')).toEqual([]);
  });

  it('names the part that is neither a number nor a range', () => {
    expect(() => parseIdRanges('1 5-x 7')).toThrow('ids: "5-x" is not a number or a range like 5-8');
    expect(() => parseIdRanges('abc')).toThrow('ids: "abc" is not a number or a range like 5-8');
    expect(() => parseIdRanges('1.5')).toThrow('ids: "1.5" is not a number or a range like 5-8');
    expect(() => parseIdRanges('-3')).toThrow('ids: "-3" is not a number or a range like 5-8');
    expect(() => parseIdRanges('2--4')).toThrow('ids: "2--4" is not a number or a range like 5-8');
    expect(() => parseIdRanges('1-2-3')).toThrow('ids: "1-2-3" is not a number or a range like 5-8');
  });

  it('rejects reversed ranges and 0', () => {
    expect(() => parseIdRanges('8-5')).toThrow('ids: "8-5" is a reversed range (write 5-8)');
    expect(() => parseIdRanges('0')).toThrow('ids: "0" is not a job number');
    expect(() => parseIdRanges('0-3')).toThrow('ids: "0-3" is not a job number');
  });

  it(`allows ${MAX_SELECTED_IDS} ids and rejects one more, without expanding huge ranges`, () => {
    expect(parseIdRanges(`1-${MAX_SELECTED_IDS}`)).toHaveLength(MAX_SELECTED_IDS);
    expect(() => parseIdRanges(`1-${MAX_SELECTED_IDS} ${MAX_SELECTED_IDS + 1}`)).toThrow(`more than the ${MAX_SELECTED_IDS} allowed`);
    expect(() => parseIdRanges('1-99999999999')).toThrow('ids: the selection holds 99999999999 ids');
  });

  it('rejects numbers beyond the safe integer range', () => {
    expect(() => parseIdRanges('99999999999999999999')).toThrow('ids: "99999999999999999999" is too large');
  });
});

describe('formatIdRanges', () => {
  it('writes runs of three or more as ranges and the rest one by one', () => {
    expect(formatIdRanges([1, 2, 5, 6, 7, 8, 10])).toBe('1 2 5-8 10');
    expect(formatIdRanges([4, 5, 6])).toBe('4-6');
    expect(formatIdRanges([4, 5])).toBe('4 5');
    expect(formatIdRanges([])).toBe('');
  });

  it('sorts and drops duplicates', () => {
    expect(formatIdRanges([10, 7, 8, 7, 1, 9])).toBe('1 7-10');
  });

  it('round-trips through parseIdRanges', () => {
    const ids = [1, 3, 4, 5, 9, 11, 12, 20, 21, 22, 23, 40];
    expect(parseIdRanges(formatIdRanges(ids))).toEqual(ids);
  });

  it('names the first id that is not a positive integer', () => {
    expect(() => formatIdRanges([1, 0])).toThrow('ids[1]: 0 is not a positive integer');
    expect(() => formatIdRanges([2.5])).toThrow('ids[0]: 2.5 is not a positive integer');
  });
});
