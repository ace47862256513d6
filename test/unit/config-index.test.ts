import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import type { ProfileEntry } from '../../src/core/types.js';
import { configDir, createConfigIndex } from '../../src/store/config-index.js';

let root: string;
let dir: string;
let file: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mkt-config-'));
  dir = join(root, 'mkt');
  file = join(dir, 'config.json');
});
afterEach(() => rm(root, { recursive: true, force: true }));

function entry(provider: string, profile = 'default', extra: Partial<ProfileEntry> = {}): ProfileEntry {
  return { provider, profile, store: 'keychain', savedAt: '2026-01-02T03:04:05.000Z', ids: {}, ...extra };
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).exitCode).toBe(8);
  expect((error as StoreError).message).not.toContain('\n');
  return error as StoreError;
}

describe('configDir', () => {
  it('prefers MKT_CONFIG_DIR, then an absolute XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configDir({ MKT_CONFIG_DIR: '/x/mkt', XDG_CONFIG_HOME: '/xdg', HOME: '/h' })).toBe('/x/mkt');
    expect(configDir({ XDG_CONFIG_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/mkt');
    expect(configDir({ XDG_CONFIG_HOME: 'relative', HOME: '/h' })).toBe('/h/.config/mkt');
    expect(configDir({ HOME: '/h' })).toBe('/h/.config/mkt');
    expect(configDir({})).toBe(join(homedir(), '.config', 'mkt'));
  });
});

describe('config index', () => {
  it('reads an absent index as empty without creating anything', async () => {
    const index = createConfigIndex(dir);
    expect(await index.list()).toEqual([]);
    expect(await index.get('ozon', 'default')).toBeUndefined();
    await expect(stat(dir)).rejects.toThrow();
  });

  it('writes { version, profiles } to a 0600 file in a 0700 directory, leaving no temp files', async () => {
    const index = createConfigIndex(dir);
    await index.put(entry('ozon', 'default', { ids: { clientId: '123' } }));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 1,
      profiles: { 'ozon:default': entry('ozon', 'default', { ids: { clientId: '123' } }) },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('lists, updates and removes entries', async () => {
    const index = createConfigIndex(dir);
    await index.put(entry('yandex', 'work'));
    await index.put(entry('ozon'));
    expect((await index.list()).map((e) => `${e.provider}:${e.profile}`)).toEqual(['ozon:default', 'yandex:work']);

    await index.update('ozon', 'default', { verifiedAt: '2026-02-01T00:00:00.000Z', provider: 'evil' });
    expect(await index.get('ozon', 'default')).toEqual(entry('ozon', 'default', { verifiedAt: '2026-02-01T00:00:00.000Z' }));

    await index.update('ozzie', 'default', { verifiedAt: 'x' });
    expect(await index.get('ozzie', 'default')).toBeUndefined();

    expect(await index.remove('ozon', 'default')).toBe(true);
    expect(await index.remove('ozon', 'default')).toBe(false);
    expect(await index.list()).toEqual([entry('yandex', 'work')]);
  });

  it('keeps every entry of parallel writes', async () => {
    const index = createConfigIndex(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => index.put(entry(`p${i}`))));
    expect(await index.list()).toHaveLength(20);
  });

  it.each([
    ['truncated', '{"version": 1, "profiles": {"ozon:default": {"provider": "oz'],
    ['empty', ''],
    ['not an object', '[]'],
    ['of an unknown version', '{"version": 2, "profiles": {}}'],
    ['without a version', '{}'],
    ['missing profiles', '{"version": 1}'],
    ['holding a malformed profile', '{"version": 1, "profiles": {"ozon:default": 5}}'],
  ])('reports a config file %s as corrupt on read, leaving it alone', async (_, text) => {
    await mkdir(dir, { recursive: true });
    await writeFile(file, text);
    const error = await storeError(createConfigIndex(dir).list());
    expect(error.message).toMatch(new RegExp(`^config index ${file} is corrupt \\(.+\\)$`));
    expect(error.hints.join(' ')).toContain(`mv ${file}`);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  it('backs a corrupt config up on a write attempt and keeps the original', async () => {
    await mkdir(dir, { recursive: true });
    const text = '{"version": 1, "profiles": {';
    await writeFile(file, text);
    const index = createConfigIndex(dir);
    const error = await storeError(index.put(entry('ozon')));
    const backup = /it was backed up to (\S+)$/.exec(error.message)?.[1];
    expect(error.message).toContain(`config index ${file} is corrupt (not valid JSON)`);
    expect(backup).toMatch(new RegExp(`^${file}\\.corrupt-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z$`));
    expect(await readFile(backup as string, 'utf8')).toBe(text);
    expect(await readFile(file, 'utf8')).toBe(text);
    await storeError(index.remove('ozon', 'default'));
    await storeError(index.update('ozon', 'default', {}));
  });

  it('names the path when the config is a directory', async () => {
    await mkdir(file, { recursive: true });
    const error = await storeError(createConfigIndex(dir).list());
    expect(error.message).toBe(`cannot read config index ${file}: it is a directory`);
    await storeError(createConfigIndex(dir).put(entry('ozon')));
  });
});

describe('the chosen profile per provider (mkt profile use)', () => {
  it('is kept beside the profiles, goes with the profile it names, and a file without it reads as before', async () => {
    const index = createConfigIndex(dir);
    await index.put(entry('ozon', 'shop2'));
    expect(await index.defaults()).toEqual({});
    await index.setDefault('ozon', 'shop2');
    await index.setDefault('yandex', 'b');
    expect(await index.defaults()).toEqual({ ozon: 'shop2', yandex: 'b' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, defaults: { ozon: 'shop2', yandex: 'b' } });
    await index.setDefault('yandex', undefined);
    await index.remove('ozon', 'shop2');
    expect(await index.defaults()).toEqual({});
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')))).toEqual(['version', 'profiles']);
  });
  it('removing another profile keeps the choice', async () => {
    const index = createConfigIndex(dir);
    await index.put(entry('ozon', 'shop2'));
    await index.put(entry('ozon'));
    await index.setDefault('ozon', 'shop2');
    await index.remove('ozon', 'default');
    expect(await index.defaults()).toEqual({ ozon: 'shop2' });
  });
  it('a malformed "defaults" is a corrupt index (exit 8), not a choice mkt guesses at', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(file, JSON.stringify({ version: 1, profiles: {}, defaults: { ozon: 7 } }));
    expect((await storeError(createConfigIndex(dir).list())).message).toMatch(/"defaults" is not an object of profile names/);
  });
});

it('names what is wrong with a config file that has no version, rather than calling it version undefined', async () => {
  await mkdir(dir, { recursive: true });
  await writeFile(file, '{}');
  expect((await storeError(createConfigIndex(dir).list())).message).toBe(`config index ${file} is corrupt (no version field)`);
});
