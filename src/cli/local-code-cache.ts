import { closeSync, fstatSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { loadBundle, shippedCache, type CacheState } from './code-cache.js';
import { envValue } from '../core/env-vars.js';
import { makeDirectory } from '../store/make-directory.js';

type Env = Record<string, string | undefined>;

/** Local caches kept per directory: one per Node version and flags in use, and a few older builds. */
const KEEP = 8;

export interface CliBundle<T> {
  exports: T;
  /** Call once the command has run: keeps V8's code for the next run when the cache given did not fit. */
  afterRun(): void;
}

/**
 * Loads the bundle with the code cache that fits this process. The shipped one is made by a plain
 * `node` of the build's version; V8 turns it down under other V8 flags (NODE_OPTIONS=--max-old-space-size,
 * say) or another Node version, and compiling from source then costs every command ~6 ms. So a
 * rejected cache is replaced by one made here, after the command ran, in a per-user directory keyed
 * by what V8 checks (Node version, flags) and by the bundle's hash, and used from the next run on.
 * The local cache is only ever a speed-up: any failure to read or write it is silent.
 */
export function loadCliBundle<T>(bundle: string, bundleHash: string | undefined, env: Env): CliBundle<T> {
  const file = bundleHash === undefined ? undefined : localCacheFile(env, bundleHash);
  const local = file === undefined ? undefined : readOwnCache(file);
  const loaded = loadBundle<T>(bundle, local ?? shippedCache(bundle));
  return {
    exports: loaded.exports,
    afterRun() {
      // An absent cache is a build made without one (what-if builds time exactly that): left so.
      const written = loaded.cache === 'rejected' && file !== undefined && writeCache(file, loaded.createCachedData);
      if (envValue(env, 'MKT_DEBUG_CACHE')) debugLine(local === undefined ? 'shipped' : 'local', loaded.cache, written ? file : undefined);
    },
  };
}

/** `<MKT_CACHE_DIR | $XDG_CACHE_HOME/mkt | ~/.cache/mkt>/run-<bundle>-<node>-<flags>.v8cache` */
function localCacheFile(env: Env, bundleHash: string): string | undefined {
  try {
    const flags = [...process.execArgv, envValue(env, 'NODE_OPTIONS') ?? ''].join('\0');
    const name = `run-${bundleHash}-${process.version}-${process.arch}-${fnv1a(flags)}.v8cache`;
    const dir = cacheDir(env);
    return dir === undefined ? undefined : join(dir, name);
  } catch {
    return undefined;
  }
}

/** `MKT_CACHE_DIR`, else `$XDG_CACHE_HOME/mkt`, else `~/.cache/mkt`; undefined without a home directory. */
export function cacheDir(env: Env): string | undefined {
  try {
    const dir = envValue(env, 'MKT_CACHE_DIR');
    if (dir) return dir;
    const xdg = envValue(env, 'XDG_CACHE_HOME');
    // The XDG spec says to ignore a relative XDG_CACHE_HOME.
    if (xdg && isAbsolute(xdg)) return join(xdg, 'mkt');
    return join(envValue(env, 'HOME') || (require('node:os') as typeof import('node:os')).homedir(), '.cache', 'mkt');
  } catch {
    // no home directory (homedir() throws without one)
    return undefined;
  }
}

/**
 * The cache, if this user wrote it and no one else can have: V8 runs the code in it, so a file
 * another user could plant (MKT_CACHE_DIR in a shared directory) is not read.
 */
export function readOwnCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    // Asked without an exception first: the plain case is no file, and a first exception costs ~0.2 ms.
    if (!statSync(file, { throwIfNoEntry: false })) return undefined;
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Written whole or not at all (temp file + rename), 0600 in a 0700 directory; false when it could not
 * be. The file is opened before V8 is asked for the code (a few ms): a read-only home costs nothing.
 */
export function writeCache(file: string, data: () => Buffer): boolean {
  const dir = dirname(file);
  const temp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    makeDirectory(dir, 0o700);
    fd = openSync(temp, 'wx', 0o600);
    writeFileSync(fd, data());
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch {
    try {
      if (fd !== undefined) closeSync(fd);
      unlinkSync(temp);
    } catch {
      // never made
    }
    return false;
  }
  prune(dir);
  return true;
}

/** Keeps the KEEP newest caches: each upgrade of mkt or Node would otherwise leave one behind. */
function prune(dir: string): void {
  try {
    const caches = readdirSync(dir).filter((name) => /^run-.*\.v8cache$/.test(name)).map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }));
    for (const old of caches.sort((a, b) => b.mtime - a.mtime).slice(KEEP)) unlinkSync(old.path);
  } catch {
    // another mkt pruning at the same time, or a directory we may not list: the next write tries again
  }
}

/** MKT_DEBUG_CACHE=1: which cache the run was given and whether V8 took it (tests read this). */
function debugLine(from: 'shipped' | 'local', state: CacheState, written: string | undefined): void {
  try {
    writeSync(2, `mkt: code cache: ${from} ${state}${written ? `; wrote ${written}` : ''}\n`);
  } catch {
    // stderr is gone
  }
}

/** A short, stable name for the flags (FNV-1a): a collision only costs a rejected cache, which V8 detects. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
