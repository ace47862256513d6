import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { removeProfile, saveProfile, settleProfile } from '../../src/core/profile-write.js';
import type { Context, ProfileEntry, StoreKind } from '../../src/core/types.js';
import { mapStore, memoryConfig, testContext } from '../helpers/memory-context.js';

type MapStore = ReturnType<typeof mapStore>;

const entry = (store: StoreKind, clientId: string): ProfileEntry => ({ provider: 'ozon', profile: 'default', store, savedAt: '2026-01-01T00:00:00.000Z', ids: { clientId } });
const values = (clientId: string) => ({ clientId, apiKey: `key-${clientId}` });

/** A context whose keychain and file stores are separate maps. */
function twoStores(overrides: Partial<Record<StoreKind, MapStore>> = {}) {
  const stores = { keychain: mapStore(), file: mapStore(), pass: mapStore(), memory: mapStore(), ...overrides };
  const config = memoryConfig();
  const ctx: Context = { ...testContext({}, stores.keychain, config), store: async (kind) => stores[kind] };
  return { ctx, stores, config };
}

const fieldsOf = (stored: string | undefined) => {
  const { 'mkt:txn': _, ...rest } = JSON.parse(stored ?? '{}') as Record<string, string>;
  return rest;
};

describe('saveProfile / removeProfile / settleProfile', () => {
  it('stores the secret with its txn and commits the entry', async () => {
    const { ctx, stores, config } = twoStores();
    expect(await saveProfile(ctx, entry('keychain', '1'), values('1'))).toEqual({});
    expect(await config.get('ozon', 'default')).toEqual(entry('keychain', '1'));
    expect(fieldsOf(stores.keychain.data.get('ozon:default'))).toEqual(values('1'));
    expect(JSON.parse(stores.keychain.data.get('ozon:default')!)['mkt:txn']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('moving to another store deletes the old secret and returns the replaced entry', async () => {
    const { ctx, stores } = twoStores();
    await saveProfile(ctx, entry('keychain', '1'), values('1'));
    const result = await saveProfile(ctx, entry('file', '2'), values('2'));
    expect(result.previous).toEqual(entry('keychain', '1'));
    expect(stores.keychain.data.size).toBe(0);
    expect(fieldsOf(stores.file.data.get('ozon:default'))).toEqual(values('2'));
  });

  it('a failed delete in the old store is reported as leftover, and the new profile is committed', async () => {
    const keychain = { ...mapStore(), delete: async () => Promise.reject(new StoreError('keychain gone')) };
    const { ctx, config } = twoStores({ keychain });
    await saveProfile(ctx, entry('keychain', '1'), values('1'));
    const result = await saveProfile(ctx, entry('file', '2'), values('2'));
    expect(result.leftover?.message).toBe('keychain gone');
    expect(await config.get('ozon', 'default')).toEqual(entry('file', '2'));
  });

  it('a write that failed but landed (a timed-out keychain) is committed, not reported', async () => {
    const data = new Map<string, string>();
    const keychain = { ...mapStore(data), set: async (a: string, s: string) => { data.set(a, s); throw new StoreError('timed out'); } };
    const { ctx, config } = twoStores({ keychain });
    await saveProfile(ctx, entry('keychain', '1'), values('1'));
    expect(await config.get('ozon', 'default')).toEqual(entry('keychain', '1'));
  });

  it('a write that failed and did not land puts the previous profile back', async () => {
    const { ctx, stores, config } = twoStores();
    await saveProfile(ctx, entry('keychain', '1'), values('1'));
    stores.keychain.set = async () => Promise.reject(new StoreError('disk full'));
    const error = await saveProfile(ctx, entry('keychain', '2'), values('2')).catch((e: StoreError) => e);
    expect(error).toMatchObject({ message: 'disk full', hints: ['nothing was changed'] });
    expect(await config.get('ozon', 'default')).toEqual(entry('keychain', '1'));
    expect(fieldsOf(stores.keychain.data.get('ozon:default'))).toEqual(values('1'));
  });

  it('a pending login in a store that cannot be read stays pending, and says so', async () => {
    const { ctx, stores, config } = twoStores();
    await config.put({ ...entry('keychain', '1'), pending: { op: 'login', txn: 't' } });
    stores.keychain.get = async () => Promise.reject(new StoreError('no keyring'));
    await expect(settleProfile(ctx, 'ozon', 'default')).rejects.toThrow('no keyring');
    expect((await config.get('ozon', 'default'))?.pending).toEqual({ op: 'login', txn: 't' });
  });

  it('an undone first login deletes whatever the store holds under the account: no orphan', async () => {
    const { ctx, stores, config } = twoStores();
    stores.file.data.set('ozon:default', JSON.stringify(values('old')));
    await config.put({ ...entry('file', '1'), pending: { op: 'login', txn: 't' } });
    expect(await settleProfile(ctx, 'ozon', 'default')).toBeUndefined();
    expect(stores.file.data.size).toBe(0);
    expect(await config.list()).toEqual([]);
  });

  it('a logout whose delete fails leaves the profile as it was', async () => {
    const { ctx, stores, config } = twoStores();
    await saveProfile(ctx, entry('keychain', '1'), values('1'));
    stores.keychain.delete = async () => Promise.reject(new StoreError('no keyring'));
    await expect(removeProfile(ctx, 'ozon', 'default')).rejects.toThrow('no keyring');
    expect(await config.get('ozon', 'default')).toEqual(entry('keychain', '1'));
  });
});
