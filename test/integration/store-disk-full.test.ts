/**
 * A full disk and a read-only one, for real: mkt's directory on a small tmpfs, filled to within a few
 * pages before each login and logout. Needs root (mount); skips with a printed reason elsewhere, never in CI as root.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOneLineError, runMkt, sandboxEnv, type RunResult } from '../helpers/cli.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { skipReason as keyringSkipReason } from '../helpers/keyring.js';
import { startSecretService, type SecretServiceSession } from '../helpers/secret-service.js';
import { expectConsistent, type StoreUnderTest } from '../helpers/store-state.js';

const PAGE = 4096;
const FREE_PAGES = 10;

const root = mkdtempSync(join(tmpdir(), 'mkt-tmpfs-'));
const small = join(root, 'small');
const readOnly = join(root, 'read-only');

/** Why the tmpfs tests cannot run here, or undefined once both file systems are mounted. */
function mountOrSkip(): string | undefined {
  mkdirSync(small);
  mkdirSync(readOnly);
  for (const [dir, options] of [[small, 'size=512k'], [readOnly, 'ro,size=64k']] as const) {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
    if (r.status !== 0) {
      const reason = `cannot mount a tmpfs (${(r.error?.message ?? r.stderr).trim() || `exit ${r.status}`})`;
      const ci = process.env['CI'] && !['false', '0'].includes(process.env['CI']);
      if (ci && process.getuid?.() === 0) throw new Error(`disk-full tests must run in CI as root: ${reason}`);
      return reason;
    }
  }
  return undefined;
}

const skip = mountOrSkip();
if (skip) console.log(`disk-full tests skipped: ${skip}`);
afterAll(() => {
  for (const dir of [small, readOnly]) spawnSync('umount', [dir]);
  rmSync(root, { recursive: true, force: true });
});

let session: SecretServiceSession | undefined;
beforeEach(async () => {
  if (!skip && !keyringSkipReason) session = await startSecretService({ keyring: true });
});
afterEach(async () => {
  await session?.stop();
  for (const name of readdirSync(small)) rmSync(join(small, name), { recursive: true, force: true });
});

const input = (clientId: number) => `OZON_CLIENT_ID=${clientId}\nOZON_API_KEY=disk-full-test-key-${clientId}-0123456789abcdef\n`;

/** Fills the tmpfs until `pages` pages are left. */
function fillLeaving(pages: number): void {
  const { bavail, bsize } = statfsSync(small);
  writeFileSync(join(small, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - pages * PAGE)));
}

/** Done, or refused as a store fault that says the disk is full; never an internal error. */
function expectDoneOrDiskFull(r: RunResult): void {
  if (r.code === 0) return;
  expectOneLineError(r, 8, /no space left on the device \(ENOSPC\)/);
}

describe.skipIf(skip)('a full disk', () => {
  for (const kind of ['file', 'keychain'] as const) {
    it.skipIf(kind === 'keychain' && keyringSkipReason)(`${kind} store: at any fill level login and logout exit 0 or 8, and afterwards store and index agree`, async () => {
      const env: Record<string, string> = { HOME: root, MKT_CONFIG_DIR: join(small, 'mkt'), MKT_PASSPHRASE: 'disk-full-pass', ...session?.env };
      const store: StoreUnderTest = kind === 'file' ? { kind, passphrase: 'disk-full-pass' } : { kind, bus: session!.env };
      const login = (clientId: number, profile: string) =>
        runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', kind, '--profile', profile], { env, input: input(clientId) });
      let refused = 0;
      for (let pages = 0; pages <= FREE_PAGES; pages++) {
        expect((await login(107000, 'default')).code).toBe(0);
        fillLeaving(pages);
        const results = [await login(107100 + pages, 'default'), await login(107200 + pages, 'second'), await runMkt(['logout', 'ozon', '--profile', 'second'], { env })];
        for (const r of results.slice(0, 2)) expectDoneOrDiskFull(r);
        // Nothing to log out of when the login before it was refused.
        if (results[1]!.code === 8 && results[2]!.code === 3) results.pop();
        expectDoneOrDiskFull(results[2] ?? results[0]!);
        refused += results.filter((r) => r.code === 8).length;
        rmSync(join(small, 'filler'));
        await expectConsistent(env, store, ['default', 'second']);
      }
      expect(refused, 'the disk never filled up').toBeGreaterThan(0);
    }, 120_000);
  }

  it('a config directory on a read-only file system is exit 8, saying so', async () => {
    const r = await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'file'], { env: { HOME: root, MKT_CONFIG_DIR: join(readOnly, 'mkt'), MKT_PASSPHRASE: 'x' }, input: input(107300) });
    expectOneLineError(r, 8, /cannot create the directory .*read-only\/mkt: the file system is read-only \(EROFS\)/);
  });

  it('a login into a read-only config directory that exists fails before its check is sent (Yandex allows 100 an hour)', async () => {
    const sandbox = await startSandbox();
    try {
      const env = { HOME: root, MKT_CONFIG_DIR: readOnly, MKT_PASSPHRASE: 'x', ...sandboxEnv(sandbox.baseUrls) };
      const r = await runMkt(['login', 'yandex', '--stdin', '--store', 'file'], { env, input: SANDBOX_CREDENTIALS.yandex.valid.token });
      expectOneLineError(r, 8, /cannot create the lock file .*read-only\/profiles\.lock: the file system is read-only \(EROFS\)/);
      expect(sandbox.stats.byPath['POST /yandex/v2/auth/token'] ?? 0).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});

describe('a config directory that cannot be made (no tmpfs needed)', () => {
  it('a config directory that cannot be made where the kernel says ENOENT (under /proc, a dangling link) is exit 8, not a hang', async () => {
    const dangling = join(root, 'dangling-config');
    symlinkSync(join(root, 'no-such-target'), dangling);
    for (const dir of ['/proc/mkt-test-no-such/mkt', join(dangling, 'mkt')]) {
      const r = await runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', 'file'], { env: { HOME: root, MKT_CONFIG_DIR: dir, MKT_PASSPHRASE: 'x' }, input: input(107301), timeoutMs: 20_000 });
      expectOneLineError(r, 8, /^mkt: cannot create the directory .*\/mkt: a part of the path cannot hold a directory/);
    }
  });
});
