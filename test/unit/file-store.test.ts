import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { createFileStore } from '../../src/store/file.js';
import { openStore } from '../../src/store/registry.js';

const SECRET = 'sk-live-Ωmega-🔑-0123456789';
const PASSPHRASE = 'correct horse battery staple';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mkt-file-store-'));
  path = join(dir, 'nested', 'secrets.enc');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function storeWith(passphrase = PASSPHRASE) {
  let asked = 0;
  const store = createFileStore({
    path,
    passphrase: async () => {
      asked += 1;
      return passphrase;
    },
  });
  return { store, asked: () => asked };
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  const storeError = error as StoreError;
  expect(storeError.exitCode).toBe(8);
  expect(storeError.message).not.toContain('\n');
  for (const text of [storeError.message, ...storeError.hints]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(PASSPHRASE);
  }
  return storeError;
}

describe('file store', () => {
  it('round-trips secrets and reports what it deleted', async () => {
    const { store } = storeWith();
    expect(store.kind).toBe('file');
    await store.set('ozon:default', SECRET);
    await store.set('yandex:work', 'second');
    expect(await store.get('ozon:default')).toBe(SECRET);
    expect(await store.get('nobody:default')).toBeUndefined();
    expect(await store.get('toString')).toBeUndefined();
    expect(await store.delete('ozon:default')).toBe(true);
    expect(await store.delete('ozon:default')).toBe(false);
    expect(await store.get('ozon:default')).toBeUndefined();
    expect(await storeWith().store.get('yandex:work')).toBe('second');
  });

  it('writes the documented envelope, encrypted, mode 0600 in a 0700 directory', async () => {
    await storeWith().store.set('ozon:default', SECRET);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(SECRET);
    const envelope = JSON.parse(text);
    expect(envelope).toMatchObject({ version: 1, kdf: { name: 'scrypt', N: 32768, r: 8, p: 1 } });
    for (const field of [envelope.kdf.salt, envelope.iv, envelope.tag, envelope.data]) expect(field).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, 'nested'))).toEqual(['secrets.enc']);
  });

  it('uses a new iv for every write and keeps the salt', async () => {
    const { store } = storeWith();
    await store.set('a:default', '1');
    const first = JSON.parse(await readFile(path, 'utf8'));
    await store.set('a:default', '1');
    const second = JSON.parse(await readFile(path, 'utf8'));
    expect(second.iv).not.toBe(first.iv);
    expect(second.kdf.salt).toBe(first.kdf.salt);
  });

  it('asks for the passphrase once per store, and not at all to read a missing file', async () => {
    const { store, asked } = storeWith();
    expect(await store.get('ozon:default')).toBeUndefined();
    expect(await store.delete('ozon:default')).toBe(false);
    expect(asked()).toBe(0);
    await store.set('ozon:default', SECRET);
    await store.set('yandex:default', SECRET);
    await store.get('ozon:default');
    await store.delete('yandex:default');
    expect(asked()).toBe(1);
  });

  it('keeps every entry of parallel writes', async () => {
    const { store } = storeWith();
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.set(`p${i}:default`, `v${i}`)));
    const reader = storeWith().store;
    for (let i = 0; i < 10; i++) expect(await reader.get(`p${i}:default`)).toBe(`v${i}`);
  });

  it('says "wrong passphrase" and leaves the file untouched', async () => {
    await storeWith().store.set('ozon:default', SECRET);
    const before = await readFile(path);
    const wrong = storeWith('not the passphrase').store;
    const error = await storeError(wrong.get('ozon:default'));
    expect(error.message).toBe(`wrong passphrase for ${path}`);
    await storeError(wrong.set('ozon:default', 'overwrite'));
    await storeError(wrong.delete('ozon:default'));
    expect(await readFile(path)).toEqual(before);
  });

  it('refuses an empty passphrase', async () => {
    const error = await storeError(storeWith('').store.set('ozon:default', SECRET));
    expect(error.message).toContain('empty');
  });

  it('refuses a file other users can read, saying the chmod to run', async () => {
    await storeWith().store.set('ozon:default', SECRET);
    await chmod(path, 0o640);
    const before = await readFile(path);
    const error = await storeError(storeWith().store.get('ozon:default'));
    expect(error.message).toContain('0640');
    expect(error.hints.join('\n')).toContain(`chmod 600 ${path}`);
    await storeError(storeWith().store.set('ozon:default', 'x'));
    expect(await readFile(path)).toEqual(before);
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, text.length / 2)],
    ['not JSON', () => 'garbage'],
    ['empty', () => ''],
    ['unknown version', (text: string) => text.replace('"version": 1', '"version": 7')],
    ['a short tag', (text: string) => text.replace(/"tag": "[^"]+"/, '"tag": "AAAA"')],
    ['absurd scrypt cost', (text: string) => text.replace('"N": 32768', '"N": 1073741824')],
  ])('reports a %s file as corrupt and leaves it untouched', async (_, damage) => {
    await storeWith().store.set('ozon:default', SECRET);
    await writeFile(path, damage(await readFile(path, 'utf8')), { mode: 0o600 });
    const before = await readFile(path);
    const { store, asked } = storeWith();
    const error = await storeError(store.get('ozon:default'));
    expect(error.message).toMatch(/is corrupt/);
    expect(error.message).toContain(path);
    await storeError(store.set('ozon:default', 'x'));
    expect(await readFile(path)).toEqual(before);
    expect(asked()).toBe(0);
  });

  it('detects altered ciphertext or KDF parameters', async () => {
    await storeWith().store.set('ozon:default', SECRET);
    const envelope = JSON.parse(await readFile(path, 'utf8'));
    envelope.kdf.N = 16384;
    await writeFile(path, JSON.stringify(envelope), { mode: 0o600 });
    await storeError(storeWith().store.get('ozon:default'));
  });

  it('passes on a failure of the passphrase source without writing', async () => {
    const store = createFileStore({ path, passphrase: () => Promise.reject(new StoreError('no terminal')) });
    await expect(store.set('ozon:default', SECRET)).rejects.toThrow('no terminal');
    await expect(stat(path)).rejects.toThrow();
  });
});

describe('openStore', () => {
  it('opens <configDir>/secrets.enc with MKT_PASSPHRASE, before any prompt', async () => {
    const prompt = async (): Promise<string> => {
      throw new Error('must not prompt');
    };
    const store = await openStore('file', { env: { MKT_PASSPHRASE: PASSPHRASE }, configDir: dir, promptPassphrase: prompt });
    await store.set('ozon:default', SECRET);
    expect(JSON.parse(await readFile(join(dir, 'secrets.enc'), 'utf8')).version).toBe(1);
    const prompted = await openStore('file', { env: {}, configDir: dir, promptPassphrase: async () => PASSPHRASE });
    expect(await prompted.get('ozon:default')).toBe(SECRET);
  });

  it('says how to give a passphrase when there is none to be had', async () => {
    const store = await openStore('file', { env: {}, configDir: dir });
    expect(await store.get('ozon:default')).toBeUndefined();
    const error = await storeError(store.set('ozon:default', SECRET));
    expect(error.message).toBe('the file store needs a passphrase: set MKT_PASSPHRASE');
    expect(error.hints).toEqual(['it is asked for only when stdin and stderr are both a terminal']);
  });

  it('shares one memory store across the process', async () => {
    const first = await openStore('memory', { env: {}, configDir: dir });
    await first.set('ozon:default', SECRET);
    expect(first.kind).toBe('memory');
    expect(await (await openStore('memory', { env: {}, configDir: dir })).get('ozon:default')).toBe(SECRET);
  });
});
