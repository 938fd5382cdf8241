import { describe, expect, it } from 'vitest';
import { ColumnMemo, memoColumn } from './column-memo';

describe('ColumnMemo', () => {
  it('computes a key once and reads it back', () => {
    const memo = new ColumnMemo();
    let calls = 0;
    const make = () => {
      calls++;
      return new Float64Array([1, 2, 3]);
    };
    const a = memo.get('rsi:14', make);
    const b = memo.get('rsi:14', make);
    expect(b).toBe(a);
    expect(calls).toBe(1);
    expect(memo.get('rsi:10', make)).not.toBe(a);
    expect(calls).toBe(2);
  });

  it('keeps at most max columns, letting the least recently read go first', () => {
    const memo = new ColumnMemo(2);
    memo.get('a', () => 1);
    memo.get('b', () => 2);
    memo.get('a', () => -1);
    memo.get('c', () => 3);
    expect(memo.size).toBe(2);
    expect(memo.get('a', () => -1)).toBe(1);
    expect(memo.get('b', () => 20)).toBe(20);
  });

  it('keeps the columns of two scopes apart', () => {
    const memo = new ColumnMemo();
    const btc = memo.scope('0|BTC/USDT|1h|8760');
    const eth = memo.scope('1|ETH/USDT|1h|8760');
    expect(btc.get('atr:14', () => 'btc')).toBe('btc');
    expect(eth.get('atr:14', () => 'eth')).toBe('eth');
    expect(btc.get('atr:14', () => 'again')).toBe('btc');
  });

  it('computes every time without a scope, and refuses a size that is not a positive whole number', () => {
    let calls = 0;
    memoColumn(undefined, 'k', () => calls++);
    memoColumn(undefined, 'k', () => calls++);
    expect(calls).toBe(2);
    expect(() => new ColumnMemo(0)).toThrow(/max: 0/);
  });
});
