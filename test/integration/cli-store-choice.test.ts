/**
 * Issue 14, "stores are a registry": what the built CLI offers and says about stores is the
 * registry's (src/store/registry.ts): the --store choices, MKT_STORE, and the ways on when the
 * keychain cannot be reached.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_STORE, STORES, USER_STORES } from '../../src/store/registry.js';
import { waysOn } from '../../src/store/ways-on.js';
import { expectNoPieceOf, expectOneLineError, runMkt, tempHome } from '../helpers/cli.js';

const OZON = { clientId: '100200', apiKey: 'b3a1c7e2-5d4f-4e8a-9c6b-2f1e0d9a8c7b' };
const ozonLines = `OZON_CLIENT_ID=${OZON.clientId}\nOZON_API_KEY=${OZON.apiKey}\n`;
const KEY = 'sk_live_9fQ2xLmP7vTz4RkW8nYb3HcD';

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

/** No session bus and no runtime dir: the keychain cannot be reached, and says so at once. */
const mkt = (args: string[], env: Record<string, string> = {}, input = '') =>
  runMkt(args, { env: { ...home.env, MKT_PASSPHRASE: 'store-choice', DBUS_SESSION_BUS_ADDRESS: '', ...env }, input });

const storedIn = async (): Promise<string[]> =>
  (JSON.parse((await mkt(['status', '--json'])).stdout) as Array<{ source: string }>).map((r) => r.source);

describe('login --store offers the registry’s user stores', () => {
  it('its help lists exactly them, the default and MKT_STORE', async () => {
    const help = await mkt(['login', '--help']);
    expect(help.code).toBe(0);
    const option = help.stdout.replace(/\s+/g, ' ').match(/--store <kind> (.*?)--no-verify/)?.[1] ?? '';
    const choices = [...(option.match(/choices: (.*?)\)/)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(choices).toEqual([...USER_STORES]);
    expect(option).toContain(`else ${DEFAULT_STORE}`);
    expect(option).toContain('MKT_STORE');
  });

  it('refuses a store that is not offered (memory is for tests), exit 2, nothing stored', async () => {
    const hidden = STORES.filter((s) => !s.userChoice).map((s) => s.kind);
    expect(hidden).toContain('memory');
    for (const kind of [...hidden, 'cloud']) {
      expectOneLineError(await mkt(['login', 'ozon', '--stdin', '--no-verify', '--store', kind], {}, ozonLines), 2, new RegExp(`--store <kind>.*Allowed choices are ${USER_STORES.join(', ')}\\.$`));
    }
    expect(await storedIn()).toEqual([]);
  });
});

describe('MKT_STORE: the store of login when --store is not given', () => {
  it('MKT_STORE=file stores in the file store; the keychain is never asked', async () => {
    const r = await mkt(['login', 'ozon', '--stdin', '--no-verify'], { MKT_STORE: 'file' }, ozonLines);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/stored in file\)/);
    expect(await storedIn()).toEqual(['file']);
  });

  it('--store wins over it', async () => {
    const r = await mkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'keychain'], { MKT_STORE: 'file' }, ozonLines);
    expectOneLineError(r, 8, /cannot save ozon:default in the keychain/);
    expect(await storedIn()).toEqual([]);
  });

  it('unset or empty: the default store', async () => {
    expect(DEFAULT_STORE).toBe('keychain');
    for (const env of [{}, { MKT_STORE: '' }] as Array<Record<string, string>>) expectOneLineError(await mkt(['login', 'ozon', '--stdin', '--no-verify'], env, ozonLines), 8, /in the keychain/);
  });

  const offered = `is not a store mkt offers: use ${USER_STORES.join(' or ')}$`;
  it.each([
    ['a store mkt does not have', 'cloud', new RegExp(`^mkt: MKT_STORE 'cloud' ${offered}`)],
    ['the memory store, which is for tests', 'memory', new RegExp(`^mkt: MKT_STORE 'memory' ${offered}`)],
    ['a capitalised name', 'File', new RegExp(`^mkt: MKT_STORE 'File' ${offered}`)],
    ['a key put there by mistake', KEY, new RegExp(`^mkt: MKT_STORE \\(32 characters, not shown in case it is a key\\) ${offered}`)],
  ])('refuses %s: one line, exit 2, nothing stored', async (_name, value, message) => {
    const r = await mkt(['login', 'ozon', '--stdin', '--no-verify'], { MKT_STORE: value }, ozonLines);
    expectOneLineError(r, 2, message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expectNoPieceOf(r, KEY);
    expect(await storedIn()).toEqual([]);
  });
});

describe('no keychain reachable: the ways on are the registry’s', () => {
  it('login: make it reachable, another offered store, or env vars', async () => {
    const r = await mkt(['login', 'ozon', '--stdin', '--no-verify'], {}, ozonLines);
    expectOneLineError(r, 8, /^mkt: cannot save ozon:default in the keychain: /);
    const hints = r.stderr.trimEnd().split('\n').slice(1).map((line) => line.trim());
    expect(hints).toEqual(waysOn('keychain', 'write'));
    for (const kind of USER_STORES.filter((k) => k !== 'keychain')) expect(hints.join('\n')).toContain(`--store ${kind}`);
    expect(hints.at(-1)).toMatch(/environment variables/);
  });

  it('a command that reads: env vars, or a new login into another offered store', async () => {
    expect((await mkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'file'], {}, ozonLines)).code).toBe(0);
    const index = join(home.env.MKT_CONFIG_DIR!, 'config.json');
    const config = JSON.parse(readFileSync(index, 'utf8'));
    config.profiles['ozon:default'].store = 'keychain';
    writeFileSync(index, JSON.stringify(config));
    const r = await mkt(['headers', 'ozon']);
    expectOneLineError(r, 8, /^mkt: cannot read ozon:default from the keychain: /);
    expect(r.stderr.trimEnd().split('\n').slice(1).map((line) => line.trim())).toEqual(waysOn('keychain', 'read'));
  });
});
