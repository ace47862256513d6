import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { StoreError } from '../core/errors.js';
import { envValue } from '../core/env-vars.js';
import { CONFIG_DIR_HINT } from './config-dir-hint.js';
import type { ConfigIndex, Env, ProfileEntry } from '../core/types.js';
import { STORE_KINDS } from './registry.js';
import type { LockOptions } from './lock.js';
import { versionStamp } from './file-version.js';

interface ConfigFile {
  version: 1;
  profiles: Record<string, ProfileEntry>;
  /** Provider id → the profile `mkt profile use` chose. Optional: an older file reads as it is, and an older mkt keeps it. */
  defaults?: Record<string, string>;
}

/** MKT_CONFIG_DIR, else $XDG_CONFIG_HOME/mkt, else ~/.config/mkt. */
export function configDir(env: Env): string {
  const dir = envValue(env, 'MKT_CONFIG_DIR');
  if (dir) return dir;
  const xdg = envValue(env, 'XDG_CONFIG_HOME');
  // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
  if (xdg && isAbsolute(xdg)) return join(xdg, 'mkt');
  return join(envValue(env, 'HOME') || homedir(), '.config', 'mkt');
}

class CorruptConfig extends Error {}

/**
 * The list of stored profiles and their non-secret metadata, in `<dir>/config.json`.
 * Reads take no lock (the file is only ever replaced whole); writes are serialised.
 */
export function createConfigIndex(dir: string): ConfigIndex {
  const path = join(dir, 'config.json');

  // A command may ask many times (whoami: once per profile); the file is parsed again only when it
  // was replaced since (every write replaces it whole: a new inode).
  let cached: { stamp: string; config: ConfigFile } | undefined;

  async function read(): Promise<ConfigFile> {
    try {
      const loaded = await load(path, cached);
      cached = loaded.stamp === undefined ? undefined : { stamp: loaded.stamp, config: loaded.config };
      return loaded.config;
    } catch (error) {
      if (!(error instanceof CorruptConfig)) throw error;
      throw new StoreError(`config index ${path} is corrupt (${error.message})`, [
        `move it aside (mv ${path} ${path}.bak) and log in again; stored secrets are not affected`,
      ]);
    }
  }

  async function modify(change: (profiles: Record<string, ProfileEntry>, config: ConfigFile) => boolean): Promise<boolean> {
    // Loaded on the first write only: read-only commands need neither node:crypto (lock, atomic) nor
    // the promise API of node:fs (~1.3 ms to load on Node 20).
    const [{ ensureDirectory }, { withLock }, { writeFileAtomic }] = await Promise.all([import('./fs-error.js'), import('./lock.js'), import('./atomic.js')]);
    await ensureDirectory(dir);
    return withLock(path, async () => {
      let config: ConfigFile;
      try {
        // Read afresh under the lock, never the cached copy: it is changed in place below.
        config = (await load(path)).config;
      } catch (error) {
        if (!(error instanceof CorruptConfig)) throw error;
        const backup = await backUp(path);
        throw new StoreError(`config index ${path} is corrupt (${error.message}); it was backed up to ${backup}`, [
          `to start afresh: rm ${path} (the backup keeps the old content), then log in again`,
        ]);
      }
      if (!change(config.profiles, config)) return false;
      await writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`, 0o600);
      return true;
    });
  }

  async function locked<T>(name: string, fn: () => Promise<T>, opts: LockOptions): Promise<T> {
    const [{ ensureDirectory }, { withLock }] = await Promise.all([import('./fs-error.js'), import('./lock.js')]);
    await ensureDirectory(dir);
    return withLock(join(dir, name), fn, opts);
  }

  return {
    async list() {
      const { profiles } = await read();
      return Object.keys(profiles)
        .sort()
        .map((key) => profiles[key] as ProfileEntry);
    },
    async get(provider, profile) {
      const { profiles } = await read();
      const key = keyOf(provider, profile);
      return Object.hasOwn(profiles, key) ? profiles[key] : undefined;
    },
    async put(entry) {
      await modify((profiles) => {
        profiles[keyOf(entry.provider, entry.profile)] = entry;
        return true;
      });
    },
    // A no-op when the profile is not in the index (e.g. credentials that came from env).
    async update(provider, profile, patch) {
      await modify((profiles) => patchEntry(profiles, provider, profile, patch));
    },
    async updateMany(patches) {
      await modify((profiles) => patches.map((p) => patchEntry(profiles, p.provider, p.profile, p.patch)).some(Boolean));
    },
    async remove(provider, profile) {
      const key = keyOf(provider, profile);
      return modify((profiles, config) => {
        if (!Object.hasOwn(profiles, key)) return false;
        delete profiles[key];
        // The choice goes with the profile: commands fall back to `default`, not to a profile that is gone.
        if (config.defaults?.[provider] === profile) choose(config, provider, undefined);
        return true;
      });
    },
    async defaults() {
      return { ...(await read()).defaults };
    },
    async setDefault(provider, profile) {
      await modify((_profiles, config) => {
        if (config.defaults?.[provider] === profile) return false;
        choose(config, provider, profile);
        return true;
      });
    },
    // Its own lock file: the index's lock is taken and released by each write inside. The wait is
    // longer than the index's, as a holder may be waiting for the keychain (3 s per call).
    transaction: (fn) => locked('profiles', fn, { timeoutMs: 30_000 }),
    // A holder exchanging a token waits for the provider (15 s a try, rate limits): longer still.
    lock: (name, fn) => locked(name, fn, { timeoutMs: 60_000, staleMs: 90_000 }),
  };
}

/** Sets or clears a provider's chosen profile; no "defaults" key at all when none is chosen. */
function choose(config: ConfigFile, provider: string, profile: string | undefined): void {
  const { [provider]: _old, ...rest } = config.defaults ?? {};
  config.defaults = profile === undefined ? rest : { ...rest, [provider]: profile };
  if (Object.keys(config.defaults).length === 0) delete config.defaults;
}

function patchEntry(profiles: Record<string, ProfileEntry>, provider: string, profile: string, patch: Partial<ProfileEntry>): boolean {
  const key = keyOf(provider, profile);
  const entry = profiles[key];
  if (!Object.hasOwn(profiles, key) || !entry) return false;
  profiles[key] = { ...entry, ...patch, provider: entry.provider, profile: entry.profile };
  return true;
}

function keyOf(provider: string, profile: string): string {
  return `${provider}:${profile}`;
}

/**
 * The file's content, or `known`'s when the file is the same one (inode, size, modification time:
 * read from the open file, so the stamp always belongs to the content read).
 */
async function load(path: string, known?: { stamp: string; config: ConfigFile }): Promise<{ config: ConfigFile; stamp?: string }> {
  let text: string;
  let stamp: string;
  try {
    // Synchronous on purpose: read once or a few times per command; the asynchronous read costs
    // ~1.5 ms more in thread-pool round trips (open, stat, read, close).
    const fd = openSync(path, 'r');
    try {
      const st = fstatSync(fd, { bigint: true });
      stamp = versionStamp(st);
      if (known?.stamp === stamp) return known;
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { config: { version: 1, profiles: {} } };
    const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'a part of the path is a file, not a directory' : (code ?? (error as Error).message);
    throw new StoreError(`cannot read config index ${path}: ${why}`, [CONFIG_DIR_HINT]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CorruptConfig(text.trim() === '' ? 'empty file' : 'not valid JSON');
  }
  return { config: validate(value), stamp };
}

function validate(value: unknown): ConfigFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CorruptConfig('not a JSON object');
  const config = value as Partial<ConfigFile>;
  if (config.version !== 1) throw new CorruptConfig(config.version === undefined ? 'no version field' : `unknown version ${JSON.stringify(config.version)}`);
  const profiles = config.profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) throw new CorruptConfig('no "profiles" object');
  for (const [key, entry] of Object.entries(profiles)) {
    const fault = entryFault(entry);
    if (fault) throw new CorruptConfig(`profile ${JSON.stringify(key)} is malformed: ${fault}`);
  }
  const defaults = config.defaults as unknown;
  if (defaults !== undefined && (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults) || !Object.values(defaults).every((p) => typeof p === 'string'))) {
    throw new CorruptConfig('"defaults" is not an object of profile names');
  }
  return config as ConfigFile;
}

/** What is wrong with one entry, or undefined: every field another part of mkt relies on is checked here. */
function entryFault(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const entry = value as Partial<ProfileEntry>;
  if (typeof entry.provider !== 'string' || typeof entry.profile !== 'string') return 'no provider or profile name';
  if (typeof entry.store !== 'string') return 'no "store"';
  if (!(STORE_KINDS as readonly string[]).includes(entry.store)) return `unknown store ${JSON.stringify(entry.store)}`;
  const ids = entry.ids as unknown;
  if (typeof ids !== 'object' || ids === null || Array.isArray(ids)) return 'no "ids" object';
  if (!Object.values(ids).every((id) => typeof id === 'string')) return 'an id that is not a string';
  const pending = entry.pending as unknown;
  if (pending !== undefined) {
    const p = pending as NonNullable<ProfileEntry['pending']>;
    if (typeof p !== 'object' || p === null || (p.op !== 'login' && p.op !== 'logout') || typeof p.txn !== 'string') return 'a malformed "pending" record';
    if (p.previous !== undefined && entryFault(p.previous)) return `a malformed previous entry (${entryFault(p.previous)})`;
  }
  return undefined;
}

async function backUp(path: string): Promise<string> {
  const { chmod, copyFile } = await import('node:fs/promises');
  const backup = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await copyFile(path, backup, constants.COPYFILE_EXCL);
    await chmod(backup, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return backup;
}
