import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { resample } from '../candles/resample';
import { sliceCandles } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { hma, rsi, sma } from '../indicators';
import { resolveStrategy } from '../strategy/registry';
import { ChartSession, type ChartSeriesInput } from './session';
import { overlayKey, type OverlaySpec } from './overlays';

const MIN = 60_000;
const HOUR = 60 * MIN;
const base = loadSharedCandles('BTCUSDT', '5m');
const stored4h = loadSharedCandles('BTCUSDT', '4h');
const input: ChartSeriesInput = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '5m', candles: base, stored: { '4h': stored4h } };

const SMA200: OverlaySpec = { indicator: 'sma', params: { period: 200 }, timeframe: '5m', pane: 'price' };
const HMA1H: OverlaySpec = { indicator: 'hma', params: { period: 200 }, timeframe: '1h', pane: 'price' };
const HMA4H: OverlaySpec = { indicator: 'hma', params: { period: 200 }, timeframe: '4h', pane: 'price' };
const RSI_VIEW: OverlaySpec = { indicator: 'rsi', params: { period: 14 }, timeframe: null, pane: 'below' };

function valuesOf(w: ReturnType<ChartSession['window']>, spec: OverlaySpec): Float64Array {
  const o = w.overlays.find((x) => x.key === overlayKey({ ...spec, params: { ...spec.params } }))!;
  return o.outputs[0].values;
}

describe('ChartSession on BTCUSDT 5m with stored 4h candles', () => {
  const session = new ChartSession(input);

  it('offers its own timeframe and every longer one it can build or has stored', () => {
    expect(session.info.views).toEqual(['5m', '15m', '30m', '1h', '4h', '1d', '1w', '1M']);
    expect(session.info.stored).toEqual(['4h']);
    expect(session.info.count).toBe(base.time.length);
  });

  it('draws the HMA of closed 4h candles as steps: on each 5m bar, the stored 4h HMA of the last 4h candle closed by its close', () => {
    const w = session.window({ tf: '5m', anchor: base.time[base.time.length - 1], align: 'end', size: base.time.length, overlays: [HMA4H] });
    expect(w.from).toBe(0);
    const got = valuesOf(w, HMA4H);
    const want = hma(stored4h.close, 200);
    let changes = 0;
    for (let i = 0; i < base.time.length; i++) {
      const close = base.time[i] + 5 * MIN;
      const j = lowerBound(stored4h.time, close - 4 * HOUR + 1) - 1;
      expect(got[i]).toBe(want[j]);
      if (i > 0 && got[i] !== got[i - 1]) {
        changes++;
        // The value changes only on the bar whose close is a 4h close.
        expect(close % (4 * HOUR)).toBe(0);
      }
    }
    expect(changes).toBeGreaterThan(200);
  });

  it('draws the strategy lines with exactly the values HMA_SMA reads on each bar', () => {
    const r = resolveStrategy('HMA_SMA');
    const info = session.setStrategy({ name: 'HMA_SMA' })!;
    expect(info.overlays.map(overlayKey)).toEqual([SMA200, HMA1H, HMA4H].map(overlayKey));
    const prepared = r.strategy.prepare({ symbol: 'BTC/USDT', timeframe: '5m', candles: base, other: { '4h': stored4h } }, r.params);
    const w = session.window({ tf: '5m', anchor: base.time[base.time.length - 1], align: 'end', size: base.time.length, overlays: info.overlays });
    const s = valuesOf(w, SMA200);
    const h1 = valuesOf(w, HMA1H);
    const h4 = valuesOf(w, HMA4H);
    const or = (v: number) => (Number.isNaN(v) ? null : v);
    for (let i = 0; i < base.time.length; i += 7) {
      const readings = prepared.readingsAt!(i);
      const at = (label: string) => readings.find((x) => x.label === label)!.value;
      expect(or(s[i])).toBe(at('SMA(200)'));
      expect(or(h1[i])).toBe(at('HMA(200) 1h (last closed)'));
      expect(or(h4[i])).toBe(at('HMA(200) 4h (last closed)'));
    }
    expect(info.signals.bar.length).toBe(71);
  });

  it('samples base-timeframe overlays at the close of each longer view candle', () => {
    const w = session.window({ tf: '1h', anchor: base.time[5000], align: 'center', size: 300, overlays: [SMA200] });
    const s = sma(base.close, 200);
    const got = valuesOf(w, SMA200);
    for (let k = 0; k < got.length; k++) {
      const c = w.closeBase[k];
      expect(base.time[c] + 5 * MIN).toBe(w.candles.time[k] + HOUR);
      expect(got[k]).toBe(s[c]);
    }
  });

  it('shows nothing at a cursor that depends on a later bar', () => {
    const bars = [2700, 3001, 5555, 7000];
    const overlays = [SMA200, HMA1H, HMA4H, RSI_VIEW];
    for (const c of bars) {
      const cut = new ChartSession({ ...input, candles: sliceCandles(base, 0, c + 1) });
      cut.setStrategy({ name: 'HMA_SMA' });
      session.setStrategy({ name: 'HMA_SMA' });
      // The condition snapshot at the cursor.
      expect(cut.conditions(c)).toEqual(session.conditions(c));
      for (const tf of ['5m', '1h', '4h'] as const) {
        const a = session.window({ tf, anchor: base.time[c], align: 'end', size: 400, overlays });
        const b = cut.window({ tf, anchor: base.time[c], align: 'end', size: 400, overlays });
        const len = tf === '5m' ? 5 * MIN : tf === '1h' ? HOUR : 4 * HOUR;
        // Every view candle closed by the cursor, with its overlay values, is the same.
        let compared = 0;
        for (let k = 0; k < b.candles.time.length; k++) {
          const t = b.candles.time[k];
          if (t + len > base.time[c] + 5 * MIN) continue;
          const ka = a.candles.time.indexOf(t);
          if (ka < 0) continue;
          expect([b.candles.open[k], b.candles.high[k], b.candles.low[k], b.candles.close[k]]).toEqual([a.candles.open[ka], a.candles.high[ka], a.candles.low[ka], a.candles.close[ka]]);
          for (let o = 0; o < overlays.length; o++) expect(b.overlays[o].outputs[0].values[k]).toBe(a.overlays[o].outputs[0].values[ka]);
          compared++;
        }
        expect(compared).toBeGreaterThan(tf === '4h' ? 20 : 200);
        // The forming candle and its overlay values.
        expect(cut.forming(tf, c, overlays)).toEqual(session.forming(tf, c, overlays));
      }
    }
  });

  it('builds the forming candle and its same-timeframe overlays from the bars up to the cursor', () => {
    const c = 4000; // 20:20 on 2024-10-14: the 1h candle of 20:00 is forming
    const f = session.forming('1h', c, [RSI_VIEW, HMA4H])!;
    const truncated = resample(sliceCandles(base, 0, c + 1), '5m', '1h', { includePartial: true });
    const k = truncated.time.length - 1;
    expect(f.candle.time).toBe(truncated.time[k]);
    expect(f.candle.close).toBe(base.close[c]);
    expect(f.candle.high).toBe(truncated.high[k]);
    // RSI on 1h with the forming candle as the last one.
    const full = resample(base, '5m', '1h');
    const first = lowerBound(full.time, truncated.time[0]);
    expect(first).toBe(0);
    const closes = Float64Array.from([...full.close.subarray(0, lowerBound(full.time, f.candle.time)), f.candle.close]);
    expect(f.overlays[0].outputs[0].value).toBe(rsi(closes, 14)[closes.length - 1]);
    // The 4h HMA at the cursor: the last 4h candle closed by 20:25.
    const j = lowerBound(stored4h.time, base.time[c] + 5 * MIN - 4 * HOUR + 1) - 1;
    expect(f.overlays[1].outputs[0].value).toBe(hma(stored4h.close, 200)[j]);
    expect(session.forming('5m', c, [])).toBeNull();
    expect(session.forming('1h', session.view('1h').closeBase[40], [])).toBeNull();
  });

  it('keeps windows inside the date filter and stops the cursor inside it', () => {
    const from = Date.UTC(2024, 9, 10);
    const to = Date.UTC(2024, 9, 12, 12);
    const w = session.window({ tf: '1h', anchor: from, align: 'center', size: 10_000, overlays: [], from, to });
    expect(w.candles.time[0]).toBe(from);
    expect(w.candles.time[w.candles.time.length - 1]).toBe(to);
    expect(w.to - w.from).toBe(61);
    expect(base.time[w.barLo]).toBe(from);
    expect(base.time[w.barHi]).toBe(to);
    expect(session.locate(Date.UTC(2030, 0, 1), from, to)).toEqual({ bar: w.barHi, time: to });
    expect(session.locate(from + 7 * MIN, from, to)).toEqual({ bar: w.barLo + 1, time: from + 5 * MIN });
  });

  it('names the bad value of a request', () => {
    expect(() => session.view('1m')).toThrow(/timeframe: "1m" is not a view of this 5m series/);
    expect(() => session.conditions(base.time.length)).toThrow(/bar: 10000 is not a bar of this series/);
    expect(() => session.window({ tf: '5m', anchor: 0, align: 'end', size: 10, overlays: [{ ...SMA200, params: { period: 0 } }] })).toThrow(/period/);
    expect(() => session.setStrategy({ name: 'NOPE' })).toThrow(/strategy: "NOPE" is not a strategy or preset/);
  });
});
