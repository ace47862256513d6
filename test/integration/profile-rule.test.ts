/**
 * The profile rule (docs/configuration.md): a profile the user names (--profile, MKT_PROFILE) is
 * always that stored set, even with a complete set in the environment; with none named, the
 * environment's set wins over the stored default. Every command follows it and says the source.
 */
import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { BIN, expectNoPieceOf, expectOneLineError, runMkt } from '../helpers/cli.js';
import { sandboxForFile } from '../helpers/sandbox.js';
import { openTerminal, tmuxSkipReason } from '../helpers/tmux.js';

const { home, env: sandboxOnly } = await sandboxForFile();
/** The environment holds shop A's keys (a CI job, a shell that exported them)... */
const SHOP_A = S.ozon.valid;
/** ...and shop2 is stored: a different Client-Id and key. */
const SHOP2 = S.ozon.expiring;
const stored = { ...sandboxOnly, MKT_PASSPHRASE: 'profile-rule-passphrase' };
const env = { ...stored, OZON_CLIENT_ID: SHOP_A.clientId, OZON_API_KEY: SHOP_A.apiKey };
const mkt = (args: string[], extra: Record<string, string> = {}) => runMkt(args, { env: { ...env, ...extra } });

const login = await runMkt(['login', 'ozon', '--stdin', '--store', 'file', '--profile', 'shop2'], {
  env: stored, input: `OZON_CLIENT_ID=${SHOP2.clientId}\nOZON_API_KEY=${SHOP2.apiKey}\n`,
});
if (login.code !== 0) throw new Error(`setup login failed: ${login.stderr}`);

function expectNoKeys(r: { stdout: string; stderr: string }): void {
  for (const key of [SHOP_A.apiKey, SHOP2.apiKey]) expectNoPieceOf({ code: 0, ...r }, key);
}

describe('a named profile is the stored set, never the environment\'s', () => {
  it.each([
    ['--profile', ['-p', 'shop2'], {}],
    ['MKT_PROFILE', [], { MKT_PROFILE: 'shop2' }],
  ])('headers (%s)', async (_how, flag, extra) => {
    const r = await mkt(['headers', 'ozon', ...flag], extra);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Client-Id: ${SHOP2.clientId}\nApi-Key: ${SHOP2.apiKey}\n`);
  });

  it('headers without a profile: the environment\'s set', async () => {
    const r = await mkt(['headers', 'ozon']);
    expect(r.stdout).toBe(`Client-Id: ${SHOP_A.clientId}\nApi-Key: ${SHOP_A.apiKey}\n`);
  });

  it('a named profile that is not stored is exit 3 and says why the environment was not used', async () => {
    const r = await mkt(['headers', 'ozon', '-p', 'shop3']);
    expectOneLineError(r, 3, /^mkt: no credentials for ozon \(profile shop3\)$/);
    expect(r.stderr).toMatch(/OZON_CLIENT_ID, OZON_API_KEY are set, but a named profile \(--profile, MKT_PROFILE\) never uses the environment/);
    expectNoKeys(r);
  });

  it('whoami -p shop2 checks the stored shop2 key and says so; without -p the environment\'s and shop2', async () => {
    const named = await mkt(['whoami', 'ozon', '-p', 'shop2', '--json']);
    expect(named.code, named.stderr).toBe(0);
    const [one] = JSON.parse(named.stdout);
    expect(one).toMatchObject({ provider: 'ozon', profile: 'shop2', source: 'file', ok: true });
    expect(one.identity.daysLeft).toBeLessThan(14); // the expiring key is shop2's, not shop A's
    const text = await mkt(['whoami', '-p', 'shop2']);
    expect(text.stdout).toMatch(/^✓ ozon \(profile shop2, file\)$/m);
    expect(text.stdout).not.toMatch(/env/);

    const all = await mkt(['whoami', '--json']);
    const results = JSON.parse(all.stdout) as Array<{ profile: string | null; source: string; identity: { daysLeft: number } }>;
    expect(results.map((r) => [r.profile, r.source])).toEqual([[null, 'env'], ['shop2', 'file']]);
    expect(results[0]!.identity.daysLeft).toBeGreaterThan(14);
    const allText = await mkt(['whoami']);
    expect(allText.stdout).toMatch(/^✓ ozon \(env OZON_CLIENT_ID, OZON_API_KEY\)$/m);
    expectNoKeys(allText);
  });

  it('whoami -p with nothing stored under that name: exit 3, and the environment\'s sets are named as unused', async () => {
    const r = await mkt(['whoami', '-p', 'shop9']);
    expectOneLineError(r, 3, /^mkt: no credentials stored for profile shop9$/);
    expect(r.stderr).toMatch(/the environment has sets for ozon, but a named profile/);
    expect(r.stderr).toMatch(/^ {2}run `mkt login <provider> --profile shop9`$/m);
    expect(r.stderr).not.toMatch(/set the provider's environment variables/);
  });

  it('status: the environment\'s set belongs to no profile, and says which set commands use', async () => {
    const plain = JSON.parse((await mkt(['status', '--json'])).stdout);
    expect(plain.map((r: { profile: string | null; source: string; used: boolean }) => [r.profile, r.source, r.used])).toEqual([[null, 'env', true], ['shop2', 'file', true]]);
    const named = await mkt(['status', '-p', 'shop2', '--json']);
    expect(JSON.parse(named.stdout).map((r: { profile: string | null; used: boolean }) => [r.profile, r.used])).toEqual([[null, false], ['shop2', true]]);
    const text = (await mkt(['status', '-p', 'shop2'])).stdout;
    expect(text).toMatch(/^ {3}ozon +- +env .*not used: a profile is named/m);
    expect(text).not.toMatch(/^. +ozon +shop2 +env/m);
  });

  it('status: a stored default shadowed by the environment says so', async () => {
    const r = await runMkt(['login', 'ozon', '--stdin', '--store', 'file', '--no-verify'], { env: stored, input: `OZON_CLIENT_ID=${SHOP2.clientId}\nOZON_API_KEY=${SHOP2.apiKey}\n` });
    expect(r.code, r.stderr).toBe(0);
    try {
      const text = (await mkt(['status'])).stdout;
      expect(text).toMatch(/^ {3}ozon +default +file .*not used: the environment sets this provider(;|$)/m);
    } finally {
      const out = await mkt(['logout', 'ozon']);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stderr).toBe('mkt: note: OZON_CLIENT_ID, OZON_API_KEY are still set in the environment; commands without --profile use them\n');
    }
  });

  it('call -p shop2 sends shop2\'s keys, and --dry-run / -v name the set', async () => {
    const dry = await mkt(['call', 'ozon', 'POST', '/v1/roles', '-p', 'shop2', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^# credentials: profile shop2, file\nPOST /);
    expect(dry.stdout).toMatch(new RegExp(`^client-id: ${SHOP2.clientId}$`, 'im'));
    const sent = await mkt(['call', 'ozon', 'POST', '/v1/roles', '-p', 'shop2', '--json', '-v']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(Date.parse(JSON.parse(sent.stdout).expires_at) - Date.now()).toBeLessThan(14 * 86_400_000);
    expect(sent.stderr).toMatch(/^# credentials: profile shop2, file$/m);
    const fromEnv = await mkt(['call', 'ozon', 'POST', '/v1/roles', '--dry-run']);
    expect(fromEnv.stdout).toMatch(/^# credentials: env OZON_CLIENT_ID, OZON_API_KEY\n/);
    expectNoKeys(dry);
    expectNoKeys(sent);
  });

  it('--curl of a stored set says the command reads the environment\'s variables', async () => {
    const r = await mkt(['call', 'ozon', 'POST', '/v1/roles', '-p', 'shop2', '--curl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^mkt: note: the command reads \$OZON_API_KEY from the environment; to send profile shop2's, run it as mkt exec ozon --profile shop2 -- sh -c/);
  });

  it('a rejected key names the set that was sent', async () => {
    const r = await mkt(['call', 'ozon', 'POST', '/v1/roles'], { OZON_API_KEY: S.ozon.invalid.apiKey });
    expectOneLineError(r, 4, /Invalid Api-Key/);
    expect(r.stderr).toMatch(/^ {2}sent the credentials of env OZON_CLIENT_ID, OZON_API_KEY$/m);
  });

  it('exec -p shop2 hands the child shop2\'s keys in place of the environment\'s', async () => {
    const r = await mkt(['exec', 'ozon', '-p', 'shop2', '--', process.execPath, '-e', 'process.stdout.write(process.env.OZON_CLIENT_ID + " " + process.env.OZON_API_KEY)']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${SHOP2.clientId} ${SHOP2.apiKey}`);
  });
});

const noTmux = tmuxSkipReason();
describe.skipIf(noTmux)(`on a terminal, headers and exec say which set they hand over${noTmux ? ` (skipped: ${noTmux})` : ''}`, () => {
  it('headers -p shop2', async () => {
    const term = await openTerminal([process.execPath, BIN, 'headers', 'ozon', '-p', 'shop2'], env, home.dir);
    try {
      expect(await term.exitCode()).toBe(0);
      expect(await term.screen()).toMatch(/^mkt: ozon credentials from profile shop2, file$/m);
    } finally {
      await term.kill();
    }
  });
});
