import { afterEach, describe, expect, it, vi } from 'vitest';
import { getStorageHealth, requestPersistence } from './storage-health';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('getStorageHealth', () => {
  it('reads usage, quota and persistence from navigator.storage', async () => {
    vi.stubGlobal('navigator', {
      storage: {
        estimate: async () => ({ usage: 1234, quota: 5_000_000 }),
        persisted: async () => true,
        persist: async () => true,
      },
    });
    expect(await getStorageHealth()).toEqual({ usage: 1234, quota: 5_000_000, database: null, persisted: true, persistSupported: true });
  });

  it("reads IndexedDB's share of the usage where the browser details it", async () => {
    vi.stubGlobal('navigator', {
      storage: {
        estimate: async () => ({ usage: 3000, quota: 9000, usageDetails: { indexedDB: 2500, caches: 500 } }),
        persisted: async () => false,
      },
    });
    expect(await getStorageHealth()).toEqual({ usage: 3000, quota: 9000, database: 2500, persisted: false, persistSupported: false });
  });

  it('tolerates a browser without the Storage API', async () => {
    vi.stubGlobal('navigator', {});
    expect(await getStorageHealth()).toEqual({ usage: null, quota: null, database: null, persisted: false, persistSupported: false });
    vi.stubGlobal('navigator', undefined);
    expect(await getStorageHealth()).toEqual({ usage: null, quota: null, database: null, persisted: false, persistSupported: false });
  });

  it('tolerates failing or partial answers', async () => {
    vi.stubGlobal('navigator', {
      storage: {
        estimate: async () => ({ quota: 100 }),
        persisted: async () => {
          throw new Error('denied');
        },
      },
    });
    expect(await getStorageHealth()).toEqual({ usage: null, quota: 100, database: null, persisted: false, persistSupported: false });
    vi.stubGlobal('navigator', { storage: { estimate: () => Promise.reject(new Error('x')) } });
    expect(await getStorageHealth()).toEqual({ usage: null, quota: null, database: null, persisted: false, persistSupported: false });
  });
});

describe('requestPersistence', () => {
  it('returns what the browser granted', async () => {
    const persist = vi.fn(async () => false);
    vi.stubGlobal('navigator', { storage: { persist } });
    expect(await requestPersistence()).toBe(false);
    persist.mockResolvedValue(true);
    expect(await requestPersistence()).toBe(true);
    expect(persist).toHaveBeenCalledTimes(2);
  });

  it('returns false when unsupported or failing', async () => {
    vi.stubGlobal('navigator', { storage: {} });
    expect(await requestPersistence()).toBe(false);
    vi.stubGlobal('navigator', { storage: { persist: () => Promise.reject(new Error('no')) } });
    expect(await requestPersistence()).toBe(false);
  });
});
