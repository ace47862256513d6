/**
 * Many stored profiles at once, for agency-sized runs: the config index and the file store written
 * directly (one scrypt, one write each), as `mkt login --store file --no-verify` would leave them.
 * 200 logins would take ~90 s (each derives the file's key again); this takes well under one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveKey, encrypt, newKdf } from '../../src/store/file-envelope.js';
import type { Credentials, ProfileEntry } from '../../src/core/types.js';

export interface SeedProfile {
  provider: string;
  profile: string;
  /** The set's fields; the non-secret ones are the entry's `ids` (`secretKeys` names the others). */
  values: Credentials;
  secretKeys: readonly string[];
  baseUrl?: string;
}

/** Writes `<configDir>/config.json` and `<configDir>/secrets.enc` holding exactly these profiles. */
export async function seedFileProfiles(configDir: string, passphrase: string, profiles: readonly SeedProfile[]): Promise<void> {
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const savedAt = new Date().toISOString();
  const entries: Record<string, ProfileEntry> = {};
  const secrets: Record<string, string> = {};
  for (const p of profiles) {
    const ids = Object.fromEntries(Object.entries(p.values).filter(([k]) => !p.secretKeys.includes(k)));
    entries[`${p.provider}:${p.profile}`] = { provider: p.provider, profile: p.profile, store: 'file', savedAt, ids, ...(p.baseUrl ? { baseUrl: p.baseUrl } : {}) };
    secrets[`${p.provider}:${p.profile}`] = JSON.stringify(p.values);
  }
  const kdf = newKdf();
  const path = join(configDir, 'secrets.enc');
  const envelope = encrypt(secrets, kdf, await deriveKey(passphrase, kdf, path));
  writeFileSync(path, `${JSON.stringify(envelope, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(join(configDir, 'config.json'), `${JSON.stringify({ version: 1, profiles: entries }, null, 2)}\n`, { mode: 0o600 });
}

/** Ozon's and Yandex's field keys that are secret. */
export const SECRET_KEYS = { ozon: ['apiKey'], yandex: ['token'] } as const;
