import { Dexie } from 'dexie';
import type { ParamValue, StrategyParams } from '../../core/strategy/types';
import type { CandlelabDb } from '../db';
import { DataError, guard, invalid } from '../errors';
import { newId } from '../ids';
import { TRADING_MODES, type PresetChangeRecord, type PresetRecord } from '../records/presets';
import { requireOneOf, requireString } from '../validate';
import { PRESET_STRATEGIES, STARTER_PRESETS, resolvePreset } from '../../core/live/presets';

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

/**
 * For a built-in strategy (SIGNAL_ENGINE, HMA_SMA), the parameters checked against its schema
 * and completed with its defaults; other strategies' parameters are kept as given.
 */
function schemaParams(strategy: string, params: StrategyParams): StrategyParams {
  if (!PRESET_STRATEGIES.includes(strategy)) return { ...params };
  try {
    return resolvePreset({ name: 'preset', strategy, params }).params;
  } catch (e) {
    throw invalid(`params.${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Refuses a name another preset already has (case and surrounding spaces ignored). */
async function requireFreeName(db: CandlelabDb, name: string, except?: string): Promise<void> {
  const key = name.trim().toLowerCase();
  const clash = await db.presets.filter((p) => p.id !== except && p.name.trim().toLowerCase() === key).first();
  if (clash) throw invalid(`name: ${JSON.stringify(name)} is already the name of another preset`);
}

/**
 * Creates a preset (BALANCED and inactive unless given). Names are unique; the parameters of a
 * built-in strategy are checked against its schema and completed with its defaults.
 */
export async function createPreset(db: CandlelabDb, input: PresetInput, now = Date.now()): Promise<PresetRecord> {
  requireString('name', input.name);
  requireString('strategy', input.strategy);
  const mode = requireOneOf('mode', input.mode ?? 'BALANCED', TRADING_MODES);
  const preset: PresetRecord = {
    id: newId('pre'),
    name: input.name.trim(),
    strategy: input.strategy,
    params: schemaParams(input.strategy, checkParams(input.params)),
    mode,
    active: input.active ?? false,
    createdAt: now,
    updatedAt: now,
  };
  return guard(db, () =>
    db.transaction('rw', db.presets, async () => {
      await requireFreeName(db, preset.name);
      await db.presets.add(preset);
      return preset;
    }),
  );
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
    db.transaction('rw', db.presets, db.presetChanges, db.botSessions, async () => {
      const before = await db.presets.get(id);
      if (!before) throw new DataError('NOT_FOUND', `preset ${JSON.stringify(id)} not found`);
      const named = patch.name !== undefined ? { ...patch, name: patch.name.trim() } : patch;
      const merged: PresetRecord = { ...before, ...named, params: { ...(patch.params ?? before.params) }, updatedAt: now };
      const after: PresetRecord =
        patch.params !== undefined || patch.strategy !== undefined ? { ...merged, params: schemaParams(merged.strategy, merged.params) } : merged;
      const changes = diffPreset(before, after, now);
      if (changes.length === 0) return { preset: before, changes };
      if (changes.some((c) => c.field !== 'active')) await refuseIfRunning(db, before);
      if (after.name !== before.name) await requireFreeName(db, after.name, id);
      await db.presets.put(after);
      const seqs = await db.presetChanges.bulkAdd(changes, { allKeys: true });
      return { preset: after, changes: changes.map((c, i) => ({ ...c, seq: seqs[i] })) };
    }),
  );
}

/** Throws (INVALID, naming the session) when a RUNNING bot session uses the preset, by id or by name. */
async function refuseIfRunning(db: CandlelabDb, preset: PresetRecord): Promise<void> {
  const running = await db.botSessions.where('[status+startedAt]').between(['RUNNING', Dexie.minKey], ['RUNNING', Dexie.maxKey]).toArray();
  const user = running.find((s) => s.preset === preset.id || s.preset === preset.name);
  if (user) {
    throw invalid(
      `preset ${JSON.stringify(preset.name)}: bot session ${JSON.stringify(user.name)} (${user.id}) is running with it; stop the session before changing the preset`,
    );
  }
}

/**
 * Refuses, with the reason, to let a preset change while a RUNNING bot session uses it (its
 * `preset` is the preset's id or name): the session's trades must follow the parameters it
 * started with. NOT_FOUND when there is no such preset. Edits and deletions call it in their
 * own transaction; the paper bot and the UI may call it to ask first.
 */
export async function assertPresetEditable(db: CandlelabDb, presetId: string): Promise<void> {
  requireString('presetId', presetId);
  return guard(db, () =>
    db.transaction('r', db.presets, db.botSessions, async () => {
      const p = await db.presets.get(presetId);
      if (!p) throw new DataError('NOT_FOUND', `preset ${JSON.stringify(presetId)} not found`);
      await refuseIfRunning(db, p);
    }),
  );
}

/** Id of the starter preset called `name`. */
export function starterPresetId(name: string): string {
  return `pre_starter_${name}`;
}

/**
 * Stores the starting presets (the five trading modes and HMA_SMA, BALANCED active) when no
 * preset is stored at all; safe to call from several tabs at once. Returns every preset, sorted by name.
 */
export async function ensureStarterPresets(db: CandlelabDb, now = Date.now()): Promise<PresetRecord[]> {
  return guard(db, () =>
    db.transaction('rw', db.presets, async () => {
      if ((await db.presets.count()) === 0) {
        await db.presets.bulkPut(
          STARTER_PRESETS.map((p) => ({
            id: starterPresetId(p.name),
            name: p.name,
            strategy: p.strategy,
            params: { ...p.params },
            mode: p.mode,
            active: p.name === 'BALANCED',
            createdAt: now,
            updatedAt: now,
          })),
        );
      }
      return db.presets.orderBy('name').toArray();
    }),
  );
}

/** The active preset, or null when none is active. */
export async function getActivePreset(db: CandlelabDb): Promise<PresetRecord | null> {
  return guard(db, async () => (await db.presets.filter((p) => p.active).first()) ?? null);
}

/**
 * Makes one preset the active one (the one the signal stream and the bot run) and every other
 * inactive, logging each `active` change, in one transaction.
 */
export async function activatePreset(db: CandlelabDb, id: string, now = Date.now()): Promise<PresetRecord> {
  requireString('id', id);
  return guard(db, () =>
    db.transaction('rw', db.presets, db.presetChanges, db.botSessions, async () => {
      const target = await db.presets.get(id);
      if (!target) throw new DataError('NOT_FOUND', `preset ${JSON.stringify(id)} not found`);
      for (const p of await db.presets.filter((x) => x.active && x.id !== id).toArray()) await updatePreset(db, p.id, { active: false }, now);
      return (await updatePreset(db, id, { active: true }, now)).preset;
    }),
  );
}

/** Saves a copy of a preset under a new name (inactive), with `patch` applied to the copy; the original is unchanged. */
export async function savePresetAs(
  db: CandlelabDb,
  fromId: string,
  name: string,
  patch: Partial<Pick<PresetRecord, 'params' | 'mode'>> = {},
  now = Date.now(),
): Promise<PresetRecord> {
  requireString('name', name);
  const from = await guard(db, () => db.presets.get(fromId));
  if (!from) throw new DataError('NOT_FOUND', `preset ${JSON.stringify(fromId)} not found`);
  return createPreset(db, { name, strategy: from.strategy, params: patch.params ?? from.params, mode: patch.mode ?? from.mode, active: false }, now);
}

/** A preset's change log, newest first. */
export async function listPresetChanges(db: CandlelabDb, preset: string): Promise<PresetChangeRecord[]> {
  return guard(db, () => db.presetChanges.where('[preset+seq]').between([preset, Dexie.minKey], [preset, Dexie.maxKey]).reverse().toArray());
}

/**
 * Deletes a preset and its change log in one transaction. Refuses the active preset (activate
 * another first) and a preset a running bot session uses.
 */
export async function deletePreset(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () =>
    db.transaction('rw', db.presets, db.presetChanges, db.botSessions, async () => {
      const p = await db.presets.get(id);
      if (p) {
        if (p.active) throw invalid(`preset ${JSON.stringify(p.name)}: is the active preset; activate another before deleting it`);
        await refuseIfRunning(db, p);
      }
      await db.presetChanges.where('[preset+seq]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
      await db.presets.delete(id);
    }),
  );
}
