/**
 * Ozon Performance's access token, end to end: the built CLI as separate processes against the
 * sandbox, whose token endpoint counts exchanges and can shorten lifetimes and revoke tokens.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoPieceOf, expectOneLineError, runMkt, tempHome, type RunResult } from '../helpers/cli.js';
import { sandboxForFile } from '../helpers/sandbox.js';
import { readIndex, storedAccounts } from '../helpers/store-state.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyringEnv, skipReason } from '../helpers/keyring.js';

const { sandbox, env: sandboxOnly } = await sandboxForFile({}, { resetBeforeEach: true });
const PERF = S['ozon-performance'];
const BASE = sandbox.baseUrls['ozon-performance'];
const PASSPHRASE = 'perf-test-passphrase';
const fromEnv = (set: { clientId: string; clientSecret: string } = PERF.valid) => ({ OZON_PERFORMANCE_CLIENT_ID: set.clientId, OZON_PERFORMANCE_CLIENT_SECRET: set.clientSecret });
const count = (key: string) => sandbox.stats.byPath[key] ?? 0;
const exchanges = () => count('POST /ozon-performance/api/client/token');
const control = (query: string) => fetch(`${BASE}/_sandbox/tokens?${query}`, { method: 'POST' });

let homes: Array<ReturnType<typeof tempHome>> = [];
afterEach(() => {
  for (const h of homes) h.cleanup();
  homes = [];
});

/** A config dir of its own (so no test sees another's cached token), the file store, the sandbox. */
function fresh(): { env: Record<string, string>; dir: string; mkt: (args: string[], extra?: Record<string, string>) => Promise<RunResult> } {
  const home = tempHome();
  homes.push(home);
  const env = { ...sandboxOnly, ...home.env, MKT_PASSPHRASE: PASSPHRASE };
  return { env, dir: home.env.MKT_CONFIG_DIR!, mkt: (args, extra = {}) => runMkt(args, { env: { ...env, ...extra }, timeoutMs: 30_000 }) };
}

async function loggedIn(flags: string[] = []) {
  const h = fresh();
  const login = await h.mkt(['login', 'ozon-performance', '--from-env', '--store', 'file', ...flags], fromEnv());
  expect(login.code, login.stderr).toBe(0);
  return h;
}

const accounts = (dir: string) => storedAccounts(dir, { kind: 'file', passphrase: PASSPHRASE });

async function tokenOf(h: Awaited<ReturnType<typeof loggedIn>>): Promise<string> {
  const headers = await h.mkt(['headers', 'ozon-performance', '-p', 'default']);
  expect(headers.code, headers.stderr).toBe(0);
  return /^Authorization: Bearer (\S+)\n$/.exec(headers.stdout)![1]!;
}

describe('a stored profile keeps its access token beside the secret', () => {
  it('login exchanges once; whoami, call and headers in later processes reuse the token; logout removes it', async () => {
    const h = await loggedIn();
    expect(exchanges()).toBe(1);
    expect(await accounts(h.dir)).toEqual(['ozon-performance:default', 'ozon-performance:default:token']);
    const who = await h.mkt(['whoami', 'ozon-performance', '-p', 'default']);
    expect(who.code, who.stdout).toBe(0);
    expect(who.stdout).toMatch(/access token +reused, valid until \d\d:\d\d UTC \(\d+ min\)/);
    const call = await h.mkt(['call', 'ozon-performance', '/api/client/campaign', '-p', 'default', '--filter', 'list[].title']);
    expect(call.stdout).toContain('Песочница 1: кампания 1');
    await tokenOf(h);
    expect(exchanges()).toBe(1);
    expect((await h.mkt(['logout', 'ozon-performance'])).code).toBe(0);
    expect(await accounts(h.dir)).toEqual([]);
  });

  it('a token with a minute or less left is never sent: the next command exchanges anew, and reuses that', async () => {
    await control('lifetime=60');
    const h = await loggedIn();
    const who = await h.mkt(['whoami', 'ozon-performance', '-p', 'default']);
    expect(who.stdout).toMatch(/access token +new/);
    expect(exchanges()).toBe(2);
    await control('lifetime=1800');
    await h.mkt(['whoami', 'ozon-performance', '-p', 'default']);
    const again = await h.mkt(['whoami', 'ozon-performance', '-p', 'default']);
    expect(again.stdout).toMatch(/access token +reused/);
    expect(exchanges()).toBe(3);
  });

  it('six processes at once with no token cached: one exchange, the others wait for it and reuse it', async () => {
    const h = await loggedIn(['--no-verify']);
    expect(exchanges()).toBe(0);
    const runs = await Promise.all(Array.from({ length: 6 }, () => h.mkt(['call', 'ozon-performance', '/api/client/campaign', '-p', 'default', '--filter', 'list[0].id'])));
    for (const r of runs) expect(r.stdout, r.stderr).toBe('7000001\n');
    expect(exchanges()).toBe(1);
  });

  it('re-login replaces the cached token of the old pair; logout --all removes tokens without calling them leftovers', async () => {
    const h = await loggedIn();
    const old = await tokenOf(h);
    await h.mkt(['login', 'ozon-performance', '--from-env', '--store', 'file', '--no-verify'], fromEnv(PERF.other));
    expect(await accounts(h.dir)).toEqual(['ozon-performance:default']);
    expect(await h.mkt(['call', 'ozon-performance', '/api/client/campaign', '--filter', 'list[0].id', '-p', 'default']).then((r) => r.stdout)).toBe('7001001\n');
    expect(await tokenOf(h)).not.toBe(old);
    await h.mkt(['login', 'ozon-performance', '--from-env', '--store', 'file', '-p', 'shop2'], fromEnv());
    const out = await h.mkt(['logout', '--all']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).not.toMatch(/token|leftover|orphan|not listed/i);
    expect(await accounts(h.dir)).toEqual([]);
  });
});

describe('whoami of a stored profile', () => {
  it('records the check in the index, but rewrites it at most every ten minutes (status shows the day)', async () => {
    const h = await loggedIn();
    const path = join(h.dir, 'config.json');
    const atLogin = readIndex(h.dir)['ozon-performance:default']!.verifiedAt;
    await h.mkt(['whoami', 'ozon-performance', '-p', 'default']);
    expect(readIndex(h.dir)['ozon-performance:default']!.verifiedAt).toBe(atLogin);
    writeFileSync(path, readFileSync(path, 'utf8').replace(atLogin!, '2026-01-01T00:00:00.000Z'));
    await h.mkt(['whoami', 'ozon-performance', '-p', 'default']);
    const rewritten = readIndex(h.dir)['ozon-performance:default']!.verifiedAt!;
    expect(Date.now() - Date.parse(rewritten)).toBeLessThan(60_000);
  });
});

describe('a 401 renews the token once and sends the request again', () => {
  it('a revoked token: the write is sent again with a new token and applied once (a 401 applied nothing)', async () => {
    const h = await loggedIn();
    await control('revoke=1');
    const r = await h.mkt(['call', 'ozon-performance', 'POST', '/api/client/campaign/7000002/activate', '-p', 'default', '--filter', 'state']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('CAMPAIGN_STATE_RUNNING\n');
    expect(count('POST /ozon-performance/api/client/campaign/7000002/activate')).toBe(2);
    expect(exchanges()).toBe(2);
    // The renewed token was cached for the next process.
    expect((await h.mkt(['whoami', 'ozon-performance', '-p', 'default'])).stdout).toMatch(/access token +reused/);
    expect(exchanges()).toBe(2);
  });

  it('a second 401 is exit 4: the request went out exactly twice', async () => {
    const h = await loggedIn();
    const r = await h.mkt(['call', 'ozon-performance', 'POST', '/api/client/campaign/7000002/activate', '-p', 'default', '-H', 'X-Sandbox-Fault: 401']);
    expectOneLineError(r, 4, /POST \/ozon-performance\/api\/client\/campaign\/7000002\/activate → 401/);
    expect(count('POST /ozon-performance/api/client/campaign/7000002/activate')).toBe(2);
  });

  it('a 5xx to a write is never sent again', async () => {
    const h = await loggedIn();
    const r = await h.mkt(['call', 'ozon-performance', 'POST', '/api/client/campaign/7000002/activate', '-p', 'default', '-H', 'X-Sandbox-Fault: 503']);
    expectOneLineError(r, 7, /→ 503/);
    expect(r.stderr).toMatch(/not retried: POST \/ozon-performance\/api\/client\/campaign\/7000002\/activate is not known to only read/);
    expect(count('POST /ozon-performance/api/client/campaign/7000002/activate')).toBe(1);
  });

  it('a body from stdin cannot be sent twice: the 401 is told, with why', async () => {
    const h = await loggedIn();
    await control('revoke=1');
    const r = await runMkt(['call', 'ozon-performance', 'POST', '/api/client/campaign/7000002/activate', '-p', 'default', '--input', '-'], { env: h.env, input: '{}' });
    expectOneLineError(r, 4, /→ 401/);
    expect(r.stderr).toMatch(/the body came from stdin and cannot be sent again/);
    expect(count('POST /ozon-performance/api/client/campaign/7000002/activate')).toBe(1);
  });
});

describe('a set from the environment', () => {
  it('has no store: each command exchanges for itself, and says the token is new', async () => {
    const h = fresh();
    for (let i = 1; i <= 2; i++) {
      const who = await h.mkt(['whoami', 'ozon-performance'], fromEnv());
      expect(who.code, who.stdout).toBe(0);
      expect(who.stdout).toMatch(/access token +new/);
      expect(exchanges()).toBe(i);
    }
  });

  it('bad input is exit 2 before any exchange: --paginate (no rule), a malformed client_id', async () => {
    const h = fresh();
    expectOneLineError(await h.mkt(['call', 'ozon-performance', '/api/client/campaign', '--paginate'], fromEnv()), 2, /ozon-performance has no pagination rule/);
    const badId = await h.mkt(['call', 'ozon-performance', '/api/client/campaign'], { ...fromEnv(), OZON_PERFORMANCE_CLIENT_ID: '100200' });
    expectOneLineError(badId, 2, /client_id '100200' is not valid: expected an address ending in @advertising\.performance\.ozon\.ru/);
    expect(exchanges()).toBe(0);
  });

  it('a rejected pair is exit 4 from the token endpoint, in one line, with no piece of the secret', async () => {
    const h = fresh();
    const r = await h.mkt(['call', 'ozon-performance', '/api/client/campaign'], fromEnv(PERF.invalid));
    expectOneLineError(r, 4, /ozon-performance: POST \/ozon-performance\/api\/client\/token → 401: invalid client_id or client_secret/);
    expect(r.stderr).toMatch(/sent the credentials of env OZON_PERFORMANCE_CLIENT_ID/);
    const who = await h.mkt(['whoami', '--json'], fromEnv(PERF.invalid));
    expect(who.code).toBe(4);
    for (const out of [r, who]) expectNoPieceOf(out, PERF.invalid.clientSecret);
  });
});

describe('the token is printed only where it is asked for', () => {
  it('headers prints one the API takes; --format env needs none and exchanges nothing', async () => {
    const h = fresh();
    const r = await h.mkt(['headers', 'ozon-performance'], fromEnv());
    const token = /^Authorization: Bearer (sbxperf\.\S+)\n$/.exec(r.stdout)?.[1];
    expect(token, r.stdout).toBeDefined();
    expect((await fetch(`${BASE}/api/client/campaign`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const env = await h.mkt(['headers', 'ozon-performance', '--format', 'env'], fromEnv());
    expect(env.stdout).toBe(`export OZON_PERFORMANCE_CLIENT_ID='${PERF.valid.clientId}'\nexport OZON_PERFORMANCE_CLIENT_SECRET='${PERF.valid.clientSecret}'\n`);
    expect(exchanges()).toBe(1);
  });

  it('exec exports the pair, and the token only with --with-token; --with-token for a provider without one is exit 2', async () => {
    const h = await loggedIn();
    const show = 'printf "%s|%s|%s" "${OZON_PERFORMANCE_CLIENT_ID:+id}" "${OZON_PERFORMANCE_CLIENT_SECRET:+secret}" "${OZON_PERFORMANCE_ACCESS_TOKEN:-none}"';
    expect((await h.mkt(['exec', 'ozon-performance', '-p', 'default', '--', 'sh', '-c', show])).stdout).toBe('id|secret|none');
    const withToken = await h.mkt(['exec', 'ozon-performance', '-p', 'default', '--with-token', '--', 'sh', '-c', show]);
    expect(withToken.stdout).toBe(`id|secret|${await tokenOf(h)}`);
    expect(exchanges()).toBe(1);
    expectOneLineError(await h.mkt(['exec', 'ozon', '--with-token', '--', 'true'], { OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey }), 2, /ozon has no access token/);
  });

  it('exec of several providers with --with-token exports the token of the one that has it, and refuses when none has', async () => {
    const h = await loggedIn();
    const ozon = { OZON_CLIENT_ID: S.ozon.valid.clientId, OZON_API_KEY: S.ozon.valid.apiKey };
    const show = 'printf "%s|%s|%s" "${OZON_API_KEY:+ozon}" "${OZON_PERFORMANCE_ACCESS_TOKEN:-none}" "$MKT_EXEC"';
    const both = await h.mkt(['exec', 'ozon', 'ozon-performance', '--with-token', '--', 'sh', '-c', show], ozon);
    expect(both.stdout, both.stderr).toBe(`ozon|${await tokenOf(h)}|ozon,ozon-performance`);
    expectOneLineError(await h.mkt(['exec', 'ozon', 'ozzie', '--with-token', '--', 'true'], { ...ozon, OZZIE_CLIENT_ID: S.ozzie.valid.clientId, OZZIE_CLIENT_SECRET: S.ozzie.valid.clientSecret }), 2, /none of ozon, ozzie has an access token/);
  });

  it('--curl reads it from its variable and says how to set it; --dry-run and --curl exchange nothing', async () => {
    const h = await loggedIn(['--no-verify']);
    const curl = await h.mkt(['call', 'ozon-performance', '/api/client/campaign', '-p', 'default', '--curl']);
    expect(curl.stdout).toContain('-H "Authorization: Bearer $OZON_PERFORMANCE_ACCESS_TOKEN"');
    expect(curl.stderr).toMatch(/run it as mkt exec ozon-performance --profile default --with-token -- sh -c/);
    const dry = await h.mkt(['call', 'ozon-performance', 'POST', '/api/client/campaign/1/activate', '-p', 'default', '--dry-run']);
    expect(dry.stdout).toMatch(/^Authorization: \*\*\*$/m);
    expect(dry.stdout).toMatch(/\n\n\{\}\n$/);
    expect(exchanges()).toBe(0);
  });

  it('nowhere else: -v, -i, --dry-run, --curl, whoami --json and errors redact the secret and every token the command held', async () => {
    const h = await loggedIn();
    const token = await tokenOf(h);
    const runs = [
      await h.mkt(['call', 'ozon-performance', '/api/client/campaign', '-p', 'default', '-v', '-i', `title==${token}`]),
      await h.mkt(['call', 'ozon-performance', 'POST', '/api/client/campaign/7000002/activate', '-p', 'default', '--dry-run', '-d', JSON.stringify({ note: token, secret: PERF.valid.clientSecret })]),
      await h.mkt(['call', 'ozon-performance', 'POST', '/api/client/campaign/7000002/activate', '-p', 'default', '--curl', `note=${token}`]),
      await h.mkt(['call', 'ozon-performance', `/api/client/${token}`, '-p', 'default']),
      await h.mkt(['whoami', 'ozon-performance', '-p', 'default', '--json']),
    ];
    await control('revoke=1');
    runs.push(await h.mkt(['call', 'ozon-performance', '/api/client/campaign', '-p', 'default', '-v']));
    const renewed = await tokenOf(h);
    expect(renewed).not.toBe(token);
    expect(runs[0]!.stderr).toContain('Authorization: ***');
    expect(runs[3]!.code).toBe(7);
    expect(JSON.parse(runs[4]!.stdout)[0].identity.accessToken).toMatchObject({ reused: true });
    for (const r of runs) {
      expectNoPieceOf(r, PERF.valid.clientSecret);
      expectNoPieceOf(r, token);
      expectNoPieceOf(r, renewed);
    }
  });
});

describe('inside `mkt exec --with-token`', () => {
  it('a command that quotes its input never quotes the exported token', async () => {
    const token = 'sbxperf.exportedTokenZx8Qv3Lm6Np1Rt4Ks7';
    const r = await fresh().mkt(['headers', token], { OZON_PERFORMANCE_ACCESS_TOKEN: token });
    expectOneLineError(r, 2, /unknown provider '\*\*\*'/);
    expectNoPieceOf(r, token);
  });
});

describe.skipIf(skipReason)('on a real gnome-keyring', () => {
  it('the token is a second keychain item: reused by the next process, removed with the profile', async () => {
    const h = fresh();
    const env = { ...keyringEnv()!, ...fromEnv() };
    const login = await h.mkt(['login', 'ozon-performance', '--from-env', '--profile', 'kc-perf'], env);
    expect(login.stdout).toMatch(/stored in keychain/);
    const who = await h.mkt(['whoami', 'ozon-performance', '--profile', 'kc-perf'], keyringEnv());
    expect(who.stdout).toMatch(/access token +reused/);
    expect(exchanges()).toBe(1);
    const bus = { kind: 'keychain', bus: keyringEnv()! } as const;
    expect((await storedAccounts(h.dir, bus)).filter((a) => a.includes('kc-perf')).sort()).toEqual(['ozon-performance:kc-perf', 'ozon-performance:kc-perf:token']);
    await h.mkt(['logout', 'ozon-performance', '--profile', 'kc-perf'], keyringEnv());
    expect((await storedAccounts(h.dir, bus)).filter((a) => a.includes('kc-perf'))).toEqual([]);
  });
});
