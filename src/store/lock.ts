import { randomBytes } from 'node:crypto';
import { link, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '../core/errors.js';
import { fileStoreError } from './fs-error.js';

export interface LockOptions {
  /** How long to wait for another holder before giving up. */
  timeoutMs?: number;
  /** A lock older than this is assumed abandoned. */
  staleMs?: number;
}

/**
 * Runs `fn` while holding `<path>.lock`, so read-modify-write cycles of several
 * processes on the same file do not lose each other's changes.
 */
export async function withLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const held = await acquire(lockPath, opts.timeoutMs ?? 10_000, opts.staleMs ?? 30_000);
  try {
    return await fn();
  } finally {
    await release(lockPath, held);
  }
}

// Lock files are compared by inode, and a handle is kept open on every inode compared:
// an open inode cannot be freed and its number handed to a newer lock file.

async function acquire(lockPath: string, timeoutMs: number, staleMs: number): Promise<FileHandle> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const handle = await tryCreate(lockPath);
    if (handle) return handle;
    const owner = await breakIfStale(lockPath, staleMs);
    if (Date.now() > deadline) {
      throw new StoreError(
        `${lockPath} is held by another mkt process${owner ? ` (pid ${owner.pid})` : ''}; gave up after ${Math.round(timeoutMs / 1000)} s`,
        [`if no mkt process is running, delete ${lockPath}`],
      );
    }
    await sleep(10 + Math.random() * 40);
  }
}

/**
 * The lock file appears with its owner already written: it is written under a private name and
 * linked into place (link fails if the name exists). So a lock file is never empty while its owner
 * lives, and an empty or unreadable one (a full disk, a kill -9 in an older mkt) is abandoned.
 * Undefined: someone else holds it.
 */
async function tryCreate(lockPath: string): Promise<FileHandle | undefined> {
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o600);
    await handle.writeFile(`${process.pid}\n${hostname()}\n`);
    await link(temp, lockPath);
    return handle;
  } catch (error) {
    await handle?.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return undefined;
    if (handle && (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP')) return createInPlace(lockPath);
    throw fileStoreError('create the lock file', lockPath, error);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** For file systems without hard links: create, then write (a kill in between leaves an empty lock, taken over at once). */
async function createInPlace(lockPath: string): Promise<FileHandle | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(lockPath, 'wx', 0o600);
    await handle.writeFile(`${process.pid}\n${hostname()}\n`);
    return handle;
  } catch (error) {
    if (handle) await release(lockPath, handle);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return undefined;
    throw fileStoreError('create the lock file', lockPath, error);
  }
}

async function release(lockPath: string, handle: FileHandle): Promise<void> {
  try {
    // If our lock was broken as stale and someone else holds the path now, it is theirs to remove.
    if (await isAt(lockPath, handle)) await unlink(lockPath).catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/** Removes the lock when its holder died or it is older than `staleMs`; returns the holder it saw. */
async function breakIfStale(lockPath: string, staleMs: number): Promise<Owner | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(lockPath, 'r');
  } catch {
    return undefined; // released meanwhile
  }
  try {
    const info = await handle.stat();
    const owner = parseOwner(await handle.readFile('utf8'));
    // No owner written: nobody can be holding it (see tryCreate).
    const dead = owner === undefined || (owner.host === hostname() && !isAlive(owner.pid));
    if (!dead && Date.now() - info.mtimeMs <= staleMs) return owner;
    // A holder that exited normally has unlinked its file: only a file still in place is abandoned.
    if (!(await isAt(lockPath, handle))) return owner;
    const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await rename(lockPath, aside);
    } catch {
      return owner;
    }
    // Another process broke it first and someone locked afresh in between: put their lock back.
    const moved = await stat(aside).catch(() => undefined);
    if (moved && moved.ino !== info.ino) await link(aside, lockPath).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return owner;
  } finally {
    await handle.close();
  }
}

async function isAt(path: string, handle: FileHandle): Promise<boolean> {
  const [atPath, held] = await Promise.all([stat(path).catch(() => undefined), handle.stat()]);
  return atPath !== undefined && atPath.ino === held.ino && atPath.dev === held.dev;
}

interface Owner {
  pid: number;
  host: string;
}

function parseOwner(text: string): Owner | undefined {
  const [pid, host] = text.split('\n');
  const number = Number(pid);
  return Number.isInteger(number) && number > 0 ? { pid: number, host: host ?? '' } : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
