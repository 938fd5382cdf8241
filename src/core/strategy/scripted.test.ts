import { describe, expect, it } from 'vitest';
import { emptyCandles, type CandleColumns } from '../candles/types';
import { createScriptedStrategy, normaliseSymbol, parseScriptedSignals, type PreparedScript } from './scripted';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0); // 1704067200000
const H = 3_600_000;

function hourly(n: number): CandleColumns {
  const c = emptyCandles(n);
  for (let i = 0; i < n; i++) {
    c.time[i] = T0 + i * H;
    c.open[i] = 100 + i;
    c.high[i] = 101 + i;
    c.low[i] = 99 + i;
    c.close[i] = 100.5 + i;
    c.volume[i] = 1;
  }
  return c;
}

describe('parseScriptedSignals', () => {
  it('parses rows with ms and ISO times, percent stops and targets, optional confidence and header', () => {
    const text = [
      'time,symbol,direction,stopPct,targetPct,confidence',
      `${T0 + H},BTCUSDT,LONG,2,5`,
      '',
      '# a comment',
      '2024-01-01T03:00:00Z,BTC/USDT,short,1.5,0,0.8',
    ].join('\n');
    expect(parseScriptedSignals(text)).toEqual([
      { line: 2, time: T0 + H, symbol: 'BTCUSDT', direction: 'LONG', stopFraction: 0.02, targetFraction: 0.05, confidence: 1 },
      { line: 5, time: T0 + 3 * H, symbol: 'BTC/USDT', direction: 'SHORT', stopFraction: 0.015, targetFraction: 0, confidence: 0.8 },
    ]);
  });

  it('accepts no header and CRLF line ends', () => {
    expect(parseScriptedSignals(`${T0},ETHUSDT,LONG,1,2\r\n${T0 + H},ETHUSDT,SHORT,1,2\r\n`)).toHaveLength(2);
  });

  it.each([
    [`time,symbol,direction,stop,targetPct\n${T0},X,LONG,1,2`, 'line 1: header column 4 "stop" is not "stopPct"'],
    [`${T0},X,LONG,1`, 'line 1: expected 5 or 6 fields (time,symbol,direction,stopPct,targetPct[,confidence]), got 4'],
    [`${T0},X,LONG,1,2\nsoon,X,LONG,1,2`, 'line 2: time "soon" is not UTC milliseconds or an ISO 8601 time'],
    [`\n\n${T0},X,UP,1,2`, 'line 3: direction "UP" is not LONG or SHORT'],
    [`${T0},X,LONG,abc,2`, 'line 1: stopPct "abc" is not a number'],
    [`${T0},X,LONG,-1,2`, 'line 1: stopPct -1 is out of range [0, 100)'],
    [`${T0},X,LONG,100,2`, 'line 1: stopPct 100 is out of range [0, 100)'],
    [`${T0},X,LONG,1,`, 'line 1: targetPct "" is not a number'],
    [`${T0},X,LONG,1,-2`, 'line 1: targetPct -2 is negative'],
    [`${T0},X,SHORT,1,100`, 'line 1: targetPct 100 is out of range [0, 100) for a SHORT'],
    [`${T0},X,LONG,1,2,1.2`, 'line 1: confidence 1.2 is out of range [0, 1]'],
    [`${T0},,LONG,1,2`, 'line 1: symbol "" is empty'],
    [`${T0},BTCUSDT,LONG,1,2\n2024-01-01T00:00Z,BTC/USDT,SHORT,1,2`, 'line 2: time "2024-01-01T00:00Z" for BTC/USDT repeats line 1'],
  ])('rejects bad input with line and field: %s', (text, message) => {
    expect(() => parseScriptedSignals(text)).toThrow(message);
  });

  it('normalises symbols across notations', () => {
    expect(normaliseSymbol('BTC/USDT')).toBe('BTCUSDT');
    expect(normaliseSymbol('btc-usdt')).toBe('BTCUSDT');
    expect(normaliseSymbol('BTC/USDT:USDT')).toBe('BTCUSDT');
  });
});

describe('SCRIPTED strategy', () => {
  const script = [
    `${T0 + 2 * H},BTCUSDT,LONG,2,5`,
    '2024-01-01T05:00:00Z,BTC/USDT,SHORT,1,3,0.6',
    `${T0 + 2 * H + 1},BTCUSDT,LONG,2,5`,
    '2024-02-01T00:00:00Z,BTCUSDT,LONG,2,5',
    `${T0 + 4 * H},ETHUSDT,LONG,2,5`,
  ].join('\n');

  it('fires each row on the bar with that open time, for its symbol only', () => {
    const s = createScriptedStrategy(script);
    const c = hourly(10);
    const p = s.prepare({ symbol: 'BTC/USDT', timeframe: '1h', candles: c }, {}) as PreparedScript;
    const fired = [];
    for (let i = 0; i < 10; i++) {
      const sig = p.signalAt(i);
      if (sig) fired.push(sig);
    }
    expect(fired.map((x) => [x.barIndex, x.direction, x.stopFraction, x.targetFraction, x.confidence, x.price])).toEqual([
      [2, 'LONG', 0.02, 0.05, 1, 102.5],
      [5, 'SHORT', 0.01, 0.03, 0.6, 105.5],
    ]);
    expect(fired[0]).toMatchObject({ symbol: 'BTC/USDT', time: T0 + 2 * H, strategy: 'SCRIPTED' });
    expect(fired[0].reasons).toEqual([{ condition: 'scripted signal', value: 'line 1', threshold: null, pass: true }]);
    expect(p.matched).toBe(2);
  });

  it('reports rows of the symbol whose time matches no bar', () => {
    const p = createScriptedStrategy(script).prepare({ symbol: 'BTCUSDT', timeframe: '1h', candles: hourly(10) }, {}) as PreparedScript;
    expect(p.unmatched.map((r) => r.line)).toEqual([3, 4]);
    const eth = createScriptedStrategy(script).prepare({ symbol: 'ETHUSDT', timeframe: '1h', candles: hourly(3) }, {}) as PreparedScript;
    expect(eth.unmatched.map((r) => r.line)).toEqual([5]);
    expect(eth.matched).toBe(0);
  });

  it('conditionsAt shows whether a scripted row is on the bar', () => {
    const p = createScriptedStrategy(script).prepare({ symbol: 'BTCUSDT', timeframe: '1h', candles: hourly(10) }, {});
    expect(p.conditionsAt!(2)[0].pass).toBe(true);
    expect(p.conditionsAt!(3)[0].pass).toBe(false);
    expect(p.signalAt(-1)).toBeNull();
    expect(p.signalAt(99)).toBeNull();
  });

  it('takes parsed rows as well as text', () => {
    const rows = parseScriptedSignals(script);
    const p = createScriptedStrategy(rows).prepare({ symbol: 'BTCUSDT', timeframe: '1h', candles: hourly(10) }, {});
    expect(p.signalAt(2)?.direction).toBe('LONG');
  });
});
