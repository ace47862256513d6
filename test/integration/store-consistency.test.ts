/**
 * The secret store and the config index never disagree: after kill -9 at any instant of login or
 * logout, after parallel writers, and with leftovers of earlier mkt versions. Both real stores: the
 * encrypted file and a private gnome-keyring (its own bus: `logout --all` empties what it finds).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../../src/store/file.js';
import { BIN, expectOneLineError, runMkt, tempHome } from '../helpers/cli.js';
import { skipReason } from '../helpers/keyring.js';
import { startSecretService, type SecretServiceSession } from '../helpers/secret-service.js';
import { expectConsistent, readIndex, storedAccounts, type StoreUnderTest } from '../helpers/store-state.js';

const KILLS = 12;
const KILL_LOOP_MS = 60_000;
const PARALLEL = 20;
/** Long enough for mkt to start and reach its first index write on a loaded machine; far below its lock wait. */
const HELD_MS = 3000;

const apiKey = (n: number) => `kill-test-api-key-${String(n).padStart(6, '0')}-0123456789abcdef`;
const ozonInput = (clientId: number) => `OZON_CLIENT_ID=${clientId}\nOZON_API_KEY=${apiKey(clientId)}\n`;

// A keyring of each test's own: `logout --all` empties whatever it finds there.
let session: SecretServiceSession | undefined;
let home: ReturnType<typeof tempHome>;
beforeEach(async () => {
  home = tempHome();
  if (!skipReason) session = await startSecretService({ keyring: true });
});
afterEach(async () => {
  await session?.stop();
  home.cleanup();
});

const stores: Array<{ name: 'file' | 'keychain'; skip?: string }> = [{ name: 'file' }, { name: 'keychain', skip: skipReason }];

function setUp(name: 'file' | 'keychain'): { env: Record<string, string>; store: StoreUnderTest } {
  if (name === 'file') return { env: { ...home.env, MKT_PASSPHRASE: 'kill-test-pass' }, store: { kind: 'file', passphrase: 'kill-test-pass' } };
  return { env: { ...home.env, ...session!.env }, store: { kind: 'keychain', bus: session!.env } };
}

const login = (env: Record<string, string>, store: string, clientId: number, profile = 'default') =>
  runMkt(['login', 'ozon', '--stdin', '--no-verify', '--store', store, '--profile', profile], { env, input: ozonInput(clientId), timeoutMs: 60_000 });

/** Starts mkt and kills it with SIGKILL after `afterMs` (or lets it finish first); resolves when it is gone. */
function killAfter(args: string[], env: Record<string, string>, input: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

for (const { name, skip } of stores) {
  describe.skipIf(skip)(`${name} store and config index`, () => {
    it(`kill -9 at ${KILLS} instants of login and logout: each profile whole or absent, no orphan`, async () => {
      const { env, store } = setUp(name);
      const started = Date.now();
      expect((await login(env, name, 500)).code).toBe(0);
      // Kills spread over one uninterrupted run's lifetime from 30 % (start-up writes nothing) to past its end.
      const lifetime = Date.now() - started;
      const deadline = Date.now() + KILL_LOOP_MS;
      for (let i = 0; i < KILLS && Date.now() < deadline; i++) {
        const args = i % 3 === 2 ? ['logout', 'ozon'] : ['login', 'ozon', '--stdin', '--no-verify', '--store', name];
        await killAfter(args, env, ozonInput(101000 + i), (0.3 + (0.8 * (i + 0.5)) / KILLS) * lifetime);
        await expectConsistent(env, store, ['default']);
      }
    }, KILL_LOOP_MS + 30_000);

    it('kill -9 while the index is locked by another process, in login and in logout: nothing half-done', async () => {
      const { env, store } = setUp(name);
      const dir = env.MKT_CONFIG_DIR!;
      expect((await login(env, name, 106000)).code).toBe(0);
      for (const args of [['login', 'ozon', '--stdin', '--no-verify', '--store', name], ['logout', 'ozon']]) {
        // A live holder: mkt waits for it at its first index write, and is killed there.
        writeFileSync(join(dir, 'config.json.lock'), `${process.pid}\n${hostname()}\n`);
        await killAfter(args, env, ozonInput(106001), HELD_MS);
        rmSync(join(dir, 'config.json.lock'));
        await expectConsistent(env, store, ['default']);
        expect(readIndex(dir)['ozon:default']?.ids).toEqual({ clientId: '106000' });
      }
    });

    it(`${PARALLEL} parallel logins to one profile: the last writer wins, the index matches the stored secret`, async () => {
      const { env, store } = setUp(name);
      const results = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => login(env, name, 102000 + i)));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      await expectConsistent(env, store, ['default']);
      expect(await storedAccounts(env.MKT_CONFIG_DIR!, store)).toEqual(['ozon:default']);
    }, 90_000);

    it('parallel logins and logouts of one profile leave no orphan', async () => {
      const { env, store } = setUp(name);
      const runs = Array.from({ length: PARALLEL }, (_, i) =>
        i % 2 ? runMkt(['logout', 'ozon'], { env, timeoutMs: 60_000 }) : login(env, name, 103000 + i));
      for (const r of await Promise.all(runs)) expect([0, 3], r.stderr).toContain(r.code);
      await expectConsistent(env, store, ['default']);
    }, 90_000);

    it('logout --all removes secrets no index entry names (left by an older mkt), only of the profile named', async () => {
      const { env, store } = setUp(name);
      for (const profile of ['p1', 'p2']) expect((await login(env, name, 4000, profile)).code).toBe(0);
      rmSync(join(env.MKT_CONFIG_DIR!, 'config.json'));
      const one = await runMkt(['logout', '--all', '--profile', 'p1'], { env });
      expect(one.code, one.stderr).toBe(0);
      expect(one.stdout).toBe(`Removed ozon:p1 (${name} store; it had no index entry)\n`);
      expect(await storedAccounts(env.MKT_CONFIG_DIR!, store)).toEqual(['ozon:p2']);
      const all = await runMkt(['logout', '--all'], { env });
      expect(all.code, all.stderr).toBe(0);
      // Unopened (no passphrase needed), the file cannot name what it held.
      expect(all.stdout).toBe(`Removed ${name === 'file' ? 'its whole content' : 'ozon:p2'} (${name} store; it had no index entry)\n`);
      expect(await storedAccounts(env.MKT_CONFIG_DIR!, store)).toEqual([]);
    });

    it('a profile moved to the other store leaves no secret in the old one', async () => {
      const { env, store } = setUp(name);
      const other = name === 'file' ? 'keychain' : 'file';
      if (other === 'keychain' && skipReason) return;
      const both = { ...env, MKT_PASSPHRASE: 'kill-test-pass', ...session?.env };
      expect((await login(both, name, 105001)).code).toBe(0);
      const moved = await login(both, other, 105002);
      expect(moved.code, moved.stderr).toBe(0);
      expect(moved.stderr).toMatch(new RegExp(`^! replaced the profile stored before: Client-Id ••••5001, ${name} store, saved \\d{4}-\\d\\d-\\d\\d$`, 'm'));
      expect(await storedAccounts(env.MKT_CONFIG_DIR!, store)).toEqual([]);
      const out = await runMkt(['logout', 'ozon'], { env: both });
      expect(out.stdout).toBe(`Removed ozon (profile default, ${other})\n`);
    });
  });
}

describe('an interrupted login or logout (the state a kill -9 leaves)', () => {
  const env = (): Record<string, string> => ({ ...home.env, MKT_PASSPHRASE: 'pending-pass' });
  const store: StoreUnderTest = { kind: 'file', passphrase: 'pending-pass' };

  /** Rewrites the entry as mkt leaves it between its writes; with `landed`, puts this login's secret in the store too. */
  async function interrupt(pending: Record<string, unknown>, clientId: string, landed?: string): Promise<void> {
    const dir = env().MKT_CONFIG_DIR!;
    const path = join(dir, 'config.json');
    const config = JSON.parse(readFileSync(path, 'utf8'));
    const previous = config.profiles['ozon:default'];
    config.profiles['ozon:default'] = { ...previous, ids: { clientId }, pending: { ...pending, ...(pending['op'] === 'login' ? { previous } : {}) } };
    writeFileSync(path, JSON.stringify(config));
    if (landed) {
      const file = createFileStore({ path: join(dir, 'secrets.enc'), passphrase: async () => 'pending-pass' });
      await file.set('ozon:default', JSON.stringify({ clientId, apiKey: apiKey(Number(clientId)), 'mkt:txn': landed }));
    }
  }

  it('status shows it as incomplete, with the command that settles it', async () => {
    expect((await login(env(), 'file', 108000)).code).toBe(0);
    await interrupt({ op: 'login', txn: 'txn-1' }, '108001');
    const status = await runMkt(['status'], { env: env() });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/ozon\s+default\s+file\s+Client-Id ••••8001\s+incomplete: login interrupted; `mkt whoami ozon` \(or `mkt logout ozon`\) finishes or undoes it$/m);
    expect(JSON.parse((await runMkt(['status', '--json'], { env: env() })).stdout)).toMatchObject([{ provider: 'ozon', pending: 'login' }]);
  });

  it('a login whose secret never landed is undone: the profile it replaced is back', async () => {
    expect((await login(env(), 'file', 108100)).code).toBe(0);
    await interrupt({ op: 'login', txn: 'txn-2' }, '108101');
    await expectConsistent(env(), store, ['default']);
    expect(readIndex(env().MKT_CONFIG_DIR!)['ozon:default']?.ids).toEqual({ clientId: '108100' });
  });

  it('a login whose secret landed is finished', async () => {
    expect((await login(env(), 'file', 108200)).code).toBe(0);
    await interrupt({ op: 'login', txn: 'txn-3' }, '108201', 'txn-3');
    await expectConsistent(env(), store, ['default']);
    expect(readIndex(env().MKT_CONFIG_DIR!)['ozon:default']?.ids).toEqual({ clientId: '108201' });
  });

  it('a logout is finished: secret and entry gone', async () => {
    expect((await login(env(), 'file', 108300)).code).toBe(0);
    await interrupt({ op: 'logout', txn: 'txn-4' }, '108300');
    const headers = await runMkt(['headers', 'ozon'], { env: env() });
    expectOneLineError(headers, 3, /no credentials for ozon/);
    await expectConsistent(env(), store, ['default']);
    expect(readIndex(env().MKT_CONFIG_DIR!)).toEqual({});
  });
});

describe('locks and store faults', () => {
  const env = (): Record<string, string> => ({ ...home.env, MKT_PASSPHRASE: 'fault-pass' });

  it('takes over empty lock files (a kill -9 or a full disk before the pid was written) at once', async () => {
    const dir = env().MKT_CONFIG_DIR!;
    await runMkt(['status'], { env: env() });
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    for (const lock of ['config.json.lock', 'profiles.lock', 'secrets.enc.lock']) writeFileSync(join(dir, lock), '');
    const r = await login(env(), 'file', 6000);
    expect(r.code, r.stderr).toBe(0);
    expect(readIndex(dir)['ozon:default']?.ids).toEqual({ clientId: '6000' });
    const out = await runMkt(['logout', '--all'], { env: env() });
    expect(out.code, out.stderr).toBe(0);
  });

  it.each([
    ['no store', (e: Record<string, unknown>) => delete e['store'], /malformed: no "store"/],
    ['an unknown store', (e: Record<string, unknown>) => (e['store'] = 'vault'), /malformed: unknown store "vault"/],
    ['no ids', (e: Record<string, unknown>) => delete e['ids'], /malformed: no "ids" object/],
    ['a number as id', (e: Record<string, unknown>) => (e['ids'] = { clientId: 7 }), /malformed: an id that is not a string/],
  ])('an index entry with %s is exit 8, not 1, for status, whoami and login', async (_, spoil, message) => {
    expect((await login(env(), 'file', 6100)).code).toBe(0);
    const path = join(env().MKT_CONFIG_DIR!, 'config.json');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const config = JSON.parse(readFileSync(path, 'utf8'));
    spoil(config.profiles['ozon:default']);
    writeFileSync(path, JSON.stringify(config));
    for (const args of [['status'], ['whoami'], ['login', 'ozon', '--stdin', '--no-verify', '--store', 'file']]) {
      const r = await runMkt(args, { env: env(), input: ozonInput(6101) });
      expectOneLineError(r, 8, message);
    }
  });

  it.each([
    ['N=3 (not a power of two)', { N: 3 }],
    ['N=2^20 r=32 p=16 (gigabytes, minutes)', { N: 2 ** 20, r: 32, p: 16 }],
    ['p=1000 (the memory of mkt, 1000 times the work)', { p: 1000 }],
  ])('secrets.enc with scrypt %s is refused with exit 8 before any key is derived', async (_, kdf) => {
    expect((await login(env(), 'file', 6200)).code).toBe(0);
    const path = join(env().MKT_CONFIG_DIR!, 'secrets.enc');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const envelope = JSON.parse(readFileSync(path, 'utf8'));
    Object.assign(envelope.kdf, kdf);
    writeFileSync(path, JSON.stringify(envelope), { mode: 0o600 });
    const r = await runMkt(['headers', 'ozon'], { env: env() });
    expectOneLineError(r, 8, /secrets\.enc is corrupt \(scrypt parameters N=\d+ r=\d+ p=\d+ are not ones mkt writes \(N=32768 r=8 p=1\)\)/);
  });
});
