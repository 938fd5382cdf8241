import type { CandlelabDb } from '../db';
import { SETTINGS_DEFAULTS } from '../defaults';
import { guard, invalid } from '../errors';
import { PRICE_SOURCES, THEMES, type AppSettings, type SettingKey, type SettingRecord } from '../records/settings';
import { TRADING_DEFAULTS } from '../../core/defaults';
import { validateDemoClock } from '../../core/demo/demo-clock';
import { requireNumber, requireOneOf, requireString, requireTimeframe } from '../validate';

const SETTING_KEYS = Object.keys(SETTINGS_DEFAULTS) as SettingKey[];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a value against its setting's type; throws naming the key and the value. */
function checkSetting<K extends SettingKey>(key: K, value: AppSettings[K]): void {
  const v: unknown = value;
  switch (key) {
    case 'priceSource':
      requireOneOf(key, v, PRICE_SOURCES);
      return;
    case 'watchList':
      if (v === null) return;
      if (!Array.isArray(v)) throw invalid(`${key}: ${JSON.stringify(v)} is not a list`);
      v.forEach((e: unknown, i) => {
        if (!isPlainObject(e)) throw invalid(`${key}[${i}]: ${JSON.stringify(e)} is not { exchange, symbol, timeframe }`);
        requireString(`${key}[${i}].exchange`, e.exchange);
        requireString(`${key}[${i}].symbol`, e.symbol);
        requireTimeframe(`${key}[${i}].timeframe`, e.timeframe);
      });
      return;
    case 'demoClock':
      if (v === null) return;
      if (!isPlainObject(v)) throw invalid(`${key}: ${JSON.stringify(v)} is not an object`);
      try {
        validateDemoClock(v, key);
      } catch (e) {
        throw invalid(e instanceof Error ? e.message : String(e));
      }
      if (!Number.isSafeInteger(v.seed)) throw invalid(`${key}.seed: ${JSON.stringify(v.seed)} is not an integer`);
      requireNumber(`${key}.marketStart`, v.marketStart);
      return;
    case 'theme':
      requireOneOf(key, v, THEMES);
      return;
    case 'circuitBreakers':
    case 'autoPilot':
      if (typeof v !== 'boolean') throw invalid(`${key}: ${JSON.stringify(v)} is not a boolean`);
      return;
    case 'exchangeProxies':
      if (!isPlainObject(v)) throw invalid(`${key}: ${JSON.stringify(v)} is not an object`);
      for (const [ex, url] of Object.entries(v)) {
        if (typeof url !== 'string') throw invalid(`${key}.${ex}: ${JSON.stringify(url)} is not a string`);
      }
      return;
    case 'tradingOverrides':
      if (!isPlainObject(v)) throw invalid(`${key}: ${JSON.stringify(v)} is not an object`);
      for (const [k, n] of Object.entries(v)) {
        if (!(k in TRADING_DEFAULTS)) throw invalid(`${key}.${k}: is not a trading default`);
        if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(`${key}.${k}: ${JSON.stringify(n)} is not a finite number`);
      }
      return;
    default:
      throw invalid(`key: ${JSON.stringify(key)} is not a setting`);
  }
}

/** A setting's stored value, or its default. */
export async function getSetting<K extends SettingKey>(db: CandlelabDb, key: K): Promise<AppSettings[K]> {
  if (!SETTING_KEYS.includes(key)) throw invalid(`key: ${JSON.stringify(key)} is not a setting`);
  return guard(db, async () => {
    const row = (await db.settings.get(key)) as SettingRecord<K> | undefined;
    return row ? row.value : structuredClone(SETTINGS_DEFAULTS[key]);
  });
}

/** Every setting: stored values over defaults. */
export async function getSettings(db: CandlelabDb): Promise<AppSettings> {
  return guard(db, async () => {
    const out = structuredClone(SETTINGS_DEFAULTS) as Record<SettingKey, unknown>;
    for (const row of await db.settings.toArray()) if (SETTING_KEYS.includes(row.key)) out[row.key] = row.value;
    return out as unknown as AppSettings;
  });
}

/** Stores a setting (validated against its type). */
export async function setSetting<K extends SettingKey>(db: CandlelabDb, key: K, value: AppSettings[K], now = Date.now()): Promise<void> {
  checkSetting(key, value);
  const row: SettingRecord<K> = { key, value, updatedAt: now };
  return guard(db, async () => {
    await db.settings.put(row as unknown as SettingRecord);
  });
}

/** Forgets a stored setting, so its default applies again. */
export async function resetSetting(db: CandlelabDb, key: SettingKey): Promise<void> {
  return guard(db, () => db.settings.delete(key));
}
