import { Dexie } from 'dexie';
import type { ParamValue, StrategyParams } from '../../core/strategy/types';
import type { CandlelabDb } from '../db';
import { DataError, guard, invalid } from '../errors';
import { newId } from '../ids';
import { TRADING_MODES, type PresetChangeRecord, type PresetRecord } from '../records/presets';
import { requireOneOf, requireString } from '../validate';

export type PresetInput = Pick<PresetRecord, 'name' | 'strategy' | 'params'> & Partial<Pick<PresetRecord, 'mode' | 'active'>>;

function checkParams(params: unknown): StrategyParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw invalid(`params: ${JSON.stringify(params)} is not an object`);
  }
  for (const [k, v] of Object.entries(params)) {
    const ok = typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw invalid(`params.${k}: ${JSON.stringify(v)} is not a number, boolean or string`);
  }
  return params as StrategyParams;
}

/** Creates a preset (BALANCED and inactive unless given). */
export async function createPreset(db: CandlelabDb, input: PresetInput, now = Date.now()): Promise<PresetRecord> {
  requireString('name', input.name);
  requireString('strategy', input.strategy);
  const mode = requireOneOf('mode', input.mode ?? 'BALANCED', TRADING_MODES);
  const preset: PresetRecord = {
    id: newId('pre'),
    name: input.name,
    strategy: input.strategy,
    params: { ...checkParams(input.params) },
    mode,
    active: input.active ?? false,
    createdAt: now,
    updatedAt: now,
  };
  return guard(db, async () => {
    await db.presets.add(preset);
    return preset;
  });
}

export async function getPreset(db: CandlelabDb, id: string): Promise<PresetRecord | undefined> {
  return guard(db, () => db.presets.get(id));
}

/** Every preset (of one strategy when given), sorted by name. */
export async function listPresets(db: CandlelabDb, strategy?: string): Promise<PresetRecord[]> {
  return guard(db, () =>
    strategy === undefined ? db.presets.orderBy('name').toArray() : db.presets.where('strategy').equals(strategy).sortBy('name'),
  );
}

export type PresetPatch = Partial<Pick<PresetRecord, 'name' | 'strategy' | 'params' | 'mode' | 'active'>>;

/** The change-log entries turning `before` into `after` (params compared key by key). */
export function diffPreset(before: PresetRecord, after: PresetRecord, at: number): PresetChangeRecord[] {
  const out: PresetChangeRecord[] = [];
  for (const field of ['name', 'strategy', 'mode', 'active'] as const) {
    if (before[field] !== after[field]) out.push({ preset: before.id, field, from: before[field], to: after[field], at });
  }
  const keys = [...new Set([...Object.keys(before.params), ...Object.keys(after.params)])].sort();
  for (const k of keys) {
    const from: ParamValue | null = k in before.params ? before.params[k] : null;
    const to: ParamValue | null = k in after.params ? after.params[k] : null;
    if (from !== to) out.push({ preset: before.id, field: `params.${k}`, from, to, at });
  }
  return out;
}

/**
 * Applies `patch` to a preset and appends one change-log entry per changed field, in one
 * transaction: the preset never changes without its log. `params` replaces the whole
 * parameter set. Returns the updated preset and the entries written (none when nothing changed).
 */
export async function updatePreset(
  db: CandlelabDb,
  id: string,
  patch: PresetPatch,
  now = Date.now(),
): Promise<{ preset: PresetRecord; changes: PresetChangeRecord[] }> {
  if (patch.name !== undefined) requireString('name', patch.name);
  if (patch.strategy !== undefined) requireString('strategy', patch.strategy);
  if (patch.mode !== undefined) requireOneOf('mode', patch.mode, TRADING_MODES);
  if (patch.params !== undefined) checkParams(patch.params);
  if (patch.active !== undefined && typeof patch.active !== 'boolean') throw invalid(`active: ${String(patch.active)} is not a boolean`);
  return guard(db, () =>
    db.transaction('rw', db.presets, db.presetChanges, async () => {
      const before = await db.presets.get(id);
      if (!before) throw new DataError('NOT_FOUND', `preset ${JSON.stringify(id)} not found`);
      const after: PresetRecord = { ...before, ...patch, params: { ...(patch.params ?? before.params) }, updatedAt: now };
      const changes = diffPreset(before, after, now);
      if (changes.length === 0) return { preset: before, changes };
      await db.presets.put(after);
      const seqs = await db.presetChanges.bulkAdd(changes, { allKeys: true });
      return { preset: after, changes: changes.map((c, i) => ({ ...c, seq: seqs[i] })) };
    }),
  );
}

/** A preset's change log, newest first. */
export async function listPresetChanges(db: CandlelabDb, preset: string): Promise<PresetChangeRecord[]> {
  return guard(db, () => db.presetChanges.where('[preset+seq]').between([preset, Dexie.minKey], [preset, Dexie.maxKey]).reverse().toArray());
}

/** Deletes a preset and its change log in one transaction. */
export async function deletePreset(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () =>
    db.transaction('rw', db.presets, db.presetChanges, async () => {
      await db.presetChanges.where('[preset+seq]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
      await db.presets.delete(id);
    }),
  );
}
