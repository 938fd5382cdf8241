import type { AppSettings } from './records/settings';

/**
 * Value of every setting until the user changes it. The trading defaults themselves live in
 * `src/core/defaults.ts`; `tradingOverrides` only holds the user's departures from them.
 */
export const SETTINGS_DEFAULTS: Readonly<AppSettings> = Object.freeze({
  priceSource: 'demo',
  watchList: null,
  demoClock: null,
  circuitBreakers: true,
  autoPilot: false,
  exchangeProxies: {},
  theme: 'system',
  tradingOverrides: {},
});
