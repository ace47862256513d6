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
  const { makeDirectory } = await import('./make-directory.js');
  try {
    makeDirectory(dir, 0o700);
  } catch (error) {
    // ENOENT here is final: a part of the path exists but cannot hold a directory.
    const cause = (error as NodeJS.ErrnoException).code === 'ENOENT' ? new Error('a part of the path cannot hold a directory (a symbolic link to nowhere, or under /proc or /sys)') : error;
    throw fileStoreError('create the directory', dir, cause);
  }
}
