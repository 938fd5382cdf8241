/**
 * Backtest configuration: capital, costs, position sizing and portfolio rules.
 * Every field is checked by {@link validateBacktestConfig}; the fill model itself is described
 * at the top of `engine.ts`.
 */

/**
 * How much an entry spends.
 * - `fixed`: `value` quote units.
 * - `equity`: `value` % of current equity.
 * - `risk`: sized so that hitting the stop loses `value` % of equity
 *   (`qty = equity * value / 100 / (fill * stopFraction)`); a signal without a stop is skipped.
 */
export type Sizing =
  | { kind: 'fixed'; value: number }
  | { kind: 'equity'; value: number }
  | { kind: 'risk'; value: number };

export type SizingKind = Sizing['kind'];
export const SIZING_KINDS: readonly SizingKind[] = ['fixed', 'equity', 'risk'];

export interface BacktestConfig {
  /** Starting cash in quote units (100 – 1,000,000). */
  initialCapital: number;
  /** Fee per fill as a fraction of notional (0.001 = 0.1 %), 0 – 0.1. */
  feeRate: number;
  /** Slippage of market fills as a fraction of price (0.0005 = 0.05 %), 0 – 0.1. */
  slippage: number;
  sizing: Sizing;
  /** Most positions open at once across all symbols (integer ≥ 1). */
  maxOpenTrades: number;
  /** Cap of one position's notional as % of equity at the fill (0 < x ≤ 100). */
  maxPositionPct: number;
  /** Smallest notional an entry may have, in quote units (≥ 0); smaller entries are skipped. */
  minOrder: number;
  allowLong: boolean;
  allowShort: boolean;
  /** Close a position on an opposite signal (and reverse when that direction is allowed). */
  exitOnOpposite: boolean;
  /** Close a position after holding this many bars; 0 = never (integer ≥ 0). */
  maxBars: number;
}

export const DEFAULT_BACKTEST_CONFIG: Readonly<BacktestConfig> = Object.freeze({
  initialCapital: 10_000,
  feeRate: 0.001,
  slippage: 0.0005,
  sizing: Object.freeze({ kind: 'equity', value: 10 }) as Sizing,
  maxOpenTrades: 5,
  maxPositionPct: 100,
  minOrder: 10,
  allowLong: true,
  allowShort: true,
  exitOnOpposite: true,
  maxBars: 0,
});

const SIZING_RE = /^\s*(fixed|equity|risk)\s*:\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*$/i;

/** Parses `fixed:100`, `equity:10` or `risk:1` (the value is checked by {@link validateSizing}). */
export function parseSizing(text: string, field = 'sizing'): Sizing {
  const m = SIZING_RE.exec(String(text));
  if (!m) {
    throw new RangeError(`${field}: "${text}" is not a sizing (expected fixed:X, equity:P or risk:R)`);
  }
  const sizing = { kind: m[1].toLowerCase() as SizingKind, value: Number(m[2]) } as Sizing;
  validateSizing(sizing, field);
  return sizing;
}

/** The text form read by {@link parseSizing}, e.g. `equity:10`. */
export function formatSizing(s: Sizing): string {
  return `${s.kind}:${s.value}`;
}

/** Throws when the sizing's kind is unknown or its value is out of range. */
export function validateSizing(s: Sizing, field = 'sizing'): void {
  if (s === null || typeof s !== 'object') {
    throw new RangeError(`${field}: ${String(s)} is not a sizing (expected { kind, value })`);
  }
  if (!(SIZING_KINDS as readonly string[]).includes(s.kind)) {
    throw new RangeError(`${field}.kind: "${String(s.kind)}" is not one of ${SIZING_KINDS.join(', ')}`);
  }
  const v = s.value;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new RangeError(`${field}.value: ${String(v)} must be a positive number`);
  }
  if (s.kind !== 'fixed' && v > 100) {
    throw new RangeError(`${field}.value: ${v} must be between 0 and 100 (% of equity) for ${s.kind} sizing`);
  }
}

function checkNumber(field: string, v: unknown, min: number, max: number, minExclusive = false): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v > max || (minExclusive ? v <= min : v < min)) {
    const range = minExclusive ? `greater than ${min} and at most ${max}` : `between ${min} and ${max}`;
    throw new RangeError(`${field}: ${String(v)} must be ${range}`);
  }
}

function checkInteger(field: string, v: unknown, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${field}: ${String(v)} must be an integer between ${min} and ${max}`);
  }
}

function checkBoolean(field: string, v: unknown): void {
  if (typeof v !== 'boolean') throw new RangeError(`${field}: ${String(v)} must be true or false`);
}

/** Throws a RangeError naming the first invalid field and its value. */
export function validateBacktestConfig(cfg: BacktestConfig): void {
  if (cfg === null || typeof cfg !== 'object') throw new RangeError(`config: ${String(cfg)} is not an object`);
  checkNumber('initialCapital', cfg.initialCapital, 100, 1_000_000);
  checkNumber('feeRate', cfg.feeRate, 0, 0.1);
  checkNumber('slippage', cfg.slippage, 0, 0.1);
  validateSizing(cfg.sizing);
  checkInteger('maxOpenTrades', cfg.maxOpenTrades, 1, 10_000);
  checkNumber('maxPositionPct', cfg.maxPositionPct, 0, 100, true);
  checkNumber('minOrder', cfg.minOrder, 0, Number.MAX_VALUE);
  checkBoolean('allowLong', cfg.allowLong);
  checkBoolean('allowShort', cfg.allowShort);
  checkBoolean('exitOnOpposite', cfg.exitOnOpposite);
  checkInteger('maxBars', cfg.maxBars, 0, Number.MAX_SAFE_INTEGER);
  if (!cfg.allowLong && !cfg.allowShort) {
    throw new RangeError('allowLong: false and allowShort: false: at least one direction must be allowed');
  }
}
