/** How much the browser lets the app store, and whether it may evict the data. */
export interface StorageHealth {
  /** Bytes used by this origin; null when the browser does not say. */
  usage: number | null;
  /** Bytes this origin may use; null when the browser does not say. */
  quota: number | null;
  /** Of `usage`, the bytes IndexedDB holds (Chromium's `usageDetails`); null when the browser does not say. */
  database: number | null;
  /** True when the browser promised not to evict this origin's data under storage pressure. */
  persisted: boolean;
  /** Whether the browser can be asked for persistent storage at all. */
  persistSupported: boolean;
}

/** The parts of `navigator.storage` used here (any may be missing). */
type StorageManagerLike = Partial<Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>>;

function currentStorage(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

function finiteOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Usage, quota and persistence; never throws (unknown values come back as null / false). */
export async function getStorageHealth(): Promise<StorageHealth> {
  const storage = currentStorage();
  let usage: number | null = null;
  let quota: number | null = null;
  let database: number | null = null;
  let persisted = false;
  if (typeof storage?.estimate === 'function') {
    try {
      const est = await storage.estimate();
      usage = finiteOrNull(est?.usage);
      quota = finiteOrNull(est?.quota);
      database = finiteOrNull((est as { usageDetails?: { indexedDB?: unknown } } | undefined)?.usageDetails?.indexedDB);
    } catch {
      // Unknown usage and quota stay null.
    }
  }
  if (typeof storage?.persisted === 'function') {
    try {
      persisted = (await storage.persisted()) === true;
    } catch {
      persisted = false;
    }
  }
  return { usage, quota, database, persisted, persistSupported: typeof storage?.persist === 'function' };
}

/**
 * Asks the browser to keep this origin's data under storage pressure. Resolves true when
 * granted (or already persisted), false when refused or not supported.
 */
export async function requestPersistence(): Promise<boolean> {
  const storage = currentStorage();
  if (typeof storage?.persist !== 'function') return false;
  try {
    return (await storage.persist()) === true;
  } catch {
    return false;
  }
}
