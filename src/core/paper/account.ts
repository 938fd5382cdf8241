/**
 * A paper account's settings: what the bot may do with it. Defaults come from `core/defaults.ts`;
 * {@link checkAccountSettings} refuses a bad value with a RangeError naming the field and the value.
 * Percents are in percent (10 = 10 %); `minConfidence` is a fraction; money is a decimal string.
 */
import { CIRCUIT_BREAKER_DEFAULTS, INITIAL_BALANCE_RANGE, TRADING_DEFAULTS } from '../defaults';
import { isDecimalString, Money, type DecimalString } from './money';

export interface CircuitBreakerSettings {
  enabled: boolean;
  /** Losing trades in a row that pause automatic trading (integer ≥ 1). */
  maxConsecutiveLosses: number;
  /** How long the pause lasts, in minutes (≥ 0). */
  cooldownMinutes: number;
}

export interface PaperAccountSettings {
  name: string;
  /** The bot opens trades by itself only when on. */
  autoTrading: boolean;
  /** Most positions open at once (integer 1 – 10,000). */
  maxOpenTrades: number;
  /** Signals below this confidence (0..1) are not traded automatically. */
  minConfidence: number;
  /** Size of an automatic position, in percent of equity (0 < x ≤ 100). */
  maxPositionSizePct: number;
  /** Smallest position, in quote currency (≥ 0); smaller entries are skipped. */
  minPositionSize: DecimalString;
  /** Stop distance used when a signal carries none, in percent (0 – 100; 0 = no stop). */
  stopLossPct: number;
  /** Target distance used when a signal carries none, in percent (0 – 1000; 0 = no target). */
  takeProfitPct: number;
  /** Automatic trading stops for the UTC day once the day's realised loss reaches this percent of its starting equity (0 < x ≤ 100). */
  maxDailyLossPct: number;
  /** Most trades opened per UTC day (integer ≥ 1). */
  maxDailyTrades: number;
  /** Least time between two entries, in minutes (≥ 0). */
  minMinutesBetweenTrades: number;
  circuitBreaker: CircuitBreakerSettings;
  /** Fee of every fill, in percent of its notional (0 – 10). */
  feePct: number;
  /** Slippage of every market fill, in percent of the price (0 – 10). */
  slippagePct: number;
  allowLong: boolean;
  allowShort: boolean;
}

/** Every setting at its product default, with `name`. */
export function defaultAccountSettings(name: string): PaperAccountSettings {
  return {
    name,
    autoTrading: false,
    maxOpenTrades: TRADING_DEFAULTS.maxOpenTrades,
    minConfidence: TRADING_DEFAULTS.minConfidence,
    maxPositionSizePct: TRADING_DEFAULTS.maxPositionSizePct,
    minPositionSize: TRADING_DEFAULTS.minPositionSize.toFixed(2),
    stopLossPct: TRADING_DEFAULTS.stopLossPct,
    takeProfitPct: TRADING_DEFAULTS.takeProfitPct,
    maxDailyLossPct: TRADING_DEFAULTS.maxDailyLossPct,
    maxDailyTrades: TRADING_DEFAULTS.maxDailyTrades,
    minMinutesBetweenTrades: TRADING_DEFAULTS.minMinutesBetweenTrades,
    circuitBreaker: { ...CIRCUIT_BREAKER_DEFAULTS },
    feePct: TRADING_DEFAULTS.feePct,
    slippagePct: TRADING_DEFAULTS.slippagePct,
    allowLong: true,
    allowShort: true,
  };
}

/** Longest account name, in characters. */
export const MAX_ACCOUNT_NAME_LENGTH = 80;

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function bad(field: string, v: unknown, rule: string): RangeError {
  return new RangeError(`${field}: ${show(v)} ${rule}`);
}

function numberIn(field: string, v: unknown, min: number, max: number, minExclusive = false): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(field, v, 'is not a finite number');
  if (v > max || (minExclusive ? v <= min : v < min)) {
    throw bad(field, v, minExclusive ? `must be greater than ${min} and at most ${max}` : `is outside ${min}..${max}`);
  }
}

function integerIn(field: string, v: unknown, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw bad(field, v, `must be an integer between ${min} and ${max}`);
  }
}

function bool(field: string, v: unknown): void {
  if (typeof v !== 'boolean') throw bad(field, v, 'must be true or false');
}

/** Throws unless `v` is a decimal string from 100 to 1,000,000 (the allowed initial balance). */
export function checkInitialBalance(v: unknown, field = 'initialBalance'): DecimalString {
  if (!isDecimalString(v)) throw bad(field, v, 'is not a decimal string like "10000.00"');
  const d = new Money(v);
  if (d.lt(INITIAL_BALANCE_RANGE.min) || d.gt(INITIAL_BALANCE_RANGE.max)) {
    throw new RangeError(`${field}: ${v} is outside ${INITIAL_BALANCE_RANGE.min}..${INITIAL_BALANCE_RANGE.max}`);
  }
  return v;
}

const KEYS: ReadonlyArray<keyof PaperAccountSettings> = Object.keys(defaultAccountSettings('')) as Array<keyof PaperAccountSettings>;

/**
 * Checks the fields present in `s` (all of them for a complete settings object); throws a
 * RangeError naming the first bad field and its value. Unknown fields are refused too.
 */
export function checkAccountSettings(s: Partial<PaperAccountSettings>): void {
  if (s === null || typeof s !== 'object') throw new RangeError(`settings: ${String(s)} is not an object`);
  for (const k of Object.keys(s)) {
    if (!(KEYS as readonly string[]).includes(k)) throw new RangeError(`${k}: is not a paper account setting (known: ${KEYS.join(', ')})`);
  }
  if (s.name !== undefined) {
    if (typeof s.name !== 'string' || s.name.trim() === '') throw bad('name', s.name, 'is not a non-empty name');
    if (s.name.length > MAX_ACCOUNT_NAME_LENGTH) throw bad('name', s.name, `is longer than ${MAX_ACCOUNT_NAME_LENGTH} characters`);
  }
  if (s.autoTrading !== undefined) bool('autoTrading', s.autoTrading);
  if (s.maxOpenTrades !== undefined) integerIn('maxOpenTrades', s.maxOpenTrades, 1, 10_000);
  if (s.minConfidence !== undefined) numberIn('minConfidence', s.minConfidence, 0, 1);
  if (s.maxPositionSizePct !== undefined) numberIn('maxPositionSizePct', s.maxPositionSizePct, 0, 100, true);
  if (s.minPositionSize !== undefined) {
    if (!isDecimalString(s.minPositionSize)) throw bad('minPositionSize', s.minPositionSize, 'is not a decimal string like "10.00"');
    if (new Money(s.minPositionSize).isNegative()) throw bad('minPositionSize', s.minPositionSize, 'must not be negative');
  }
  if (s.stopLossPct !== undefined) numberIn('stopLossPct', s.stopLossPct, 0, 100);
  if (s.takeProfitPct !== undefined) numberIn('takeProfitPct', s.takeProfitPct, 0, 1000);
  if (s.maxDailyLossPct !== undefined) numberIn('maxDailyLossPct', s.maxDailyLossPct, 0, 100, true);
  if (s.maxDailyTrades !== undefined) integerIn('maxDailyTrades', s.maxDailyTrades, 1, 1_000_000);
  if (s.minMinutesBetweenTrades !== undefined) numberIn('minMinutesBetweenTrades', s.minMinutesBetweenTrades, 0, 1_000_000);
  if (s.circuitBreaker !== undefined) {
    const cb = s.circuitBreaker;
    if (cb === null || typeof cb !== 'object') throw bad('circuitBreaker', cb, 'is not { enabled, maxConsecutiveLosses, cooldownMinutes }');
    bool('circuitBreaker.enabled', cb.enabled);
    integerIn('circuitBreaker.maxConsecutiveLosses', cb.maxConsecutiveLosses, 1, 1_000);
    numberIn('circuitBreaker.cooldownMinutes', cb.cooldownMinutes, 0, 1_000_000);
  }
  if (s.feePct !== undefined) numberIn('feePct', s.feePct, 0, 10);
  if (s.slippagePct !== undefined) numberIn('slippagePct', s.slippagePct, 0, 10);
  if (s.allowLong !== undefined) bool('allowLong', s.allowLong);
  if (s.allowShort !== undefined) bool('allowShort', s.allowShort);
  if (s.allowLong === false && s.allowShort === false) {
    throw new RangeError('allowLong: false and allowShort: false: at least one direction must be allowed');
  }
}

/** Complete settings from defaults and `overrides` (checked). */
export function accountSettings(overrides: Partial<PaperAccountSettings> & { name: string }): PaperAccountSettings {
  const base = defaultAccountSettings(overrides.name);
  const out: PaperAccountSettings = {
    ...base,
    ...overrides,
    circuitBreaker: { ...base.circuitBreaker, ...overrides.circuitBreaker },
  };
  checkAccountSettings(out);
  return out;
}

/** The settings part of a stored account (anything else on the object is left out). */
export function pickAccountSettings(a: PaperAccountSettings): PaperAccountSettings {
  const out = {} as Record<string, unknown>;
  for (const k of KEYS) out[k] = k === 'circuitBreaker' ? { ...a.circuitBreaker } : a[k];
  return out as unknown as PaperAccountSettings;
}
