import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { createConfigIndex } from '../../src/store/config-index.js';
import { createFileStore } from '../../src/store/file.js';
import { withLock } from '../../src/store/lock.js';
import { bundleScript, runNode, type Bundle } from '../helpers/bundle.js';

let dir: string;
let target: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mkt-lock-'));
  target = join(dir, 'data.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

describe('withLock', () => {
  it('runs one holder at a time and removes the lock file after', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(target, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await sleep(5);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('releases the lock when the function throws, and passes the error on', async () => {
    await expect(withLock(target, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withLock(target, async () => 'again')).toBe('again');
  });

  it('breaks a lock left by a process that is gone', async () => {
    await writeFile(`${target}.lock`, `${await deadPid()}\n${hostname()}\n`);
    const started = Date.now();
    expect(await withLock(target, async () => 'got it', { timeoutMs: 2000 })).toBe('got it');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over an empty or unreadable lock file at once: a live holder has always written its pid', async () => {
    for (const content of ['', 'garbage\n']) {
      await writeFile(`${target}.lock`, content);
      // Well within the 30 s after which any lock counts as stale: only a takeover on sight gets it.
      expect(await withLock(target, async () => 'got it', { timeoutMs: 2000 })).toBe('got it');
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it('breaks a lock older than the stale limit even if its process lives', async () => {
    await writeFile(`${target}.lock`, `${process.ppid}\n${hostname()}\n`);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${target}.lock`, old, old);
    expect(await withLock(target, async () => 'got it', { timeoutMs: 2000 })).toBe('got it');
  });

  it('gives up on a live holder with a StoreError that names the lock and its pid', async () => {
    await writeFile(`${target}.lock`, `${process.ppid}\n${hostname()}\n`);
    const error = await withLock(target, async () => 'never', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(`${target}.lock is held by another mkt process (pid ${process.ppid})`);
    expect((error as StoreError).hints.join(' ')).toContain(`delete ${target}.lock`);
    expect((await stat(`${target}.lock`)).isFile()).toBe(true);
  });
});

describe('20 processes writing at once', () => {
  let bundle: Bundle;

  beforeAll(async () => {
    bundle = await bundleScript(`
      import { createConfigIndex } from './src/store/config-index.ts';
      import { createFileStore } from './src/store/file.ts';
      const [kind, dir, name] = process.argv.slice(2);
      if (kind === 'config') {
        await createConfigIndex(dir).put({ provider: name, profile: 'default', store: 'keychain', savedAt: new Date().toISOString(), ids: {} });
      } else {
        const store = createFileStore({ path: dir + '/secrets.enc', passphrase: async () => 'pass' });
        await store.set(name + ':default', 'secret-' + name);
      }
    `);
  });
  afterAll(() => bundle?.dispose());

  async function runAll(kind: 'config' | 'file'): Promise<void> {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => runNode(bundle.file, [kind, dir, `p${i}`])));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
  }

  it('keeps every config index entry', async () => {
    await runAll('config');
    const entries = await createConfigIndex(dir).list();
    expect(entries.map((e) => e.provider).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`).sort());
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('keeps every file store secret', async () => {
    await runAll('file');
    const store = createFileStore({ path: join(dir, 'secrets.enc'), passphrase: async () => 'pass' });
    for (let i = 0; i < 20; i++) expect(await store.get(`p${i}:default`)).toBe(`secret-p${i}`);
    expect(await readdir(dir)).toEqual(['secrets.enc']);
  });
});
