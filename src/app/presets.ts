/**
 * Strategy presets and their change log as the Settings page sees them: live lists (every tab
 * sees edits at once) and the edits themselves, each returning null or the sentence saying why
 * it was refused (a parameter out of its range, a name taken, a running bot session using it).
 */
import { createMemo, createRoot, from, type Accessor } from 'solid-js';
import { PRESET_STRATEGIES } from '../core/live/presets';
import { getStrategy } from '../core/strategy/registry';
import type { ParamSpec, StrategyParams } from '../core/strategy/types';
import {
  activatePreset,
  createPreset,
  deletePreset,
  ensureStarterPresets,
  listPresetChanges,
  listPresets,
  observeQuery,
  savePresetAs,
  updatePreset,
  type PresetChangeRecord,
  type PresetRecord,
  type TradingMode,
} from '../data';
import { TRADING_MODES } from '../data/records/presets';
import { database, reportWriteError } from './db-service';

export type { PresetRecord, PresetChangeRecord, TradingMode };
export { TRADING_MODES, PRESET_STRATEGIES };

let list: Accessor<PresetRecord[] | undefined> | undefined;

/** Every preset sorted by name (the starters stored on first use), kept current. */
export function presetList(): PresetRecord[] | undefined {
  list ??= createRoot(() => {
    // A live query only reads: the starters are stored beside it, and it reads them once stored.
    void ensureStarterPresets(database()).catch(reportWriteError);
    return from(observeQuery(() => listPresets(database())));
  });
  return list();
}

/** The change log of one preset, newest first, kept current. Call inside a component. */
export function presetChangeLog(id: Accessor<string | null>): Accessor<PresetChangeRecord[] | undefined> {
  const query = createMemo(() => {
    const want = id();
    return want === null ? () => [] : from(observeQuery(() => listPresetChanges(database(), want)));
  });
  return () => query()();
}

/** The parameter schema of a preset's strategy. */
export function presetSchema(strategy: string): readonly ParamSpec[] {
  return getStrategy(strategy).params;
}

/** What an edit gave: the preset written, or the sentence saying why it was refused. */
export type PresetOutcome = { preset: PresetRecord; error: null } | { preset: null; error: string };

async function attempt(op: () => Promise<PresetRecord | void>): Promise<PresetOutcome> {
  try {
    const preset = await op();
    return preset ? { preset, error: null } : { preset: null as never, error: null };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'QUOTA_EXCEEDED' || code === 'VERSION_CHANGED') reportWriteError(e);
    return { preset: null, error: e instanceof Error ? e.message : String(e) };
  }
}

export const savePreset = (id: string, patch: { name?: string; mode?: TradingMode; params?: StrategyParams }): Promise<PresetOutcome> =>
  attempt(async () => (await updatePreset(database(), id, patch)).preset);
export const activate = (id: string): Promise<PresetOutcome> => attempt(() => activatePreset(database(), id));
export const saveAsNew = (fromId: string, name: string, patch: { mode?: TradingMode; params?: StrategyParams }): Promise<PresetOutcome> =>
  attempt(() => savePresetAs(database(), fromId, name, patch));
export const removePreset = (id: string): Promise<PresetOutcome> => attempt(() => deletePreset(database(), id));
export const newPreset = (name: string, strategy: string): Promise<PresetOutcome> => attempt(() => createPreset(database(), { name, strategy, params: {} }));
