import { StoreError } from '../core/errors.js';
import { CONFIG_DIR_HINT } from './config-dir-hint.js';

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EIO: 'an input/output error',
};

/** A file-system failure of one of mkt's own files as a store fault (exit 8): what, where, why, and the way on. */
export function fileStoreError(action: string, path: string, error: unknown, hints: string[] = []): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? code ?? (error as Error).message;
  const full = code === 'ENOSPC' || code === 'EDQUOT' ? ['free some space, then run the command again', ...hints] : [...hints, CONFIG_DIR_HINT];
  return new StoreError(`cannot ${action} ${path}: ${reason}${code && REASONS[code] ? ` (${code})` : ''}`, full);
}

/** Creates mkt's directory (0700), failing as a store fault. */
export async function ensureDirectory(dir: string): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fileStoreError('create the directory', dir, await realCause(dir, error));
  }
}

/**
 * A recursive mkdir reports ENOENT where the real cause is the first directory it could not create
 * (e.g. EROFS on a read-only file system): creating that one alone says why.
 */
async function realCause(dir: string, error: unknown): Promise<unknown> {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  const { existsSync } = await import('node:fs');
  const { mkdir } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  let first = dir;
  while (dirname(first) !== first && !existsSync(dirname(first))) first = dirname(first);
  return mkdir(first, { mode: 0o700 }).then(() => error, (cause: unknown) => cause);
}
