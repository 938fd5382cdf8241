/**
 * Batches of backtests: one form submission expands into jobs, the cartesian product of
 * symbol sets × periods × parameter variants. Pure functions (no storage), so the page can show
 * the job count and the first problem while the user types.
 */
import { validateBacktestConfig, type BacktestConfig } from '../core/backtest/config';
import { resolveRequestStrategy } from '../core/backtest/request';
import { TIMEFRAMES, type Timeframe } from '../core/candles/timeframe';
import { checkParam, validateParams } from '../core/strategy/params';
import { resolveStrategy } from '../core/strategy/registry';
import type { ParamSpec, ParamValue, StrategyParams } from '../core/strategy/types';
import type { BacktestJobConfig } from '../core/backtest/job';
import { formatDate } from '../core/util/format-time';

/** Most jobs one batch may create. */
export const MAX_BATCH_JOBS = 1000;

/** A trading window: inclusive open times (UTC ms); null = the series' first or last candle. */
export interface BatchPeriod {
  from: number | null;
  to: number | null;
}

/** A parameter tried with several values (each value gives its own jobs). */
export interface ParamVariant {
  key: string;
  values: ParamValue[];
}

/** What the new-backtest form submits. */
export interface BatchSpec {
  exchange: string;
  timeframe: Timeframe;
  /** Preset or strategy id (BALANCED … SWING, HMA_SMA, SCRIPTED). */
  strategy: string;
  /** Parameter values (over the preset's). */
  params: StrategyParams;
  /** SCRIPTED only: the signals CSV. */
  script?: string;
  symbols: string[];
  /** `each`: one job per symbol; `portfolio`: all symbols traded together in one job. */
  mode: 'each' | 'portfolio';
  periods: BatchPeriod[];
  variants: ParamVariant[];
  backtest: BacktestConfig;
}

/** One job to queue. */
export interface BatchJob {
  name: string;
  config: BacktestJobConfig;
}

/** A day as the date inputs hold it (`2023-05-06`), for messages about what was entered. */
function day(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** `06 May 2023 – 29 Dec 2023`, with `start` / `end` for open ends. */
export function periodLabel(p: BatchPeriod): string {
  return `${p.from === null ? 'start' : formatDate(p.from)} – ${p.to === null ? 'end' : formatDate(p.to)}`;
}

/** The symbol sets of a spec: one per symbol, or all symbols together. */
export function symbolSets(spec: Pick<BatchSpec, 'symbols' | 'mode'>): string[][] {
  if (spec.symbols.length === 0) return [];
  return spec.mode === 'portfolio' ? [[...spec.symbols]] : spec.symbols.map((s) => [s]);
}

/** Number of jobs a spec gives (before validation): symbol sets × periods × variant values. */
export function batchJobCount(spec: Pick<BatchSpec, 'symbols' | 'mode' | 'periods' | 'variants'>): number {
  let n = symbolSets(spec).length * spec.periods.length;
  for (const v of spec.variants) n *= v.values.length;
  return n;
}

/**
 * Parses a list of values for a parameter variant (`1.5, 2, 2.5`; spaces or commas; `true false`
 * for a boolean), each checked against the parameter's schema. Throws naming the parameter and
 * the bad value; duplicates are dropped, order kept.
 */
export function parseVariantValues(spec: ParamSpec, text: string): ParamValue[] {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) throw new RangeError(`${spec.key}: no values (write them like 1.5, 2, 2.5)`);
  const out: ParamValue[] = [];
  for (const part of parts) {
    let v: ParamValue;
    if (spec.type === 'number' || spec.type === 'integer') {
      const n = Number(part);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(part) || !Number.isFinite(n)) {
        throw new RangeError(`${spec.key}: "${part}" is not a number`);
      }
      v = n;
    } else if (spec.type === 'boolean') {
      const lower = part.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw new RangeError(`${spec.key}: "${part}" is not true or false`);
      v = lower === 'true';
    } else {
      v = part;
    }
    v = checkParam(spec, v);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * Throws when a strategy reads a timeframe that is not longer than the base one (for example
 * HMA_SMA's higher timeframes on a 4h base), naming the parameter that sets it.
 */
export function checkStrategyTimeframes(strategy: string, params: StrategyParams, base: Timeframe): void {
  const r = resolveStrategy(strategy);
  const full = validateParams(r.strategy, { ...r.params, ...params });
  for (const tf of r.strategy.timeframes(full, base)) {
    if (TIMEFRAMES.indexOf(tf) > TIMEFRAMES.indexOf(base)) continue;
    const key = Object.keys(full).find((k) => full[k] === tf) ?? 'timeframe';
    throw new RangeError(`${key}: "${tf}" is not longer than the ${base} timeframe of the backtest`);
  }
}

function cartesian(variants: readonly ParamVariant[]): StrategyParams[] {
  let combos: StrategyParams[] = [{}];
  for (const v of variants) {
    const next: StrategyParams[] = [];
    for (const c of combos) for (const value of v.values) next.push({ ...c, [v.key]: value });
    combos = next;
  }
  return combos;
}

function variantLabel(combo: StrategyParams): string {
  return Object.entries(combo)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/** A job's display name: strategy, symbols, timeframe, period, and the variant's values. */
export function jobName(strategy: string, symbols: readonly string[], timeframe: Timeframe, period: BatchPeriod, combo: StrategyParams = {}): string {
  const parts = [strategy.trim().toUpperCase(), symbols.join('+'), timeframe, periodLabel(period)];
  const v = variantLabel(combo);
  if (v !== '') parts.push(v);
  return parts.join(' · ');
}

/**
 * Expands a spec into jobs: for each parameter variant combination, each period and each symbol
 * set, one job (in that nesting order, symbols innermost). Checks everything a run would check up
 * front — the settings, every parameter combination against the strategy's schema, the script,
 * the periods, the strategy's timeframes — and throws naming the first bad field and value. More
 * than {@link MAX_BATCH_JOBS} jobs is refused.
 */
export function expandBatch(spec: BatchSpec): BatchJob[] {
  if (spec.symbols.length === 0) throw new RangeError('symbols: none chosen (pick at least one stored series)');
  if (typeof spec.exchange !== 'string' || spec.exchange.trim() === '') throw new RangeError(`exchange: "${String(spec.exchange)}" is not an exchange`);
  if (!TIMEFRAMES.includes(spec.timeframe)) throw new RangeError(`timeframe: "${String(spec.timeframe)}" is not a timeframe`);
  const dup = spec.symbols.find((s, i) => spec.symbols.indexOf(s) !== i);
  if (dup !== undefined) throw new RangeError(`symbols: "${dup}" is chosen twice`);
  if (spec.periods.length === 0) throw new RangeError('periods: none (add at least one date range)');
  spec.periods.forEach((p, i) => {
    for (const k of ['from', 'to'] as const) {
      const v = p[k];
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw new RangeError(`periods[${i}].${k}: ${String(v)} is not a date`);
    }
    if (p.from !== null && p.to !== null && p.from > p.to) {
      throw new RangeError(`periods[${i}]: from ${day(p.from)} is after to ${day(p.to)}`);
    }
  });
  validateBacktestConfig(spec.backtest);
  const seen = new Set<string>();
  for (const v of spec.variants) {
    if (seen.has(v.key)) throw new RangeError(`variants: ${v.key} is varied twice`);
    seen.add(v.key);
    if (v.values.length === 0) throw new RangeError(`${v.key}: no values to try`);
  }
  const count = batchJobCount(spec);
  if (count > MAX_BATCH_JOBS) throw new RangeError(`batch: ${count} backtests, more than the ${MAX_BATCH_JOBS} one batch may hold`);

  const combos = cartesian(spec.variants);
  const sets = symbolSets(spec);
  const jobs: BatchJob[] = [];
  for (const combo of combos) {
    const params: StrategyParams = { ...spec.params, ...combo };
    const strategySpec: { name: string; params: StrategyParams; script?: string } = { name: spec.strategy, params };
    if (spec.script !== undefined) strategySpec.script = spec.script;
    resolveRequestStrategy(strategySpec);
    checkStrategyTimeframes(spec.strategy, params, spec.timeframe);
    for (const period of spec.periods) {
      for (const symbols of sets) {
        const config: BacktestJobConfig = {
          exchange: spec.exchange,
          symbols: [...symbols],
          timeframe: spec.timeframe,
          strategy: spec.strategy.trim().toUpperCase(),
          params: { ...params },
          from: period.from,
          to: period.to,
          backtest: { ...spec.backtest, sizing: { ...spec.backtest.sizing } },
        };
        if (spec.script !== undefined) config.script = spec.script;
        jobs.push({ name: jobName(spec.strategy, symbols, spec.timeframe, period, combo), config });
      }
    }
  }
  return jobs;
}

/**
 * The configuration of a new job that runs `config` again exactly: the run's complete parameter
 * set and settings when it completed (its `report`), else the configuration as submitted.
 */
export function rerunConfig(config: BacktestJobConfig): BacktestJobConfig {
  const { report, ...rest } = config;
  const out: BacktestJobConfig = { ...rest, params: { ...(report?.strategy.params ?? config.params) } };
  if (report) out.backtest = { ...report.config, sizing: { ...report.config.sizing } };
  return out;
}
