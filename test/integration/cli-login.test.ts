import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoSecret, expectOneLineError, KNOWN_IDS, runMkt, sandboxEnv, tempHome } from '../helpers/cli.js';

let sandbox: Sandbox;
let home: ReturnType<typeof tempHome>;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => {
  home = tempHome();
  env = { ...home.env, ...sandboxEnv(sandbox.baseUrls), MKT_PASSPHRASE: 'test-passphrase' };
});
afterEach(() => home.cleanup());

const ozonLines = (c: { clientId: string; apiKey: string }) => `OZON_CLIENT_ID=${c.clientId}\nOZON_API_KEY=${c.apiKey}\n`;
const mkt = (args: string[], input?: string, extra: Record<string, string> = {}) => runMkt(args, { env: { ...env, ...extra }, input });

describe('mkt login (file store, no terminal)', () => {
  it('verifies, stores, and then status / whoami / headers / logout see the set', async () => {
    const login = await mkt(['login', 'ozon', '--stdin', '--store', 'file'], ozonLines(S.ozon.valid));
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/Logged in to Ozon Seller API \(profile default; verified, stored in file\)/);
    expect(login.stdout).toMatch(/company\s+ООО Песочница/);
    expectNoSecret(login, S.ozon.valid.apiKey);

    const status = await mkt(['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject([{ provider: 'ozon', profile: 'default', source: 'file', ids: { 'Client-Id': '••••0200' } }]);
    expectNoSecret(status, S.ozon.valid.apiKey);

    const who = await mkt(['whoami', 'ozon', '--json']);
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout)[0]).toMatchObject({ ok: true, source: 'file', identity: { roles: ['Admin'], company: 'ООО Песочница' } });
    expectNoSecret(who, S.ozon.valid.apiKey);

    const headers = await mkt(['headers', 'ozon']);
    expect(headers.stdout).toBe(`Client-Id: ${S.ozon.valid.clientId}\nApi-Key: ${S.ozon.valid.apiKey}\n`);

    const secrets = readFileSync(join(home.env.MKT_CONFIG_DIR!, 'secrets.enc'), 'utf8');
    expect(secrets).not.toContain(S.ozon.valid.apiKey);

    const out = await mkt(['logout', 'ozon']);
    expect(out.stdout).toBe('Removed ozon (profile default, file)\n');
    expect((await mkt(['whoami', 'ozon'])).code).toBe(3);
  });

  it('takes a bare Yandex token, JSON for Ozzie, and --from-env', async () => {
    expect((await mkt(['login', 'yandex', '--stdin', '--store', 'file'], `${S.yandex.valid.token}\n`)).code).toBe(0);
    const ozzie = await mkt(['login', 'ozzie', '--stdin', '--store', 'file', '--profile', 'team'], JSON.stringify(S.ozzie.valid));
    expect(ozzie.code, ozzie.stderr).toBe(0);
    expect(ozzie.stdout).toMatch(/client_id\s+ozz_client_sandbox/);
    const fromEnv = await mkt(['login', 'ozon', '--from-env', '--store', 'file'], '', { OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    const status = JSON.parse((await mkt(['status', '--json'])).stdout) as Array<{ provider: string; profile: string }>;
    expect(status.map((r) => `${r.provider}:${r.profile}`).sort()).toEqual(['ozon:default', 'ozzie:team', 'yandex:default']);
  });

  it('takes the Client-Id as a flag and the key on stdin', async () => {
    const r = await mkt(['login', 'ozon', '--stdin', '--store', 'file', '--client-id', S.ozon.valid.clientId], `OZON_API_KEY=${S.ozon.valid.apiKey}`);
    expect(r.code, r.stderr).toBe(0);
  });

  it('does not store a rejected key (Ozon 404 code 5 → exit 4)', async () => {
    const r = await mkt(['login', 'ozon', '--stdin', '--store', 'file'], ozonLines(S.ozon.invalid));
    expectOneLineError(r, 4, /Invalid Api-Key/);
    expect(r.stderr).toMatch(/^ {2}the credentials were rejected: check them, or generate a new key and run `mkt login ozon`$/m);
    expect(r.stderr).toMatch(/^ {2}nothing was stored$/m);
    expectNoSecret(r, S.ozon.invalid.apiKey);
    // The same hint after a rejected call.
    const call = await mkt(['call', 'ozon', 'POST', '/v1/roles'], '', { OZON_CLIENT_ID: S.ozon.invalid.clientId, OZON_API_KEY: S.ozon.invalid.apiKey });
    expectOneLineError(call, 4, /Invalid Api-Key/);
    expect(call.stderr).toMatch(/^ {2}the credentials were rejected: .*`mkt login ozon`$/m);
    expect(existsSync(join(home.env.MKT_CONFIG_DIR!, 'config.json'))).toBe(false);
  });

  it('rejects a deactivated Ozon key and a bad Yandex token with exit 4', async () => {
    expectOneLineError(await mkt(['login', 'ozon', '--stdin', '--store', 'file'], ozonLines(S.ozon.deactivated)), 4, /403.*deactivated/i);
    expectOneLineError(await mkt(['login', 'yandex', '--stdin', '--store', 'file'], S.yandex.invalid.token), 4, /401: UNAUTHORIZED: Api-Key token is revoked/);
    expectOneLineError(await mkt(['login', 'ozzie', '--stdin', '--store', 'file'], JSON.stringify(S.ozzie.invalid)), 4, /401.*UNAUTHORIZED/);
  });

  it('says each wait before the check is retried, and stores nothing when it never answers', async () => {
    const r = await mkt(['login', 'ozon', '--stdin', '--store', 'file'], ozonLines(S.ozon.valid), { OZON_API_URL: 'http://127.0.0.1:9/ozon' });
    expect(r.code).toBe(6);
    expect(r.stderr.match(/^mkt: connection refused; retrying a read-only request; waiting \d+\.\d s$/gm)).toHaveLength(2);
    expect(existsSync(join(home.env.MKT_CONFIG_DIR!, 'config.json'))).toBe(false);
  });

  it('stores without a network check under --no-verify', async () => {
    const r = await mkt(['login', 'ozon', '--stdin', '--store', 'file', '--no-verify'], ozonLines(S.ozon.invalid), { OZON_API_URL: 'http://127.0.0.1:9/ozon' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/not verified/);
  });
});

describe('mkt login: bad input, one clear line each, nothing stored', () => {
  const nothingStored = () => expect(existsSync(join(home.env.MKT_CONFIG_DIR!, 'config.json'))).toBe(false);

  it('unknown provider → 2', async () => {
    expectOneLineError(await mkt(['login', 'amazon']), 2, new RegExp(`unknown provider 'amazon' \\(known: ${KNOWN_IDS.join(', ')}\\)`));
  });
  it('missing provider argument → 2', async () => {
    expectOneLineError(await mkt(['login']), 2, /missing required argument 'provider'/);
  });
  it('no terminal and nothing given → 2, never a hang', async () => {
    const r = await mkt(['login', 'ozon']);
    expectOneLineError(r, 2, /no terminal to prompt for Client-Id and Api-Key/);
    nothingStored();
  });
  it('a secret with a newline inside → 2, value not echoed', async () => {
    const r = await mkt(['login', 'ozon', '--stdin', '--store', 'file'], '{"OZON_CLIENT_ID":"100200","OZON_API_KEY":"abc\\r\\nX-Injected: yes"}');
    expectOneLineError(r, 2, /Api-Key contains a control character/);
    expect(r.stderr).not.toContain('X-Injected');
    nothingStored();
  });
  it('non-numeric Client-Id → 2', async () => {
    expectOneLineError(await mkt(['login', 'ozon', '--stdin', '--store', 'file'], 'OZON_CLIENT_ID=abc\nOZON_API_KEY=k'), 2, /Client-Id 'abc' is not valid: expected a positive integer/);
    nothingStored();
  });
  it('Client-Id and Api-Key swapped in the environment → 2, and no piece of the key in the output (a CI log)', async () => {
    const key = S.ozon.valid.apiKey;
    const swapped = { OZON_CLIENT_ID: key, OZON_API_KEY: S.ozon.valid.clientId };
    const login = await mkt(['login', 'ozon', '--from-env', '--store', 'file'], '', swapped);
    expectOneLineError(login, 2, /Client-Id is not valid: .*; not shown, in case it is the Api-Key \(are the two swapped\?\)$/);
    nothingStored();
    const whoami = await mkt(['whoami'], '', swapped);
    expect(whoami.code).toBe(2);
    expect(whoami.stdout).toMatch(/not shown, in case it is the Api-Key/);
    for (const r of [login, whoami]) expectNoSecret(r, key.slice(0, 12), key.slice(12, 24), key.slice(-12));
  });
  it('a bare secret ending in = piped to a two-field provider → 2, and the secret is not printed as an "unknown key"', async () => {
    const secret = `${Buffer.from(S.ozzie.valid.clientSecret).toString('base64')}=`;
    const r = await mkt(['login', 'ozzie', '--stdin', '--store', 'file'], `${secret}\n`);
    expectOneLineError(r, 2, /^mkt: unknown key of \d+ characters \(not shown, in case it is a secret\) on stdin line 1/);
    expectNoSecret(r, secret.slice(0, 12), secret.slice(12, 24), secret.slice(-14, -2));
    nothingStored();
  });
  it('missing env var for --from-env → 2 naming it', async () => {
    expectOneLineError(await mkt(['login', 'ozon', '--from-env'], '', { OZON_CLIENT_ID: '1' }), 2, /--from-env: OZON_API_KEY is not set$/);
    expectOneLineError(await mkt(['login', 'ozon', '--from-env']), 2, /--from-env: OZON_CLIENT_ID and OZON_API_KEY are not set$/);
  });
  it('half a set on stdin, or a Client-Id given two ways differently → 2, nothing stored', async () => {
    expectOneLineError(await mkt(['login', 'ozon', '--stdin', '--store', 'file'], 'OZON_CLIENT_ID=100200\n'), 2, /^mkt: stdin has no OZON_API_KEY \(expected OZON_CLIENT_ID, OZON_API_KEY\)$/);
    const twice = await mkt(['login', 'ozon', '--stdin', '--store', 'file', '--client-id', '555'], ozonLines(S.ozon.valid));
    expectOneLineError(twice, 2, /Client-Id given twice, differently: by --client-id and by stdin$/);
    nothingStored();
  });
  it('bad profile name and bad store → 2', async () => {
    expectOneLineError(await mkt(['login', 'ozon', '--stdin', '--profile', '../x'], ozonLines(S.ozon.valid)), 2, /invalid profile name/);
    expectOneLineError(await mkt(['login', 'ozon', '--store', 'cloud']), 2, /Allowed choices are keychain, file/);
  });
  it('an unreadable config index is reported with its path and left as it was (exit 8)', async () => {
    mkdirSync(home.env.MKT_CONFIG_DIR!, { recursive: true });
    const path = join(home.env.MKT_CONFIG_DIR!, 'config.json');
    writeFileSync(path, '{"version":1,"profiles":{');
    const r = await mkt(['status']);
    expectOneLineError(r, 8, /config\.json/);
    expect(readFileSync(path, 'utf8')).toBe('{"version":1,"profiles":{');
    const login = await mkt(['login', 'ozon', '--stdin', '--store', 'file'], ozonLines(S.ozon.valid));
    expect(login.code).toBe(8);
    expect(readFileSync(path, 'utf8')).toBe('{"version":1,"profiles":{');
  });
  it('a file store with loose permissions is refused (exit 8)', async () => {
    expect((await mkt(['login', 'yandex', '--stdin', '--store', 'file'], S.yandex.valid.token)).code).toBe(0);
    chmodSync(join(home.env.MKT_CONFIG_DIR!, 'secrets.enc'), 0o644);
    const r = await mkt(['whoami', 'yandex']);
    expect(r.code).toBe(8);
    expect(r.stdout + r.stderr).toMatch(/chmod 600/);
  });
  it('a wrong passphrase → 8, file untouched', async () => {
    expect((await mkt(['login', 'yandex', '--stdin', '--store', 'file'], S.yandex.valid.token)).code).toBe(0);
    const path = join(home.env.MKT_CONFIG_DIR!, 'secrets.enc');
    const before = readFileSync(path, 'utf8');
    const r = await mkt(['headers', 'yandex'], '', { MKT_PASSPHRASE: 'wrong' });
    expectOneLineError(r, 8, /wrong passphrase/);
    expectNoSecret(r, S.yandex.valid.token);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});

describe('mkt logout --all', () => {
  const stored = async () => (JSON.parse((await mkt(['status', '--json'])).stdout) as Array<{ provider: string; profile: string }>).map((r) => `${r.provider}:${r.profile}`).sort();
  const loginFile = async (provider: string, profile: string, input: string) => {
    const r = await mkt(['login', provider, '--stdin', '--store', 'file', '--no-verify', '--profile', profile], input);
    expect(r.code, r.stderr).toBe(0);
  };
  beforeEach(async () => {
    await loginFile('ozon', 'default', ozonLines(S.ozon.valid));
    await loginFile('ozon', 'shop2', ozonLines(S.ozon.valid));
    await loginFile('yandex', 'shop2', S.yandex.valid.token);
  });

  it('with --profile (or MKT_PROFILE) removes that profile of every provider, and only it', async () => {
    const r = await mkt(['logout', '--all', '--profile', 'shop2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Removed ozon (profile shop2, file)\nRemoved yandex (profile shop2, file)\n');
    expect(await stored()).toEqual(['ozon:default']);
    expect((await mkt(['logout', '--all'], '', { MKT_PROFILE: 'shop2' })).stdout).toBe('Nothing stored for profile shop2.\n');
    expect(await stored()).toEqual(['ozon:default']);
  });

  it('empties a file store nobody can open any more (a damaged file), and its profiles go with it; one profile of it cannot', async () => {
    writeFileSync(join(home.env.MKT_CONFIG_DIR!, 'secrets.enc'), 'damaged beyond reading');
    const one = await mkt(['logout', '--all', '--profile', 'shop2']);
    expect(one.code).toBe(8);
    expect(one.stderr.match(/^mkt: /gm)).toHaveLength(1);
    expect(one.stderr).toMatch(/^mkt: could not remove 2 profiles: /);
    expect(await stored()).toEqual(['ozon:default', 'ozon:shop2', 'yandex:shop2']);
    const all = await mkt(['logout', '--all']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toBe('');
    expect(all.stdout.split('\n').filter(Boolean).sort()).toEqual(['Removed ozon (profile default, file)', 'Removed ozon (profile shop2, file)', 'Removed yandex (profile shop2, file)']);
    expect(await stored()).toEqual([]);
    expect(existsSync(join(home.env.MKT_CONFIG_DIR!, 'secrets.enc'))).toBe(false);
  });

  it('goes on past a profile it cannot remove, says which, and exits with its code', async () => {
    // A keychain profile in the index, with no Secret Service to delete it from.
    const index = join(home.env.MKT_CONFIG_DIR!, 'config.json');
    const config = JSON.parse(readFileSync(index, 'utf8'));
    for (const profile of ['team', 'team2']) config.profiles[`ozzie:${profile}`] = { provider: 'ozzie', profile, store: 'keychain', savedAt: new Date().toISOString(), ids: {} };
    writeFileSync(index, JSON.stringify(config));
    const r = await mkt(['logout', '--all']);
    expect(r.code).toBe(8);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['Removed ozon (profile default, file)', 'Removed ozon (profile shop2, file)', 'Removed yandex (profile shop2, file)']);
    // One cause, said once, naming both profiles.
    expect(r.stderr).toMatch(/^mkt: could not remove 2 profiles: ozzie \(profile team, keychain\), ozzie \(profile team2, keychain\): cannot delete each from the keychain: /);
    expect(r.stderr.match(/^mkt: /gm)).toHaveLength(1);
    expect(r.stderr).toMatch(/^ {2}the profile stays listed \(mkt status\) until its secret can be deleted$/m);
    expect(await stored()).toEqual(['ozzie:team', 'ozzie:team2']);
    // Reading it: the ways on are env variables or a new login into the file store (read commands have no --store).
    const read = await mkt(['headers', 'ozzie', '--profile', 'team']);
    expectOneLineError(read, 8, /^mkt: cannot read ozzie:team from the keychain/);
    expect(read.stderr).toMatch(/^ {2}or log in again with --store file/m);
  });
});

describe('mkt whoami without a provider', () => {
  beforeEach(async () => {
    for (const [provider, profile, input] of [['ozon', 'default', ozonLines(S.ozon.valid)], ['yandex', 'shop2', S.yandex.valid.token]] as const) {
      const r = await mkt(['login', provider, '--stdin', '--store', 'file', '--no-verify', '--profile', profile], input);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('checks every stored profile; with --profile or MKT_PROFILE, only that one', async () => {
    const all = JSON.parse((await mkt(['whoami', '--json'])).stdout) as Array<{ provider: string; profile: string; ok: boolean }>;
    expect(all.map((r) => `${r.provider}:${r.profile}:${r.ok}`).sort()).toEqual(['ozon:default:true', 'yandex:shop2:true']);
    const shop2 = await mkt(['whoami', '--json', '--profile', 'shop2']);
    expect(shop2.code, shop2.stderr).toBe(0);
    expect(JSON.parse(shop2.stdout).map((r: { provider: string }) => r.provider)).toEqual(['yandex']);
    expectOneLineError(await mkt(['whoami'], '', { MKT_PROFILE: 'nope' }), 3, /no credentials stored for profile nope$/);
  });

  it('refuses --base-url, which belongs to one provider, instead of checking every set without it', async () => {
    expectOneLineError(await mkt(['--base-url', 'http://127.0.0.1:9', 'whoami']), 2, /--base-url needs a provider/);
    const bad = await mkt(['--base-url', 'http://example.com', 'whoami', 'ozon']);
    expectOneLineError(bad, 2, /--base-url http:\/\/example\.com must use https/);
    expect(bad.stdout).toBe('');
  });
});

describe('mkt login checks the store before the network', () => {
  const checks = () => sandbox.stats.byPath['POST /yandex/v2/auth/token'] ?? 0;
  it('no passphrase, a wrong one, or no keychain: exit 8 and no check spent (Yandex allows 100 an hour)', async () => {
    const noPassphrase = { MKT_PASSPHRASE: undefined as unknown as string };
    const before = checks();
    expectOneLineError(await mkt(['login', 'yandex', '--stdin', '--store', 'file'], S.yandex.valid.token, noPassphrase), 8, /needs a passphrase/);
    expectOneLineError(await mkt(['login', 'yandex', '--stdin'], S.yandex.valid.token), 8, /cannot save yandex:default in the keychain/);
    expect((await mkt(['login', 'ozon', '--stdin', '--store', 'file', '--no-verify'], ozonLines(S.ozon.valid))).code).toBe(0);
    expectOneLineError(await mkt(['login', 'yandex', '--stdin', '--store', 'file'], S.yandex.valid.token, { MKT_PASSPHRASE: 'not-the-one' }), 8, /wrong passphrase/);
    expect(checks()).toBe(before);
    expect((await mkt(['login', 'yandex', '--stdin', '--store', 'file'], S.yandex.valid.token)).code).toBe(0);
    expect(checks()).toBe(before + 1);
  });

  it('a config directory that cannot be written (a file in its path): exit 8 and no check spent', async () => {
    const file = join(home.dir, 'not-a-directory');
    writeFileSync(file, '');
    const before = checks();
    expectOneLineError(await mkt(['login', 'yandex', '--stdin', '--store', 'file'], S.yandex.valid.token, { MKT_CONFIG_DIR: join(file, 'mkt') }), 8, /not-a-directory\/mkt/);
    expect(checks()).toBe(before);
  });
});
