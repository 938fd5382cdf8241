import { describe, expect, it } from 'vitest';
import { BALANCED } from '../strategy/presets';
import {
  diagnose,
  EARLY_STOP_BARS,
  EARLY_STOP_SHARE_MAX,
  MIN_DIAGNOSIS_TRADES,
  REWARD_RISK_MIN,
  TARGET_CLOSE_ATR,
  TARGET_FAR_ATR,
  TARGET_REACH_MIN,
  type DiagnosisRule,
  type Finding,
} from './diagnosis';
import { levelParameters, type LevelParameters } from './levels';
import type { TradeContext } from './market-context';
import type { AnalysisTrade } from './trade';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const BALANCED_LEVELS = levelParameters(BALANCED.params, null);

/** A closed long entered at 100 with `target` and `stop` levels, held `bars` hours, exiting for `reason`. */
function trade(i: number, o: { target?: number | null; stop?: number | null; reason?: string; bars?: number; status?: AnalysisTrade['status'] } = {}): AnalysisTrade {
  const status = o.status ?? 'CLOSED';
  const closed = status === 'CLOSED';
  const reason = o.reason ?? 'SIGNAL';
  const exitPrice = reason === 'TP' ? (o.target ?? 100) : reason === 'SL' ? (o.stop ?? 100) : 100.5;
  return {
    id: `t${i}`,
    symbol: 'BTC/USDT',
    direction: 'LONG',
    status,
    entryTime: T0 + i * 24 * H,
    entryPrice: 100,
    quantity: 1,
    stop: o.stop === undefined ? 98 : o.stop,
    target: o.target === undefined ? 105 : o.target,
    exitTime: closed ? T0 + i * 24 * H + (o.bars ?? 5) * H : null,
    exitPrice: closed ? exitPrice : null,
    exitReason: closed ? reason : null,
    fees: 0,
    pnl: closed ? exitPrice - 100 : null,
    pnlPct: closed ? exitPrice - 100 : null,
    confidence: 0.8,
    signalTime: T0 + i * 24 * H - H,
  };
}

function ctx(atrPct: number | null, mfePct: number | null = null, maePct: number | null = null): TradeContext {
  return { atrPct, mfePct, maePct };
}

function run(trades: AnalysisTrade[], contexts: TradeContext[] | null, levels: LevelParameters = BALANCED_LEVELS, barMs: number | null = H): Record<DiagnosisRule, Finding> {
  const out = {} as Record<DiagnosisRule, Finding>;
  for (const f of diagnose({ trades, contexts, barMs, levels })) out[f.rule] = f;
  return out;
}

const ten = (f: (i: number) => AnalysisTrade) => Array.from({ length: MIN_DIAGNOSIS_TRADES }, (_, i) => f(i));

describe('TARGET_TOO_FAR', () => {
  // Targets 5 % away, ATR 1 %: 5 ATR, far for the timeframe.
  const reachedBy = (k: number) => ten((i) => trade(i)).map((_, i) => ctx(1, i < k ? 5 : 2));

  it(`fires when fewer than ${TARGET_REACH_MIN * 100} % of closed trades reached the target, naming tp_atr_multiplier with a range below 3`, () => {
    const f = run(ten((i) => trade(i)), reachedBy(2)).TARGET_TOO_FAR;
    expect(f.status).toBe('fired');
    expect(f.title).toBe('TP targets are too far (5.00%)');
    expect(f.values.reachRate).toBe(0.2);
    expect(f.values.targetAtr).toBe(5);
    const r = f.recommendation!;
    expect(r.parameter).toBe('tp_atr_multiplier');
    expect(r.current).toBe(3);
    // MFE of 2 % for eight trades, 5 % for two: the 40th–60th percentiles are 2 % → 2 ATR, widened by a step.
    expect([r.low, r.high]).toEqual([1.5, 2]);
    expect(r.text).toBe('Reduce tp_atr_multiplier from 3 to 1.5–2');
  });

  it('stays silent at the reach-rate boundary (exactly 30 %)', () => {
    const f = run(ten((i) => trade(i)), reachedBy(3)).TARGET_TOO_FAR;
    expect(f.values.reachRate).toBe(TARGET_REACH_MIN);
    expect(f.status).toBe('ok');
    expect(f.recommendation).toBeNull();
  });

  it(`fires at exactly ${TARGET_FAR_ATR} ATR and stays silent just below`, () => {
    const trades = ten((i) => trade(i, { target: 112, stop: 96 }));
    const at = run(trades, trades.map(() => ctx(4, 1))).TARGET_TOO_FAR;
    expect(at.values.targetAtr).toBe(TARGET_FAR_ATR);
    expect(at.status).toBe('fired');
    const below = run(trades, trades.map(() => ctx(4.01, 1))).TARGET_TOO_FAR;
    expect(below.values.targetAtr).toBeLessThan(TARGET_FAR_ATR);
    expect(below.status).toBe('ok');
  });

  it('without candles, judges by the target exits and scales the multiplier the targets imply', () => {
    const trades = ten((i) => trade(i, { reason: i < 2 ? 'TP' : 'SL' }));
    const f = run(trades, null).TARGET_TOO_FAR;
    expect(f.status).toBe('fired');
    expect(f.values.reachRate).toBe(0.2);
    expect(f.values.medianAtrPct).toBeNull();
    // Median target 5 % placed by 3 ATR → 1 ATR ≈ 1.67 %; 0.5–0.75 of the target = 1.5–2.25 ATR → 1.5–2.5 in half steps.
    expect(f.recommendation!.text).toBe('Reduce tp_atr_multiplier from 3 to 1.5–2.5');
    const three = run(ten((i) => trade(i, { reason: i < 3 ? 'TP' : 'SL' })), null).TARGET_TOO_FAR;
    expect(three.status).toBe('ok');
  });

  it(`is not evaluated below ${MIN_DIAGNOSIS_TRADES} closed trades`, () => {
    const trades = ten((i) => trade(i, { reason: 'SL', status: i === 0 ? 'OPEN' : 'CLOSED' }));
    const f = run(trades, null).TARGET_TOO_FAR;
    expect(f.status).toBe('not-evaluated');
    expect(f.detail).toContain('has 9');
  });

  it('names the account setting for trades without a strategy', () => {
    const f = run(ten((i) => trade(i, { reason: 'SL' })), null, levelParameters(null, { stopLossPct: 2, takeProfitPct: 5 })).TARGET_TOO_FAR;
    expect(f.recommendation!.parameter).toBe('takeProfitPct');
    expect(f.recommendation!.text).toBe('Reduce takeProfitPct from 5 to 2.5–3.8 %');
  });
});

describe('TARGET_TOO_CLOSE', () => {
  const closeLevels = levelParameters({ ...BALANCED.params, tp_atr_multiplier: 0.8, sl_atr_multiplier: 0.5 }, null);

  it(`fires below ${TARGET_CLOSE_ATR} ATR and suggests raising the target to 1.5–2.5 ATR`, () => {
    const trades = ten((i) => trade(i, { target: 100.5, stop: 99.5 }));
    const f = run(trades, trades.map(() => ctx(0.6)), closeLevels).TARGET_TOO_CLOSE;
    expect(f.status).toBe('fired');
    expect(f.title).toBe('TP targets are too close (0.50%)');
    expect(f.recommendation!.text).toBe('Raise tp_atr_multiplier from 0.8 to 1.5–2.5');
  });

  it('stays silent at exactly one ATR', () => {
    const trades = ten((i) => trade(i, { target: 102, stop: 98 }));
    const f = run(trades, trades.map(() => ctx(2)), closeLevels).TARGET_TOO_CLOSE;
    expect(f.values.targetAtr).toBe(TARGET_CLOSE_ATR);
    expect(f.status).toBe('ok');
  });

  it('is not evaluated without candles', () => {
    expect(run(ten((i) => trade(i)), null).TARGET_TOO_CLOSE.status).toBe('not-evaluated');
  });
});

describe('STOP_TOO_TIGHT', () => {
  const stopped = (early: number, earlyBars = EARLY_STOP_BARS - 1) =>
    ten((i) => trade(i, { reason: i < early ? 'SL' : 'SIGNAL', bars: i < early ? earlyBars : 10 }));

  it(`fires when ${EARLY_STOP_SHARE_MAX * 100} % of the stops are hit within ${EARLY_STOP_BARS} bars, naming sl_atr_multiplier`, () => {
    const f = run(stopped(3), null).STOP_TOO_TIGHT;
    expect(f.values.earlyStopRate).toBe(EARLY_STOP_SHARE_MAX);
    expect(f.status).toBe('fired');
    expect(f.title).toBe('Stops are too tight (2.00%)');
    expect(f.recommendation!.parameter).toBe('sl_atr_multiplier');
    // 1.25–1.75 × the median stop (2 % = 1.5 ATR): 1.875–2.625 → 2–2.5 in half steps.
    expect(f.recommendation!.text).toBe('Raise sl_atr_multiplier from 1.5 to 2–2.5');
  });

  it('stays silent just below the share', () => {
    const f = run(stopped(2), null).STOP_TOO_TIGHT;
    expect(f.values.earlyStopRate).toBe(0.2);
    expect(f.status).toBe('ok');
  });

  it(`does not count a stop hit on bar ${EARLY_STOP_BARS} as early`, () => {
    const f = run(stopped(5, EARLY_STOP_BARS), null).STOP_TOO_TIGHT;
    expect(f.values.earlyStopRate).toBe(0);
    expect(f.status).toBe('ok');
  });

  it('is not evaluated without the timeframe', () => {
    expect(run(stopped(5), null, BALANCED_LEVELS, null).STOP_TOO_TIGHT.status).toBe('not-evaluated');
  });
});

describe('LOW_REWARD_RISK', () => {
  it(`fires below ${REWARD_RISK_MIN} and sets the target from the stop setting`, () => {
    const f = run(ten((i) => trade(i, { target: 101.8, stop: 98 })), null).LOW_REWARD_RISK;
    expect(f.status).toBe('fired');
    expect(f.values.medianRewardRisk).toBeCloseTo(0.9, 12);
    expect(f.title).toBe('Reward/risk is below 1 (0.9)');
    expect(f.recommendation!.text).toBe('Set tp_atr_multiplier to 2.25–3 (1.5–2 × sl_atr_multiplier 1.5)');
  });

  it('stays silent at exactly 1', () => {
    const f = run(ten((i) => trade(i, { target: 102, stop: 98 })), null).LOW_REWARD_RISK;
    expect(f.values.medianRewardRisk).toBe(REWARD_RISK_MIN);
    expect(f.status).toBe('ok');
  });

  it('counts open trades too (planned levels), but not trades without a stop', () => {
    const trades = ten((i) => trade(i, { target: 101, stop: 98, status: 'OPEN' }));
    expect(run(trades, null).LOW_REWARD_RISK.status).toBe('fired');
    const noStop = ten((i) => trade(i, { target: 101, stop: null }));
    expect(run(noStop, null).LOW_REWARD_RISK.status).toBe('not-evaluated');
  });
});

it('a healthy sample fires nothing', () => {
  const trades = ten((i) => trade(i, { reason: i < 5 ? 'TP' : 'SL', bars: 8 }));
  const found = run(trades, trades.map((t, i) => ctx(2, i < 5 ? 5 : 1.5, 1)));
  expect(Object.values(found).map((f) => [f.rule, f.status])).toEqual([
    ['TARGET_TOO_FAR', 'ok'],
    ['TARGET_TOO_CLOSE', 'ok'],
    ['STOP_TOO_TIGHT', 'ok'],
    ['LOW_REWARD_RISK', 'ok'],
  ]);
});
