import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '../core/errors.js';

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
  const ino = await acquire(lockPath, opts.timeoutMs ?? 10_000, opts.staleMs ?? 30_000);
  try {
    return await fn();
  } finally {
    await release(lockPath, ino);
  }
}

async function acquire(lockPath: string, timeoutMs: number, staleMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n${hostname()}\n`);
        return (await handle.stat()).ino;
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`cannot create lock file ${lockPath}: ${(error as Error).message}`);
      }
    }
    await breakIfStale(lockPath, staleMs);
    if (Date.now() > deadline) {
      const owner = await readOwner(lockPath);
      throw new StoreError(
        `${lockPath} is held by another mkt process${owner ? ` (pid ${owner.pid})` : ''}; gave up after ${Math.round(timeoutMs / 1000)} s`,
        [`if no mkt process is running, delete ${lockPath}`],
      );
    }
    await sleep(10 + Math.random() * 40);
  }
}

async function release(lockPath: string, ino: number): Promise<void> {
  // If our lock was broken as stale and someone else holds the path now, it is theirs to remove.
  const current = await stat(lockPath).catch(() => undefined);
  if (current?.ino === ino) await unlink(lockPath).catch(() => undefined);
}

async function breakIfStale(lockPath: string, staleMs: number): Promise<void> {
  const before = await stat(lockPath).catch(() => undefined);
  if (!before) return;
  const owner = await readOwner(lockPath);
  const abandoned = owner !== undefined && owner.host === hostname() && !isAlive(owner.pid);
  if (!abandoned && Date.now() - before.mtimeMs <= staleMs) return;

  // Rename rather than unlink: if another process replaced the stale lock meanwhile,
  // the inode tells us, and its fresh lock can be put back.
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return;
  }
  const moved = await stat(aside).catch(() => undefined);
  if (moved && moved.ino !== before.ino) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function readOwner(lockPath: string): Promise<{ pid: number; host: string } | undefined> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const [pid, host] = text.split('\n');
  const number = Number(pid);
  // An empty file is a lock being written right now, not an abandoned one.
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
