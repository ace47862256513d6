import { describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS as S } from '../../src/sandbox/credentials.js';
import { expectNoSecret, expectOneLineError, runMkt } from '../helpers/cli.js';
import { busWithoutSecretService, frozenKeyring, keyringEnv, lockedKeyring, skipReason } from '../helpers/keyring.js';
import { sandboxForFile } from '../helpers/sandbox.js';

const { home, env: sandboxOnly } = await sandboxForFile();

const ozon = `OZON_CLIENT_ID=${S.ozon.valid.clientId}\nOZON_API_KEY=${S.ozon.valid.apiKey}\n`;

describe.skipIf(skipReason)('the CLI on a real gnome-keyring', () => {
  const env = () => ({ ...sandboxOnly, ...keyringEnv()! });

  it('login → status → whoami → call → logout round trip, no secret on screen', async () => {
    const login = await runMkt(['login', 'ozon', '--stdin', '--profile', 'kc'], { env: env(), input: ozon });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/stored in keychain/);
    const status = JSON.parse((await runMkt(['status', '--json'], { env: env() })).stdout);
    expect(status).toContainEqual(expect.objectContaining({ provider: 'ozon', profile: 'kc', source: 'keychain' }));
    const who = await runMkt(['whoami', 'ozon', '--profile', 'kc'], { env: env() });
    expect(who.code, who.stdout).toBe(0);
    expect(who.stdout).toMatch(/✓ ozon \(profile kc, keychain\)/);
    const call = await runMkt(['call', 'ozon', '/v1/seller/info', '--profile', 'kc', '--filter', 'company.name'], { env: env() });
    expect(call.stdout).toBe('ООО Песочница\n');
    const out = await runMkt(['logout', 'ozon', '--profile', 'kc'], { env: env() });
    expect(out.stdout).toBe('Removed ozon (profile kc, keychain)\n');
    expectOneLineError(await runMkt(['headers', 'ozon', '--profile', 'kc'], { env: env() }), 3, /no credentials for ozon \(profile kc\)/);
    for (const r of [login, who, call, out]) expectNoSecret(r, S.ozon.valid.apiKey);
  });
});

describe.skipIf(skipReason)('an unusable keychain is exit 8 with the ways on, never a hang', () => {
  const expectStoreError = (r: Awaited<ReturnType<typeof runMkt>>, reason: RegExp) => {
    expectOneLineError(r, 8, reason);
    expect(r.stderr).toMatch(/--store file/);
    expect(r.stderr).toMatch(/environment variables/);
    expectNoSecret(r, S.ozon.valid.apiKey);
  };

  it('no Secret Service on the bus', async () => {
    const session = await busWithoutSecretService();
    try {
      const r = await runMkt(['login', 'ozon', '--stdin', '--no-verify'], { env: { ...home.env, ...session.env }, input: ozon });
      expectStoreError(r, /Secret Service/i);
      expect(JSON.parse((await runMkt(['status', '--json'], { env: home.env })).stdout)).toEqual([]);
    } finally {
      await session.stop();
    }
  });

  it('no session bus at all', async () => {
    const r = await runMkt(['login', 'ozon', '--stdin', '--no-verify'], { env: { ...home.env, DBUS_SESSION_BUS_ADDRESS: '' }, input: ozon });
    expectStoreError(r, /bus|Secret Service/i);
  });

  it('a locked collection', async () => {
    const session = await lockedKeyring();
    try {
      const r = await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--profile', 'locked'], { env: { ...home.env, ...session.env }, input: ozon });
      expectStoreError(r, /locked/i);
    } finally {
      await session.stop();
    }
  });

  it('a daemon that never answers: 3 s limit, then exit 8', async () => {
    const session = await frozenKeyring();
    try {
      const started = Date.now();
      const r = await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--profile', 'frozen'], { env: { ...home.env, ...session.env }, input: ozon, timeoutMs: 15_000 });
      expectStoreError(r, /did not answer|3 s/i);
      expect(Date.now() - started).toBeLessThan(12_000);
    } finally {
      await session.stop();
    }
  });
});

if (skipReason) describe('keychain CLI tests', () => it.skip(`skipped: ${skipReason}`, () => {}));
