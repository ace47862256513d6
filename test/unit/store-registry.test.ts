import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfigIndex } from '../../src/store/config-index.js';
import { KEYCHAIN_HINTS } from '../../src/store/keychain.js';
import { openStore, PERSISTENT_STORES, STORE_KINDS, STORES, USER_STORES } from '../../src/store/registry.js';
import { waysOn } from '../../src/store/ways-on.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mkt-registry-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the store registry', () => {
  it('opens each kind as a store of that kind (the keychain does not touch D-Bus until used)', async () => {
    for (const kind of STORE_KINDS) expect((await openStore(kind, { env: {}, configDir: dir })).kind).toBe(kind);
  });

  it('keeps the memory store out of what users choose and what logout --all empties', () => {
    expect(STORE_KINDS).toContain('memory');
    expect(USER_STORES).not.toContain('memory');
    expect(PERSISTENT_STORES).not.toContain('memory');
    expect(USER_STORES).toEqual(expect.arrayContaining(['keychain', 'file']));
    expect(PERSISTENT_STORES).toEqual(expect.arrayContaining(['keychain', 'file']));
  });

  it('is what the config index accepts as a store', async () => {
    const profiles = (store: string) => ({ 'ozon:default': { provider: 'ozon', profile: 'default', store, savedAt: '2026-01-01T00:00:00Z', ids: {} } });
    await mkdir(join(dir, 'mkt'));
    for (const kind of STORE_KINDS) {
      await writeFile(join(dir, 'mkt', 'config.json'), JSON.stringify({ version: 1, profiles: profiles(kind) }));
      expect((await createConfigIndex(join(dir, 'mkt')).list()).map((e) => e.store)).toEqual([kind]);
    }
    await writeFile(join(dir, 'mkt', 'config.json'), JSON.stringify({ version: 1, profiles: profiles('cloud') }));
    await expect(createConfigIndex(join(dir, 'mkt')).list()).rejects.toThrow(/unknown store "cloud"/);
  });
});

describe('the ways on when the keychain cannot be reached', () => {
  const START = 'start a Secret Service (e.g. gnome-keyring-daemon) or unlock it, then try again';
  const ENVIRONMENT = "or provide the credentials through the provider's environment variables";

  it('login: start the Secret Service, another user store with what it needs, or the environment', () => {
    const hints = waysOn('keychain', 'write');
    expect(hints[0]).toBe(START);
    expect(hints).toContain('or use the encrypted file store: mkt login … --store file (passphrase from MKT_PASSPHRASE or a prompt)');
    expect(hints.at(-1)).toBe(ENVIRONMENT);
  });

  it('a command that reads has no --store: the environment, or a new login into another store', () => {
    const hints = waysOn('keychain', 'read');
    expect(hints.slice(0, 2)).toEqual([START, ENVIRONMENT]);
    expect(hints).toContain('or log in again with --store file (the encrypted file store)');
  });

  it('are the keychain error’s hints, and name every other store users may choose', () => {
    expect(KEYCHAIN_HINTS.write).toEqual(waysOn('keychain', 'write'));
    expect(KEYCHAIN_HINTS.read).toEqual(waysOn('keychain', 'read'));
    for (const store of STORES.filter((s) => s.kind !== 'keychain')) {
      for (const when of ['write', 'read'] as const) expect(waysOn('keychain', when).some((h) => h.includes(`--store ${store.kind}`))).toBe(store.userChoice);
    }
  });
});
