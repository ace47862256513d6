import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` one directory at a time. Node's own recursive mkdir never returns when the kernel
 * answers ENOENT for a child of a directory that exists (under /proc or /sys, through a dangling
 * symbolic link, on a stale mount): it creates the parent again and retries, at 100 % CPU, forever
 * (nodejs/node, seen on Node 20 and 22 here). So mkt walks up to the first directory that exists, then
 * creates each one below it; an ENOENT on the way down is final. The error thrown is the one of the
 * directory that could not be made (EROFS, EACCES…), not an ENOENT for the whole path.
 */
export function makeDirectory(dir: string, mode: number): void {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    try {
      made(at, mode);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw error;
      missing.push(at);
    }
  }
  for (let i = missing.length - 1; i >= 0; i--) made(missing[i]!, mode);
}

/**
 * Creates `at`, or accepts it when it is already a directory: another process may make it between
 * our look and our mkdir (two `mkt login` at once in a fresh CI container).
 */
function made(at: string, mode: number): void {
  try {
    mkdirSync(at, { mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A file, or a symbolic link to nowhere: stat says which (ENOENT, or not a directory).
    if (!statSync(at).isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' });
  }
}
