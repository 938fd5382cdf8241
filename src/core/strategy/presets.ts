import type { Timeframe } from '../candles/timeframe';
import { SIGNAL_ENGINE_ID, SIGNAL_ENGINE_PARAMS } from './signal-engine';
import type { StrategyParams } from './types';

export const PRESET_NAMES = ['BALANCED', 'AGGRESSIVE', 'CONSERVATIVE', 'SCALPER', 'SWING'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A named, complete parameter set of the signal engine (the trading modes of the product). */
export interface Preset {
  name: PresetName;
  strategy: typeof SIGNAL_ENGINE_ID;
  description: string;
  /** Timeframes the preset is tuned for. */
  timeframes: readonly Timeframe[];
  /** Every signal-engine parameter. */
  params: Readonly<StrategyParams>;
}

function complete(overrides: StrategyParams): Readonly<StrategyParams> {
  const out: StrategyParams = {};
  for (const spec of SIGNAL_ENGINE_PARAMS) out[spec.key] = spec.default;
  for (const key of Object.keys(overrides)) {
    if (!(key in out)) throw new RangeError(`${key}: ${String(overrides[key])} is not a parameter of ${SIGNAL_ENGINE_ID}`);
    out[key] = overrides[key];
  }
  return Object.freeze(out);
}

function define(p: Preset): Preset {
  return Object.freeze({ ...p, timeframes: Object.freeze([...p.timeframes]) });
}

/**
 * BALANCED — the default mode for 1h–4h charts: RSI 14 with a long band 45–70 and a short band
 * 30–55, ADX 14 ≥ 20, volume ≥ 1.2 × its 20-bar average, price on the trend side of EMA 50,
 * stop 1.5 ATR and target 3 ATR (2:1), confidence ≥ 0.5.
 */
export const BALANCED: Preset = define({
  name: 'BALANCED',
  strategy: SIGNAL_ENGINE_ID,
  description: 'All-round trend-following mode for 1h–4h: moderate filters, 1.5/3 ATR stop/target.',
  timeframes: ['1h', '4h'],
  params: complete({
    rsi_period: 14,
    rsi_long_min: 45,
    rsi_long_max: 70,
    rsi_short_min: 30,
    rsi_short_max: 55,
    adx_period: 14,
    adx_threshold: 20,
    volume_sma_period: 20,
    volume_multiplier: 1.2,
    ema_trend_filter: true,
    ema_trend_period: 50,
    atr_period: 14,
    sl_atr_multiplier: 1.5,
    tp_atr_multiplier: 3,
    min_confidence: 0.5,
    pattern_filter: 'none',
  }),
});

/**
 * AGGRESSIVE — more trades for traders who accept more noise: wider RSI bands (40–75 long,
 * 25–60 short), a weaker trend (ADX ≥ 15), any above-average volume, no EMA filter, tighter
 * stop 1.2 ATR with target 2.5 ATR, confidence ≥ 0.4.
 */
export const AGGRESSIVE: Preset = define({
  name: 'AGGRESSIVE',
  strategy: SIGNAL_ENGINE_ID,
  description: 'Frequent signals: wide RSI bands, ADX ≥ 15, no EMA filter, 1.2/2.5 ATR stop/target.',
  timeframes: ['15m', '1h', '4h'],
  params: complete({
    rsi_period: 14,
    rsi_long_min: 40,
    rsi_long_max: 75,
    rsi_short_min: 25,
    rsi_short_max: 60,
    adx_period: 14,
    adx_threshold: 15,
    volume_sma_period: 20,
    volume_multiplier: 1,
    ema_trend_filter: false,
    ema_trend_period: 50,
    atr_period: 14,
    sl_atr_multiplier: 1.2,
    tp_atr_multiplier: 2.5,
    min_confidence: 0.4,
    pattern_filter: 'none',
  }),
});

/**
 * CONSERVATIVE — few, well-confirmed signals: narrow RSI bands (50–65 long, 35–50 short),
 * a clear trend (ADX ≥ 25), a volume surge (≥ 1.5 × average), price on the trend side of
 * EMA 100, stop 2 ATR and target 4 ATR, confidence ≥ 0.6.
 */
export const CONSERVATIVE: Preset = define({
  name: 'CONSERVATIVE',
  strategy: SIGNAL_ENGINE_ID,
  description: 'Few strong signals: ADX ≥ 25, volume ≥ 1.5× average, EMA 100 trend, 2/4 ATR stop/target.',
  timeframes: ['1h', '4h', '1d'],
  params: complete({
    rsi_period: 14,
    rsi_long_min: 50,
    rsi_long_max: 65,
    rsi_short_min: 35,
    rsi_short_max: 50,
    adx_period: 14,
    adx_threshold: 25,
    volume_sma_period: 20,
    volume_multiplier: 1.5,
    ema_trend_filter: true,
    ema_trend_period: 100,
    atr_period: 14,
    sl_atr_multiplier: 2,
    tp_atr_multiplier: 4,
    min_confidence: 0.6,
    pattern_filter: 'none',
  }),
});

/**
 * SCALPER — short-term momentum on 1m–15m charts: fast indicators (RSI 7, ADX 7, ATR 7,
 * EMA 21, volume average 10), momentum-side RSI bands (50–80 long, 20–50 short), volume
 * ≥ 1.5 × average, tight stop 1 ATR and target 1.5 ATR, confidence ≥ 0.45.
 */
export const SCALPER: Preset = define({
  name: 'SCALPER',
  strategy: SIGNAL_ENGINE_ID,
  description: 'Fast momentum for 1m–15m: 7-bar indicators, EMA 21, volume bursts, 1/1.5 ATR stop/target.',
  timeframes: ['1m', '5m', '15m'],
  params: complete({
    rsi_period: 7,
    rsi_long_min: 50,
    rsi_long_max: 80,
    rsi_short_min: 20,
    rsi_short_max: 50,
    adx_period: 7,
    adx_threshold: 20,
    volume_sma_period: 10,
    volume_multiplier: 1.5,
    ema_trend_filter: true,
    ema_trend_period: 21,
    atr_period: 7,
    sl_atr_multiplier: 1,
    tp_atr_multiplier: 1.5,
    min_confidence: 0.45,
    pattern_filter: 'none',
  }),
});

/**
 * SWING — multi-day trend legs on 4h–1d charts: slower indicators (RSI 21, ADX 21, ATR 21,
 * volume average 30), pullback RSI bands (45–65 long, 35–55 short), price on the trend side
 * of EMA 200, wide stop 2.5 ATR and target 6 ATR, confidence ≥ 0.45.
 */
export const SWING: Preset = define({
  name: 'SWING',
  strategy: SIGNAL_ENGINE_ID,
  description: 'Multi-day trends for 4h–1d: 21-bar indicators, EMA 200 trend, 2.5/6 ATR stop/target.',
  timeframes: ['4h', '1d'],
  params: complete({
    rsi_period: 21,
    rsi_long_min: 45,
    rsi_long_max: 65,
    rsi_short_min: 35,
    rsi_short_max: 55,
    adx_period: 21,
    adx_threshold: 20,
    volume_sma_period: 30,
    volume_multiplier: 1,
    ema_trend_filter: true,
    ema_trend_period: 200,
    atr_period: 21,
    sl_atr_multiplier: 2.5,
    tp_atr_multiplier: 6,
    min_confidence: 0.45,
    pattern_filter: 'none',
  }),
});

export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.freeze({
  BALANCED,
  AGGRESSIVE,
  CONSERVATIVE,
  SCALPER,
  SWING,
});

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** The preset called `name` (exact, upper case); throws naming the value and the known names. */
export function getPreset(name: string): Preset {
  if (!isPresetName(name)) {
    throw new RangeError(`preset: "${name}" is not a preset (known: ${PRESET_NAMES.join(', ')})`);
  }
  return PRESETS[name];
}
