/**
 * Strategy presets as the live stream runs them: the starting set offered to every user, and a
 * stored preset (strategy id + parameters) resolved to a strategy ready to prepare.
 */
import { getStrategy } from '../strategy/registry';
import { validateParams } from '../strategy/params';
import { PRESETS, PRESET_NAMES, type PresetName } from '../strategy/presets';
import { HMA_SMA, HMA_SMA_ID } from '../strategy/hma-sma';
import { createSignalEngine, SIGNAL_ENGINE_ID } from '../strategy/signal-engine';
import type { Strategy, StrategyParams } from '../strategy/types';

/** A preset as offered before the user changes anything. */
export interface StarterPreset {
  name: string;
  strategy: string;
  params: StrategyParams;
  mode: PresetName;
}

/** HMA_SMA's starter reads 4h and 1d above the base, so it runs on the default 1h watch list. */
const HMA_SMA_STARTER: StrategyParams = { ...validateParams(HMA_SMA, {}), higher_tf_1: '4h', higher_tf_2: '1d' };

/**
 * The starting presets: the five trading modes of the signal engine (BALANCED first, the one
 * active at the start) and HMA_SMA.
 */
export const STARTER_PRESETS: readonly StarterPreset[] = Object.freeze([
  ...PRESET_NAMES.map((name) => ({ name, strategy: SIGNAL_ENGINE_ID, params: { ...PRESETS[name].params }, mode: name })),
  { name: HMA_SMA_ID, strategy: HMA_SMA_ID, params: HMA_SMA_STARTER, mode: 'BALANCED' as const },
]);

/** The strategies a preset can be built on (SCRIPTED needs a script, so it has no presets). */
export const PRESET_STRATEGIES: readonly string[] = Object.freeze([SIGNAL_ENGINE_ID, HMA_SMA_ID]);

/** A stored preset resolved: the strategy, its complete validated parameters, the preset's name. */
export interface ResolvedPreset {
  strategy: Strategy;
  params: StrategyParams;
  preset: string;
}

/**
 * Resolves a preset's strategy id and parameters (missing parameters take the schema defaults),
 * throwing an error that names the field and the value when the strategy is unknown or a
 * parameter is out of its schema. Signal-engine presets fire signals that carry the preset name.
 */
export function resolvePreset(p: { name: string; strategy: string; params: StrategyParams }): ResolvedPreset {
  if (!PRESET_STRATEGIES.includes(p.strategy)) {
    throw new RangeError(`strategy: "${p.strategy}" cannot be run from a preset (known: ${PRESET_STRATEGIES.join(', ')})`);
  }
  const strategy = p.strategy === SIGNAL_ENGINE_ID ? createSignalEngine(p.name) : getStrategy(p.strategy);
  return { strategy, params: validateParams(strategy, p.params), preset: p.name };
}
