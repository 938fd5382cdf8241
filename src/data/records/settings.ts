import type { Timeframe } from '../../core/candles/timeframe';
import type { TradingDefaults } from '../../core/defaults';
import type { DemoClock } from '../../core/demo/demo-clock';

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export type PriceSource = 'live' | 'demo';
export const PRICE_SOURCES: readonly PriceSource[] = ['live', 'demo'];

/** A candle series the live signal stream follows. */
export interface WatchEntry {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
}

/** The demo market's live clock, and the market it continues (seed and first candle). */
export interface DemoClockSetting extends DemoClock {
  seed: number;
  /** Open time of the demo market's first candle (UTC ms). */
  marketStart: number;
}

/** Every user setting, with its type. Stored one row per key, only when changed. */
export interface AppSettings {
  /** Where live candles come from: the exchanges (`live`) or the demo market's clock (`demo`). */
  priceSource: PriceSource;
  /** Series the live signal stream follows; null = the demo market's symbols on 1h when it is stored. */
  watchList: WatchEntry[] | null;
  /** The demo clock; null until the demo market is loaded. */
  demoClock: DemoClockSetting | null;
  circuitBreakers: boolean;
  autoPilot: boolean;
  /** Exchange id → CORS proxy URL prefix. */
  exchangeProxies: Record<string, string>;
  theme: Theme;
  /** User overrides of the product's trading defaults. */
  tradingOverrides: Partial<TradingDefaults>;
}

export type SettingKey = keyof AppSettings;

export interface SettingRecord<K extends SettingKey = SettingKey> {
  key: K;
  value: AppSettings[K];
  updatedAt: number;
}
