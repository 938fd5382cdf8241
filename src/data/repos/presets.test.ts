import { afterEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../core/strategy/presets';
import type { CandlelabDb } from '../db';
import { memoryDb } from '../testing/memory-db';
import { createBotSession, updateBotSession } from './bot-sessions';
import {
  activatePreset,
  assertPresetEditable,
  createPreset,
  deletePreset,
  ensureStarterPresets,
  getActivePreset,
  getPreset,
  listPresetChanges,
  listPresets,
  savePresetAs,
  starterPresetId,
  updatePreset,
} from './presets';

let db: CandlelabDb;
afterEach(() => db?.close());

const BAL = starterPresetId('BALANCED');
const log = async (id: string) => (await listPresetChanges(db, id)).map((c) => [c.field, c.from, c.to, c.at]);

describe('strategy presets', () => {
  it('start with the five trading modes and HMA_SMA, BALANCED active, once even when asked twice', async () => {
    db = await memoryDb();
    const [a, b] = await Promise.all([ensureStarterPresets(db, 5), ensureStarterPresets(db, 6)]);
    expect(a.map((p) => p.name)).toEqual(['AGGRESSIVE', 'BALANCED', 'CONSERVATIVE', 'HMA_SMA', 'SCALPER', 'SWING']);
    expect(b).toEqual(a);
    expect((await getActivePreset(db))?.id).toBe(BAL);
    expect((await getPreset(db, BAL))?.params).toEqual(PRESETS.BALANCED.params);
    expect(await listPresetChanges(db, BAL)).toEqual([]);
  });

  it('log every edit field by field with its time, and nothing for a save that changes nothing', async () => {
    db = await memoryDb();
    await ensureStarterPresets(db, 0);
    const before = (await getPreset(db, BAL))!;
    await updatePreset(db, BAL, { params: { ...before.params, sl_atr_multiplier: 2, tp_atr_multiplier: 3.5 } }, 100);
    await updatePreset(db, BAL, { name: 'Balanced 2:3.5', mode: 'SWING' }, 200);
    expect((await updatePreset(db, BAL, { params: { ...before.params, sl_atr_multiplier: 2, tp_atr_multiplier: 3.5 } }, 300)).changes).toEqual([]);
    expect(await log(BAL)).toEqual([
      ['mode', 'BALANCED', 'SWING', 200],
      ['name', 'BALANCED', 'Balanced 2:3.5', 200],
      ['params.tp_atr_multiplier', 3, 3.5, 100],
      ['params.sl_atr_multiplier', 1.5, 2, 100],
    ]);
  });

  it('check parameters against the strategy schema, naming the field and the value, and keep names unique', async () => {
    db = await memoryDb();
    await ensureStarterPresets(db, 0);
    await expect(updatePreset(db, BAL, { params: { sl_atr_multiplier: 0 } }, 1)).rejects.toThrow('params.sl_atr_multiplier: 0 is out of range [0.1, 20]');
    await expect(updatePreset(db, BAL, { params: { rsi_long_min: 80, rsi_long_max: 70 } }, 1)).rejects.toThrow('rsi_long_min: 80 is above rsi_long_max 70');
    await expect(createPreset(db, { name: 'x', strategy: 'HMA_SMA', params: { higher_tf_1: '4h', higher_tf_2: '4h' } })).rejects.toThrow('higher_tf_2: "4h" repeats higher_tf_1');
    await expect(updatePreset(db, BAL, { name: ' swing ' }, 1)).rejects.toThrow('name: "swing" is already the name of another preset');
    await expect(createPreset(db, { name: 'Aggressive', strategy: 'SIGNAL_ENGINE', params: {} })).rejects.toThrow('already the name');
    // A partial parameter set is completed with the schema defaults.
    const mine = await createPreset(db, { name: 'Mine', strategy: 'SIGNAL_ENGINE', params: { adx_threshold: 30 } }, 2);
    expect(mine.params).toEqual({ ...PRESETS.BALANCED.params, adx_threshold: 30 });
    expect(await log(BAL)).toEqual([]);
  });

  it('activate one preset at a time, logging both changes, and save a copy under a new name', async () => {
    db = await memoryDb();
    await ensureStarterPresets(db, 0);
    const swing = starterPresetId('SWING');
    await activatePreset(db, swing, 10);
    expect((await listPresets(db)).filter((p) => p.active).map((p) => p.id)).toEqual([swing]);
    expect(await log(BAL)).toEqual([['active', true, false, 10]]);
    expect(await log(swing)).toEqual([['active', false, true, 10]]);
    const copy = await savePresetAs(db, swing, 'Swing wide', { params: { ...PRESETS.SWING.params, sl_atr_multiplier: 3 } }, 20);
    expect(copy).toMatchObject({ name: 'Swing wide', strategy: 'SIGNAL_ENGINE', mode: 'SWING', active: false, createdAt: 20 });
    expect(copy.params.sl_atr_multiplier).toBe(3);
    expect((await getPreset(db, swing))?.params.sl_atr_multiplier).toBe(2.5);
    await expect(activatePreset(db, 'pre_missing')).rejects.toThrow('not found');
  });

  it('refuse edits and deletion while a running bot session uses the preset, and deleting the active one', async () => {
    db = await memoryDb();
    await ensureStarterPresets(db, 0);
    const agg = starterPresetId('AGGRESSIVE');
    await assertPresetEditable(db, agg);
    const session = await createBotSession(db, {
      name: 'Night run',
      account: 'acc_1',
      exchange: 'demo',
      strategy: 'SIGNAL_ENGINE',
      preset: agg,
      config: { ...PRESETS.AGGRESSIVE.params },
      symbols: ['WILD/USDT'],
      timeframe: '1h',
      startedAt: 1,
      runtimeLimitMs: null,
      startingBalance: '10000',
      accountSettings: null,
    });
    // STARTING is not running yet.
    await assertPresetEditable(db, agg);
    await updateBotSession(db, session.id, { status: 'RUNNING' });
    const reason = `preset "AGGRESSIVE": bot session "Night run" (${session.id}) is running with it; stop the session before changing the preset`;
    await expect(assertPresetEditable(db, agg)).rejects.toThrow(reason);
    await expect(updatePreset(db, agg, { params: { ...PRESETS.AGGRESSIVE.params, adx_threshold: 30 } }, 5)).rejects.toThrow(reason);
    await expect(deletePreset(db, agg)).rejects.toThrow(reason);
    expect((await getPreset(db, agg))?.params.adx_threshold).toBe(15);
    // Activating it is not an edit of its parameters.
    await activatePreset(db, agg, 6);
    await expect(deletePreset(db, agg)).rejects.toThrow('is the active preset; activate another before deleting it');
    await updateBotSession(db, session.id, { status: 'STOPPED' });
    await activatePreset(db, BAL, 7);
    await deletePreset(db, agg);
    expect(await getPreset(db, agg)).toBeUndefined();
    expect(await listPresetChanges(db, agg)).toEqual([]);
    await expect(assertPresetEditable(db, agg)).rejects.toThrow('not found');
  });
});
