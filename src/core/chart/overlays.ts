/**
 * Indicators drawn on a chart: any indicator of the registry with its parameters, computed on the
 * candles of a chosen timeframe (the view's, the base series', or a longer one), on the price or
 * in a pane below. On a view candle an overlay shows the value of the last candle of its own
 * timeframe CLOSED by the view candle's close, so a longer timeframe draws as steps that change
 * only when its candle closes.
 */
import { isTimeframe, TIMEFRAMES, type Timeframe } from '../candles/timeframe';
import { getIndicator, INDICATORS, resolveParams, type IndicatorName } from '../indicators/registry';
import { str } from '../strategy/params';
import type { StrategyParams } from '../strategy/types';

export type OverlayPane = 'price' | 'below';

/** One indicator on the chart. `timeframe` null = the view's timeframe (follows timeframe switches). */
export interface OverlaySpec {
  indicator: IndicatorName;
  params: Record<string, number>;
  timeframe: Timeframe | null;
  pane: OverlayPane;
}

/** Indicators drawn on the price by default (they are in price units); the others go below. */
const ON_PRICE: ReadonlySet<IndicatorName> = new Set<IndicatorName>(['sma', 'ema', 'wma', 'hma', 'bollinger', 'vwap', 'highest', 'lowest']);

/** Where an indicator goes unless asked otherwise. */
export function defaultPane(name: IndicatorName): OverlayPane {
  return ON_PRICE.has(name) ? 'price' : 'below';
}

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}

/**
 * Checks an overlay (indicator name, parameters within the registry's bounds, a timeframe not
 * shorter than the base series', a pane); returns it with every parameter filled in. Throws naming
 * the field and the value.
 */
export function checkOverlay(spec: OverlaySpec, baseTf: Timeframe): OverlaySpec {
  if (spec === null || typeof spec !== 'object') throw new TypeError(`overlay: ${show(spec)} is not an overlay`);
  const def = INDICATORS.find((d) => d.name === spec.indicator);
  if (!def) throw new RangeError(`overlay.indicator: ${show(spec.indicator)} is not an indicator (known: ${INDICATORS.map((d) => d.name).join(', ')})`);
  const params = resolveParams(def, spec.params ?? {});
  if (spec.timeframe !== null) {
    if (!isTimeframe(spec.timeframe)) throw new RangeError(`overlay.timeframe: ${show(spec.timeframe)} is not a timeframe`);
    if (TIMEFRAMES.indexOf(spec.timeframe) < TIMEFRAMES.indexOf(baseTf)) {
      throw new RangeError(`overlay.timeframe: "${spec.timeframe}" is shorter than the series' ${baseTf}`);
    }
  }
  if (spec.pane !== 'price' && spec.pane !== 'below') throw new RangeError(`overlay.pane: ${show(spec.pane)} is not price or below`);
  return { indicator: def.name, params: { ...params }, timeframe: spec.timeframe, pane: spec.pane };
}

/** A stable key of an overlay (same indicator, parameters, timeframe and pane → same key). */
export function overlayKey(spec: OverlaySpec): string {
  const p = Object.keys(spec.params)
    .sort()
    .map((k) => `${k}=${spec.params[k]}`)
    .join(',');
  return `${spec.indicator}(${p})@${spec.timeframe ?? 'view'}:${spec.pane}`;
}

/** A short label: `HMA 200 · 4h`, `Bollinger bands 20, 2`, `RSI 14`. */
export function overlayLabel(spec: OverlaySpec): string {
  const def = getIndicator(spec.indicator);
  const short = def.name === 'volumeSma' ? 'Volume SMA' : def.name === 'realizedVolatility' ? 'Realised vol.' : def.name.length <= 4 ? def.name.toUpperCase() : def.label;
  const values = def.params.map((p) => String(spec.params[p.key] ?? p.default)).join(', ');
  return `${short}${values ? ` ${values}` : ''}${spec.timeframe ? ` · ${spec.timeframe}` : ''}`;
}

/**
 * The lines a strategy reads, as overlays: for HMA_SMA its SMA on the base timeframe and its HMA on
 * each higher timeframe (closed candles, drawn as steps); for the signal engine its trend EMA
 * when the filter is on. Other strategies draw none.
 */
export function strategyOverlays(strategyId: string, params: StrategyParams, baseTf: Timeframe): OverlaySpec[] {
  if (strategyId === 'HMA_SMA') {
    const sma = Number(params.sma_period);
    const hma = Number(params.hma_period);
    return [
      { indicator: 'sma', params: { period: sma }, timeframe: baseTf, pane: 'price' },
      { indicator: 'hma', params: { period: hma }, timeframe: str(params, 'higher_tf_1') as Timeframe, pane: 'price' },
      { indicator: 'hma', params: { period: hma }, timeframe: str(params, 'higher_tf_2') as Timeframe, pane: 'price' },
    ];
  }
  if (strategyId === 'SIGNAL_ENGINE' && params.ema_trend_filter === true) {
    return [{ indicator: 'ema', params: { period: Number(params.ema_trend_period) }, timeframe: baseTf, pane: 'price' }];
  }
  return [];
}
