/** Built-in strategies, their presets and parameter handling. */
export * from './types';
export { defaultParams, validateParams, checkParam, type CheckedStrategy } from './params';
export { SIGNAL_ENGINE, SIGNAL_ENGINE_ID, SIGNAL_ENGINE_PARAMS, createSignalEngine, engineConfidence, bandDepth, CONFIDENCE_WEIGHTS } from './signal-engine';
export { PRESETS, PRESET_NAMES, getPreset, isPresetName, type Preset, type PresetName } from './presets';
export { HMA_SMA, HMA_SMA_ID, HMA_SMA_PARAMS, lastClosedIndex, type PreparedHmaSma } from './hma-sma';
export {
  SCRIPTED,
  SCRIPTED_ID,
  createScriptedStrategy,
  parseScriptedSignals,
  normaliseSymbol,
  type ScriptedSignal,
  type PreparedScript,
} from './scripted';
export { STRATEGIES, STRATEGY_NAMES, getStrategy, resolveStrategy, type ResolvedStrategy } from './registry';
