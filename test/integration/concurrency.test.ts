import { afterAll, describe, expect, it } from 'vitest';
import { runMkt, tempHome } from '../helpers/cli.js';
import { keyringEnv, skipReason } from '../helpers/keyring.js';
import { startSecretService } from '../helpers/secret-service.js';

const home = tempHome();
afterAll(() => home.cleanup());

const token = (i: number) => `ACMA:parallelToken${i}xxxxxxxxxxxxxxxx:${String(i).padStart(8, '0')}`;

async function loginTwenty(env: Record<string, string>, store: string): Promise<void> {
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => runMkt(['login', 'yandex', '--stdin', '--no-verify', '--store', store, '--profile', `p${i}`], { env, input: token(i), timeoutMs: 60_000 })),
  );
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  const status = JSON.parse((await runMkt(['status', '--json'], { env })).stdout) as Array<{ profile: string }>;
  expect(status.map((s) => s.profile).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`).sort());
  const headers = await Promise.all(Array.from({ length: 20 }, (_, i) => runMkt(['headers', 'yandex', '--profile', `p${i}`], { env })));
  headers.forEach((h, i) => expect(h.stdout).toBe(`Api-Key: ${token(i)}\n`));
}

describe('20 parallel logins into the same store', () => {
  it('keeps all 20 in the encrypted file store and the index', async () => {
    await loginTwenty({ ...home.env, MKT_PASSPHRASE: 'parallel-pass' }, 'file');
  });

  it.skipIf(!keyringEnv())('keeps all 20 in the real keychain and the index', async () => {
    const keyHome = tempHome();
    // A keyring of its own: `logout --all` also removes every other mkt item it finds in the keychain.
    const session = await startSecretService({ keyring: true });
    try {
      await loginTwenty({ ...keyHome.env, ...session.env }, 'keychain');
      const out = await runMkt(['logout', '--all'], { env: { ...keyHome.env, ...session.env } });
      expect(out.stdout.split('\n').filter(Boolean)).toHaveLength(20);
    } finally {
      await session.stop();
      keyHome.cleanup();
    }
  });
  if (skipReason) it.skip(`keychain variant: ${skipReason}`, () => {});
});
