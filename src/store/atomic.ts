import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileStoreError } from './fs-error.js';

/**
 * Replaces `path` in one step: a reader sees the old file or the new one, never half of either,
 * even if this process dies mid-write. A failure (a full disk...) is a StoreError naming the file;
 * the old file is then untouched.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  try {
    await replaceFile(path, data, mode);
  } catch (error) {
    throw fileStoreError('write', path, error);
  }
}

/** writeFileAtomic without the store's error: the system's error as it is, for a file that is not mkt's own (`mkt inject -o`). */
export async function replaceFile(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', mode);
  try {
    try {
      await file.chmod(mode); // open() applies the umask; the mode must be exact
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable; some file systems refuse to open a directory, which is harmless. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
