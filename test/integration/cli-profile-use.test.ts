/**
 * `mkt profile use` / `mkt profile list` (issue 17, "Default profile"), and the profile rule with a
 * chosen profile: it counts as named, so the environment's keys (shop A's) never answer for it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoPieceOf, expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile } from '../helpers/sandbox.js';

const { home, env: sandboxOnly } = await sandboxForFile();
const SHOP_A = S.ozon.valid;
const SHOP2 = S.ozon.expiring;
const stored = { ...sandboxOnly, MKT_PASSPHRASE: 'profile-use-passphrase' };
const env = { ...stored, OZON_CLIENT_ID: SHOP_A.clientId, OZON_API_KEY: SHOP_A.apiKey };
const mkt = (args: string[], extra: Record<string, string | undefined> = {}) => runMkt(args, { env: { ...env, ...extra } });
const index = () => JSON.parse(readFileSync(join(home.env.MKT_CONFIG_DIR!, 'config.json'), 'utf8'));

// shop2 is stored while the sandbox is the base URL (OZON_API_URL): the profile keeps it.
const login = await runMkt(['login', 'ozon', '--stdin', '--store', 'file', '--profile', 'shop2'], {
  env: stored, input: `OZON_CLIENT_ID=${SHOP2.clientId}\nOZON_API_KEY=${SHOP2.apiKey}\n`,
});
if (login.code !== 0) throw new Error(`setup login failed: ${login.stderr}`);

function expectNoKeys(r: { code: number | null; stdout: string; stderr: string }): void {
  for (const key of [SHOP_A.apiKey, SHOP2.apiKey]) expectNoPieceOf(r, key);
}

describe('mkt profile use', () => {
  it('a profile that is not stored cannot be chosen: exit 3, and the index is unchanged', async () => {
    const before = index();
    expectOneLineError(await mkt(['profile', 'use', 'ozon', 'shop9']), 3, /^mkt: ozon has no stored profile shop9; nothing changed$/);
    expectOneLineError(await mkt(['profile', 'use', 'shop9']), 3, /^mkt: no provider has a stored profile shop9; nothing changed$/);
    expectOneLineError(await mkt(['profile', 'use', 'nosuch', 'shop2']), 2, /unknown provider 'nosuch'/);
    expect(index()).toEqual(before);
  });

  it('chosen, it is the set commands use without --profile, and the environment\'s keys do not answer for it', async () => {
    const use = await mkt(['profile', 'use', 'shop2']);
    expect(use.code, use.stderr).toBe(0);
    expect(use.stdout).toBe('ozon: commands use profile shop2 when no --profile is given\n');
    expect(use.stderr).toMatch(/^mkt: note: OZON_CLIENT_ID, OZON_API_KEY are set, but not used while a profile is chosen/);
    expect(index().defaults).toEqual({ ozon: 'shop2' });

    const headers = await mkt(['headers', 'ozon']);
    expect(headers.stdout).toBe(`Client-Id: ${SHOP2.clientId}\nApi-Key: ${SHOP2.apiKey}\n`);
    expect(headers.stderr).toBe('mkt: note: OZON_CLIENT_ID, OZON_API_KEY are set but not used: ozon uses profile shop2, chosen with `mkt profile use`; `mkt profile use ozon default` to use them\n');

    const sent = await mkt(['call', 'ozon', 'POST', '/v1/roles', '--json', '-v']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(Date.parse(JSON.parse(sent.stdout).expires_at) - Date.now()).toBeLessThan(14 * 86_400_000); // shop2's key, not shop A's
    expect(sent.stderr).toMatch(/^# credentials: profile shop2, file, chosen by mkt profile use$/m);
    expectNoKeys(sent);

    const note = 'mkt: note: OZON_CLIENT_ID, OZON_API_KEY are set but not used: ozon uses profile shop2, chosen with `mkt profile use`; `mkt profile use ozon default` to use them\n';
    const all = await mkt(['whoami', '--json']);
    const whoami = JSON.parse(all.stdout) as Array<{ profile: string; source: string; chosen?: boolean }>;
    expect(whoami.map((r) => [r.profile, r.source])).toEqual([['shop2', 'file']]);
    expect(all.stderr).toBe(note);
    const oneRun = await mkt(['whoami', 'ozon', '--json']);
    expect(JSON.parse(oneRun.stdout)).toMatchObject([{ profile: 'shop2', source: 'file', chosen: true, ok: true }]);
    expect(oneRun.stderr).toBe(note);
    // Named on the command line, the environment is left out by the user's own words: no note.
    expect((await mkt(['whoami', 'ozon', '-p', 'shop2'])).stderr).toBe('');
  });

  it('a profile named on the command line still wins over the chosen one', async () => {
    const r = await mkt(['headers', 'ozon', '-p', 'default']);
    expectOneLineError(r, 3, /^mkt: no credentials for ozon \(profile default\)$/);
    expectNoKeys(r);
  });

  it('status marks the set in use, says why the environment\'s is not, and shows the sandbox base URL saved with the profile', async () => {
    const text = (await mkt(['status'], { OZON_API_URL: undefined })).stdout;
    expect(text).toMatch(/^ {3}ozon +- +env .*not used: ozon uses profile shop2, chosen by mkt profile use$/m);
    expect(text).toMatch(/^\* +ozon +shop2 +file .*; chosen by mkt profile use; base URL http:\/\/127\.0\.0\.1:\d+\/ozon \(saved at login, loopback: a sandbox or a proxy\)$/m);
    const rows = JSON.parse((await mkt(['status', '--json'])).stdout) as Array<{ profile: string | null; used: boolean; active: boolean; chosen?: boolean }>;
    expect(rows.map((r) => [r.profile, r.used, r.active, r.chosen ?? false])).toEqual([[null, false, false, false], ['shop2', true, true, true]]);
  });

  it('profile list: the stored profiles, * on the one in use', async () => {
    const r = await mkt(['profile', 'list']);
    expect(r.stdout).toBe('* ozon  shop2  (chosen by mkt profile use)\n');
    expect(JSON.parse((await mkt(['profile', 'list', '--json'])).stdout)).toEqual([{ provider: 'ozon', profile: 'shop2', active: true, chosen: true }]);
  });

  it('use default clears the choice: the environment\'s set wins again', async () => {
    const r = await mkt(['profile', 'use', 'ozon', 'default']);
    expect(r.stdout).toBe('ozon: back to profile default\n');
    expect(r.stderr).toMatch(/^mkt: note: OZON_CLIENT_ID, OZON_API_KEY are set: commands without --profile use them again/);
    expect(index().defaults).toBeUndefined();
    expect((await mkt(['headers', 'ozon'])).stdout).toBe(`Client-Id: ${SHOP_A.clientId}\nApi-Key: ${SHOP_A.apiKey}\n`);
    expect((await mkt(['profile', 'list'])).stdout).toBe('* ozon  (environment: OZON_CLIENT_ID, OZON_API_KEY)\n  ozon  shop2\n');
  });

  it('logging out of the chosen profile drops the choice', async () => {
    expect((await mkt(['profile', 'use', 'ozon', 'shop2'])).code).toBe(0);
    const out = await mkt(['logout', 'ozon', '-p', 'shop2']);
    expect(out.code, out.stderr).toBe(0);
    expect(index().defaults).toBeUndefined();
    expect((await mkt(['headers', 'ozon'])).stdout).toBe(`Client-Id: ${SHOP_A.clientId}\nApi-Key: ${SHOP_A.apiKey}\n`);
  });
});

describe('mkt profile alone', () => {
  it('is the overview (stdout, exit 0), as mkt alone is; a word that is no subcommand is one line, exit 2', async () => {
    const r = await mkt(['profile']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mkt profile /);
    expectOneLineError(await mkt(['profile', 'bogus']), 2, /^mkt: unknown command 'profile bogus' \(use: mkt profile use, mkt profile list\)$/);
  });
});
