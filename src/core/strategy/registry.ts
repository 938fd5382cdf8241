import { HMA_SMA } from './hma-sma';
import { PRESET_NAMES, getPreset, isPresetName, type PresetName } from './presets';
import { SCRIPTED } from './scripted';
import { SIGNAL_ENGINE, createSignalEngine } from './signal-engine';
import type { Strategy, StrategyParams } from './types';

export { defaultParams, validateParams } from './params';

/** Every built-in strategy. SCRIPTED here has no rows: bind a script with `createScriptedStrategy`. */
export const STRATEGIES: readonly Strategy[] = Object.freeze([SIGNAL_ENGINE, HMA_SMA, SCRIPTED]);

/** The built-in strategy with this id; throws naming the value and the known ids. */
export function getStrategy(id: string): Strategy {
  const s = STRATEGIES.find((x) => x.id === id);
  if (!s) throw new RangeError(`strategy: "${id}" is not a strategy (known: ${STRATEGIES.map((x) => x.id).join(', ')})`);
  return s;
}

/** A strategy with the parameters a name stands for. */
export interface ResolvedStrategy {
  strategy: Strategy;
  params: StrategyParams;
  /** Set when the name was a preset; the strategy's signals then carry it. */
  preset?: PresetName;
}

/** Every name `resolveStrategy` accepts. */
export const STRATEGY_NAMES: readonly string[] = Object.freeze([...PRESET_NAMES, ...STRATEGIES.map((s) => s.id)]);

/**
 * Resolves a user-facing name (any case, surrounding spaces ignored): a preset name
 * (BALANCED, AGGRESSIVE, CONSERVATIVE, SCALPER, SWING) gives the signal engine with that
 * preset's parameters; a strategy id (SIGNAL_ENGINE, HMA_SMA, SCRIPTED) gives it with its
 * default parameters. Unknown names throw listing the known ones.
 */
export function resolveStrategy(name: string): ResolvedStrategy {
  const key = name.trim().toUpperCase();
  if (isPresetName(key)) {
    const preset = getPreset(key);
    return { strategy: createSignalEngine(key), params: { ...preset.params }, preset: key };
  }
  const s = STRATEGIES.find((x) => x.id === key);
  if (!s) throw new RangeError(`strategy: "${name}" is not a strategy or preset (known: ${STRATEGY_NAMES.join(', ')})`);
  const params: StrategyParams = {};
  for (const spec of s.params) params[spec.key] = spec.default;
  return { strategy: s, params };
}
