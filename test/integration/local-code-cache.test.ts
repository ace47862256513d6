import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { BIN } from '../helpers/cli.js';

/** A V8 flag: the shipped code cache, made without flags, does not fit a process that has it. */
const V8_FLAG = '--max-old-space-size=4096';

const root = mkdtempSync(join(tmpdir(), 'mkt-test-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The built CLI with exactly `env` (and PATH); MKT_DEBUG_CACHE=1 makes it say on stderr which cache it ran from. */
function mkt(args: string[], env: Record<string, string>) {
  // A time limit: a recursive mkdir that never returns must fail the test, not hang it.
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: join(root, 'home'), ...env }, timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The cache file a run wrote, from its MKT_DEBUG_CACHE line. */
const written = (stderr: string) => /^mkt: code cache: \S+ rejected; wrote (.+)$/m.exec(stderr)?.[1];

describe('a code cache of its own, when the shipped one does not fit', () => {
  it('under V8 flags: the first run is turned down and writes one (0600 in 0700), the next runs use it', () => {
    const dir = join(root, 'flags');
    const env = { MKT_CACHE_DIR: dir, MKT_DEBUG_CACHE: '1', NODE_OPTIONS: V8_FLAG };
    const first = mkt(['--help'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Usage: mkt/);
    const file = written(first.stderr);
    expect(first.stderr).toMatch(/^mkt: code cache: shipped rejected; wrote /);
    expect(dirname(file!)).toBe(dir);
    expect(statSync(file!).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const args of [['providers'], ['--help']]) {
      const next = mkt(args, env);
      expect(next.code).toBe(0);
      expect(next.stderr, args.join(' ')).toBe('mkt: code cache: local used\n');
    }
    // Without the flag: the shipped cache, and nothing more is written.
    expect(mkt(['--help'], { ...env, NODE_OPTIONS: '' }).stderr).toBe('mkt: code cache: shipped used\n');
    expect(readdirSync(dir)).toEqual([basename(file!)]);
    // Other flags are another cache.
    expect(mkt(['--help'], { ...env, NODE_OPTIONS: '--max-old-space-size=2048' }).stderr).toMatch(/^mkt: code cache: shipped rejected; wrote /);
  });

  it('lives in $XDG_CACHE_HOME/mkt, else ~/.cache/mkt (a relative XDG_CACHE_HOME is ignored)', () => {
    const xdg = join(root, 'xdg');
    expect(written(mkt(['--help'], { XDG_CACHE_HOME: xdg, MKT_DEBUG_CACHE: '1', NODE_OPTIONS: V8_FLAG }).stderr)).toMatch(new RegExp(`^${xdg}/mkt/run-[0-9a-f]+-v[\\d.]+-\\w+-[0-9a-f]{8}\\.v8cache$`));
    const home = join(root, 'home2');
    expect(written(mkt(['--help'], { HOME: home, XDG_CACHE_HOME: 'relative', MKT_DEBUG_CACHE: '1', NODE_OPTIONS: V8_FLAG }).stderr)).toMatch(new RegExp(`^${home}/\\.cache/mkt/run-`));
  });

  it('holds no secret of the command that made it', () => {
    const secret = 'Zq8xW3vN7kLp2RtY9sBm4HcJ6dFg1aQe';
    const r = mkt(['headers', 'ozon'], { MKT_CACHE_DIR: join(root, 'secret'), MKT_DEBUG_CACHE: '1', NODE_OPTIONS: V8_FLAG, OZON_CLIENT_ID: '4711', OZON_API_KEY: secret });
    expect(r.stdout).toContain(secret);
    const cache = readFileSync(written(r.stderr)!);
    for (let i = 0; i + 8 <= secret.length; i++) {
      const piece = secret.slice(i, i + 8);
      // V8 keeps a string one byte per character, or two.
      expect(cache.includes(Buffer.from(piece, 'latin1')), piece).toBe(false);
      expect(cache.includes(Buffer.from(piece, 'utf16le')), piece).toBe(false);
    }
  });

  it('is silent when it cannot be written: the command runs, exit 0, nothing on stderr', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const r = mkt(['providers'], { MKT_CACHE_DIR: file, NODE_OPTIONS: V8_FLAG });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/ozon/);
    expect(mkt(['providers'], { MKT_CACHE_DIR: join(file, 'sub'), MKT_DEBUG_CACHE: '1', NODE_OPTIONS: V8_FLAG }).stderr).toBe('mkt: code cache: shipped rejected\n');
  });

  it('does not hang where a directory cannot be made and the kernel says ENOENT (under /proc, through a dangling symbolic link)', () => {
    const dangling = join(root, 'dangling');
    symlinkSync(join(root, 'nowhere', 'at-all'), dangling);
    for (const dir of ['/proc/mkt-test-no-such/cache', join(dangling, 'cache')]) {
      const r = mkt(['providers'], { MKT_CACHE_DIR: dir, MKT_DEBUG_CACHE: '1', NODE_OPTIONS: V8_FLAG });
      expect(r, dir).toMatchObject({ code: 0, stderr: 'mkt: code cache: shipped rejected\n' });
    }
  });

  it('replaces a cache V8 turns down, and never reads one that others could have written', () => {
    const dir = join(root, 'bad');
    const env = { MKT_CACHE_DIR: dir, MKT_DEBUG_CACHE: '1', NODE_OPTIONS: V8_FLAG };
    const file = written(mkt(['--help'], env).stderr)!;
    writeFileSync(file, Buffer.alloc(4096, 7));
    expect(mkt(['--help'], env).stderr).toBe(`mkt: code cache: local rejected; wrote ${file}\n`);
    expect(mkt(['--help'], env).stderr).toBe('mkt: code cache: local used\n');

    chmodSync(file, 0o666);
    expect(mkt(['--help'], env).stderr).toBe(`mkt: code cache: shipped rejected; wrote ${file}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    if (process.getuid?.() === 0) {
      chownSync(file, 65534, 65534);
      expect(mkt(['--help'], env).stderr).toBe(`mkt: code cache: shipped rejected; wrote ${file}\n`);
      expect(statSync(file).uid).toBe(0);
    }
  });

  it('keeps the 8 newest caches in a directory (an upgrade of mkt or Node leaves one behind)', () => {
    const dir = join(root, 'prune');
    mkdirSync(dir);
    for (let i = 0; i < 10; i++) {
      const old = join(dir, `run-old${i}.v8cache`);
      writeFileSync(old, 'x', { mode: 0o600 });
      utimesSync(old, new Date(Date.now() - (i + 1) * 86_400_000), new Date(Date.now() - (i + 1) * 86_400_000));
    }
    const file = written(mkt(['--help'], { MKT_CACHE_DIR: dir, MKT_DEBUG_CACHE: '1', NODE_OPTIONS: V8_FLAG }).stderr)!;
    expect(readdirSync(dir).sort()).toEqual([basename(file), ...[0, 1, 2, 3, 4, 5, 6].map((i) => `run-old${i}.v8cache`)].sort());
  });
});
