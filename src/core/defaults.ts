/**
 * Product defaults, in one place (the README's defaults table is this file).
 *
 * Units: every `...Pct` is in percent (10 = 10 %); `minConfidence` is a fraction (0..1);
 * money amounts are in the quote currency (USDT). Note that a strategy signal's
 * `stopFraction`/`targetFraction` are fractions (0.02 = 2 %): convert with `/ 100` when an account's
 * default stop or target fills in a signal's missing distance.
 */
export const TRADING_DEFAULTS = {
  /** Starting balance of a new paper account. */
  initialBalance: 10_000,
  /** Largest position, as a percent of current equity. */
  maxPositionSizePct: 10,
  /** Smallest position, in quote currency; smaller orders are skipped. */
  minPositionSize: 10,
  /** Stop-loss distance used when a signal carries none, in percent of the entry price. */
  stopLossPct: 2,
  /** Take-profit distance used when a signal carries none, in percent of the entry price. */
  takeProfitPct: 5,
  /** Trading stops for the UTC day after losing this percent of the day's starting equity. */
  maxDailyLossPct: 5,
  /** Most trades opened per UTC day. */
  maxDailyTrades: 50,
  /** Least time between two automatic entries, in minutes. */
  minMinutesBetweenTrades: 5,
  /** Most positions open at once. */
  maxOpenTrades: 5,
  /** Signals below this confidence (0..1) are not traded automatically. */
  minConfidence: 0.7,
  /** Size of the SYSTEM trade opened for every signal, in quote currency. */
  systemTradeSize: 100,
  /** Fee of every paper fill, in percent of its notional. */
  feePct: 0.1,
  /** Slippage of every paper market fill, in percent of the price. */
  slippagePct: 0.05,
} as const;

/** Editable trading defaults (the settings screen's overrides have this shape). */
export type TradingDefaults = { -readonly [K in keyof typeof TRADING_DEFAULTS]: number };

/** Allowed initial balance of a paper account, inclusive, in quote currency. */
export const INITIAL_BALANCE_RANGE = { min: 100, max: 1_000_000 } as const;

/**
 * Circuit breaker of a paper account: after `maxConsecutiveLosses` losing trades in a row,
 * automatic trading pauses for `cooldownMinutes`. (The daily loss and daily trade limits
 * above are enforced as well.)
 */
export const CIRCUIT_BREAKER_DEFAULTS = {
  enabled: true,
  maxConsecutiveLosses: 5,
  cooldownMinutes: 60,
} as const;

/** Money in the paper ledger: decimal arithmetic, 28 significant digits, banker's rounding. */
export const MONEY_PRECISION = {
  significantDigits: 28,
  rounding: 'HALF_EVEN',
} as const;

/** The paper bot evaluates its strategy once per closed candle of the watched timeframe. */
export const BOT_TICK = 'candle-close' as const;
