/**
 * Contract every registry entry must keep: output names and lengths, declared warm-up, the
 * NaN-input rule, streaming == batch (with the last bar updated several times), agreement of
 * the registry with the exported functions, and parameter validation.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import type { CandleColumns } from '../candles/types';
import {
  INDICATORS,
  getIndicator,
  resolveParams,
  computeIndicator,
  sma,
  ema,
  wma,
  hma,
  rsi,
  atr,
  adx,
  macd,
  bollinger,
  stochastic,
  obv,
  vwap,
  volumeSma,
  highest,
  lowest,
  realizedVolatility,
  createSmaStream,
  createEmaStream,
  createWmaStream,
  createHmaStream,
  createRsiStream,
  createAtrStream,
  createAdxStream,
  createMacdStream,
  createBollingerStream,
  createStochasticStream,
  createObvStream,
  createVwapStream,
  createVolumeSmaStream,
  createHighestStream,
  createLowestStream,
  createRealizedVolatilityStream,
  type IndicatorDef,
  type IndicatorParams,
} from './index';

const HOUR = 3_600_000;

/** Seeded random-walk candles, hourly from a UTC midnight, positive prices and volumes. */
function syntheticCandles(n: number, seed: number): CandleColumns {
  const rng = createRng(seed);
  const c: CandleColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    price = price * Math.exp(0.01 * rng.normal());
    const hi = Math.max(open, price) * (1 + 0.004 * rng.next());
    const lo = Math.min(open, price) * (1 - 0.004 * rng.next());
    c.time[i] = Date.UTC(2024, 0, 1) + i * HOUR;
    c.open[i] = open;
    c.high[i] = hi;
    c.low[i] = lo;
    c.close[i] = price;
    c.volume[i] = 1 + 10 * rng.next();
  }
  return c;
}

const N = 400;
const CANDLES = syntheticCandles(N, 42);

function columns(def: IndicatorDef, c: CandleColumns): Float64Array[] {
  return def.inputs.map((i) => c[i.field].slice());
}

/** Parameter sets exercised for every entry: the defaults and a smaller set. */
function paramSets(def: IndicatorDef): IndicatorParams[] {
  const defaults = resolveParams(def);
  const small: Record<string, number> = {};
  for (const s of def.params) {
    small[s.key] = s.type === 'integer' ? Math.max(s.min, Math.round(s.default / 3)) : s.default / 2;
  }
  return [defaults, resolveParams(def, small)];
}

function firstDefined(a: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i])) return i;
  return -1;
}

/** Same value: both NaN, or equal, or within 1e-12 relative. */
function same(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

function expectSameSeries(actual: Float64Array, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!same(actual[i], expected[i])) {
      throw new Error(`${label}[${i}]: ${actual[i]} differs from ${expected[i]}`);
    }
  }
}

function expectBitwise(actual: Float64Array, expected: Float64Array, label: string): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`${label}[${i}]: ${actual[i]} !== ${expected[i]}`);
  }
}

/**
 * Independent route to each indicator: the exported batch function and stream factory, called
 * with positional arguments (the registry must agree with them bitwise).
 */
type Direct = {
  batch(cols: Float64Array[], p: IndicatorParams): Record<string, Float64Array>;
  stream(p: IndicatorParams): { next(...a: number[]): unknown; update(...a: number[]): unknown };
};
const DIRECT: Record<string, Direct> = {
  sma: { batch: ([s], p) => ({ value: sma(s, p.period) }), stream: (p) => createSmaStream(p.period) },
  ema: { batch: ([s], p) => ({ value: ema(s, p.period) }), stream: (p) => createEmaStream(p.period) },
  wma: { batch: ([s], p) => ({ value: wma(s, p.period) }), stream: (p) => createWmaStream(p.period) },
  hma: { batch: ([s], p) => ({ value: hma(s, p.period) }), stream: (p) => createHmaStream(p.period) },
  rsi: { batch: ([s], p) => ({ value: rsi(s, p.period) }), stream: (p) => createRsiStream(p.period) },
  atr: { batch: ([h, l, c], p) => ({ value: atr(h, l, c, p.period) }), stream: (p) => createAtrStream(p.period) },
  adx: { batch: ([h, l, c], p) => adx(h, l, c, p.period), stream: (p) => createAdxStream(p.period) },
  macd: {
    batch: ([c], p) => macd(c, p.fast, p.slow, p.signal),
    stream: (p) => createMacdStream(p.fast, p.slow, p.signal),
  },
  bollinger: { batch: ([c], p) => bollinger(c, p.period, p.mult), stream: (p) => createBollingerStream(p.period, p.mult) },
  stochastic: {
    batch: ([h, l, c], p) => stochastic(h, l, c, p.kPeriod, p.dPeriod),
    stream: (p) => createStochasticStream(p.kPeriod, p.dPeriod),
  },
  obv: { batch: ([c, v]) => ({ value: obv(c, v) }), stream: () => createObvStream() },
  vwap: { batch: ([t, h, l, c, v]) => ({ value: vwap(t, h, l, c, v) }), stream: () => createVwapStream() },
  volumeSma: { batch: ([v], p) => ({ value: volumeSma(v, p.period) }), stream: (p) => createVolumeSmaStream(p.period) },
  highest: { batch: ([s], p) => ({ value: highest(s, p.period) }), stream: (p) => createHighestStream(p.period) },
  lowest: { batch: ([s], p) => ({ value: lowest(s, p.period) }), stream: (p) => createLowestStream(p.period) },
  realizedVolatility: {
    batch: ([c], p) => ({ value: realizedVolatility(c, p.period, p.periodsPerYear) }),
    stream: (p) => createRealizedVolatilityStream(p.period, p.periodsPerYear),
  },
};

describe('indicator registry', () => {
  it('lists every indicator once', () => {
    const names = INDICATORS.map((d) => d.name).sort();
    expect(names).toEqual(Object.keys(DIRECT).sort());
  });

  it('looks indicators up by name and rejects unknown names with the value', () => {
    expect(getIndicator('rsi').name).toBe('rsi');
    expect(() => getIndicator('nope')).toThrow(/name: "nope" is not an indicator/);
  });

  it('rejects unknown parameter keys', () => {
    expect(() => getIndicator('sma').compute([CANDLES.close], { length: 3 })).toThrow(/params: "length" is not a parameter of sma/);
  });

  it('computes from candles through the default columns or the given ones', () => {
    expectBitwise(computeIndicator('sma', CANDLES, { period: 5 }).value, sma(CANDLES.close, 5), 'sma close');
    expectBitwise(computeIndicator('sma', CANDLES, { period: 5 }, { src: 'open' }).value, sma(CANDLES.open, 5), 'sma open');
    expectBitwise(computeIndicator('highest', CANDLES, { period: 5 }).value, highest(CANDLES.high, 5), 'highest high');
  });

  it('stream.update before any next() throws', () => {
    expect(() => createSmaStream(3).update(1)).toThrow(/no bar yet/);
    expect(() => getIndicator('adx').createStream().update([1, 1, 1])).toThrow(/no bar yet/);
  });
});

describe.each(INDICATORS.map((d) => [d.name, d] as const))('%s contract', (name, def) => {
  const direct = DIRECT[name];

  it('returns the declared outputs, as long as the input, equal to the exported function', () => {
    for (const p of paramSets(def)) {
      const cols = columns(def, CANDLES);
      const out = def.compute(cols, p);
      expect(Object.keys(out).sort()).toEqual(def.outputs.map((o) => o.name).sort());
      const ref = direct.batch(cols, p);
      for (const o of def.outputs) {
        expect(out[o.name]).toBeInstanceOf(Float64Array);
        expect(out[o.name].length).toBe(N);
        expectBitwise(out[o.name], ref[o.name], `${name}.${o.name}`);
      }
      for (let k = 0; k < cols.length; k++) expectBitwise(cols[k], CANDLES[def.inputs[k].field], 'input untouched');
    }
  });

  it('first non-NaN index equals the declared warm-up, and every later value is defined', () => {
    for (const p of paramSets(def)) {
      const out = def.compute(columns(def, CANDLES), p);
      let max = 0;
      for (const o of def.outputs) {
        const w = o.warmup(p);
        max = Math.max(max, w);
        expect(firstDefined(out[o.name]), `${name}.${o.name} ${JSON.stringify(p)}`).toBe(w);
        for (let i = w; i < N; i++) expect(Number.isFinite(out[o.name][i]), `${o.name}[${i}]`).toBe(true);
      }
      expect(def.warmup(p)).toBe(max);
    }
  });

  it('a period longer than the input gives all-NaN output; one more bar gives a value', () => {
    for (const p of paramSets(def)) {
      for (const o of def.outputs) {
        const w = o.warmup(p);
        const short = def.compute(columns(def, CANDLES).map((c) => c.subarray(0, w)), p);
        expect(short[o.name].length).toBe(w);
        expect(firstDefined(short[o.name])).toBe(-1);
        const enough = def.compute(columns(def, CANDLES).map((c) => c.subarray(0, w + 1)), p);
        expect(Number.isNaN(enough[o.name][w])).toBe(false);
      }
    }
  });

  it('empty input gives empty output', () => {
    const out = def.compute(def.inputs.map(() => new Float64Array(0)));
    for (const o of def.outputs) expect(out[o.name].length).toBe(0);
  });

  it(`NaN input follows the "${def.nanRule}" rule, whichever input column holds it`, () => {
    for (const p of paramSets(def)) {
      const clean = def.compute(columns(def, CANDLES), p);
      for (let k = 0; k < def.inputs.length; k++) {
        for (const j of [0, 3, 150, N - 1]) {
          const cols = columns(def, CANDLES);
          cols[k][j] = NaN;
          const out = def.compute(cols, p);
          if (def.nanRule === 'restart') {
            const rest = def.compute(cols.map((c) => c.subarray(j + 1)), p);
            for (const o of def.outputs) {
              const a = out[o.name];
              expectBitwise(a.subarray(0, j), clean[o.name].subarray(0, j), `${o.name} before NaN`);
              expectBitwise(a.subarray(j + 1), rest[o.name], `${o.name} after NaN = fresh run`);
              // every output whose window holds the NaN is NaN; the next one is defined again
              const w = o.warmup(p);
              for (let i = j; i <= Math.min(N - 1, j + w); i++) expect(Number.isNaN(a[i]), `${o.name}[${i}]`).toBe(true);
              if (j + w + 1 < N) expect(Number.isNaN(a[j + w + 1])).toBe(false);
            }
          } else {
            const keep = (c: Float64Array) => Float64Array.from([...c.subarray(0, j), ...c.subarray(j + 1)]);
            const without = def.compute(cols.map(keep), p);
            for (const o of def.outputs) {
              expect(Number.isNaN(out[o.name][j])).toBe(true);
              expectBitwise(keep(out[o.name]), without[o.name], `${o.name} = run without the NaN bar`);
            }
          }
        }
      }
    }
  });

  it('leading NaN (another indicator’s warm-up) only delays the start', () => {
    const p = resolveParams(def);
    const lead = 7;
    const cols = columns(def, CANDLES);
    for (const c of cols) c.fill(NaN, 0, lead);
    const out = def.compute(cols, p);
    const tail = def.compute(columns(def, CANDLES).map((c) => c.subarray(lead)), p);
    for (const o of def.outputs) {
      for (let i = 0; i < lead; i++) expect(Number.isNaN(out[o.name][i])).toBe(true);
      expectBitwise(out[o.name].subarray(lead), tail[o.name], o.name);
    }
  });

  it('streaming (next, then update of the forming bar several times) equals batch bit for bit', () => {
    const rng = createRng(7);
    for (const p of paramSets(def)) {
      // include NaN bars so the streams' NaN handling is checked too
      const cols = columns(def, CANDLES);
      cols[0][120] = NaN;
      cols[cols.length - 1][260] = NaN;
      const batch = def.compute(cols, p);
      const generic = def.createStream(p);
      const typed = direct.stream(p);
      for (let i = 0; i < N; i++) {
        const bar = cols.map((c) => c[i]);
        // a forming bar: wrong values first (one of them NaN), then the final ones
        const wrong = bar.map((v) => (Number.isNaN(v) ? 1 : v * (1 + 0.02 * (rng.next() - 0.5))));
        generic.next(wrong);
        typed.next(...wrong);
        generic.update(bar.map((v, k) => (k === 0 ? NaN : v)));
        typed.update(...bar.map((v, k) => (k === 0 ? NaN : v)));
        generic.update(wrong.map((v) => v * 1.01));
        const g = generic.update(bar);
        const t = typed.update(...bar);
        const tRec: Record<string, number> = typeof t === 'number' ? { value: t } : (t as Record<string, number>);
        for (const o of def.outputs) {
          const b = batch[o.name][i];
          if (!Object.is(g[o.name], b)) throw new Error(`${name}.${o.name}[${i}] generic stream ${g[o.name]} vs batch ${b}`);
          if (!Object.is(tRec[o.name], b)) throw new Error(`${name}.${o.name}[${i}] stream ${tRec[o.name]} vs batch ${b}`);
        }
      }
      expect(generic.length).toBe(N);
    }
  });

  it('rejects bad parameters with the field and the value, in batch, stream and registry', () => {
    const cols = columns(def, CANDLES).map((c) => c.subarray(0, 50));
    for (const spec of def.params) {
      const bad =
        spec.type === 'integer'
          ? [spec.min - 1, -1, spec.min + 0.5, NaN, Infinity]
          : [spec.min - 1, -Infinity, NaN, Infinity];
      for (const v of bad) {
        const p = { ...resolveParams(def), [spec.key]: v };
        const msg = new RegExp(`^${spec.key}: ${String(v).replace('.', '\\.')} is not `);
        expect(() => direct.batch(cols, p), `${spec.key}=${v}`).toThrow(msg);
        expect(() => direct.stream(p), `${spec.key}=${v}`).toThrow(msg);
        expect(() => def.compute(cols, { [spec.key]: v }), `${spec.key}=${v}`).toThrow(msg);
        expect(() => def.createStream({ [spec.key]: v }), `${spec.key}=${v}`).toThrow(msg);
      }
      // the smallest accepted value works
      const ok = def.compute(cols, { [spec.key]: spec.min });
      expect(Object.keys(ok).length).toBe(def.outputs.length);
    }
  });

  it('rejects input columns of different lengths, naming the column', () => {
    if (def.inputs.length < 2) return;
    const cols = columns(def, CANDLES);
    cols[1] = cols[1].subarray(0, N - 1);
    expect(() => def.compute(cols)).toThrow(new RegExp(`^${def.inputs[1].name}: length ${N - 1} differs from ${def.inputs[0].name} length ${N}`));
  });

  it('is deterministic (same inputs, same bytes)', () => {
    const a = def.compute(columns(def, CANDLES));
    const b = def.compute(columns(def, CANDLES));
    for (const o of def.outputs) expectBitwise(a[o.name], b[o.name], o.name);
  });
});

describe('hand-computed values', () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
  it('sma, wma, ema, highest, lowest on 1..6', () => {
    expectSameSeries(sma(x, 3), [NaN, NaN, 2, 3, 4, 5], 'sma');
    // (1*1 + 2*2 + 3*3) / 6 = 14/6
    expectSameSeries(wma(x, 3), [NaN, NaN, 14 / 6, 20 / 6, 26 / 6, 32 / 6], 'wma');
    // seed 2, alpha 0.5: (4+2)/2 = 3, (5+3)/2 = 4, (6+4)/2 = 5
    expectSameSeries(ema(x, 3), [NaN, NaN, 2, 3, 4, 5], 'ema');
    expectSameSeries(highest(Float64Array.from([3, 1, 2, 5, 4, 0]), 3), [NaN, NaN, 3, 5, 5, 5], 'highest');
    expectSameSeries(lowest(Float64Array.from([3, 1, 2, 5, 4, 0]), 3), [NaN, NaN, 1, 1, 2, 0], 'lowest');
  });

  it('rsi: period 2 on 1,2,1,2,3', () => {
    // changes +1 -1 +1 +1; seed gain 0.5 loss 0.5 -> 50; then gain (0.5+1)/2=0.75 loss 0.25 -> 75;
    // then gain (0.75+1)/2 = 0.875, loss 0.125 -> 87.5
    expectSameSeries(rsi(Float64Array.from([1, 2, 1, 2, 3]), 2), [NaN, NaN, 50, 75, 87.5], 'rsi');
    // a flat window gives 50
    expectSameSeries(rsi(Float64Array.from([5, 5, 5]), 2), [NaN, NaN, 50], 'rsi flat');
  });

  it('obv and vwap on a small series crossing a UTC day', () => {
    const close = Float64Array.from([10, 11, 11, 9]);
    const vol = Float64Array.from([5, 2, 3, 4]);
    expectSameSeries(obv(close, vol), [0, 2, 2, -2], 'obv');
    const day = Date.UTC(2024, 0, 1);
    const time = Float64Array.from([day + 22 * HOUR, day + 23 * HOUR, day + 24 * HOUR, day + 25 * HOUR]);
    const hi = Float64Array.from([12, 12, 12, 12]);
    const lo = Float64Array.from([9, 9, 9, 6]);
    // typical prices 31/3, 32/3, 32/3, 27/3; the third bar opens a new day
    expectSameSeries(
      vwap(time, hi, lo, close, vol),
      [31 / 3, (31 / 3 * 5 + 32 / 3 * 2) / 7, 32 / 3, (32 / 3 * 3 + 9 * 4) / 7],
      'vwap',
    );
  });

  it('stochastic k is 50 on a flat range', () => {
    const f = Float64Array.from([5, 5, 5]);
    expectSameSeries(stochastic(f, f, f, 2, 1).k, [NaN, 50, 50], 'k');
  });
});
