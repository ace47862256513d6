/**
 * Where pass keeps things, read the way pass 1.7 reads them (its script, /usr/bin/pass): the store is
 * `$PASSWORD_STORE_DIR`, else `$HOME/.password-store`; one secret is `<store>/<name>.gpg`; its
 * recipients are `$PASSWORD_STORE_KEY`, else the lines of the nearest `.gpg-id` above it. mkt's
 * secrets are `mkt/<provider>/<profile>`. Only file names are read here, never a secret.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { envValue } from '../core/env-vars.js';
import type { Env } from '../core/types.js';

/** The folder of the store that holds mkt's secrets. */
export const MKT_FOLDER = 'mkt';

export function storeDir(env: Env): string {
  return envValue(env, 'PASSWORD_STORE_DIR') || join(envValue(env, 'HOME') || homedir(), '.password-store');
}

/** `ozon:shop2` → `mkt/ozon/shop2`. Provider ids and profile names hold no `/` and never start with `.`. */
export function passName(account: string): string {
  const colon = account.indexOf(':');
  return `${MKT_FOLDER}/${account.slice(0, colon)}/${account.slice(colon + 1)}`;
}

export function secretFile(dir: string, account: string): string {
  return join(dir, `${passName(account)}.gpg`);
}

/**
 * The keys pass will encrypt `account`'s secret to, and where that was said; undefined when the
 * store is not initialised (pass would refuse: "You must run: pass init your-gpg-id").
 */
export async function recipients(env: Env, dir: string, account: string): Promise<{ keys: string[]; from: string } | undefined> {
  const fromEnv = envValue(env, 'PASSWORD_STORE_KEY');
  if (fromEnv) return { keys: fromEnv.split(/\s+/).filter(Boolean), from: 'PASSWORD_STORE_KEY' };
  const folders = passName(account).split('/').slice(0, -1);
  for (let depth = folders.length; depth >= 0; depth--) {
    const file = join(dir, ...folders.slice(0, depth), '.gpg-id');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    // As pass reads it: a `#` starts a comment, blank lines are skipped.
    return { keys: text.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean), from: file };
  }
  return undefined;
}

/** pass commits each change when the store is a git repository (`pass git init`). */
export function isGitBacked(dir: string): boolean {
  return existsSync(join(dir, '.git'));
}

/** Every `mkt/<provider>/<profile>.gpg` in the store, as accounts: two directory reads per provider, nothing decrypted. */
export async function listAccounts(dir: string): Promise<string[]> {
  const providers = await entries(join(dir, MKT_FOLDER));
  const accounts: string[] = [];
  for (const provider of providers.filter((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    for (const file of await entries(join(dir, MKT_FOLDER, provider.name))) {
      if (file.isFile() && file.name.endsWith('.gpg')) accounts.push(`${provider.name}:${file.name.slice(0, -'.gpg'.length)}`);
    }
  }
  return accounts.sort();
}

async function entries(folder: string) {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
}
