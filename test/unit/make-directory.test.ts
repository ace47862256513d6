import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeDirectory } from '../../src/store/make-directory.js';

/** When set, called before each of makeDirectory's mkdir calls: another process at work. */
const race = vi.hoisted(() => ({ before: undefined as ((path: string) => void) | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    mkdirSync: (path: string, options?: { mode?: number; recursive?: boolean }) => {
      race.before?.(path);
      return fs.mkdirSync(path, options);
    },
  };
});

const root = mkdtempSync(join(tmpdir(), 'mkt-test-mkdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const code = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
};

describe('makeDirectory: mkdir -p that always returns', () => {
  it('makes every missing directory with the mode, and accepts one that exists', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirectory(deep, 0o700);
    makeDirectory(deep, 0o700);
    for (const dir of [join(root, 'a'), join(root, 'a', 'b'), deep]) expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('fails, and returns, under /proc and through a dangling symbolic link (where Node\'s recursive mkdir spins forever)', () => {
    expect(code(() => makeDirectory('/proc/mkt-test-no-such/x', 0o700))).toBe('ENOENT');
    const dangling = join(root, 'dangling');
    symlinkSync(join(root, 'nowhere'), dangling);
    expect(code(() => makeDirectory(join(dangling, 'x'), 0o700))).toBe('ENOENT');
    expect(code(() => makeDirectory(dangling, 0o700))).toBe('ENOENT');
  });

  it('says ENOTDIR for a file in the way', () => {
    const file = join(root, 'file');
    writeFileSync(file, '');
    expect(code(() => makeDirectory(file, 0o700))).toBe('ENOTDIR');
    expect(code(() => makeDirectory(join(file, 'x'), 0o700))).toBe('ENOTDIR');
  });

  it('accepts directories another process makes between its look and its mkdir', () => {
    const deep = join(root, 'race', 'b', 'c');
    // Our walk up found `c` and `b` missing; the other process makes the whole path before our mkdir
    // of `race` (which then says EEXIST) and of `b` on the way down.
    race.before = (path) => {
      if (path === join(root, 'race')) {
        race.before = undefined;
        mkdirSync(deep, { recursive: true });
      }
    };
    try {
      makeDirectory(deep, 0o700);
    } finally {
      race.before = undefined;
    }
    expect(statSync(deep).isDirectory()).toBe(true);
  });
});
