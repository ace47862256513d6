/**
 * What is really in mkt's two places, read behind the CLI's back: the config index (its JSON) and
 * the accounts in the secret store (the file decrypted with the test's passphrase; the keychain by
 * the Secret Service attribute search). For tests that assert the two agree after faults.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ProfileEntry } from '../../src/core/types.js';
import { createFileStore } from '../../src/store/file.js';
import { searchAccounts } from '../../src/store/secret-service-search.js';
import { sessionBusSocket } from '../../src/store/session-bus.js';
import { runMkt } from './cli.js';

export type StoreUnderTest = { kind: 'file'; passphrase: string } | { kind: 'keychain'; bus: Record<string, string> };

export function readIndex(configDir: string): Record<string, ProfileEntry> {
  const path = join(configDir, 'config.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { profiles: Record<string, ProfileEntry> }).profiles : {};
}

export async function storedAccounts(configDir: string, store: StoreUnderTest): Promise<string[]> {
  if (store.kind === 'file') {
    return createFileStore({ path: join(configDir, 'secrets.enc'), passphrase: async () => store.passphrase }).accounts();
  }
  return searchAccounts(sessionBusSocket(store.bus)!, 'mkt', AbortSignal.timeout(5000));
}

/**
 * After `settle` (a command that uses the profile) ran: no entry pending, every index entry has its
 * secret and every secret its entry (no orphans), and each stored Client-Id is the one the index shows.
 */
export async function expectConsistent(env: Record<string, string>, store: StoreUnderTest, profiles: string[]): Promise<void> {
  const dir = env['MKT_CONFIG_DIR']!;
  for (const profile of profiles) {
    const headers = await runMkt(['headers', 'ozon', '--profile', profile], { env });
    expect([0, 3], headers.stderr).toContain(headers.code);
    const entry = readIndex(dir)[`ozon:${profile}`];
    if (headers.code === 0) expect(headers.stdout).toContain(`Client-Id: ${entry?.ids['clientId']}\n`);
    else expect(entry, 'exit 3 with an index entry').toBeUndefined();
  }
  const index = readIndex(dir);
  expect(Object.values(index).filter((e) => e.pending), 'entries left pending').toEqual([]);
  expect((await storedAccounts(dir, store)).sort(), 'store and index disagree').toEqual(Object.keys(index).filter((k) => index[k]!.store === store.kind).sort());
}
