import type { TradingDefaults } from '../../core/defaults';

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export type PriceSource = 'live' | 'demo';
export const PRICE_SOURCES: readonly PriceSource[] = ['live', 'demo'];

/** Every user setting, with its type. Stored one row per key, only when changed. */
export interface AppSettings {
  /** Live exchange prices or the built-in demo feed. */
  priceSource: PriceSource;
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
