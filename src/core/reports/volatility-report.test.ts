import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { annualisedVolatility } from './volatility';
import {
  buildVolatilityReport,
  validateReportThresholds,
  volatilityReportCsv,
  VOLATILITY_CSV_COLUMNS,
  type VolatilityReportConfig,
  type VolatilityReportEntry,
  type VolatilityReportMetrics,
} from './volatility-report';
import { parseCsv } from '../../../tests/support/csv';

const FROM = Date.UTC(2023, 4, 6);
const TO = Date.UTC(2023, 11, 29, 23);

const BALANCED: VolatilityReportConfig = { strategy: 'BALANCED', stopAtrMult: 1.5, targetAtrMult: 3, adxThreshold: 20, minConfidence: 0.5 };
const CONSERVATIVE: VolatilityReportConfig = { strategy: 'CONSERVATIVE', stopAtrMult: 2, targetAtrMult: 4, adxThreshold: 25, minConfidence: 0.6 };

function m(
  totalTrades: number,
  winRate: number | null,
  grossProfit: number,
  grossLoss: number,
  roiPct: number | null,
  sharpe: number | null,
  maxDrawdownPct: number | null,
): VolatilityReportMetrics {
  return {
    totalTrades,
    winRate,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    roiPct,
    sharpe,
    maxDrawdownPct,
  };
}

function entry(seq: number, symbol: string, vol: number | null, metrics = m(1, 1, 10, 0, 0.1, null, 0), config = BALANCED): VolatilityReportEntry {
  return { seq, name: `#${seq} ${symbol}`, symbols: [symbol], timeframe: '1h', period: { from: FROM, to: TO }, config, metrics, annualisedVol: vol };
}


describe('group assignment', () => {
  it('puts a value on a threshold in MEDIUM: LOW < low ≤ MEDIUM ≤ high < HIGH', () => {
    const r = buildVolatilityReport([
      entry(1, 'A', 0),
      entry(2, 'B', 49.999),
      entry(3, 'C', 50),
      entry(4, 'D', 65),
      entry(5, 'E', 80),
      entry(6, 'F', 80.001),
      entry(7, 'G', 400),
      entry(8, 'H', null),
    ]);
    expect(r.groups.LOW.rows.map((x) => x.seq)).toEqual([1, 2]);
    expect(r.groups.MEDIUM.rows.map((x) => x.seq)).toEqual([3, 4, 5]);
    expect(r.groups.HIGH.rows.map((x) => x.seq)).toEqual([6, 7]);
    expect(r.unclassified.map((x) => x.seq)).toEqual([8]);
    expect(r.unclassified[0].group).toBeNull();
    expect(r.thresholds).toEqual({ low: 50, high: 80 });
  });

  it('follows edited thresholds: a symbol moves group when they change', () => {
    const entries = [entry(1, 'BNB', 47.9), entry(2, 'LTC', 63.9), entry(3, 'SOL', 93.5)];
    const a = buildVolatilityReport(entries, { low: 50, high: 80 });
    expect(a.groups.LOW.rows.map((x) => x.symbols[0])).toEqual(['BNB']);
    const b = buildVolatilityReport(entries, { low: 45, high: 60 });
    expect(b.groups.LOW.rows).toEqual([]);
    expect(b.groups.MEDIUM.rows.map((x) => x.symbols[0])).toEqual(['BNB']);
    expect(b.groups.HIGH.rows.map((x) => x.symbols[0])).toEqual(['LTC', 'SOL']);
    expect(b.thresholds).toEqual({ low: 45, high: 60 });
  });

  it('classes a portfolio backtest by the mean of its symbols and each symbol on its own', () => {
    const e: VolatilityReportEntry = {
      ...entry(4, 'BTC', 65),
      symbols: ['BTC', 'SOL'],
      symbolVols: [
        { symbol: 'BTC', annualisedVol: 40 },
        { symbol: 'SOL', annualisedVol: 90 },
      ],
    };
    const r = buildVolatilityReport([e, entry(5, 'SOL', 90)]);
    expect(r.groups.MEDIUM.rows.map((x) => x.seq)).toEqual([4]);
    expect(r.groups.MEDIUM.rows[0].symbolGroups).toEqual([
      { symbol: 'BTC', annualisedVol: 40, group: 'LOW' },
      { symbol: 'SOL', annualisedVol: 90, group: 'HIGH' },
    ]);
    // SOL over the same window appears once, with both backtests; bars are lowest volatility first.
    expect(r.symbols.map((b) => [b.symbol, b.annualisedVol, b.group, b.seqs])).toEqual([
      ['BTC', 40, 'LOW', [4]],
      ['SOL', 90, 'HIGH', [4, 5]],
    ]);
  });
});

describe('group summaries', () => {
  // Hand-checked figures for LOW (seqs 1, 2, 3):
  //   trades 4 + 0 + 10 = 14; win rate mean (0.25 + 0.6) / 2 = 0.425 (seq 2 has no trade);
  //   profit factor (50 + 0 + 300) / (150 + 0 + 100) = 1.4; ROI mean (-1 + 0 + 2) / 3 = 1/3;
  //   Sharpe mean (-0.5 + 1.5) / 2 = 0.5; drawdown mean (6 + 0 + 4) / 3 = 10/3, worst 6.
  const entries = [
    entry(3, 'BTC', 37, m(10, 0.6, 300, 100, 2, 1.5, 4)),
    entry(1, 'ETH', 40.9, m(4, 0.25, 50, 150, -1, -0.5, 6), CONSERVATIVE),
    entry(2, 'BNB', 47.9, m(0, null, 0, 0, 0, null, 0)),
    entry(4, 'SOL', 93.5, m(2, 1, 80, 0, 0.8, 2, 1)),
  ];
  const r = buildVolatilityReport(entries);
  const low = r.groups.LOW;

  it('counts and sums', () => {
    expect(low.backtests).toBe(3);
    expect(low.totalTrades).toBe(14);
    expect(low.rows.map((x) => x.seq)).toEqual([1, 2, 3]);
  });

  it('averages the win rate over backtests with trades, and ROI, Sharpe and drawdown over defined values', () => {
    expect(low.avgWinRate).toBeCloseTo(0.425, 12);
    expect(low.roiPct).toBeCloseTo(1 / 3, 12);
    expect(low.sharpe).toBeCloseTo(0.5, 12);
    expect(low.maxDrawdownPct.mean).toBeCloseTo(10 / 3, 12);
    expect(low.maxDrawdownPct.worst).toBe(6);
  });

  it('pools the profit factor (Σ gross profit / Σ gross loss), not the mean of the ratios', () => {
    expect(low.grossProfit).toBe(350);
    expect(low.grossLoss).toBe(250);
    expect(low.profitFactor).toBeCloseTo(1.4, 12);
    expect(low.profitFactorInfinite).toBe(false);
    // The mean of the two defined ratios would be (3 + 1/3) / 2 = 1.667: not what is reported.
    expect(Math.abs(low.profitFactor! - (3 + 1 / 3) / 2)).toBeGreaterThan(0.2);
  });

  it('reports an infinite pooled profit factor as null with the flag set', () => {
    const high = r.groups.HIGH;
    expect(high.profitFactor).toBeNull();
    expect(high.profitFactorInfinite).toBe(true);
    expect(high.rows[0].profitFactorInfinite).toBe(true);
  });

  it('lists the distinct configurations, most used first', () => {
    expect(low.configurations).toEqual([
      { config: BALANCED, count: 2, seqs: [2, 3] },
      { config: CONSERVATIVE, count: 1, seqs: [1] },
    ]);
  });

  it('finds the best performers', () => {
    expect(low.bestByProfitFactor?.seq).toBe(3);
    expect(low.bestByWinRate?.seq).toBe(3);
  });

  it('gives empty groups zero counts and nulls', () => {
    const medium = r.groups.MEDIUM;
    expect(medium.backtests).toBe(0);
    expect(medium.totalTrades).toBe(0);
    expect(medium.avgWinRate).toBeNull();
    expect(medium.profitFactor).toBeNull();
    expect(medium.profitFactorInfinite).toBe(false);
    expect(medium.roiPct).toBeNull();
    expect(medium.maxDrawdownPct).toEqual({ mean: null, worst: null });
    expect(medium.bestByProfitFactor).toBeNull();
    expect(medium.bestByWinRate).toBeNull();
    expect(medium.configurations).toEqual([]);
  });

  it('sums the overall summary across every entry, unclassified ones included', () => {
    const withUnknown = buildVolatilityReport([...entries, entry(9, 'NEW', null, m(1, 0, 0, 20, -0.2, null, 0.2))]);
    const o = withUnknown.overall;
    expect(o.backtests).toBe(5);
    expect(o.totalTrades).toBe(14 + 2 + 1);
    expect(o.profitFactor).toBeCloseTo((350 + 80) / (250 + 20), 12);
    expect(o.avgWinRate).toBeCloseTo((0.6 + 0.25 + 1 + 0) / 4, 12);
    expect(o.maxDrawdownPct.worst).toBe(6);
    expect(o.bestByProfitFactor?.seq).toBe(4); // infinite beats 3
    expect(o.bestByWinRate?.seq).toBe(4);
    expect(withUnknown.unclassified.map((x) => x.seq)).toEqual([9]);
  });
});

describe('best performers', () => {
  it('breaks ties by the lower seq whatever the input order', () => {
    const entries = [
      entry(7, 'A', 10, m(4, 0.5, 200, 100, 1, 1, 1)),
      entry(3, 'B', 10, m(8, 0.5, 400, 200, 1, 1, 1)),
      entry(5, 'C', 10, m(2, 0.25, 50, 100, 1, 1, 1)),
    ];
    for (const order of [entries, [...entries].reverse()]) {
      const low = buildVolatilityReport(order).groups.LOW;
      expect(low.bestByProfitFactor?.seq).toBe(3);
      expect(low.bestByWinRate?.seq).toBe(3);
    }
  });

  it('ranks an infinite profit factor first, ties among infinite ones by seq, and skips rows without one', () => {
    const low = buildVolatilityReport([
      entry(6, 'A', 10, m(3, 1, 30, 0, 0.3, 1, 0)),
      entry(2, 'B', 10, m(5, 0.8, 1000, 1, 10, 1, 1)),
      entry(4, 'C', 10, m(1, 1, 5, 0, 0.05, 1, 0)),
      entry(1, 'D', 10, m(0, null, 0, 0, 0, null, 0)),
    ]).groups.LOW;
    expect(low.bestByProfitFactor?.seq).toBe(4);
    expect(low.bestByWinRate?.seq).toBe(4);
  });

  it('has no best performer when no backtest traded', () => {
    const low = buildVolatilityReport([entry(1, 'A', 10, m(0, null, 0, 0, 0, null, 0))]).groups.LOW;
    expect(low.bestByProfitFactor).toBeNull();
    expect(low.bestByWinRate).toBeNull();
  });
});

describe('validation', () => {
  it('requires 0 < low < high, naming the field and value', () => {
    expect(() => buildVolatilityReport([], { low: 0, high: 80 })).toThrow('thresholds.low: 0 must be greater than 0');
    expect(() => buildVolatilityReport([], { low: 50, high: 50 })).toThrow('thresholds.high: 50 must be greater than thresholds.low (50)');
    expect(() => buildVolatilityReport([], { low: 90, high: 80 })).toThrow('thresholds.high: 80 must be greater than thresholds.low (90)');
    expect(() => validateReportThresholds({ low: Number.NaN, high: 80 })).toThrow('thresholds.low: NaN is not a percentage');
    expect(() => validateReportThresholds({ low: 10, high: Infinity })).toThrow('thresholds.high: Infinity is not a percentage');
    expect(() => validateReportThresholds({ low: 1, high: 2 })).not.toThrow();
  });

  it('rejects malformed entries naming them', () => {
    expect(() => buildVolatilityReport([entry(1, 'A', 10), entry(1, 'B', 20)])).toThrow('entries[1].seq: 1 appears more than once');
    expect(() => buildVolatilityReport([entry(0, 'A', 10)])).toThrow('entries[0].seq: 0 is not a positive integer');
    expect(() => buildVolatilityReport([entry(1, 'A', -3)])).toThrow('entries[0].annualisedVol: -3');
    expect(() => buildVolatilityReport([{ ...entry(1, 'A', 3), symbols: [] }])).toThrow('entries[0].symbols');
    expect(() => buildVolatilityReport([{ ...entry(1, 'A', 3), period: { from: 5, to: 4 } }])).toThrow('entries[0].period');
  });
});

describe('volatilityReportCsv', () => {
  const entries = [
    entry(2, 'SOL/USDT', 93.456, m(3, 1, 30, 0, 0.3, 1.23456, 0.5)),
    { ...entry(1, 'BTC/USDT', 37.004, m(4, 0.25, 50, 150, -1, -0.5, 6)), name: 'BTC, "the" big one' },
    entry(3, 'PEPE/USDT', null, m(0, null, 0, 0, 0, null, 0), CONSERVATIVE),
    entry(4, 'LTC/USDT', 63.9, m(2, 0.5, 20, 10, 0.1, null, 1)),
  ];

  it('writes one row per backtest with its group, in group then seq order', () => {
    const rows = parseCsv(volatilityReportCsv(buildVolatilityReport(entries)));
    expect(rows[0]).toEqual([...VOLATILITY_CSV_COLUMNS]);
    const col = (name: string) => VOLATILITY_CSV_COLUMNS.indexOf(name as (typeof VOLATILITY_CSV_COLUMNS)[number]);
    const body = rows.slice(1);
    expect(body.map((r) => [r[col('group')], r[col('seq')]])).toEqual([
      ['LOW', '1'],
      ['MEDIUM', '4'],
      ['HIGH', '2'],
      ['UNCLASSIFIED', '3'],
    ]);
    for (const r of body) expect(r).toHaveLength(VOLATILITY_CSV_COLUMNS.length);
    const btc = body[0];
    expect(btc[col('name')]).toBe('BTC, "the" big one');
    expect(btc[col('symbols')]).toBe('BTC/USDT');
    expect(btc[col('from')]).toBe('2023-05-06T00:00:00.000Z');
    expect(btc[col('to')]).toBe('2023-12-29T23:00:00.000Z');
    expect(btc[col('annualised_vol_pct')]).toBe('37.00');
    expect(btc[col('strategy')]).toBe('BALANCED');
    expect([btc[col('stop_atr_mult')], btc[col('target_atr_mult')], btc[col('adx_threshold')], btc[col('min_confidence')]]).toEqual(['1.5', '3', '20', '0.5']);
    expect(btc[col('total_trades')]).toBe('4');
    expect(btc[col('win_rate_pct')]).toBe('25.00');
    expect(btc[col('profit_factor')]).toBe('0.3333');
    expect(btc[col('roi_pct')]).toBe('-1.0000');
    expect(btc[col('sharpe')]).toBe('-0.5000');
    expect(btc[col('max_drawdown_pct')]).toBe('6.0000');
    expect([btc[col('low_threshold_pct')], btc[col('high_threshold_pct')]]).toEqual(['50', '80']);
    const sol = body[2];
    expect(sol[col('profit_factor')]).toBe('inf');
    expect(sol[col('sharpe')]).toBe('1.2346');
    expect(sol[col('annualised_vol_pct')]).toBe('93.46');
    const pepe = body[3];
    expect(pepe[col('annualised_vol_pct')]).toBe('');
    expect(pepe[col('win_rate_pct')]).toBe('');
    expect(pepe[col('profit_factor')]).toBe('');
    expect(pepe[col('sharpe')]).toBe('');
    expect(pepe[col('strategy')]).toBe('CONSERVATIVE');
    expect(body[1][col('sharpe')]).toBe('');
  });

  it('is the same bytes whatever the order of the entries', () => {
    const a = volatilityReportCsv(buildVolatilityReport(entries, { low: 40, high: 70 }));
    const b = volatilityReportCsv(buildVolatilityReport([...entries].reverse(), { low: 40, high: 70 }));
    expect(b).toBe(a);
    expect(a.endsWith('\n')).toBe(true);
    expect(parseCsv(a).slice(1).map((r) => r[0])).toEqual(['LOW', 'MEDIUM', 'HIGH', 'UNCLASSIFIED']);
  });
});

describe('real candles: the 16 shared 1h symbols over 2023-05-06…2023-12-29', () => {
  /** The "suggested group" column of ../shared/data/README.md. */
  const README_GROUPS: Record<string, 'LOW' | 'MEDIUM' | 'HIGH'> = {
    BTCUSDT: 'LOW',
    TRXUSDT: 'LOW',
    ETHUSDT: 'LOW',
    BNBUSDT: 'LOW',
    LTCUSDT: 'MEDIUM',
    DOGEUSDT: 'MEDIUM',
    DOTUSDT: 'MEDIUM',
    ADAUSDT: 'MEDIUM',
    SHIBUSDT: 'MEDIUM',
    MATICUSDT: 'MEDIUM',
    XRPUSDT: 'MEDIUM',
    LINKUSDT: 'MEDIUM',
    AVAXUSDT: 'HIGH',
    SOLUSDT: 'HIGH',
    FLOKIUSDT: 'HIGH',
    PEPEUSDT: 'HIGH',
  };

  it('groups every symbol as the README suggests', () => {
    const symbols = Object.keys(README_GROUPS);
    const entries = symbols.map((symbol, i) => entry(i + 1, symbol, annualisedVolatility(loadSharedCandles(symbol, '1h'), '1h', FROM, TO)));
    const r = buildVolatilityReport(entries);
    expect(r.unclassified).toEqual([]);
    for (const g of ['LOW', 'MEDIUM', 'HIGH'] as const) {
      const expected = symbols.filter((s) => README_GROUPS[s] === g).sort();
      expect(r.groups[g].rows.map((x) => x.symbols[0]).sort(), g).toEqual(expected);
    }
    // The chart's bars run from the calmest (BTC) to the wildest (PEPE).
    expect(r.symbols[0].symbol).toBe('BTCUSDT');
    expect(r.symbols[r.symbols.length - 1].symbol).toBe('PEPEUSDT');
  });
});
