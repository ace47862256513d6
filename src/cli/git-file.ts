/** What git makes of a file `mkt inject` is about to fill with secrets. */
import { basename, dirname } from 'node:path';

export type GitState = 'tracked' | 'ignored' | 'untracked' | 'outside';

/**
 * Tracked, ignored, neither, or outside any work tree (or no git to ask). git is run with fsmonitor
 * and hooks off: a repository's own config must not get to run a program of its choosing.
 */
export async function gitStateOf(path: string): Promise<GitState> {
  if ((await git(path, ['ls-files', '--error-unmatch', '--'])) === 0) return 'tracked';
  const ignored = await git(path, ['check-ignore', '-q', '--']);
  return ignored === 0 ? 'ignored' : ignored === 1 ? 'untracked' : 'outside';
}

async function git(path: string, args: string[]): Promise<number | undefined> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('git', ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args, basename(path)], { cwd: dirname(path), timeout: 10_000 }, (error) => {
      if (!error) return resolve(0);
      resolve(typeof error.code === 'number' ? error.code : undefined);
    });
  });
}
